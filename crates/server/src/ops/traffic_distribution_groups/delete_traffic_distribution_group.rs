//! DeleteTrafficDistributionGroup: refused (ResourceInUseException) while agents are
//! associated with the group; the default group of a replica cannot be deleted by it (none
//! of switchboard's groups is one). The group is gone when the answer comes: switchboard
//! shows PENDING_DELETION only while the delete looks for agents (below). The operation models no ResourceNotFoundException, so an
//! unknown group is an InvalidRequestException (crate::error's stand-ins).
//!
//! Racing AssociateTrafficDistributionGroupUser: the group is first marked (PENDING_DELETION,
//! which takes no new agents), the agents are looked at *after* the mark is written, and
//! only then is the group deleted; agents found take the mark back off and refuse.
//! AssociateTrafficDistributionGroupUser does the mirror image (writes the agent, then looks
//! at the group again). Each request writes before its second look, so of two racing ones at
//! least one sees the other: an agent is never left associated with a deleted group
//! (tests/clients/test_races.py).
use crate::error::ApiError;
use super::StoredGroup;
use crate::ops::users::TDG_MEMBER;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteTrafficDistributionGroupRequest) -> Result<dto::DeleteTrafficDistributionGroupResponse, ApiError> {
    let (rec, stored) = super::group(ctx, &input.traffic_distribution_group_id).await?;
    if stored.group.is_default == Some(true) {
        return Err(ApiError::invalid_request("The default traffic distribution group is deleted with its replica, not by DeleteTrafficDistributionGroup"));
    }
    let id = stored.id().to_string();
    let in_use = |agents: usize| {
        ApiError::in_use(
            format!("Traffic distribution group {id} has {agents} associated agent(s); disassociate them first"),
            "TRAFFIC_DISTRIBUTION_GROUP",
            stored.group.arn.as_deref(),
        )
    };
    let agents = associated_agents(ctx, &stored.instance_id, &id).await?;
    if agents > 0 {
        return Err(in_use(agents));
    }
    let mark = |pending: bool| ctx.update(&rec.key, move |g: &mut StoredGroup| {
        g.deletion_pending = pending;
        Ok(())
    });
    mark(true).await?;
    let agents = associated_agents(ctx, &stored.instance_id, &id).await?;
    if agents > 0 {
        mark(false).await?;
        return Err(in_use(agents));
    }
    ctx.store.delete(&rec.key).await?;
    Ok(dto::DeleteTrafficDistributionGroupResponse {})
}

/// How many agents of `instance` are associated with the group `id`.
async fn associated_agents(ctx: &Ctx, instance: &str, id: &str) -> Result<usize, ApiError> {
    let mut agents = 0usize;
    ctx.for_each(instance, Kind::User, |u| {
        agents += usize::from(u.body.get(TDG_MEMBER).and_then(|v| v.as_str()) == Some(id));
        Ok(())
    })
    .await?;
    Ok(agents)
}

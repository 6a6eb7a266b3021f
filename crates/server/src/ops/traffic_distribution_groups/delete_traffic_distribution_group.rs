//! DeleteTrafficDistributionGroup: refused (ResourceInUseException) while agents are
//! associated with the group; the default group of a replica cannot be deleted by it (none
//! of switchboard's groups is one). The group is gone when the answer comes: switchboard
//! does not show PENDING_DELETION. The operation models no ResourceNotFoundException, so an
//! unknown group is an InvalidRequestException (crate::error's stand-ins).
use crate::error::ApiError;
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
    let mut agents = 0usize;
    ctx.for_each(&stored.instance_id, Kind::User, |u| {
        agents += usize::from(u.body.get(TDG_MEMBER).and_then(|v| v.as_str()) == Some(id.as_str()));
        Ok(())
    })
    .await?;
    if agents > 0 {
        return Err(ApiError::in_use(
            format!("Traffic distribution group {id} has {agents} associated agent(s); disassociate them first"),
            "TRAFFIC_DISTRIBUTION_GROUP",
            stored.group.arn.as_deref(),
        ));
    }
    ctx.store.delete(&rec.key).await?;
    Ok(dto::DeleteTrafficDistributionGroupResponse {})
}

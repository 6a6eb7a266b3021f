//! AssociateTrafficDistributionGroupUser: puts an agent of the group's instance (by id or
//! ARN) in the group. The group must be ACTIVE ("Assigning an agent to a traffic
//! distribution group without an ACTIVE status results in ResourceNotFoundException"). An
//! agent is in one group at most: one already in another is a ResourceConflictException;
//! associating it again with its own group changes nothing. The user's LastModifiedTime
//! stays: the association is the group's, not a setting of the user.
//!
//! Racing DeleteTrafficDistributionGroup: the group is looked at again *after* the agent is
//! written; a group then gone or PENDING_DELETION takes the association back (as it was
//! before) and refuses (delete_traffic_distribution_group has the mirror image).
use crate::error::ApiError;
use crate::ops::users::TDG_MEMBER;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::AssociateTrafficDistributionGroupUserRequest,
) -> Result<dto::AssociateTrafficDistributionGroupUserResponse, ApiError> {
    let (_, group) = super::group(ctx, &input.traffic_distribution_group_id).await?;
    super::check_instance(&group, &input.instance_id)?;
    if group.status(ctx.now) != dto::TrafficDistributionGroupStatus::Active {
        return Err(ApiError::not_found(format!("Traffic distribution group {} is not ACTIVE yet", group.id())));
    }
    let (rec, user) = super::user(ctx, &group.instance_id, &input.user_id).await?;
    // A group the user was put in that has been deleted since holds it no more.
    let other = match user.traffic_distribution_group.as_deref() {
        Some(current) if current != group.id() => super::group(ctx, current).await.ok().map(|_| current.to_string()),
        _ => None,
    };
    let (id, user_id) = (group.id().to_string(), input.user_id.clone());
    let before = std::sync::Arc::new(std::sync::Mutex::new(None));
    let keep_before = before.clone();
    ctx.store
        .update(
            &rec.key,
            Box::new(move |rec| {
                *keep_before.lock().unwrap() = rec.body.get(TDG_MEMBER).cloned();
                match rec.body.get(TDG_MEMBER).and_then(|v| v.as_str()) {
                    Some(now) if now == id => {}
                    Some(now) if other.as_deref() == Some(now) => {
                        return Err(ApiError::new(
                            "ResourceConflictException",
                            format!("User {user_id} is already associated with traffic distribution group {now}"),
                        ))
                    }
                    _ => rec.body[TDG_MEMBER] = id.into(),
                }
                Ok(())
            }),
        )
        .await?;
    let still_active = match super::group(ctx, &input.traffic_distribution_group_id).await {
        Ok((_, g)) => g.status(ctx.now) == dto::TrafficDistributionGroupStatus::Active,
        Err(_) => false,
    };
    if !still_active {
        let (id, before) = (group.id().to_string(), before.lock().unwrap().clone());
        ctx.store
            .update(
                &rec.key,
                Box::new(move |rec| {
                    if rec.body.get(TDG_MEMBER).and_then(|v| v.as_str()) == Some(id.as_str()) {
                        match (before, rec.body.as_object_mut()) {
                            (Some(v), _) => rec.body[TDG_MEMBER] = v,
                            (None, Some(body)) => drop(body.remove(TDG_MEMBER)),
                            (None, None) => {}
                        }
                    }
                    Ok(())
                }),
            )
            .await?;
        return Err(ApiError::not_found(format!("Traffic distribution group {} is being deleted", group.id())));
    }
    Ok(dto::AssociateTrafficDistributionGroupUserResponse {})
}

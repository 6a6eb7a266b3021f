//! DisassociateTrafficDistributionGroupUser: takes an agent of the group's instance (by id
//! or ARN) out of the group; an agent not in the group is a ResourceNotFoundException.
use crate::error::ApiError;
use crate::ops::users::TDG_MEMBER;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::DisassociateTrafficDistributionGroupUserRequest,
) -> Result<dto::DisassociateTrafficDistributionGroupUserResponse, ApiError> {
    let (_, group) = super::group(ctx, &input.traffic_distribution_group_id).await?;
    super::check_instance(&group, &input.instance_id)?;
    let (rec, _) = super::user(ctx, &group.instance_id, &input.user_id).await?;
    let (id, user_id) = (group.id().to_string(), input.user_id.clone());
    ctx.store
        .update(
            &rec.key,
            Box::new(move |rec| {
                if rec.body.get(TDG_MEMBER).and_then(|v| v.as_str()) != Some(id.as_str()) {
                    return Err(ApiError::not_found(format!("User {user_id} is not associated with traffic distribution group {id}")));
                }
                rec.body.as_object_mut().map(|b| b.remove(TDG_MEMBER));
                Ok(())
            }),
        )
        .await?;
    Ok(dto::DisassociateTrafficDistributionGroupUserResponse {})
}

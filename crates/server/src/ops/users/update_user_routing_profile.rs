//! UpdateUserRoutingProfile: the profile must exist in the instance.
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserRoutingProfileRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        u.routing_profile_id = Some(input.routing_profile_id);
        Ok(())
    })
    .await
}

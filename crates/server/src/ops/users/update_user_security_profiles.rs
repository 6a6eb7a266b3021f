//! UpdateUserSecurityProfiles: the profiles must exist in the instance.
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserSecurityProfilesRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        u.security_profile_ids = Some(input.security_profile_ids);
        Ok(())
    })
    .await
}

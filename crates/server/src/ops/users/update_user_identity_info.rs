//! UpdateUserIdentityInfo: replaces the user's identity information.
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::rules;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserIdentityInfoRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    rules::identity_info(instance.identity_management_type.unwrap_or_default(), Some(&input.identity_info), true)?;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        u.identity_info = Some(input.identity_info);
        Ok(())
    })
    .await
}

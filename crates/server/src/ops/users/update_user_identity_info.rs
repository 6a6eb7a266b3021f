//! UpdateUserIdentityInfo: replaces the user's identity information.
use super::create_user::user_refs;
use crate::error::ApiError;
use crate::rules;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserIdentityInfoRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    rules::identity_info(instance.identity_management_type.unwrap_or_default(), Some(&input.identity_info), true)?;
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    let key = ctx.key(&input.instance_id, Kind::User, &input.user_id);
    ctx.update_with_refs(&key, move |u: &dto::User| user_refs(&account, &iid, u), move |u: &mut dto::User| {
        u.identity_info = Some(input.identity_info);
        Ok(())
    })
    .await?;
    Ok(())
}

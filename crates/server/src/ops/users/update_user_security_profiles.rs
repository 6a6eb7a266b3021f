//! UpdateUserSecurityProfiles: the profiles must exist in the instance.
use super::create_user::user_refs;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserSecurityProfilesRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    let key = ctx.key(&input.instance_id, Kind::User, &input.user_id);
    ctx.update_with_refs(&key, move |u: &dto::User| user_refs(&account, &iid, u), move |u: &mut dto::User| {
        u.security_profile_ids = Some(input.security_profile_ids);
        Ok(())
    })
    .await?;
    Ok(())
}

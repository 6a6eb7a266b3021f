//! UpdateUserPhoneConfig: replaces the user's PhoneConfig (a desk phone needs an E.164
//! number; fields left out take Connect's defaults).
use super::create_user::user_refs;
use crate::error::ApiError;
use crate::rules::{self, PhoneInputs};
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserPhoneConfigRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    rules::desk_phones(Some(&input.phone_config), None)?;
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    let key = ctx.key(&input.instance_id, Kind::User, &input.user_id);
    ctx.update_with_refs(&key, move |u: &dto::User| user_refs(&account, &iid, u), move |u: &mut dto::User| {
        let phone = PhoneInputs {
            phone_config: Some(&input.phone_config),
            auto_accept: u.auto_accept_configs.as_deref(),
            after_contact_work: u.after_contact_work_configs.as_deref(),
            phone_numbers: u.phone_number_configs.as_deref(),
            persistent_connection: u.persistent_connection_configs.as_deref(),
        };
        u.phone_config = Some(rules::phone_config_with_defaults(&phone));
        Ok(())
    })
    .await?;
    Ok(())
}

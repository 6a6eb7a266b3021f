//! UpdateUserPhoneConfig: the legacy way to set the VOICE channel (see
//! `rules::reconcile_phone`). Each field given sets its VOICE setting. AutoAccept and
//! AfterContactWorkTimeLimit left out mean false and 0: SDKs that read UserPhoneConfig's
//! members as plain booleans and integers (aws-sdk-go-v2, which the Terraform provider uses,
//! and aws-sdk-rust) leave false and 0 out of the request, so Connect must read absence so.
//! PhoneType, DeskPhoneNumber and PersistentConnection left out stay as they are. PhoneType
//! and DeskPhoneNumber are one setting, as in CreateUser's
//! conflict rule: giving either sets both (a desk phone needs its E.164 number). The ACW
//! timeout goes to every channel the user has a setting for, VOICE included: the operation
//! "will always set the same ACW timeouts to all channels the user handles"
//! (UpdateUserPhoneConfig documentation).
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::rules;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserPhoneConfigRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    rules::desk_phones(Some(&input.phone_config), None)?;
    let given = input.phone_config;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        rules::reconcile_phone(u);
        let p = u.phone_config.get_or_insert_with(Default::default);
        if given.phone_type.is_some() || given.desk_phone_number.is_some() {
            p.phone_type = given.phone_type.or(p.phone_type);
            p.desk_phone_number = given.desk_phone_number;
        }
        p.auto_accept = Some(given.auto_accept.unwrap_or(false));
        if given.persistent_connection.is_some() {
            p.persistent_connection = given.persistent_connection;
        }
        let limit = given.after_contact_work_time_limit.unwrap_or(0);
        p.after_contact_work_time_limit = Some(limit);
        for c in u.after_contact_work_configs.iter_mut().flatten() {
            c.after_contact_work_config.after_contact_work_time_limit = Some(limit);
        }
        rules::reconcile_phone(u);
        Ok(())
    })
    .await
}

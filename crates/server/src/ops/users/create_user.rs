//! CreateUser: the model's constraints have been checked; here the rules that depend on the
//! instance's identity management and those of the phone and per-channel settings (stored
//! with PhoneConfig and the VOICE entries made one, see `rules::reconcile_phone`), then one
//! atomic insert that checks the username is free and the referenced profiles and group
//! exist in the instance. With a password, those checks are also made before the password
//! is hashed, so that a request that will be refused costs no hashing.
use super::user_refs;
use crate::error::ApiError;
use crate::rules::{self, PerChannel};
use crate::service::{hash_password, new_id, resource_arn, to_body, Ctx};
use crate::store::{Kind, Record};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateUserRequest) -> Result<dto::CreateUserResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let identity = instance.identity_management_type.unwrap_or_default();
    rules::username(identity, &input.username)?;
    rules::password(identity, input.password.as_deref())?;
    rules::directory_user_id(identity, input.directory_user_id.as_deref())?;
    rules::identity_info(identity, input.identity_info.as_ref(), false)?;
    let per_channel = PerChannel {
        auto_accept: input.auto_accept_configs.as_deref(),
        after_contact_work: input.after_contact_work_configs.as_deref(),
        phone_numbers: input.phone_number_configs.as_deref(),
        persistent_connection: input.persistent_connection_configs.as_deref(),
        voice_enhancement: input.voice_enhancement_configs.as_deref(),
    };
    rules::phone_conflicts(input.phone_config.as_ref(), &per_channel)?;
    rules::per_channel(&per_channel)?;
    rules::desk_phones(input.phone_config.as_ref(), None)?;

    let id = new_id();
    let arn = resource_arn(&instance, Kind::User, &id);
    let mut user = dto::User {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        username: Some(input.username.clone()),
        identity_info: input.identity_info,
        phone_config: input.phone_config,
        directory_user_id: input.directory_user_id,
        security_profile_ids: Some(input.security_profile_ids),
        routing_profile_id: Some(input.routing_profile_id),
        hierarchy_group_id: input.hierarchy_group_id,
        tags: Some(input.tags.unwrap_or_default()),
        auto_accept_configs: input.auto_accept_configs,
        after_contact_work_configs: input.after_contact_work_configs,
        phone_number_configs: input.phone_number_configs,
        persistent_connection_configs: input.persistent_connection_configs,
        voice_enhancement_configs: input.voice_enhancement_configs,
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
    };
    rules::reconcile_phone(&mut user);
    let mut record = Record {
        key: ctx.key(&input.instance_id, Kind::User, &id),
        name: Some(input.username),
        refs: user_refs(ctx.account(), &input.instance_id, &user),
        body: to_body(&user),
        secret: None,
    };
    if let Some(password) = input.password {
        // Hashing is the expensive part: whatever would refuse the user refuses it first.
        ctx.check_insertable(&record).await?;
        record.secret = Some(hash_password(password).await?);
    }
    ctx.store.insert(vec![record]).await?;
    Ok(dto::CreateUserResponse { user_id: Some(id), user_arn: Some(arn) })
}

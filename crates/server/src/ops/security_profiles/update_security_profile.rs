//! UpdateSecurityProfile: every member given replaces the stored one (Permissions replaces
//! the whole list); members left out are kept.
use super::create_security_profile::{distinct, security_profile_refs, StoredSecurityProfile};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateSecurityProfileRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::SecurityProfile, &input.security_profile_id);
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    ctx.update_with_refs(&key, move |p: &StoredSecurityProfile| security_profile_refs(&account, &iid, p), move |p: &mut StoredSecurityProfile| {
        let sp = &mut p.profile;
        macro_rules! replace {
            ($($field:ident),*) => { $(if input.$field.is_some() { sp.$field = input.$field; })* };
        }
        replace!(
            description,
            allowed_access_control_tags,
            tag_restricted_resources,
            hierarchy_restricted_resources,
            allowed_access_control_hierarchy_group_id,
            granular_access_control_configuration
        );
        if let Some(permissions) = input.permissions {
            p.permissions = distinct(permissions);
        }
        if input.applications.is_some() {
            p.applications = input.applications;
        }
        if input.allowed_flow_modules.is_some() {
            p.allowed_flow_modules = input.allowed_flow_modules;
        }
        if input.allowed_ai_agents.is_some() {
            p.allowed_ai_agents = input.allowed_ai_agents;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

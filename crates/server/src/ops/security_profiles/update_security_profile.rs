//! UpdateSecurityProfile: every member given replaces the stored one (Permissions replaces
//! the whole list, as Applications, AllowedFlowModules and AllowedAIAgents do theirs); members
//! left out are kept. The members are checked by [`check_members`].
use super::{check_members, distinct, StoredSecurityProfile};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateSecurityProfileRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_members(
        input.hierarchy_restricted_resources.as_deref(),
        input.applications.as_deref(),
        input.allowed_flow_modules.as_deref(),
        input.allowed_ai_agents.as_deref(),
    )?;
    crud::update_refs(ctx, &instance, &input.security_profile_id, move |p: &mut StoredSecurityProfile| {
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
    .await
}

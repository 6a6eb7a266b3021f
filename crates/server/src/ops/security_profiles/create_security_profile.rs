//! CreateSecurityProfile: a named set of permissions (the name is unique in the instance).
//! The body keeps the members the SecurityProfile shape has no room for (Permissions,
//! Applications, AllowedFlowModules, AllowedAIAgents) beside it: see [`StoredSecurityProfile`].
//! The members are checked by [`check_members`].
use super::{check_members, distinct, StoredSecurityProfile};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateSecurityProfileRequest) -> Result<dto::CreateSecurityProfileResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_members(
        input.hierarchy_restricted_resources.as_deref(),
        input.applications.as_deref(),
        input.allowed_flow_modules.as_deref(),
        input.allowed_ai_agents.as_deref(),
    )?;
    let (id, arn) = crud::new_resource(&instance, Kind::SecurityProfile);
    let stored = StoredSecurityProfile {
        profile: dto::SecurityProfile {
            id: Some(id.clone()),
            arn: Some(arn.clone()),
            organization_resource_id: Some(input.instance_id),
            security_profile_name: Some(input.security_profile_name),
            description: input.description,
            tags: Some(input.tags.unwrap_or_default()),
            allowed_access_control_tags: input.allowed_access_control_tags,
            tag_restricted_resources: input.tag_restricted_resources,
            hierarchy_restricted_resources: input.hierarchy_restricted_resources,
            allowed_access_control_hierarchy_group_id: input.allowed_access_control_hierarchy_group_id,
            granular_access_control_configuration: input.granular_access_control_configuration,
            // Profiles made through the API are the customer's; AWS_MANAGED ones are AWS's own.
            r#type: Some(dto::SecurityProfileType::CustomerManaged),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
        permissions: distinct(input.permissions.unwrap_or_default()),
        applications: input.applications,
        allowed_flow_modules: input.allowed_flow_modules,
        allowed_ai_agents: input.allowed_ai_agents,
    };
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreateSecurityProfileResponse { security_profile_id: Some(id), security_profile_arn: Some(arn) })
}

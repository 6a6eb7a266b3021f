//! CreateSecurityProfile: a named set of permissions (the name is unique in the instance).
//! The body keeps the members the SecurityProfile shape has no room for (Permissions,
//! Applications, AllowedFlowModules) beside it: see [`StoredSecurityProfile`].
use crate::error::ApiError;
use crate::service::{new_id, resource_arn, to_body, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

/// A security profile as stored: the model's SecurityProfile plus what DescribeSecurityProfile
/// does not return but ListSecurityProfilePermissions and UpdateSecurityProfile need.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredSecurityProfile {
    #[serde(flatten)]
    pub profile: dto::SecurityProfile,
    #[serde(rename = "Permissions", default)]
    pub permissions: Vec<String>,
    #[serde(rename = "Applications", default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<Vec<dto::Application>>,
    #[serde(rename = "AllowedFlowModules", default, skip_serializing_if = "Option::is_none")]
    pub allowed_flow_modules: Option<Vec<dto::FlowModule>>,
    #[serde(rename = "AllowedAIAgents", default, skip_serializing_if = "Option::is_none")]
    pub allowed_ai_agents: Option<Vec<dto::AiAgent>>,
}

/// A profile references the hierarchy group it restricts access to.
pub fn security_profile_refs(account: &str, instance: &str, p: &StoredSecurityProfile) -> Vec<Key> {
    p.profile.allowed_access_control_hierarchy_group_id.iter().map(|g| Key::in_instance(account, instance, Kind::HierarchyGroup, g)).collect()
}

/// Permissions in the order given, each once.
pub fn distinct(permissions: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    permissions.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

pub async fn handle(ctx: &Ctx, input: dto::CreateSecurityProfileRequest) -> Result<dto::CreateSecurityProfileResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let id = new_id();
    let arn = resource_arn(&instance, Kind::SecurityProfile, &id);
    let stored = StoredSecurityProfile {
        profile: dto::SecurityProfile {
            id: Some(id.clone()),
            arn: Some(arn.clone()),
            organization_resource_id: Some(input.instance_id.clone()),
            security_profile_name: Some(input.security_profile_name.clone()),
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
    ctx.store
        .insert(vec![Record {
            key: ctx.key(&input.instance_id, Kind::SecurityProfile, &id),
            name: Some(input.security_profile_name),
            refs: security_profile_refs(ctx.account(), &input.instance_id, &stored),
            body: to_body(&stored),
            secret: None,
        }])
        .await?;
    Ok(dto::CreateSecurityProfileResponse { security_profile_id: Some(id), security_profile_arn: Some(arn) })
}

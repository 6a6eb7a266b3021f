//! Security profiles: named sets of permissions that users hold, with the applications,
//! flow modules and AI agents they give access to, and the entities (users) that hold them.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{body, parse_arn, search_page, Ctx};
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::{dto, model};

pub mod associate_security_profiles;
pub mod create_security_profile;
pub mod delete_security_profile;
pub mod describe_security_profile;
pub mod disassociate_security_profiles;
pub mod list_entity_security_profiles;
pub mod list_security_profile_ai_agents;
pub mod list_security_profile_applications;
pub mod list_security_profile_flow_modules;
pub mod list_security_profile_permissions;
pub mod list_security_profiles;
pub mod search_security_profiles;
pub mod update_security_profile;

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

impl Stored for StoredSecurityProfile {
    const KIND: Kind = Kind::SecurityProfile;

    /// A profile references the hierarchy group it restricts access to.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        self.profile.allowed_access_control_hierarchy_group_id.iter().map(|g| Key::in_instance(account, instance, Kind::HierarchyGroup, g)).collect()
    }
}

/// Permissions in the order given, each once.
pub fn distinct(permissions: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    permissions.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

/// The rules on the members of CreateSecurityProfile and UpdateSecurityProfile that the model
/// cannot express (docs/rules.md, "Security profiles"): hierarchy restrictions apply to users
/// only; a third-party application is granted ACCESS and nothing else; an application
/// (namespace), a flow module and an AI agent each once.
pub fn check_members(
    hierarchy_restricted: Option<&[String]>,
    applications: Option<&[dto::Application]>,
    flow_modules: Option<&[dto::FlowModule]>,
    ai_agents: Option<&[dto::AiAgent]>,
) -> Result<(), ApiError> {
    for name in hierarchy_restricted.into_iter().flatten() {
        if name != "User" {
            return Err(ApiError::invalid_parameter(format!(
                "'{name}' cannot be restricted by hierarchy: the only HierarchyRestrictedResources name is User"
            )));
        }
    }
    for app in applications.into_iter().flatten() {
        let namespace = app.namespace.as_deref().unwrap_or_default();
        if app.r#type == Some(dto::ApplicationType::ThirdPartyApplication) {
            if let Some(other) = app.application_permissions.iter().flatten().find(|p| *p != "ACCESS") {
                return Err(ApiError::invalid_parameter(format!(
                    "Third-party application {namespace} can only be granted the ACCESS permission, not '{other}'"
                )));
            }
        }
    }
    once(applications, "Application", |a| a.namespace.clone())?;
    once(flow_modules, "Flow module", |m| m.flow_module_id.clone())?;
    once(ai_agents, "AI agent", |a| a.arn.clone())
}

/// Each entry of `list` at most once, as `key` tells them apart.
fn once<T>(list: Option<&[T]>, what: &str, key: impl Fn(&T) -> Option<String>) -> Result<(), ApiError> {
    let mut seen = std::collections::HashSet::new();
    for k in list.into_iter().flatten().filter_map(key) {
        if !seen.insert(k.clone()) {
            return Err(ApiError::invalid_parameter(format!("{what} {k} is listed more than once")));
        }
    }
    Ok(())
}

/// One page of a list a security profile holds (its permissions, applications, flow modules
/// or AI agents, picked by `pick`) in the order it was given, and the profile's
/// LastModifiedTime and LastModifiedRegion, as the ListSecurityProfile* operations answer.
pub struct EntriesPage<T> {
    pub entries: Vec<T>,
    pub next_token: Option<String>,
    pub last_modified_time: Option<f64>,
    pub last_modified_region: Option<String>,
}

pub async fn entries_page<T>(
    ctx: &Ctx,
    instance: &str,
    id: &str,
    (list, pick): (&str, impl FnOnce(&mut StoredSecurityProfile) -> Vec<T>),
    next_token: Option<&str>,
    max_results: Option<i64>,
    default_max: i64,
) -> Result<EntriesPage<T>, ApiError> {
    let rec = ctx.record(instance, Kind::SecurityProfile, id).await?;
    let mut stored: StoredSecurityProfile = body(&rec)?;
    // Positions as fixed-width keys, so that the token's order is the list's order; the
    // token is bound to the profile and the list.
    let numbered = pick(&mut stored).into_iter().enumerate().map(|(i, e)| (format!("{i:06}"), e)).collect();
    let scope = format!("{instance}/{id}/{list}");
    let (entries, next_token, _) = search_page(Kind::SecurityProfile, &scope, numbered, next_token, max_results, default_max)?;
    Ok(EntriesPage {
        entries,
        next_token,
        last_modified_time: stored.profile.last_modified_time,
        last_modified_region: stored.profile.last_modified_region,
    })
}

/// The ids of a request's SecurityProfiles items: each item has one, and each id comes once.
pub fn item_ids(items: Vec<dto::SecurityProfileItem>) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = Vec::new();
    for item in items {
        let Some(id) = item.id else {
            return Err(ApiError::invalid_parameter("Every item of SecurityProfiles needs an Id"));
        };
        if ids.contains(&id) {
            return Err(ApiError::invalid_parameter(format!("Security profile {id} is listed more than once")));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// The most security profiles a user holds: the model's SecurityProfileIds (CreateUser,
/// UpdateUserSecurityProfiles) allows 10.
pub fn max_user_profiles() -> usize {
    model().shapes.get("SecurityProfileIds").and_then(|s| s.max).map_or(10, |m| m as usize)
}

/// The user an AssociateSecurityProfiles, DisassociateSecurityProfiles or
/// ListEntitySecurityProfiles request names (its id): EntityType USER and an EntityArn of a
/// user of the instance. switchboard keeps no Amazon Q in Connect AI agents, so an AI_AGENT
/// entity is never found (docs/rules.md, "Security profiles").
pub fn entity_user(ctx: &Ctx, instance: &dto::Instance, entity_type: dto::EntityType, arn: &str) -> Result<String, ApiError> {
    let instance_id = instance.id.as_deref().unwrap_or_default();
    if entity_type == dto::EntityType::AiAgent {
        return Err(ApiError::not_found(format!(
            "AI agent {arn} does not exist: switchboard does not implement Amazon Q in Connect, so it has no AI agents"
        )));
    }
    let user = parse_arn(arn)
        .filter(|p| p.kind == Kind::User)
        .ok_or_else(|| ApiError::invalid_parameter(format!("EntityArn '{arn}' is not the ARN of a user (arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE/agent/USER)")))?;
    if (user.region.as_str(), user.account.as_str(), user.instance.as_str()) != (ctx.region(), ctx.account(), instance_id) {
        return Err(ApiError::not_found(format!("User {arn} does not exist in instance {instance_id}")));
    }
    Ok(user.id)
}

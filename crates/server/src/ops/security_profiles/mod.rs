//! Security profiles: named sets of permissions that users hold.
use crate::ops::crud::Stored;
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod create_security_profile;
pub mod delete_security_profile;
pub mod describe_security_profile;
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

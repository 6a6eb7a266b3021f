//! Users: the agents and administrators of an instance, and their settings. A user's body is
//! the model's User (its password is kept apart, as a hash: the record's secret).
use crate::ops::crud::Stored;
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod create_user;
pub mod delete_user;
pub mod describe_user;
pub mod get_current_user_data;
pub mod list_users;
pub mod put_user_status;
pub mod search_users;
pub mod update_user_config;
pub mod update_user_hierarchy;
pub mod update_user_identity_info;
pub mod update_user_phone_config;
pub mod update_user_routing_profile;
pub mod update_user_security_profiles;

/// A user as stored: the model's User, and beside it what the User shape has no member for,
/// which DescribeUser, ListUsers and SearchUsers therefore never show: the agent status the
/// user is in (PutUserStatus; GetCurrentUserData reports it). Reads and writes through this
/// type keep every member; a `dto::User` alone would drop the others.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredUser {
    #[serde(flatten)]
    pub user: dto::User,
    #[serde(rename = "CurrentStatus", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CurrentStatus>,
}

/// The status a user was put in, and since when (epoch seconds). Without one the user is
/// in the instance's Offline status, as a new agent is until first put in another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentStatus {
    #[serde(rename = "AgentStatusId")]
    pub id: String,
    #[serde(rename = "StartTimestamp")]
    pub since: f64,
}

impl std::ops::Deref for StoredUser {
    type Target = dto::User;
    fn deref(&self) -> &dto::User {
        &self.user
    }
}

impl std::ops::DerefMut for StoredUser {
    fn deref_mut(&mut self) -> &mut dto::User {
        &mut self.user
    }
}

impl Stored for StoredUser {
    const KIND: Kind = Kind::User;

    /// The user's references (`user_refs`) and its current agent status.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let mut refs = user_refs(account, instance, &self.user);
        refs.extend(self.status.iter().map(|s| Key::in_instance(account, instance, Kind::AgentStatus, &s.id)));
        refs
    }
}

/// What a user references: its security profiles, routing profile and hierarchy group.
pub fn user_refs(account: &str, instance: &str, user: &dto::User) -> Vec<Key> {
    let key = |kind, id: &String| Key::in_instance(account, instance, kind, id);
    let mut refs: Vec<Key> = user.security_profile_ids.iter().flatten().map(|id| key(Kind::SecurityProfile, id)).collect();
    refs.extend(user.routing_profile_id.iter().map(|id| key(Kind::RoutingProfile, id)));
    refs.extend(user.hierarchy_group_id.iter().map(|id| key(Kind::HierarchyGroup, id)));
    refs
}

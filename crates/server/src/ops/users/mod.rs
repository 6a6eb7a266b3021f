//! Users: the agents and administrators of an instance, and their settings. A user's body is
//! the model's User (its password is kept apart, as a hash: the record's secret).
use crate::ops::crud::Stored;
use crate::store::{Key, Kind};
use switchboard_model::dto;

pub mod create_user;
pub mod delete_user;
pub mod describe_user;
pub mod list_users;
pub mod search_users;
pub mod update_user_config;
pub mod update_user_hierarchy;
pub mod update_user_identity_info;
pub mod update_user_phone_config;
pub mod update_user_routing_profile;
pub mod update_user_security_profiles;

impl Stored for dto::User {
    const KIND: Kind = Kind::User;

    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        user_refs(account, instance, self)
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

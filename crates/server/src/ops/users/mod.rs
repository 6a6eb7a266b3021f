//! Users: the agents and administrators of an instance, and their settings.
pub mod create_user;
pub mod describe_user;
pub mod list_users;
pub mod delete_user;
pub mod update_user_identity_info;
pub mod update_user_phone_config;
pub mod update_user_config;
pub mod update_user_security_profiles;
pub mod update_user_routing_profile;
pub mod update_user_hierarchy;
pub mod search_users;

//! Security profiles: named sets of permissions that users hold.
pub mod create_security_profile;
pub mod describe_security_profile;
pub mod update_security_profile;
pub mod delete_security_profile;
pub mod search_security_profiles;
pub mod list_security_profiles;
pub mod list_security_profile_permissions;

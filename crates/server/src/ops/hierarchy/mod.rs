//! The user hierarchy: its structure (levels one to five) and its groups.
pub mod create_user_hierarchy_group;
pub mod describe_user_hierarchy_group;
pub mod list_user_hierarchy_groups;
pub mod delete_user_hierarchy_group;
pub mod update_user_hierarchy_group_name;
pub mod search_user_hierarchy_groups;
pub mod update_user_hierarchy_structure;
pub mod describe_user_hierarchy_structure;

//! The user hierarchy: its structure (levels one to five, kept in the instance's record) and
//! its groups. A group's body is the model's HierarchyGroup with its HierarchyPath, itself
//! included.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{Ctx, HIERARCHY_STRUCTURE};
use crate::store::{Key, Kind};
use switchboard_model::dto;

pub mod create_user_hierarchy_group;
pub mod delete_user_hierarchy_group;
pub mod describe_user_hierarchy_group;
pub mod describe_user_hierarchy_structure;
pub mod list_user_hierarchy_groups;
pub mod search_user_hierarchy_groups;
pub mod update_user_hierarchy_group_name;
pub mod update_user_hierarchy_structure;

impl Stored for dto::HierarchyGroup {
    const KIND: Kind = Kind::HierarchyGroup;

    /// A group references its parent, the group before it on its path (which runs from level
    /// one down to the group itself), so a group with children cannot be deleted.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let path = self.hierarchy_path.as_ref().map(|p| [&p.level_one, &p.level_two, &p.level_three, &p.level_four, &p.level_five]);
        let ids: Vec<&String> = path.into_iter().flatten().flatten().filter_map(|g| g.id.as_ref()).collect();
        ids.len().checked_sub(2).map(|parent| Key::in_instance(account, instance, Kind::HierarchyGroup, ids[parent])).into_iter().collect()
    }
}

/// The instance's hierarchy structure (empty when never set).
pub async fn structure(ctx: &Ctx, instance: &str) -> Result<dto::HierarchyStructure, ApiError> {
    let rec = ctx.instance_record(instance).await?;
    Ok(rec.body.get(HIERARCHY_STRUCTURE).cloned().map(serde_json::from_value).transpose().unwrap_or_default().unwrap_or_default())
}

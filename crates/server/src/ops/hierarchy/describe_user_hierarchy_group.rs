//! DescribeUserHierarchyGroup: the group with its HierarchyPath as the groups on it are now
//! (a parent renamed after the group was made shows its new name).
use crate::error::ApiError;
use crate::service::{body, refresh_hierarchy_path, Ctx};
use crate::store::Kind;
use std::collections::HashMap;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserHierarchyGroupRequest) -> Result<dto::DescribeUserHierarchyGroupResponse, ApiError> {
    let mut rec = ctx.record(&input.instance_id, Kind::HierarchyGroup, &input.hierarchy_group_id).await?;
    let mut ancestors = HashMap::new();
    for id in crate::service::hierarchy_path_ids(&rec.body) {
        if id != input.hierarchy_group_id {
            if let Some(g) = ctx.store.get(&ctx.key(&input.instance_id, Kind::HierarchyGroup, &id)).await? {
                ancestors.insert(id, g.body);
            }
        }
    }
    refresh_hierarchy_path(&mut rec.body, |id| ancestors.get(id).cloned());
    Ok(dto::DescribeUserHierarchyGroupResponse { hierarchy_group: Some(body(&rec)?) })
}

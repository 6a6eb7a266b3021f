//! CreateUserHierarchyGroup: a group at level one, or one level below its ParentGroupId (at
//! most five levels; once UpdateUserHierarchyStructure has set levels, only at those). The
//! group stores its HierarchyPath, itself included, and references its parent.
use super::structure;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateUserHierarchyGroupRequest) -> Result<dto::CreateUserHierarchyGroupResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let (mut path, level) = match &input.parent_group_id {
        None => (dto::HierarchyPath::default(), 1),
        Some(parent_id) => {
            let parent_key = ctx.key(&input.instance_id, Kind::HierarchyGroup, parent_id);
            let parent = ctx.store.get(&parent_key).await?.ok_or_else(|| {
                ApiError::invalid_parameter(format!("Hierarchy group {parent_id} does not exist in instance {}", input.instance_id))
            })?;
            let parent: dto::HierarchyGroup = body(&parent)?;
            let parent_level: usize = parent.level_id.as_deref().and_then(|l| l.parse().ok()).unwrap_or(1);
            if parent_level >= 5 {
                return Err(ApiError::invalid_request("A hierarchy has at most five levels"));
            }
            (parent.hierarchy_path.unwrap_or_default(), parent_level + 1)
        }
    };
    // Once a hierarchy structure is set, a group must sit at one of its levels.
    level_defined(ctx, &input.instance_id, level).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::HierarchyGroup);
    let summary = dto::HierarchyGroupSummary {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        name: Some(input.name.clone()),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
    };
    *level_slot(&mut path, level) = Some(summary);
    let group = dto::HierarchyGroup {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        name: Some(input.name),
        level_id: Some(level.to_string()),
        hierarchy_path: Some(path),
        tags: Some(input.tags.unwrap_or_default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
    };
    // Its parent is on its path: the group references it (Stored::refs).
    crud::insert(ctx, &instance, &group).await?;
    // A racing UpdateUserHierarchyStructure may have removed the level meanwhile: looked at
    // again after the write, and the group taken back (update_user_hierarchy_structure).
    if let Err(e) = level_defined(ctx, &input.instance_id, level).await {
        ctx.store.delete(&ctx.key(&input.instance_id, Kind::HierarchyGroup, &id)).await?;
        return Err(e);
    }
    Ok(dto::CreateUserHierarchyGroupResponse { hierarchy_group_id: Some(id), hierarchy_group_arn: Some(arn) })
}

/// InvalidRequestException unless the instance's hierarchy structure is unset or defines
/// `level`.
async fn level_defined(ctx: &Ctx, instance: &str, level: usize) -> Result<(), ApiError> {
    let structure = structure(ctx, instance).await?;
    let defined = [&structure.level_one, &structure.level_two, &structure.level_three, &structure.level_four, &structure.level_five]
        .iter()
        .filter(|l| l.is_some())
        .count();
    if defined > 0 && level > defined {
        return Err(ApiError::invalid_request(format!(
            "The hierarchy structure of instance {instance} has {defined} level(s); define level {level} with UpdateUserHierarchyStructure first"
        )));
    }
    Ok(())
}

fn level_slot(path: &mut dto::HierarchyPath, level: usize) -> &mut Option<dto::HierarchyGroupSummary> {
    match level {
        1 => &mut path.level_one,
        2 => &mut path.level_two,
        3 => &mut path.level_three,
        4 => &mut path.level_four,
        _ => &mut path.level_five,
    }
}

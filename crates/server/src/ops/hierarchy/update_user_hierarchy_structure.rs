//! UpdateUserHierarchyStructure: names levels one to five. The levels given must be
//! contiguous from level one (InvalidParameterException otherwise); a level left out is
//! removed, which is refused with ResourceInUseException while groups exist at it
//! (UpdateUserHierarchyStructure documentation and error list). A level's id is its number
//! ("1" to "5"), the LevelId of the groups at it.
//!
//! Racing CreateUserHierarchyGroup: the groups are looked at again *after* the new structure
//! is written, and a group then found at a removed level puts the old structure back (unless
//! another update came between) and refuses. CreateUserHierarchyGroup does the mirror image
//! (writes its group, then looks at the structure again). Each request writes before its
//! second look, so of two racing ones at least one sees the other: a group never stays at a
//! level the structure lacks (tests/clients/test_races.py).
use crate::error::ApiError;
use crate::service::{instance_arn, Ctx, HIERARCHY_LEVELS, HIERARCHY_STRUCTURE};
use crate::store::Kind;
use serde_json::Value;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserHierarchyStructureRequest) -> Result<(), ApiError> {
    let s = &input.hierarchy_structure;
    let names: Vec<Option<String>> =
        [&s.level_one, &s.level_two, &s.level_three, &s.level_four, &s.level_five].iter().map(|l| l.as_ref().map(|l| l.name.clone())).collect();
    let depth = names.iter().take_while(|n| n.is_some()).count();
    if names[depth..].iter().any(Option::is_some) {
        return Err(ApiError::invalid_parameter("Hierarchy levels must be defined in order: a level needs every level above it"));
    }
    if let Some(empty) = names.iter().flatten().find(|n| n.trim().is_empty()) {
        return Err(ApiError::invalid_parameter(format!("A hierarchy level name cannot be blank: '{empty}'")));
    }
    let instance = ctx.instance(&input.instance_id).await?;
    let arn = instance.arn.clone().unwrap_or_else(|| instance_arn(ctx.region(), ctx.account(), &input.instance_id));
    // Levels being removed must have no groups.
    let in_use = |deepest: usize| {
        ApiError::in_use(
            format!("Hierarchy level {deepest} has groups; delete them before removing the level"),
            "HIERARCHY_LEVEL",
            Some(&format!("{arn}/agent-group-level/{deepest}")),
        )
    };
    let deepest = deepest_group(ctx, &input.instance_id).await?;
    if deepest > depth {
        return Err(in_use(deepest));
    }
    let (now, region, arn_for_levels) = (ctx.now, ctx.region().to_string(), arn.clone());
    let previous = std::sync::Arc::new(std::sync::Mutex::new(Value::Null));
    let keep_previous = previous.clone();
    let updated: Value = ctx.update(&ctx.instance_key(&input.instance_id), move |body: &mut Value| {
        let arn = arn_for_levels;
        let old = body.get(HIERARCHY_STRUCTURE).cloned().unwrap_or(Value::Null);
        *keep_previous.lock().unwrap() = old.clone();
        let mut structure = serde_json::Map::new();
        for (i, name) in names.iter().enumerate().take(depth) {
            let level = HIERARCHY_LEVELS[i];
            let previous = old.get(level).filter(|l| l.get("Name").and_then(Value::as_str) == name.as_deref());
            let entry = previous.cloned().unwrap_or_else(|| {
                serde_json::json!({
                    "Id": (i + 1).to_string(),
                    "Arn": format!("{arn}/agent-group-level/{}", i + 1),
                    "Name": name,
                    "LastModifiedTime": now,
                    "LastModifiedRegion": region,
                })
            });
            structure.insert(level.to_string(), entry);
        }
        body[HIERARCHY_STRUCTURE] = structure.into();
        Ok(())
    })
    .await?;
    // A group created meanwhile at a removed level: the structure goes back, unless another
    // update has replaced this one since.
    let deepest = deepest_group(ctx, &input.instance_id).await?;
    if deepest > depth {
        let (written, previous) = (updated[HIERARCHY_STRUCTURE].clone(), previous.lock().unwrap().clone());
        ctx.update(&ctx.instance_key(&input.instance_id), move |body: &mut Value| {
            if body[HIERARCHY_STRUCTURE] == written {
                body[HIERARCHY_STRUCTURE] = previous;
            }
            Ok(())
        })
        .await?;
        return Err(in_use(deepest));
    }
    Ok(())
}

/// The deepest level any group of the instance is at (0: no group).
async fn deepest_group(ctx: &Ctx, instance: &str) -> Result<usize, ApiError> {
    let mut deepest = 0;
    let mut groups = ctx.scan(instance, Kind::HierarchyGroup);
    while let Some(batch) = groups.next().await? {
        let levels = batch.iter().filter_map(|g| g.body.get("LevelId").and_then(Value::as_str).and_then(|l| l.parse::<usize>().ok()));
        deepest = levels.chain([deepest]).max().unwrap_or(0);
    }
    Ok(deepest)
}

//! DescribeUserHierarchyStructure: the levels set by UpdateUserHierarchyStructure (none
//! until then).
use crate::error::ApiError;
use crate::service::{Ctx, HIERARCHY_STRUCTURE};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserHierarchyStructureRequest) -> Result<dto::DescribeUserHierarchyStructureResponse, ApiError> {
    Ok(dto::DescribeUserHierarchyStructureResponse { hierarchy_structure: Some(structure(ctx, &input.instance_id).await?) })
}

/// The instance's hierarchy structure (empty when never set).
pub async fn structure(ctx: &Ctx, instance: &str) -> Result<dto::HierarchyStructure, ApiError> {
    ctx.instance(instance).await?;
    let rec = ctx.store.get(&ctx.instance_key(instance)).await?.ok_or_else(|| ApiError::not_found(format!("Instance {instance} does not exist")))?;
    Ok(rec.body.get(HIERARCHY_STRUCTURE).cloned().map(serde_json::from_value).transpose().unwrap_or_default().unwrap_or_default())
}

//! DescribeUserHierarchyStructure: the levels set by UpdateUserHierarchyStructure (none
//! until then).
use super::structure;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserHierarchyStructureRequest) -> Result<dto::DescribeUserHierarchyStructureResponse, ApiError> {
    Ok(dto::DescribeUserHierarchyStructureResponse { hierarchy_structure: Some(structure(ctx, &input.instance_id).await?) })
}

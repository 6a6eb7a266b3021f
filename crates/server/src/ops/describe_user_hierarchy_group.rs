//! DescribeUserHierarchyGroup.
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserHierarchyGroupRequest) -> Result<dto::DescribeUserHierarchyGroupResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HierarchyGroup, &input.hierarchy_group_id).await?;
    Ok(dto::DescribeUserHierarchyGroupResponse { hierarchy_group: Some(body(&rec)?) })
}

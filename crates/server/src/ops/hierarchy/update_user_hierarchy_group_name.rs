//! UpdateUserHierarchyGroupName: a new name, unique among the instance's groups.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserHierarchyGroupNameRequest) -> Result<(), ApiError> {
    ctx.rename(&input.instance_id, Kind::HierarchyGroup, &input.hierarchy_group_id, Some(input.name), None).await
}

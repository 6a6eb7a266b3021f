//! DeleteUserHierarchyGroup: refused (ResourceInUseException) while a user or a child group
//! is in it.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteUserHierarchyGroupRequest) -> Result<(), ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::HierarchyGroup, &input.hierarchy_group_id).await
}

//! DeleteUserHierarchyGroup: refused (ResourceInUseException) while a user or a child group
//! is in it.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteUserHierarchyGroupRequest) -> Result<(), ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HierarchyGroup, &input.hierarchy_group_id).await?;
    ctx.delete(&rec).await?;
    Ok(())
}

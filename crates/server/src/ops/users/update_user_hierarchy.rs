//! UpdateUserHierarchy: puts the user in a group, or takes it out of its group when
//! HierarchyGroupId is left out.
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserHierarchyRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update_refs(ctx, &instance, &input.user_id, move |u: &mut StoredUser| {
        u.hierarchy_group_id = input.hierarchy_group_id;
        Ok(())
    })
    .await
}

//! ListUserHierarchyGroups.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUserHierarchyGroupsRequest) -> Result<dto::ListUserHierarchyGroupsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::HierarchyGroup, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListUserHierarchyGroupsResponse { user_hierarchy_group_summary_list: Some(list), next_token })
}

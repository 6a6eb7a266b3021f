//! ListUserHierarchyGroups.
use crate::ops::{number, summaries, text};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUserHierarchyGroupsRequest) -> Result<dto::ListUserHierarchyGroupsResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) =
        ctx.page(&input.instance_id, Kind::HierarchyGroup, input.next_token.as_deref(), input.max_results, 100).await?;
    let list = summaries(&records, |b| dto::HierarchyGroupSummary {
        id: text(b, "Id"),
        arn: text(b, "Arn"),
        name: text(b, "Name"),
        last_modified_time: number(b, "LastModifiedTime"),
        last_modified_region: text(b, "LastModifiedRegion"),
    });
    Ok(dto::ListUserHierarchyGroupsResponse { user_hierarchy_group_summary_list: Some(list), next_token })
}

//! SearchQuickConnects: StringCondition on name, description or resourceID; TagFilter.
//! Results are full QuickConnect objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchQuickConnectsRequest) -> Result<dto::SearchQuickConnectsResponse, ApiError> {
    let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
    let (quick_connects, next_token, total) =
        crud::search(ctx, &input.instance_id, Kind::QuickConnect, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::SearchQuickConnectsResponse { quick_connects: Some(quick_connects), next_token, approximate_total_count: Some(total) })
}

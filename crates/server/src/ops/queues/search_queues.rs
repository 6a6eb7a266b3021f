//! SearchQueues: StringCondition on name, description or resourceID; QueueTypeCondition;
//! TagFilter. Results are full Queue objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchQueuesRequest) -> Result<dto::SearchQueuesResponse, ApiError> {
    let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
    let (queues, next_token, total) =
        crud::search(ctx, &input.instance_id, Kind::Queue, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::SearchQueuesResponse { queues: Some(queues), next_token, approximate_total_count: Some(total) })
}

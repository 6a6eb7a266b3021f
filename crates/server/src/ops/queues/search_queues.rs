//! SearchQueues: StringCondition on name, description or resourceID; QueueTypeCondition;
//! TagFilter. Results are full Queue objects.
use crate::error::ApiError;
use crate::search::{self, QUEUE_FIELDS};
use crate::service::{search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchQueuesRequest) -> Result<dto::SearchQueuesResponse, ApiError> {
    let tag_filter = input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref());
    let criteria = search::request(input.search_criteria.as_ref(), QUEUE_FIELDS, tag_filter)?;
    let matches = search::matching(ctx, &input.instance_id, Kind::Queue, &criteria, QUEUE_FIELDS).await?;
    let matches = matches.into_iter().map(search::summary::<dto::Queue>).collect();
    let (queues, next_token, total) = search_page(Kind::Queue, &input.instance_id, matches, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::SearchQueuesResponse { queues: Some(queues), next_token, approximate_total_count: Some(total) })
}

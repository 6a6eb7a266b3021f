//! ListQueues, optionally filtered by QueueTypes.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListQueuesRequest) -> Result<dto::ListQueuesResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::Queue, input.next_token.as_deref(), input.max_results).await?;
    let list = list
        .into_iter()
        .filter(|q: &dto::QueueSummary| input.queue_types.as_ref().is_none_or(|types| q.queue_type.is_some_and(|t| types.contains(&t))))
        .collect();
    Ok(dto::ListQueuesResponse { queue_summary_list: Some(list), next_token })
}

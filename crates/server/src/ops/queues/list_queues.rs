//! ListQueues, optionally filtered by QueueTypes.
use crate::ops::{number, summaries, text};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListQueuesRequest) -> Result<dto::ListQueuesResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) = ctx.page(&input.instance_id, Kind::Queue, input.next_token.as_deref(), input.max_results, 100).await?;
    let list: Vec<dto::QueueSummary> = summaries(&records, |b| dto::QueueSummary {
        id: text(b, "QueueId"),
        arn: text(b, "QueueArn"),
        name: text(b, "Name"),
        queue_type: b.get("QueueType").and_then(|t| serde_json::from_value(t.clone()).ok()),
        last_modified_time: number(b, "LastModifiedTime"),
        last_modified_region: text(b, "LastModifiedRegion"),
    })
    .into_iter()
    .filter(|q| input.queue_types.as_ref().is_none_or(|types| q.queue_type.is_some_and(|t| types.contains(&t))))
    .collect();
    Ok(dto::ListQueuesResponse { queue_summary_list: Some(list), next_token })
}

//! DescribeQueue.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeQueueRequest) -> Result<dto::DescribeQueueResponse, ApiError> {
    let queue = crud::describe(ctx, &input.instance_id, Kind::Queue, &input.queue_id).await?;
    Ok(dto::DescribeQueueResponse { queue: Some(queue) })
}

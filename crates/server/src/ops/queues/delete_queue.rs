//! DeleteQueue: refused (ResourceInUseException) while a routing profile uses the queue.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteQueueRequest) -> Result<(), ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::Queue, &input.queue_id).await
}

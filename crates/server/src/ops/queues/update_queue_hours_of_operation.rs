//! UpdateQueueHoursOfOperation: the hours must exist in the instance (the queue's reference
//! moves to them in the same transaction).
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQueueHoursOfOperationRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update_refs(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| {
        q.queue.hours_of_operation_id = Some(input.hours_of_operation_id);
        Ok(())
    })
    .await
}

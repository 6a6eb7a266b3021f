//! UpdateQueueHoursOfOperation: the hours must exist in the instance (the queue's reference
//! moves to them in the same transaction).
use super::create_queue::{queue_refs, StoredQueue};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQueueHoursOfOperationRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::Queue, &input.queue_id);
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    ctx.update_with_refs(&key, move |q: &StoredQueue| queue_refs(&account, &iid, q), move |q: &mut StoredQueue| {
        q.queue.hours_of_operation_id = Some(input.hours_of_operation_id);
        Ok(())
    })
    .await?;
    Ok(())
}

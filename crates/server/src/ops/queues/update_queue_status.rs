//! UpdateQueueStatus: ENABLED or DISABLED.
use super::create_queue::StoredQueue;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQueueStatusRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::Queue, &input.queue_id);
    ctx.update(&key, move |q: &mut StoredQueue| {
        q.queue.status = Some(input.status);
        Ok(())
    })
    .await?;
    Ok(())
}

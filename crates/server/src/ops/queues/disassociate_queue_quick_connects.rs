//! DisassociateQueueQuickConnects: the quick connects stop being offered by the queue.
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateQueueQuickConnectsRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let removed = input.quick_connect_ids;
    crud::update_refs(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| {
        if let Some(ids) = q.quick_connect_ids.as_mut() {
            ids.retain(|id| !removed.contains(id));
        }
        Ok(())
    })
    .await
}

//! AssociateQueueQuickConnects: the quick connects, which must exist in the instance, are
//! added to those the queue offers (one already there stays once).
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateQueueQuickConnectsRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let added = input.quick_connect_ids;
    crud::update_refs(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| {
        let ids = q.quick_connect_ids.get_or_insert_with(Vec::new);
        for id in added {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(())
    })
    .await
}

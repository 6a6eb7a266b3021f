//! UpdateQueueMaxContacts: leaving MaxContacts out removes the limit.
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQueueMaxContactsRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| {
        q.queue.max_contacts = input.max_contacts;
        Ok(())
    })
    .await
}

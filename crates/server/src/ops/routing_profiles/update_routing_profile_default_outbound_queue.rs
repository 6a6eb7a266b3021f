//! UpdateRoutingProfileDefaultOutboundQueue: the queue must exist in the instance.
use super::update_queues;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateRoutingProfileDefaultOutboundQueueRequest) -> Result<(), ApiError> {
    let queue = input.default_outbound_queue_id;
    update_queues(ctx, &input.instance_id, &input.routing_profile_id, move |p| {
        p.profile.default_outbound_queue_id = Some(queue);
        Ok(())
    })
    .await
}

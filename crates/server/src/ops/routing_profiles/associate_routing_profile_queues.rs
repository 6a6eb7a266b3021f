//! AssociateRoutingProfileQueues: adds (queue, channel) pairs; the queues must exist. A pair
//! already associated takes the new priority and delay.
use super::{no_repeated_pairs, update_queues};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateRoutingProfileQueuesRequest) -> Result<(), ApiError> {
    let configs = input.queue_configs.unwrap_or_default();
    let manual = input.manual_assignment_queue_configs.unwrap_or_default();
    if configs.is_empty() && manual.is_empty() {
        return Err(ApiError::invalid_request("Either QueueConfigs or ManualAssignmentQueueConfigs must be provided"));
    }
    no_repeated_pairs(configs.iter().map(|c| &c.queue_reference))?;
    no_repeated_pairs(manual.iter().map(|c| &c.queue_reference))?;
    update_queues(ctx, &input.instance_id, &input.routing_profile_id, move |p| {
        p.associate(configs, manual);
        Ok(())
    })
    .await
}

//! DisassociateRoutingProfileQueues: removes (queue, channel) pairs; pairs that are not
//! associated are ignored. The default outbound queue stays referenced.
use super::update_queues;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateRoutingProfileQueuesRequest) -> Result<(), ApiError> {
    let refs = input.queue_references.unwrap_or_default();
    let manual = input.manual_assignment_queue_references.unwrap_or_default();
    if refs.is_empty() && manual.is_empty() {
        return Err(ApiError::invalid_request("Either QueueReferences or ManualAssignmentQueueReferences must be provided"));
    }
    update_queues(ctx, &input.instance_id, &input.routing_profile_id, move |p| {
        p.queue_configs.retain(|c| !refs.contains(&c.queue_reference));
        p.manual_configs.retain(|c| !manual.contains(&c.queue_reference));
        Ok(())
    })
    .await
}

//! UpdateQueueOutboundCallerConfig: replaces the queue's outbound caller config with the one
//! given. A config with no members removes it, so DescribeQueue leaves the member out again,
//! as for a queue created without one (docs/rules.md, "Computed and omitted members").
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQueueOutboundCallerConfigRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    super::check_outbound_number(ctx, &input.instance_id, Some(&input.outbound_caller_config)).await?;
    let config = super::outbound_caller_config(Some(input.outbound_caller_config));
    // The outbound flow is a reference (it must exist, and stays while the queue uses it).
    crud::update_refs(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| {
        q.queue.outbound_caller_config = config;
        Ok(())
    })
    .await
}

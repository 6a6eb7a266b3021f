//! UpdateRoutingProfileAgentAvailabilityTimer: whether agents with the profile are ordered
//! by time since their last inbound contact or by longest idle time.
use super::StoredRoutingProfile;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateRoutingProfileAgentAvailabilityTimerRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let timer = input.agent_availability_timer;
    crud::update(ctx, &instance, &input.routing_profile_id, move |p: &mut StoredRoutingProfile| {
        p.profile.agent_availability_timer = Some(timer);
        Ok(())
    })
    .await
}

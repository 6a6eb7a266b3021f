//! DescribeRoutingProfile: the profile with its computed members (`super::computed`), and
//! the defaults of what it was created without.
use super::computed;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeRoutingProfileRequest) -> Result<dto::DescribeRoutingProfileResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id).await?;
    let mut profile = computed(ctx, &input.instance_id, vec![(rec.key.id, rec.body)]).await?.pop().unwrap_or_default();
    // "DescribeRoutingProfile does not populate AssociatedQueueIds in its response", says
    // its documentation (SearchRoutingProfiles does).
    profile.associated_queue_ids = None;
    // The defaults of what a profile was created without (docs/rules.md, "Computed and
    // omitted members"): agents are ordered by time since their last contact of any kind...
    profile.agent_availability_timer.get_or_insert(dto::AgentAvailabilityTimer::TimeSinceLastActivity);
    // ...and get no other channel while on one.
    for m in profile.media_concurrencies.iter_mut().flatten() {
        m.cross_channel_behavior.get_or_insert(dto::CrossChannelBehavior { behavior_type: dto::BehaviorType::RouteCurrentChannelOnly });
    }
    Ok(dto::DescribeRoutingProfileResponse { routing_profile: Some(profile) })
}

//! DescribeRoutingProfile, and the computed members of a routing profile that it shares
//! with SearchRoutingProfiles.
use super::create_routing_profile::StoredRoutingProfile;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use serde_json::Value;
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

/// Routing profiles as the API returns them, from their (id, stored body): the members
/// derived from the queue configs recomputed, and NumberOfAssociatedUsers counted from the
/// users' references to each profile, all of them in one store query (an index count per
/// profile, never a scan of the users), so the number is never a stored counter that drifts.
pub async fn computed(ctx: &Ctx, instance: &str, bodies: Vec<(String, Value)>) -> Result<Vec<dto::RoutingProfile>, ApiError> {
    let keys: Vec<_> = bodies.iter().map(|(id, _)| ctx.key(instance, Kind::RoutingProfile, id)).collect();
    let users = ctx.store.count_referrers(&keys, Kind::User).await?;
    bodies
        .into_iter()
        .zip(users)
        .map(|((id, body), users)| {
            let mut stored: StoredRoutingProfile =
                serde_json::from_value(body).map_err(|e| ApiError::internal(format!("stored routing profile {id} is unreadable: {e}")))?;
            stored.normalize();
            stored.profile.number_of_associated_users = Some(users as i64);
            Ok(stored.profile)
        })
        .collect()
}

//! SearchRoutingProfiles: StringCondition on name, description or resourceID; TagFilter.
//! Results are full RoutingProfile objects, with their computed members, less what the
//! operation's documentation says it does not populate.
use super::computed;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchRoutingProfilesRequest) -> Result<dto::SearchRoutingProfilesResponse, ApiError> {
    let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
    let (page, next_token, total) =
        crud::search_bodies(ctx, &input.instance_id, Kind::RoutingProfile, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
    // Users are counted for the page's profiles only, in one query.
    let mut profiles = computed(ctx, &input.instance_id, page).await?;
    // "SearchRoutingProfiles does not populate LastModifiedRegion, LastModifiedTime,
    // MediaConcurrencies.CrossChannelBehavior, and AgentAvailabilityTimer in its response,
    // but DescribeRoutingProfile does" (its documentation).
    for p in &mut profiles {
        p.last_modified_region = None;
        p.last_modified_time = None;
        p.agent_availability_timer = None;
        for m in p.media_concurrencies.iter_mut().flatten() {
            m.cross_channel_behavior = None;
        }
    }
    Ok(dto::SearchRoutingProfilesResponse { routing_profiles: Some(profiles), next_token, approximate_total_count: Some(total) })
}

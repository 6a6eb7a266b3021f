//! ListRoutingProfiles.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListRoutingProfilesRequest) -> Result<dto::ListRoutingProfilesResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::RoutingProfile, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListRoutingProfilesResponse { routing_profile_summary_list: Some(list), next_token })
}

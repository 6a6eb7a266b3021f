//! DescribeRoutingProfile.
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeRoutingProfileRequest) -> Result<dto::DescribeRoutingProfileResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id).await?;
    Ok(dto::DescribeRoutingProfileResponse { routing_profile: Some(body(&rec)?) })
}

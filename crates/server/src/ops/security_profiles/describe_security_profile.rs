//! DescribeSecurityProfile.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeSecurityProfileRequest) -> Result<dto::DescribeSecurityProfileResponse, ApiError> {
    let profile = crud::describe(ctx, &input.instance_id, Kind::SecurityProfile, &input.security_profile_id).await?;
    Ok(dto::DescribeSecurityProfileResponse { security_profile: Some(profile) })
}

//! DeleteSecurityProfile: refused (ResourceInUseException) while a user has the profile.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteSecurityProfileRequest) -> Result<(), ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::SecurityProfile, &input.security_profile_id).await
}

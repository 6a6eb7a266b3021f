//! DeleteSecurityProfile: refused (ResourceInUseException) while a user has the profile.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteSecurityProfileRequest) -> Result<(), ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::SecurityProfile, &input.security_profile_id).await?;
    ctx.delete(&rec).await?;
    Ok(())
}

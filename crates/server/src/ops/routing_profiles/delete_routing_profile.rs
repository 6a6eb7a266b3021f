//! DeleteRoutingProfile: refused while a user has the profile (ResourceInUseException), and
//! for the instance's default profile, which Connect never deletes (InvalidRequestException).
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteRoutingProfileRequest) -> Result<(), ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id).await?;
    if rec.body.get("IsDefault").and_then(|v| v.as_bool()) == Some(true) {
        return Err(ApiError::invalid_request("The default routing profile of an instance cannot be deleted"));
    }
    ctx.delete(&rec).await?;
    Ok(())
}

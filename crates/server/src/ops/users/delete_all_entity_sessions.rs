//! DeleteAllEntitySessions: signs a user (EntityType USER, the only type; EntityId the
//! user's id or ARN) out of every session. switchboard serves no agent workspace or admin
//! website sign-in for a user, so a user never has a session: after the user is found in
//! the instance (ResourceNotFoundException otherwise) there is nothing left to end, which is
//! what the operation promises.
use crate::error::ApiError;
use crate::ops::traffic_distribution_groups;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteAllEntitySessionsRequest) -> Result<dto::DeleteAllEntitySessionsResponse, ApiError> {
    let dto::SessionEntityType::User = input.entity_type;
    let instance = ctx.instance(&input.instance_id).await?;
    traffic_distribution_groups::user(ctx, instance.id.as_deref().unwrap_or_default(), &input.entity_id).await?;
    Ok(dto::DeleteAllEntitySessionsResponse {})
}

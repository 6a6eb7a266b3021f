//! ListApprovedOrigins: the instance's approved origins, in order.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListApprovedOriginsRequest) -> Result<dto::ListApprovedOriginsResponse, ApiError> {
    let (bodies, next_token) = super::list(ctx, &input.instance_id, Kind::ApprovedOrigin, input.next_token.as_deref(), input.max_results).await?;
    let origins = bodies.iter().filter_map(|b| b["Origin"].as_str().map(str::to_string)).collect();
    Ok(dto::ListApprovedOriginsResponse { origins: Some(origins), next_token })
}

//! UpdateContactFlowName: a new unique name and/or description.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateContactFlowNameRequest) -> Result<dto::UpdateContactFlowNameResponse, ApiError> {
    ctx.rename(&input.instance_id, Kind::ContactFlow, &input.contact_flow_id, input.name, input.description).await?;
    Ok(dto::UpdateContactFlowNameResponse {})
}

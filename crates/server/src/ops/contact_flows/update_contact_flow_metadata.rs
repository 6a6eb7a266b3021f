//! UpdateContactFlowMetadata: a new unique name, a description, and the flow's state
//! (ACTIVE or ARCHIVED), any of them.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateContactFlowMetadataRequest) -> Result<dto::UpdateContactFlowMetadataResponse, ApiError> {
    let state = input.contact_flow_state.map(|s| ("State", s.as_str().into()));
    ctx.update_metadata(&input.instance_id, Kind::ContactFlow, &input.contact_flow_id, input.name, input.description, state).await?;
    Ok(dto::UpdateContactFlowMetadataResponse {})
}

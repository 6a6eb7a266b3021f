//! UpdateContactFlowModuleMetadata: a new unique name, a description, and the module's
//! state (ACTIVE or ARCHIVED), any of them.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateContactFlowModuleMetadataRequest) -> Result<dto::UpdateContactFlowModuleMetadataResponse, ApiError> {
    let state = input.state.map(|s| ("State", s.as_str().into()));
    ctx.update_metadata(&input.instance_id, Kind::ContactFlowModule, &input.contact_flow_module_id, input.name, input.description, state).await?;
    Ok(dto::UpdateContactFlowModuleMetadataResponse {})
}

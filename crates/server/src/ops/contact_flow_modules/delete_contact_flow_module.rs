//! DeleteContactFlowModule.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteContactFlowModuleRequest) -> Result<dto::DeleteContactFlowModuleResponse, ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::ContactFlowModule, &input.contact_flow_module_id).await?;
    Ok(dto::DeleteContactFlowModuleResponse {})
}

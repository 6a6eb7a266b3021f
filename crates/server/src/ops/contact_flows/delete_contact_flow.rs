//! DeleteContactFlow: refused while a quick connect uses the flow.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteContactFlowRequest) -> Result<dto::DeleteContactFlowResponse, ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::ContactFlow, &input.contact_flow_id).await?;
    Ok(dto::DeleteContactFlowResponse {})
}

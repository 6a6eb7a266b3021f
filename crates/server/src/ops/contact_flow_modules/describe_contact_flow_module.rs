//! DescribeContactFlowModule.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeContactFlowModuleRequest) -> Result<dto::DescribeContactFlowModuleResponse, ApiError> {
    let module = crud::describe(ctx, &input.instance_id, Kind::ContactFlowModule, &input.contact_flow_module_id).await?;
    Ok(dto::DescribeContactFlowModuleResponse { contact_flow_module: Some(module) })
}

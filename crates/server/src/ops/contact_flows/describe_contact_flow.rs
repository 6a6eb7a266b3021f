//! DescribeContactFlow.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeContactFlowRequest) -> Result<dto::DescribeContactFlowResponse, ApiError> {
    let flow = crud::describe(ctx, &input.instance_id, Kind::ContactFlow, &input.contact_flow_id).await?;
    Ok(dto::DescribeContactFlowResponse { contact_flow: Some(flow) })
}

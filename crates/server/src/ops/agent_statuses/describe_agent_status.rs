//! DescribeAgentStatus.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeAgentStatusRequest) -> Result<dto::DescribeAgentStatusResponse, ApiError> {
    let status = crud::describe(ctx, &input.instance_id, Kind::AgentStatus, &input.agent_status_id).await?;
    Ok(dto::DescribeAgentStatusResponse { agent_status: Some(status) })
}

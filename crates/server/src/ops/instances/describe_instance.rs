//! DescribeInstance.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeInstanceRequest) -> Result<dto::DescribeInstanceResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    Ok(dto::DescribeInstanceResponse { instance: Some(instance), replication_configuration: None })
}

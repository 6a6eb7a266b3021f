//! DescribeInstanceAttribute: one attribute of the instance, "true" or "false".
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeInstanceAttributeRequest) -> Result<dto::DescribeInstanceAttributeResponse, ApiError> {
    let instance = ctx.instance_record(&input.instance_id).await?;
    Ok(dto::DescribeInstanceAttributeResponse { attribute: Some(super::attribute(&instance.body, input.attribute_type)) })
}

//! DescribeInstanceStorageConfig: one association, by AssociationId and resource type.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeInstanceStorageConfigRequest) -> Result<dto::DescribeInstanceStorageConfigResponse, ApiError> {
    let (_, stored) = super::find(ctx, &input.instance_id, &input.association_id, input.resource_type).await?;
    Ok(dto::DescribeInstanceStorageConfigResponse { storage_config: Some(stored.config) })
}

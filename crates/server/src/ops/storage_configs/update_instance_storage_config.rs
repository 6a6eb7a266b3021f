//! UpdateInstanceStorageConfig: a new storage configuration for an association, checked as
//! on AssociateInstanceStorageConfig (the resource type stays).
use super::StoredStorageConfig;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateInstanceStorageConfigRequest) -> Result<(), ApiError> {
    let mut config = super::checked(input.resource_type, input.storage_config)?;
    let (rec, _) = super::find(ctx, &input.instance_id, &input.association_id, input.resource_type).await?;
    config.association_id = Some(input.association_id);
    ctx.update(&rec.key, move |stored: &mut StoredStorageConfig| {
        stored.config = config;
        Ok(())
    })
    .await?;
    Ok(())
}

//! AssociateInstanceStorageConfig: the instance's storage for a resource type, the first
//! time (a second one for the same resource type is ResourceConflictException: "you can't
//! define an instance with multiple S3 buckets for storing chat transcripts").
use super::StoredStorageConfig;
use crate::error::ApiError;
use crate::service::{new_id, to_body, Ctx};
use crate::store::{Kind, Record, StoreError};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateInstanceStorageConfigRequest) -> Result<dto::AssociateInstanceStorageConfigResponse, ApiError> {
    let resource = input.resource_type;
    let mut config = super::checked(resource, input.storage_config)?;
    ctx.instance(&input.instance_id).await?;
    let id = new_id();
    config.association_id = Some(id.clone());
    let record = Record {
        key: ctx.key(&input.instance_id, Kind::StorageConfig, &id),
        name: Some(resource.as_str().to_string()),
        body: to_body(&StoredStorageConfig { config, resource_type: resource }),
        secret: None,
        refs: vec![],
    };
    ctx.store.insert(vec![record]).await.map_err(|e| match e {
        StoreError::Duplicate { .. } => ApiError::new(
            "ResourceConflictException",
            format!("Instance {} already has a storage configuration for resource type {}", input.instance_id, resource.as_str()),
        ),
        other => other.into(),
    })?;
    Ok(dto::AssociateInstanceStorageConfigResponse { association_id: Some(id) })
}

//! ListInstanceStorageConfigs: the instance's associations for a resource type (at most
//! one), 10 a page (MaxResults is at most 10).
use super::StoredStorageConfig;
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListInstanceStorageConfigsRequest) -> Result<dto::ListInstanceStorageConfigsResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let mut matches = Vec::new();
    ctx.for_each(&input.instance_id, Kind::StorageConfig, |rec| {
        let stored: StoredStorageConfig = body(&rec)?;
        if stored.resource_type == input.resource_type {
            matches.push((rec.key.id, stored.config));
        }
        Ok(())
    })
    .await?;
    let (configs, next_token, _) = search_page(Kind::StorageConfig, &input.instance_id, matches, input.next_token.as_deref(), input.max_results, 10)?;
    Ok(dto::ListInstanceStorageConfigsResponse { storage_configs: Some(configs), next_token })
}

//! ListTagsForResource.
use super::tagged;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListTagsForResourceRequest) -> Result<dto::ListTagsForResourceResponse, ApiError> {
    let rec = tagged(ctx, &input.resource_arn, "ListTagsForResource").await?;
    let tags = rec.body.get("Tags").cloned().map(serde_json::from_value).transpose().unwrap_or_default();
    Ok(dto::ListTagsForResourceResponse { tags: Some(tags.unwrap_or_default()) })
}

//! ListTagsForResource, and the ARN lookup the tagging operations share.
use crate::error::ApiError;
use crate::service::{parse_arn, Ctx};
use crate::store::{Kind, Record};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListTagsForResourceRequest) -> Result<dto::ListTagsForResourceResponse, ApiError> {
    let rec = tagged(ctx, &input.resource_arn).await?;
    let tags = rec.body.get("Tags").cloned().map(serde_json::from_value).transpose().unwrap_or_default();
    Ok(dto::ListTagsForResourceResponse { tags: Some(tags.unwrap_or_default()) })
}

/// The record an ARN names, in the caller's account. An ARN of another account, or of a
/// resource that does not exist, is a ResourceNotFoundException.
pub async fn tagged(ctx: &Ctx, arn: &str) -> Result<Record, ApiError> {
    let parsed = parse_arn(arn).ok_or_else(|| ApiError::invalid_parameter(format!("'{arn}' is not a valid Amazon Connect resource ARN")))?;
    let not_found = || ApiError::not_found(format!("Resource {arn} does not exist"));
    if parsed.account != ctx.account() {
        return Err(not_found());
    }
    let key = match parsed.kind {
        Kind::Instance => ctx.instance_key(&parsed.instance),
        kind => ctx.key(&parsed.instance, kind, &parsed.id),
    };
    let rec = ctx.store.get(&key).await?.ok_or_else(not_found)?;
    // The ARN must be the resource's own (same region), not just name its id.
    let own_arn = ["Arn", "UserArn", "QueueArn", "RoutingProfileArn", "HoursOfOperationArn"]
        .iter()
        .find_map(|m| rec.body.get(*m).and_then(|v| v.as_str()));
    if own_arn.is_some_and(|own| own != arn) {
        return Err(not_found());
    }
    Ok(rec)
}

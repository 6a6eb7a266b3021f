//! UntagResource: removes tags by key (keys that are not there are ignored).
use super::tagged;
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UntagResourceRequest) -> Result<(), ApiError> {
    let rec = tagged(ctx, &input.resource_arn, "UntagResource").await?;
    ctx.update(&rec.key, move |body: &mut Value| {
        if let Some(map) = body.get_mut("Tags").and_then(Value::as_object_mut) {
            for k in &input.tag_keys {
                map.remove(k);
            }
        }
        Ok(())
    })
    .await?;
    Ok(())
}

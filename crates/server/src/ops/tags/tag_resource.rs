//! TagResource: adds or overwrites tags on an instance or a resource in one (at most 50).
use super::tagged;
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;
use switchboard_model::dto;

/// Connect's limit of tags per resource (the TagMap shape's max).
pub const MAX_TAGS: usize = 50;

pub async fn handle(ctx: &Ctx, input: dto::TagResourceRequest) -> Result<(), ApiError> {
    let rec = tagged(ctx, &input.resource_arn, "TagResource").await?;
    ctx.update(&rec.key, move |body: &mut Value| {
        let tags = body.as_object_mut().expect("records are objects").entry("Tags").or_insert_with(|| Value::Object(Default::default()));
        let map = tags.as_object_mut().expect("Tags is a map");
        for (k, v) in input.tags {
            map.insert(k, Value::String(v));
        }
        if map.len() > MAX_TAGS {
            return Err(ApiError::invalid_parameter(format!("A resource can have at most {MAX_TAGS} tags")));
        }
        Ok(())
    })
    .await?;
    Ok(())
}

//! UpdatePrompt: a new unique name, a description, an S3 URI (kept, not fetched), any of
//! them.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdatePromptRequest) -> Result<dto::UpdatePromptResponse, ApiError> {
    let s3_uri = input.s3_uri.map(|uri| ("S3Uri", uri.into()));
    let prompt = ctx.update_metadata(&input.instance_id, Kind::Prompt, &input.prompt_id, input.name, input.description, s3_uri).await?;
    let member = |m: &str| prompt.get(m).and_then(|v| v.as_str()).map(str::to_string);
    Ok(dto::UpdatePromptResponse { prompt_id: member("PromptId"), prompt_arn: member("PromptARN") })
}

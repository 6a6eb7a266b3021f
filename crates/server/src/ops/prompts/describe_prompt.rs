//! DescribePrompt.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribePromptRequest) -> Result<dto::DescribePromptResponse, ApiError> {
    let prompt = crud::describe(ctx, &input.instance_id, Kind::Prompt, &input.prompt_id).await?;
    Ok(dto::DescribePromptResponse { prompt: Some(prompt) })
}

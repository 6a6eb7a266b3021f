//! ListPrompts.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListPromptsRequest) -> Result<dto::ListPromptsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::Prompt, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListPromptsResponse { prompt_summary_list: Some(list), next_token })
}

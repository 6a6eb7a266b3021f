//! ListLexBots: the instance's Amazon Lex (V1) bots.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListLexBotsRequest) -> Result<dto::ListLexBotsResponse, ApiError> {
    let (bodies, next_token) = super::list(ctx, &input.instance_id, Kind::LexBot, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListLexBotsResponse { lex_bots: Some(super::entries(bodies)?), next_token })
}

//! ListBots: the instance's bots of one Amazon Lex version (V1 bots, or V2 bot aliases).
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto::{self, LexVersion};

pub async fn handle(ctx: &Ctx, input: dto::ListBotsRequest) -> Result<dto::ListBotsResponse, ApiError> {
    let kind = match input.lex_version {
        LexVersion::V1 => Kind::LexBot,
        LexVersion::V2 => Kind::LexV2Bot,
    };
    let (bodies, next_token) = super::list(ctx, &input.instance_id, kind, input.next_token.as_deref(), input.max_results).await?;
    let bots = match input.lex_version {
        LexVersion::V1 => super::entries(bodies)?.into_iter().map(|b| dto::LexBotConfig { lex_bot: Some(b), lex_v2_bot: None }).collect(),
        LexVersion::V2 => super::entries(bodies)?.into_iter().map(|b| dto::LexBotConfig { lex_bot: None, lex_v2_bot: Some(b) }).collect(),
    };
    Ok(dto::ListBotsResponse { lex_bots: Some(bots), next_token })
}

//! DisassociateLexBot: an Amazon Lex (V1) bot, by name and Region.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateLexBotRequest) -> Result<(), ApiError> {
    let bot = super::lex_bot(&dto::LexBot { name: input.bot_name, lex_region: input.lex_region })?;
    super::disassociate(ctx, &input.instance_id, bot.kind, &bot.name).await
}

//! DisassociateBot: an Amazon Lex (V1) bot or an Amazon Lex V2 bot alias, exactly one of them.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateBotRequest) -> Result<(), ApiError> {
    let bot = super::bot(input.lex_bot.as_ref(), input.lex_v2_bot.as_ref())?;
    super::disassociate(ctx, &input.instance_id, bot.kind, &bot.name).await
}

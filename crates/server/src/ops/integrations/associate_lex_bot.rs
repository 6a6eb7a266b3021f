//! AssociateLexBot: an Amazon Lex (V1) bot (the same association as AssociateBot's LexBot).
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateLexBotRequest) -> Result<(), ApiError> {
    let bot = super::lex_bot(&input.lex_bot)?;
    super::associate(ctx, &input.instance_id, bot).await
}

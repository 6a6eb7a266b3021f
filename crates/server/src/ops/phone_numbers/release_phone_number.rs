//! ReleasePhoneNumber: the number is released at once (DescribePhoneNumber then answers
//! ResourceNotFoundException) and is never offered again (super); not while a queue has it
//! as its outbound caller ID number.
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ReleasePhoneNumberRequest) -> Result<(), ApiError> {
    let (rec, stored) = super::claimed(ctx, &input.phone_number_id).await?;
    super::check_not_caller_id(ctx, &stored).await?;
    ctx.update(&rec.key, |n: &mut StoredPhoneNumber| {
        n.released = true;
        Ok(())
    })
    .await?;
    Ok(())
}

//! ReleasePhoneNumber: the number is released at once (DescribePhoneNumber then answers
//! ResourceNotFoundException) and is never offered again (super).
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ReleasePhoneNumberRequest) -> Result<(), ApiError> {
    let (rec, _) = super::claimed(ctx, &input.phone_number_id).await?;
    ctx.update(&rec.key, |n: &mut StoredPhoneNumber| {
        n.released = true;
        Ok(())
    })
    .await?;
    Ok(())
}

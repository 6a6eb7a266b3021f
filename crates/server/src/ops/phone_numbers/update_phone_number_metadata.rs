//! UpdatePhoneNumberMetadata: a claimed number's description.
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdatePhoneNumberMetadataRequest) -> Result<(), ApiError> {
    let (rec, _) = super::claimed(ctx, &input.phone_number_id).await?;
    let description = input.phone_number_description;
    ctx.update(&rec.key, move |n: &mut StoredPhoneNumber| {
        if description.is_some() {
            n.number.phone_number_description = description;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

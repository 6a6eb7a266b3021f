//! DescribePhoneNumber: a claimed number with its status (IN_PROGRESS until its claim or
//! update settles, then CLAIMED).
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribePhoneNumberRequest) -> Result<dto::DescribePhoneNumberResponse, ApiError> {
    let (_, stored) = super::claimed(ctx, &input.phone_number_id).await?;
    Ok(dto::DescribePhoneNumberResponse { claimed_phone_number_summary: Some(stored.summary(ctx.now)) })
}

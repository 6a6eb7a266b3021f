//! DescribeHoursOfOperationOverride.
use super::StoredHours;
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeHoursOfOperationOverrideRequest) -> Result<dto::DescribeHoursOfOperationOverrideResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    let hours: StoredHours = body(&rec)?;
    let i = hours.override_index(&input.hours_of_operation_override_id)?;
    Ok(dto::DescribeHoursOfOperationOverrideResponse { hours_of_operation_override: Some(hours.shown(&hours.overrides[i])) })
}

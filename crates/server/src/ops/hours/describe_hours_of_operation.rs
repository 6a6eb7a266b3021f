//! DescribeHoursOfOperation: with its parents' current names.
use super::StoredHours;
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeHoursOfOperationRequest) -> Result<dto::DescribeHoursOfOperationResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    let mut hours = body::<StoredHours>(&rec)?.hours;
    super::show_parents(ctx, &input.instance_id, &mut hours).await?;
    Ok(dto::DescribeHoursOfOperationResponse { hours_of_operation: Some(hours) })
}

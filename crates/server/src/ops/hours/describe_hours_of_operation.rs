//! DescribeHoursOfOperation.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeHoursOfOperationRequest) -> Result<dto::DescribeHoursOfOperationResponse, ApiError> {
    let hours = crud::describe(ctx, &input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    Ok(dto::DescribeHoursOfOperationResponse { hours_of_operation: Some(hours) })
}

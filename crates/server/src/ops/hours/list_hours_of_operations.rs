//! ListHoursOfOperations.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListHoursOfOperationsRequest) -> Result<dto::ListHoursOfOperationsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::HoursOfOperation, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListHoursOfOperationsResponse { hours_of_operation_summary_list: Some(list), next_token })
}

//! SearchHoursOfOperations: StringCondition on name, description, resourceID or timezone;
//! TagFilter. Parents are shown with their current names.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchHoursOfOperationsRequest) -> Result<dto::SearchHoursOfOperationsResponse, ApiError> {
    let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
    let (mut hours, next_token, total): (Vec<dto::HoursOfOperation>, _, _) =
        crud::search(ctx, &input.instance_id, Kind::HoursOfOperation, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
    for h in hours.iter_mut() {
        super::show_parents(ctx, &input.instance_id, h).await?;
    }
    Ok(dto::SearchHoursOfOperationsResponse { hours_of_operations: Some(hours), next_token, approximate_total_count: Some(total) })
}

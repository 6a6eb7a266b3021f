//! SearchHoursOfOperations: StringCondition on name, description, resourceID or timezone;
//! TagFilter.
use crate::error::ApiError;
use crate::search::{self, HOURS_FIELDS};
use crate::service::{search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchHoursOfOperationsRequest) -> Result<dto::SearchHoursOfOperationsResponse, ApiError> {
    let tag_filter = input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref());
    let criteria = search::request(input.search_criteria.as_ref(), HOURS_FIELDS, tag_filter)?;
    let matches = search::matching(ctx, &input.instance_id, Kind::HoursOfOperation, &criteria, HOURS_FIELDS).await?;
    let matches = matches.into_iter().map(search::summary::<dto::HoursOfOperation>).collect();
    let (hours, next_token, total) =
        search_page(Kind::HoursOfOperation, &input.instance_id, matches, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::SearchHoursOfOperationsResponse { hours_of_operations: Some(hours), next_token, approximate_total_count: Some(total) })
}

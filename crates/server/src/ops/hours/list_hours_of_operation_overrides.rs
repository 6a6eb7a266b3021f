//! ListHoursOfOperationOverrides: the hours' overrides in id order, a page at a time, with
//! the hours' LastModifiedTime and LastModifiedRegion (which every change to an override
//! sets).
use super::StoredHours;
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListHoursOfOperationOverridesRequest) -> Result<dto::ListHoursOfOperationOverridesResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    let hours: StoredHours = body(&rec)?;
    let mut keyed: Vec<(String, dto::HoursOfOperationOverride)> =
        hours.overrides.iter().map(|o| (o.hours_of_operation_override_id.clone().unwrap_or_default(), hours.shown(o))).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let scope = format!("{}/{}/overrides", input.instance_id, input.hours_of_operation_id);
    let (list, next_token, _) = search_page(Kind::HoursOfOperation, &scope, keyed, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::ListHoursOfOperationOverridesResponse {
        hours_of_operation_override_list: Some(list),
        next_token,
        last_modified_time: hours.hours.last_modified_time,
        last_modified_region: hours.hours.last_modified_region,
    })
}

//! SearchHoursOfOperationOverrides: the instance's overrides, in (hours id, override id)
//! order. StringCondition on name, description, resourceId (the override's id) or
//! hoursOfOperationId; DateCondition on effectiveFrom or effectiveTill; the TagFilter is on
//! the tags of the override's hours (overrides have none of their own). docs/rules.md.
use super::StoredHours;
use crate::error::ApiError;
use crate::search::{self, Criteria};
use crate::service::{body, search_page, to_body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchHoursOfOperationOverridesRequest) -> Result<dto::SearchHoursOfOperationOverridesResponse, ApiError> {
    let criteria = search::request(input.search_criteria.as_ref(), search::HOURS_OVERRIDE_FIELDS)?;
    let tags = input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()).map(to_body);
    let criteria = criteria.and(Criteria::tag_filter(tags.as_ref())?);
    ctx.instance(&input.instance_id).await?;
    let mut found: Vec<(String, dto::HoursOfOperationOverride)> = Vec::new();
    ctx.for_each(&input.instance_id, Kind::HoursOfOperation, |rec| {
        let hours: StoredHours = body(&rec)?;
        for o in &hours.overrides {
            let shown = hours.shown(o);
            let mut subject = to_body(&shown);
            subject["Tags"] = to_body(&hours.hours.tags);
            if criteria.matches(&search::subject(&subject, search::HOURS_OVERRIDE_FIELDS)) {
                found.push((format!("{}/{}", hours.id(), o.hours_of_operation_override_id.as_deref().unwrap_or_default()), shown));
            }
        }
        Ok(())
    })
    .await?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let scope = format!("{}/overrides", input.instance_id);
    let (page, next_token, total) = search_page(Kind::HoursOfOperation, &scope, found, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::SearchHoursOfOperationOverridesResponse { hours_of_operation_overrides: Some(page), next_token, approximate_total_count: Some(total) })
}

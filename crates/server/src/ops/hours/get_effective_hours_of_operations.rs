//! GetEffectiveHoursOfOperations: for each date from FromDate to ToDate (both included, at
//! most [`MAX_DAYS`] of them), the hours open that date in the hours' time zone, after its
//! overrides and those it inherits from its parents (schedule.rs); and, for each date an
//! override falls on, the overrides that shaped it.
use super::{schedule, StoredHours};
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

/// The longest range of dates one request covers: switchboard's bound (AWS documents none),
/// a year, leap day included.
pub const MAX_DAYS: i32 = 366;

pub async fn handle(ctx: &Ctx, input: dto::GetEffectiveHoursOfOperationsRequest) -> Result<dto::GetEffectiveHoursOfOperationsResponse, ApiError> {
    let from = schedule::date(&input.from_date, "FromDate")?;
    let to = schedule::date(&input.to_date, "ToDate")?;
    if from > to {
        return Err(ApiError::invalid_parameter(format!("FromDate {from} is after ToDate {to}")));
    }
    let days = from.until(to).map(|s| s.get_days()).unwrap_or(i32::MAX) + 1;
    if days > MAX_DAYS {
        return Err(ApiError::invalid_parameter(format!("FromDate to ToDate covers {days} days; at most {MAX_DAYS} are listed at once")));
    }
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    let hours: StoredHours = body(&rec)?;
    let time_zone = hours.hours.time_zone.clone().unwrap_or_default();
    let tz = schedule::time_zone(&time_zone)?;
    // Its own overrides, then each parent's in the order they were associated.
    let mut inherited = Vec::new();
    for parent in hours.parent_ids() {
        if let Some(rec) = ctx.store.get(&ctx.key(&input.instance_id, Kind::HoursOfOperation, parent)).await? {
            inherited.extend(body::<StoredHours>(&rec)?.overrides);
        }
    }
    let overrides: Vec<&dto::HoursOfOperationOverride> = hours.overrides.iter().chain(inherited.iter()).collect();
    let config = hours.hours.config.as_deref().unwrap_or_default();
    let (mut effective, mut override_hours) = (Vec::new(), Vec::new());
    let mut date = from;
    loop {
        let day = schedule::day_in(&tz, config, &overrides, date);
        let operational_hours =
            day.open.iter().map(|&(s, e)| dto::OperationalHour { start: Some(schedule::slice(s)), end: Some(schedule::slice(e)) }).collect();
        effective.push(dto::EffectiveHoursOfOperations { date: Some(date.to_string()), operational_hours: Some(operational_hours) });
        if !day.overrides.is_empty() {
            let hours = day
                .overrides
                .into_iter()
                .map(|h| dto::OverrideHour {
                    start: Some(schedule::slice(h.interval.0)),
                    end: Some(schedule::slice(h.interval.1)),
                    override_name: Some(h.name),
                    operational_status: Some(h.status),
                })
                .collect();
            override_hours.push(dto::EffectiveOverrideHours { date: Some(date.to_string()), override_hours: Some(hours) });
        }
        if date >= to {
            break;
        }
        date = date.tomorrow().map_err(|e| ApiError::invalid_parameter(e.to_string()))?;
    }
    Ok(dto::GetEffectiveHoursOfOperationsResponse {
        effective_hours_of_operation_list: Some(effective),
        effective_override_hours_list: Some(override_hours),
        time_zone: Some(time_zone),
    })
}

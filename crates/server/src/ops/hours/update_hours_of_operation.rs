//! UpdateHoursOfOperation: any of Name (unique), Description, TimeZone and Config (which
//! replaces the whole week), validated like CreateHoursOfOperation. Overrides and parents
//! stay as they are.
use super::StoredHours;
use crate::error::ApiError;
use crate::rules;
use crate::service::{Ctx, RecordMeta};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateHoursOfOperationRequest) -> Result<(), ApiError> {
    if let Some(tz) = &input.time_zone {
        rules::time_zone(tz)?;
    }
    if let Some(config) = &input.config {
        rules::hours_config(config)?;
    }
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id);
    ctx.update_record(&key, move |stored: &mut StoredHours, meta: &mut RecordMeta| {
        let h = &mut stored.hours;
        if let Some(name) = input.name {
            h.name = Some(name.clone());
            meta.name = Some(name);
        }
        if input.description.is_some() {
            h.description = input.description;
        }
        if input.time_zone.is_some() {
            h.time_zone = input.time_zone;
        }
        if input.config.is_some() {
            h.config = input.config;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

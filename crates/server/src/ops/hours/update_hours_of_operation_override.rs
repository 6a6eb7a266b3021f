//! UpdateHoursOfOperationOverride: the members given replace the override's (Config the
//! whole list); the result is checked as on create, among the hours' other overrides.
use super::{schedule, StoredHours};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateHoursOfOperationOverrideRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id);
    ctx.update(&key, move |h: &mut StoredHours| {
        let i = h.override_index(&input.hours_of_operation_override_id)?;
        let mut o = h.overrides[i].clone();
        o.name = input.name.or(o.name);
        o.description = input.description.or(o.description);
        o.config = input.config.or(o.config);
        o.effective_from = input.effective_from.or(o.effective_from);
        o.effective_till = input.effective_till.or(o.effective_till);
        o.override_type = input.override_type.or(o.override_type);
        o.recurrence_config = input.recurrence_config.or(o.recurrence_config);
        schedule::check_override(&o)?;
        h.check_among_others(&o, Some(i))?;
        h.overrides[i] = o;
        Ok(())
    })
    .await?;
    Ok(())
}

//! CreateHoursOfOperationOverride: an override of an hours of operation (schedule.rs has its
//! checks: real dates in order, slots that end after they start and do not overlap, the
//! recurrence rules), named uniquely among the hours' overrides, at most 50 of them, no two
//! STANDARD ones on one date. OverrideType defaults to STANDARD.
use super::{schedule, StoredHours, MAX_OVERRIDES};
use crate::error::ApiError;
use crate::service::{new_id, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateHoursOfOperationOverrideRequest) -> Result<dto::CreateHoursOfOperationOverrideResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let id = new_id();
    let o = dto::HoursOfOperationOverride {
        hours_of_operation_override_id: Some(id.clone()),
        name: Some(input.name),
        description: input.description,
        config: Some(input.config),
        effective_from: Some(input.effective_from),
        effective_till: Some(input.effective_till),
        override_type: Some(input.override_type.unwrap_or_default()),
        recurrence_config: input.recurrence_config,
        ..Default::default()
    };
    schedule::check_override(&o)?;
    let key = ctx.key(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id);
    ctx.update(&key, move |h: &mut StoredHours| {
        if h.overrides.len() >= MAX_OVERRIDES {
            return Err(ApiError::new(
                "LimitExceededException",
                format!("Hours of operation {} already has {MAX_OVERRIDES} overrides, the most it can have", h.id()),
            ));
        }
        h.check_among_others(&o, None)?;
        h.overrides.push(o);
        Ok(())
    })
    .await?;
    Ok(dto::CreateHoursOfOperationOverrideResponse { hours_of_operation_override_id: Some(id) })
}

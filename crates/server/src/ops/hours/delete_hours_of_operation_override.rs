//! DeleteHoursOfOperationOverride.
use super::StoredHours;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteHoursOfOperationOverrideRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id);
    ctx.update(&key, move |h: &mut StoredHours| {
        let i = h.override_index(&input.hours_of_operation_override_id)?;
        h.overrides.remove(i);
        Ok(())
    })
    .await?;
    Ok(())
}

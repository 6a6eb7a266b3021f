//! CreateHoursOfOperation: a valid IANA time zone and non-overlapping day slots (rules.rs);
//! the name is unique in the instance; up to three parents (ParentHoursOfOperationConfigs)
//! to inherit overrides from, which must exist in the instance.
use super::StoredHours;
use crate::error::ApiError;
use crate::ops::crud;
use crate::rules;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateHoursOfOperationRequest) -> Result<dto::CreateHoursOfOperationResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    rules::time_zone(&input.time_zone)?;
    rules::hours_config(&input.config)?;
    let (id, arn) = crud::new_resource(&instance, Kind::HoursOfOperation);
    let parents = super::parent_ids(input.parent_hours_of_operation_configs.as_deref(), &id)?;
    let hours = dto::HoursOfOperation {
        hours_of_operation_id: Some(id.clone()),
        hours_of_operation_arn: Some(arn.clone()),
        name: Some(input.name),
        description: input.description,
        time_zone: Some(input.time_zone),
        config: Some(input.config),
        tags: Some(input.tags.unwrap_or_default()),
        parent_hours_of_operations: super::parent_identifiers(&instance, &parents),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
    };
    crud::insert(ctx, &instance, &StoredHours { hours, overrides: Vec::new() }).await?;
    Ok(dto::CreateHoursOfOperationResponse { hours_of_operation_id: Some(id), hours_of_operation_arn: Some(arn) })
}

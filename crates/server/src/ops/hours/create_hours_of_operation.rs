//! CreateHoursOfOperation: a valid IANA time zone and non-overlapping day slots (rules.rs);
//! the name is unique in the instance.
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
    if input.parent_hours_of_operation_configs.as_ref().is_some_and(|p| !p.is_empty()) {
        return Err(ApiError::invalid_request("switchboard does not support ParentHoursOfOperationConfigs (hours of operation overrides) yet"));
    }
    let (id, arn) = crud::new_resource(&instance, Kind::HoursOfOperation);
    let hours = dto::HoursOfOperation {
        hours_of_operation_id: Some(id.clone()),
        hours_of_operation_arn: Some(arn.clone()),
        name: Some(input.name),
        description: input.description,
        time_zone: Some(input.time_zone),
        config: Some(input.config),
        tags: Some(input.tags.unwrap_or_default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
        ..Default::default()
    };
    crud::insert(ctx, &instance, &hours).await?;
    Ok(dto::CreateHoursOfOperationResponse { hours_of_operation_id: Some(id), hours_of_operation_arn: Some(arn) })
}

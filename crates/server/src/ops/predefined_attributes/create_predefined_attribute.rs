//! CreatePredefinedAttribute: a name unique in the instance, its values (each once),
//! purposes and configuration.
use super::{check_values, StoredAttribute};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{new_id, Ctx};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreatePredefinedAttributeRequest) -> Result<(), ApiError> {
    check_values(input.values.as_ref())?;
    let instance = ctx.instance(&input.instance_id).await?;
    let stored = StoredAttribute {
        attribute: dto::PredefinedAttribute {
            name: Some(input.name),
            values: input.values,
            purposes: input.purposes,
            attribute_configuration: input.attribute_configuration.map(configuration),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
        id: new_id(),
    };
    crud::insert(ctx, &instance, &stored).await
}

/// The stored configuration of an input's: attributes created through the API are never
/// read-only (IsReadOnly marks the ones Connect itself manages).
pub fn configuration(input: dto::InputPredefinedAttributeConfiguration) -> dto::PredefinedAttributeConfiguration {
    dto::PredefinedAttributeConfiguration {
        enable_value_validation_on_association: input.enable_value_validation_on_association,
        is_read_only: Some(false),
    }
}

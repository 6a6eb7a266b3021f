//! UpdatePredefinedAttribute: new values (each once; none that a user holds as a
//! proficiency may be dropped), purposes and configuration, each replacing what was there
//! when given.
use super::create_predefined_attribute::configuration;
use super::{check_values, check_values_kept, find, StoredAttribute};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdatePredefinedAttributeRequest) -> Result<(), ApiError> {
    check_values(input.values.as_ref())?;
    let rec = find(ctx, &input.instance_id, &input.name).await?;
    if let Some(values) = &input.values {
        check_values_kept(ctx, &rec, values).await?;
    }
    ctx.update(&rec.key, move |a: &mut StoredAttribute| {
        if input.values.is_some() {
            a.attribute.values = input.values;
        }
        if input.purposes.is_some() {
            a.attribute.purposes = input.purposes;
        }
        if let Some(c) = input.attribute_configuration {
            a.attribute.attribute_configuration = Some(configuration(c));
        }
        Ok(())
    })
    .await?;
    Ok(())
}

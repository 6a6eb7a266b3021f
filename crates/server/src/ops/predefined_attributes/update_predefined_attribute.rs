//! UpdatePredefinedAttribute: new values (each once; none that a user holds as a
//! proficiency may be dropped), purposes and configuration, each replacing what was there
//! when given.
//!
//! Racing AssociateUserProficiencies (which checks that its value exists, then writes the
//! user): the users are looked at again *after* the new values are written, and a user then
//! found holding a dropped value puts the old values back (unless another update came
//! between) and refuses. AssociateUserProficiencies does the mirror image (writes the user,
//! then looks at the attribute again). Each request writes before its second look, so of two
//! racing ones at least one sees the other: a user never holds a value its attribute lacks
//! (tests/clients/test_races.py).
use super::create_predefined_attribute::configuration;
use super::{check_values, check_values_kept, find, StoredAttribute};
use crate::error::ApiError;
use crate::service::{body, Ctx};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdatePredefinedAttributeRequest) -> Result<(), ApiError> {
    check_values(input.values.as_ref())?;
    let rec = find(ctx, &input.instance_id, &input.name).await?;
    if let Some(values) = &input.values {
        check_values_kept(ctx, &rec, values).await?;
    }
    let new_values = input.values.clone();
    let old_values = body::<StoredAttribute>(&rec)?.attribute.values;
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
    if let Some(values) = &new_values {
        if let Err(e) = check_values_kept(ctx, &rec, values).await {
            let written = new_values.clone();
            ctx.update(&rec.key, move |a: &mut StoredAttribute| {
                if a.attribute.values == written {
                    a.attribute.values = old_values;
                }
                Ok(())
            })
            .await?;
            return Err(e);
        }
    }
    Ok(())
}

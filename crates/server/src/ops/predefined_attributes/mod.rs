//! Predefined attributes: named lists of values an instance defines once, which users'
//! proficiencies name (skills-based routing) and contact segments use. An attribute is
//! addressed by its name (the API has no id for it); switchboard keeps an id of its own
//! beside it, which users' proficiencies reference, so that an attribute users hold cannot
//! be deleted under them and a value they hold cannot be dropped (`check_values_kept`).
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::ops::users::StoredUser;
use crate::service::{body, Ctx};
use crate::store::{Kind, Record};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use switchboard_model::dto;

pub mod create_predefined_attribute;
pub mod delete_predefined_attribute;
pub mod describe_predefined_attribute;
pub mod list_predefined_attributes;
pub mod search_predefined_attributes;
pub mod update_predefined_attribute;

/// A predefined attribute as stored: the model's PredefinedAttribute and switchboard's id.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredAttribute {
    #[serde(flatten)]
    pub attribute: dto::PredefinedAttribute,
    #[serde(rename = "Id")]
    pub id: String,
}

impl Stored for StoredAttribute {
    const KIND: Kind = Kind::PredefinedAttribute;
}

impl StoredAttribute {
    /// The attribute's values (its StringList).
    pub fn values(&self) -> &[String] {
        self.attribute.values.as_ref().and_then(|v| v.string_list.as_deref()).unwrap_or_default()
    }
}

/// The attribute of that name in the instance (after checking the instance exists), or
/// ResourceNotFoundException.
pub async fn find(ctx: &Ctx, instance: &str, name: &str) -> Result<Record, ApiError> {
    find_optional(ctx, instance, name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("Predefined attribute '{name}' does not exist in instance {instance}")))
}

/// [`find`], None when there is no such attribute. Names are the records' unique names:
/// the lookup is one step of the name index.
pub async fn find_optional(ctx: &Ctx, instance: &str, name: &str) -> Result<Option<Record>, ApiError> {
    ctx.instance(instance).await?;
    let found = ctx.store.list(&ctx.list_query(instance, Kind::PredefinedAttribute, None, Some(name.to_string()), 1)).await?;
    Ok(found.into_iter().find(|r| r.name.as_deref() == Some(name)))
}

/// A value list names each value once.
pub fn check_values(values: Option<&dto::PredefinedAttributeValues>) -> Result<(), ApiError> {
    let list = values.and_then(|v| v.string_list.as_deref()).unwrap_or_default();
    let mut seen = HashSet::new();
    match list.iter().find(|v| !seen.insert(v.as_str())) {
        Some(v) => Err(ApiError::invalid_parameter(format!("The value '{v}' is listed more than once"))),
        None => Ok(()),
    }
}

/// Refuses a change of the attribute `rec`'s values that would drop a value a user holds as
/// a proficiency (InvalidRequestException: UpdatePredefinedAttribute models no
/// ResourceInUseException). Only the users that reference the attribute are read.
pub async fn check_values_kept(ctx: &Ctx, rec: &Record, new: &dto::PredefinedAttributeValues) -> Result<(), ApiError> {
    let old: StoredAttribute = body(rec)?;
    let kept: HashSet<&str> = new.string_list.iter().flatten().map(String::as_str).collect();
    let dropped: HashSet<&str> = old.values().iter().map(String::as_str).filter(|v| !kept.contains(v)).collect();
    if dropped.is_empty() || ctx.store.count_referrers(std::slice::from_ref(&rec.key), Kind::User).await?[0] == 0 {
        return Ok(());
    }
    ctx.for_each(&rec.key.instance, Kind::User, |user| {
        let stored: StoredUser = body(&user)?;
        if let Some(p) = stored.proficiencies.iter().find(|p| p.attribute_id == old.id && dropped.contains(p.proficiency.attribute_value.as_str())) {
            return Err(ApiError::invalid_request(format!(
                "The value '{}' of predefined attribute '{}' is a proficiency of user {}; disassociate it from its users first",
                p.proficiency.attribute_value, p.proficiency.attribute_name, user.key.id
            )));
        }
        Ok(())
    })
    .await
}

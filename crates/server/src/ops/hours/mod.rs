//! Hours of operation: the weekly hours and time zone that queues run on, their overrides
//! (holidays, temporary hours, recurring events) and the parents whose overrides they
//! inherit (docs/rules.md, *Hours of operation overrides*).
//!
//! An hours of operation's record keeps its overrides beside the model's HoursOfOperation
//! ([`StoredHours`]): they have no ARN and no life of their own, every change to them is a
//! change of their hours in one transaction (so their quota and the uniqueness of their names
//! hold under concurrent writers), and they go with their hours when it is deleted. The
//! record references its parents, so a parent cannot be deleted while a child inherits from
//! it.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{body, Ctx};
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod associate_hours_of_operations;
pub mod create_hours_of_operation;
pub mod create_hours_of_operation_override;
pub mod delete_hours_of_operation;
pub mod delete_hours_of_operation_override;
pub mod describe_hours_of_operation;
pub mod describe_hours_of_operation_override;
pub mod disassociate_hours_of_operations;
pub mod get_effective_hours_of_operations;
pub mod list_child_hours_of_operations;
pub mod list_hours_of_operation_overrides;
pub mod list_hours_of_operations;
pub mod schedule;
pub mod search_hours_of_operation_overrides;
pub mod search_hours_of_operations;
pub mod update_hours_of_operation;
pub mod update_hours_of_operation_override;

/// Overrides per hours of operation: "Up to 50 overrides can be created for each hours of
/// operation resource. This quota is not adjustable." (Administrator Guide, *Identify dates
/// where you need to override standard operating hours*).
pub const MAX_OVERRIDES: usize = 50;

/// Parents per hours of operation: the model's ParentHoursOfOperationConfigList (max 3).
pub const MAX_PARENTS: usize = 3;

/// An hours of operation as stored: the model's HoursOfOperation (whose
/// ParentHoursOfOperations keep each parent's id and ARN; names are read when shown) and its
/// overrides, in the order created.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredHours {
    #[serde(flatten)]
    pub hours: dto::HoursOfOperation,
    #[serde(rename = "Overrides", default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<dto::HoursOfOperationOverride>,
}

impl Stored for StoredHours {
    const KIND: Kind = Kind::HoursOfOperation;

    /// The parents it inherits overrides from.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        self.parent_ids().map(|id| Key::in_instance(account, instance, Kind::HoursOfOperation, id)).collect()
    }
}

impl StoredHours {
    pub fn parent_ids(&self) -> impl Iterator<Item = &str> {
        self.hours.parent_hours_of_operations.iter().flatten().map(|p| p.id.as_str())
    }

    pub fn id(&self) -> &str {
        self.hours.hours_of_operation_id.as_deref().unwrap_or_default()
    }

    /// An override of these hours as the API shows it (with its hours' id and ARN).
    pub fn shown(&self, o: &dto::HoursOfOperationOverride) -> dto::HoursOfOperationOverride {
        dto::HoursOfOperationOverride {
            hours_of_operation_id: self.hours.hours_of_operation_id.clone(),
            hours_of_operation_arn: self.hours.hours_of_operation_arn.clone(),
            ..o.clone()
        }
    }

    /// The override with this id, or ResourceNotFoundException.
    pub fn override_index(&self, id: &str) -> Result<usize, ApiError> {
        self.overrides
            .iter()
            .position(|o| o.hours_of_operation_override_id.as_deref() == Some(id))
            .ok_or_else(|| ApiError::not_found(format!("Hours of operation override {id} does not exist in hours of operation {}", self.id())))
    }

    /// The rules an override must keep among its hours' others (`index`: its own place, on
    /// update): its name is unique in the hours (DuplicateResourceException) and no two
    /// STANDARD overrides fall on one date (InvalidParameterException).
    pub fn check_among_others(&self, o: &dto::HoursOfOperationOverride, index: Option<usize>) -> Result<(), ApiError> {
        let others = self.overrides.iter().enumerate().filter(|(i, _)| Some(*i) != index).map(|(_, o)| o);
        for other in others {
            if other.name == o.name {
                return Err(ApiError::duplicate(format!(
                    "Hours of operation {} already has an override named '{}'",
                    self.id(),
                    o.name.as_deref().unwrap_or_default()
                )));
            }
            if schedule::standard_overlap(o, other) {
                return Err(ApiError::invalid_parameter(format!(
                    "The override's dates overlap those of STANDARD override '{}' ({} to {}); one date has one set of temporary hours",
                    other.name.as_deref().unwrap_or_default(),
                    other.effective_from.as_deref().unwrap_or_default(),
                    other.effective_till.as_deref().unwrap_or_default()
                )));
            }
        }
        Ok(())
    }
}

/// An hours of operation's parents as the API shows them: each with its current name (and
/// ARN), read when shown since a parent can be renamed.
pub async fn show_parents(ctx: &Ctx, instance: &str, hours: &mut dto::HoursOfOperation) -> Result<(), ApiError> {
    let Some(parents) = hours.parent_hours_of_operations.as_mut() else { return Ok(()) };
    for p in parents.iter_mut() {
        if let Some(rec) = ctx.store.get(&ctx.key(instance, Kind::HoursOfOperation, &p.id)).await? {
            let parent: StoredHours = body(&rec)?;
            p.name = parent.hours.name.unwrap_or_default();
            p.arn = parent.hours.hours_of_operation_arn;
        }
    }
    Ok(())
}

/// The parents a request names (ParentHoursOfOperationConfigs): each once, not the hours
/// itself. Whether they exist is the store's check, in the write's transaction.
pub fn parent_ids(configs: Option<&[dto::ParentHoursOfOperationConfig]>, own_id: &str) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = Vec::new();
    for id in configs.unwrap_or_default().iter().filter_map(|c| c.hours_of_operation_id.clone()) {
        if id == own_id {
            return Err(ApiError::invalid_parameter("An hours of operation cannot be its own parent"));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Parent ids as stored (ParentHoursOfOperations; names are filled in when shown).
pub fn parent_identifiers(instance: &dto::Instance, ids: &[String]) -> Option<Vec<dto::HoursOfOperationsIdentifier>> {
    (!ids.is_empty()).then(|| {
        ids.iter()
            .map(|id| dto::HoursOfOperationsIdentifier {
                id: id.clone(),
                arn: Some(crate::service::resource_arn(instance, Kind::HoursOfOperation, id)),
                name: String::new(),
            })
            .collect()
    })
}

//! Users: the agents and administrators of an instance, and their settings. A user's body is
//! the model's User (its password is kept apart, as a hash: the record's secret).
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::ops::predefined_attributes::{self, StoredAttribute};
use crate::service::{body, Ctx};
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod associate_user_proficiencies;
pub mod create_user;
pub mod delete_all_entity_sessions;
pub mod delete_user;
pub mod describe_user;
pub mod disassociate_user_proficiencies;
pub mod get_current_user_data;
pub mod list_user_proficiencies;
pub mod list_users;
pub mod put_user_status;
pub mod search_users;
pub mod update_user_config;
pub mod update_user_hierarchy;
pub mod update_user_identity_info;
pub mod update_user_phone_config;
pub mod update_user_proficiencies;
pub mod update_user_routing_profile;
pub mod update_user_security_profiles;

/// A user as stored: the model's User, and beside it what the User shape has no member for,
/// which DescribeUser, ListUsers and SearchUsers therefore never show: the agent status the
/// user is in (PutUserStatus; GetCurrentUserData reports it) and its proficiencies
/// (ListUserProficiencies; SearchUsers' ListCondition reads them). Reads and writes through
/// this type keep every member; a `dto::User` alone would drop the others.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredUser {
    #[serde(flatten)]
    pub user: dto::User,
    #[serde(rename = "CurrentStatus", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CurrentStatus>,
    #[serde(rename = "Proficiencies", default, skip_serializing_if = "Vec::is_empty")]
    pub proficiencies: Vec<HeldProficiency>,
    /// When and in which Region the proficiencies last changed (ListUserProficiencies).
    #[serde(rename = "ProficienciesModified", default, skip_serializing_if = "Option::is_none")]
    pub proficiencies_modified: Option<(f64, String)>,
    /// The traffic distribution group the agent is in (AssociateTrafficDistributionGroupUser),
    /// under [`TDG_MEMBER`]. A group lives in the account, outside the instance, so this is
    /// no reference the store holds: a group deleted since holds the user no more.
    #[serde(rename = "TrafficDistributionGroupId", default, skip_serializing_if = "Option::is_none")]
    pub traffic_distribution_group: Option<String>,
}

/// The member of a stored user's body that names its traffic distribution group.
pub const TDG_MEMBER: &str = "TrafficDistributionGroupId";

/// A proficiency a user holds, with the id of its predefined attribute (which the user's
/// record references, so that the attribute cannot be deleted under it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldProficiency {
    #[serde(flatten)]
    pub proficiency: dto::UserProficiency,
    #[serde(rename = "AttributeId")]
    pub attribute_id: String,
}

impl HeldProficiency {
    /// Whether both are of the same attribute and value (a user holds each pair once).
    pub fn same_pair(&self, other: &HeldProficiency) -> bool {
        (&self.proficiency.attribute_name, &self.proficiency.attribute_value) == (&other.proficiency.attribute_name, &other.proficiency.attribute_value)
    }
}

/// Changes a user's proficiencies with `f`, in the store's transaction, and notes when and
/// where (ListUserProficiencies' LastModifiedTime and LastModifiedRegion).
pub async fn change_proficiencies(
    ctx: &Ctx,
    instance: &str,
    user: &str,
    f: impl FnOnce(&mut Vec<HeldProficiency>) -> Result<(), ApiError> + Send + 'static,
) -> Result<(), ApiError> {
    let instance = ctx.instance(instance).await?;
    let (now, region) = (ctx.now, ctx.region().to_string());
    crate::ops::crud::update_refs(ctx, &instance, user, move |u: &mut StoredUser| {
        f(&mut u.proficiencies)?;
        u.proficiencies_modified = Some((now, region));
        Ok(())
    })
    .await
}

/// The proficiencies of an Associate/UpdateUserProficiencies request, checked: each pair
/// once, a whole level ("The valid values are 1, 2, 3, 4 and 5"; the model checks 1.0–5.0),
/// an attribute of the instance and one of its values ("You must use name of predefined
/// attribute present in the instance", "value of predefined attribute").
pub async fn proficiencies_checked(ctx: &Ctx, instance: &str, given: Vec<dto::UserProficiency>) -> Result<Vec<HeldProficiency>, ApiError> {
    let mut out: Vec<HeldProficiency> = Vec::new();
    for proficiency in given {
        let (name, value) = (&proficiency.attribute_name, &proficiency.attribute_value);
        if proficiency.level.fract() != 0.0 {
            return Err(ApiError::invalid_parameter(format!("The level of proficiency {name}:{value} must be 1, 2, 3, 4 or 5")));
        }
        let Some(rec) = predefined_attributes::find_optional(ctx, instance, name).await? else {
            return Err(ApiError::invalid_parameter(format!("Predefined attribute '{name}' does not exist in instance {instance}")));
        };
        let attribute: StoredAttribute = body(&rec)?;
        if !attribute.values().contains(value) {
            return Err(ApiError::invalid_parameter(format!("'{value}' is not a value of predefined attribute '{name}'")));
        }
        if out.iter().any(|p| (&p.proficiency.attribute_name, &p.proficiency.attribute_value) == (name, value)) {
            return Err(ApiError::invalid_parameter(format!("The proficiency {name}:{value} is listed more than once")));
        }
        out.push(HeldProficiency { attribute_id: attribute.id, proficiency });
    }
    Ok(out)
}

/// The status a user was put in, and since when (epoch seconds). Without one the user is
/// in the instance's Offline status, as a new agent is until first put in another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentStatus {
    #[serde(rename = "AgentStatusId")]
    pub id: String,
    #[serde(rename = "StartTimestamp")]
    pub since: f64,
}

impl std::ops::Deref for StoredUser {
    type Target = dto::User;
    fn deref(&self) -> &dto::User {
        &self.user
    }
}

impl std::ops::DerefMut for StoredUser {
    fn deref_mut(&mut self) -> &mut dto::User {
        &mut self.user
    }
}

impl Stored for StoredUser {
    const KIND: Kind = Kind::User;

    /// The user's references (`user_refs`), its current agent status and the predefined
    /// attributes of its proficiencies.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let mut refs = user_refs(account, instance, &self.user);
        refs.extend(self.status.iter().map(|s| Key::in_instance(account, instance, Kind::AgentStatus, &s.id)));
        let mut attributes: Vec<&String> = self.proficiencies.iter().map(|p| &p.attribute_id).collect();
        attributes.sort();
        attributes.dedup();
        refs.extend(attributes.into_iter().map(|id| Key::in_instance(account, instance, Kind::PredefinedAttribute, id)));
        refs
    }
}

/// What a user references: its security profiles, routing profile and hierarchy group.
pub fn user_refs(account: &str, instance: &str, user: &dto::User) -> Vec<Key> {
    let key = |kind, id: &String| Key::in_instance(account, instance, kind, id);
    let mut refs: Vec<Key> = user.security_profile_ids.iter().flatten().map(|id| key(Kind::SecurityProfile, id)).collect();
    refs.extend(user.routing_profile_id.iter().map(|id| key(Kind::RoutingProfile, id)));
    refs.extend(user.hierarchy_group_id.iter().map(|id| key(Kind::HierarchyGroup, id)));
    refs
}

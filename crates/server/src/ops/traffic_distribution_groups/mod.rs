//! Traffic distribution groups (Amazon Connect Global Resiliency): a group links an instance
//! to its replica in another Region, and the agents associated with it can sign in to both.
//! A group lives in the account (its ARN is
//! `arn:aws:connect:{region}:{account}:traffic-distribution-group/{id}`, outside any
//! instance), like a phone number; its record's unique name is `{region}/{name}`, so that a
//! name is unique in the account's Region and the Region's groups are one range of names.
//! docs/rules.md, *Traffic distribution groups*, has the rules and their sources.
//!
//! A new group is CREATION_IN_PROGRESS for [`SETTLE_SECONDS`], then ACTIVE. switchboard
//! makes no replicas (ReplicateInstance is refused), so it creates a group for any instance
//! of the Region, and no group is ever the default one. An agent is in at most one group;
//! which one is kept on the user's record (`users::StoredUser`), so that deleting the user
//! takes the association along.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::ops::users::StoredUser;
use crate::service::{body, parse_arn, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod associate_traffic_distribution_group_user;
pub mod create_traffic_distribution_group;
pub mod delete_traffic_distribution_group;
pub mod describe_traffic_distribution_group;
pub mod disassociate_traffic_distribution_group_user;
pub mod list_traffic_distribution_group_users;
pub mod list_traffic_distribution_groups;

/// How long a new group stays CREATION_IN_PROGRESS, in seconds.
pub const SETTLE_SECONDS: f64 = 0.25;

/// A group as stored: the model's TrafficDistributionGroup (its Status as created), and when
/// its creation settles, and the id of its instance.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredGroup {
    #[serde(flatten)]
    pub group: dto::TrafficDistributionGroup,
    #[serde(rename = "SettlesAt", default)]
    pub settles_at: f64,
    #[serde(rename = "InstanceId", default)]
    pub instance_id: String,
    /// Set by DeleteTrafficDistributionGroup while it looks for associated agents (its
    /// mark, before it deletes): the group is PENDING_DELETION and takes no new agents.
    #[serde(rename = "DeletionPending", default, skip_serializing_if = "std::ops::Not::not")]
    pub deletion_pending: bool,
}

impl Stored for StoredGroup {
    const KIND: Kind = Kind::TrafficDistributionGroup;
}

impl StoredGroup {
    /// The group as DescribeTrafficDistributionGroup gives it: CREATION_IN_PROGRESS until
    /// its creation settles, then ACTIVE.
    pub fn view(mut self, now: f64) -> dto::TrafficDistributionGroup {
        self.group.status = Some(self.status(now));
        self.group
    }

    pub fn status(&self, now: f64) -> dto::TrafficDistributionGroupStatus {
        if self.deletion_pending {
            dto::TrafficDistributionGroupStatus::PendingDeletion
        } else if now < self.settles_at {
            dto::TrafficDistributionGroupStatus::CreationInProgress
        } else {
            dto::TrafficDistributionGroupStatus::Active
        }
    }

    pub fn id(&self) -> &str {
        self.group.id.as_deref().unwrap_or_default()
    }
}

pub fn key(ctx: &Ctx, id: &str) -> Key {
    Key::in_account(ctx.account(), Kind::TrafficDistributionGroup, id)
}

/// The record's unique name: the Region, then the group's name.
pub fn record_name(region: &str, name: &str) -> String {
    format!("{region}/{name}")
}

/// A group of the caller's account and Region, by id or ARN, or ResourceNotFoundException
/// (also for a group whose instance has been deleted: it went with it).
pub async fn group(ctx: &Ctx, id_or_arn: &str) -> Result<(Record, StoredGroup), ApiError> {
    let not_found = || ApiError::not_found(format!("Traffic distribution group {id_or_arn} does not exist"));
    let id = match parse_arn(id_or_arn) {
        Some(arn) if arn.kind == Kind::TrafficDistributionGroup && arn.account == ctx.account() && arn.region == ctx.region() => arn.id,
        Some(_) => return Err(not_found()),
        None if id_or_arn.starts_with("arn:") => return Err(not_found()),
        None => id_or_arn.to_string(),
    };
    let rec = ctx.store.get(&key(ctx, &id)).await?.ok_or_else(not_found)?;
    let stored: StoredGroup = body(&rec)?;
    if stored.group.arn.as_deref().and_then(|a| a.split(':').nth(3)) != Some(ctx.region())
        || (id_or_arn.starts_with("arn:") && stored.group.arn.as_deref() != Some(id_or_arn))
    {
        return Err(not_found());
    }
    ctx.instance(&stored.instance_id).await.map_err(|_| not_found())?;
    Ok((rec, stored))
}

/// The instance id of a request's InstanceId, which may also be the instance's ARN (the
/// model's ACGRInstanceIdOrArn).
pub fn instance_id(id_or_arn: &str) -> &str {
    id_or_arn.rsplit_once(":instance/").map_or(id_or_arn, |(_, id)| id)
}

/// A user of the instance, by id or ARN (the TrafficDistributionGroup user operations take
/// either), or ResourceNotFoundException.
pub async fn user(ctx: &Ctx, instance: &str, id_or_arn: &str) -> Result<(Record, StoredUser), ApiError> {
    let not_found = || ApiError::not_found(format!("User {id_or_arn} does not exist in instance {instance}"));
    let id = match parse_arn(id_or_arn) {
        Some(arn) if arn.kind == Kind::User && arn.instance == instance && arn.account == ctx.account() && arn.region == ctx.region() => arn.id,
        Some(_) => return Err(not_found()),
        None => id_or_arn.to_string(),
    };
    let rec = ctx.store.get(&ctx.key(instance, Kind::User, &id)).await?.ok_or_else(not_found)?;
    if id_or_arn.starts_with("arn:") && rec.body.get("Arn").and_then(|a| a.as_str()) != Some(id_or_arn) {
        return Err(not_found());
    }
    let user = body(&rec)?;
    Ok((rec, user))
}

/// The group `request_instance` (a request's InstanceId) must be the instance of: the
/// agent of another instance cannot be in it.
pub fn check_instance(group: &StoredGroup, request_instance: &str) -> Result<(), ApiError> {
    if instance_id(request_instance) != group.instance_id {
        return Err(ApiError::invalid_request(format!(
            "Traffic distribution group {} is not a group of instance {request_instance}",
            group.id()
        )));
    }
    Ok(())
}

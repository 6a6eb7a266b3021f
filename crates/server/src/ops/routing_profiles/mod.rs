//! Routing profiles: the queues and channels a user's contacts come from. A profile
//! references its queues (each (queue, channel) config and the default outbound queue), so
//! they cannot be deleted under it; what it counts (queues, users) is computed, never kept.
use crate::error::ApiError;
use crate::ops::crud::{self, Stored};
use crate::service::Ctx;
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use switchboard_model::dto;

pub mod associate_routing_profile_queues;
pub mod create_routing_profile;
pub mod delete_routing_profile;
pub mod describe_routing_profile;
pub mod disassociate_routing_profile_queues;
pub mod list_routing_profile_manual_assignment_queues;
pub mod list_routing_profile_queues;
pub mod list_routing_profiles;
pub mod search_routing_profiles;
pub mod update_routing_profile_agent_availability_timer;
pub mod update_routing_profile_concurrency;
pub mod update_routing_profile_default_outbound_queue;
pub mod update_routing_profile_name;
pub mod update_routing_profile_queues;

/// A routing profile as stored: the model's RoutingProfile plus the per-channel queue
/// configurations ListRoutingProfileQueues returns. AssociatedQueueIds and the counts are
/// derived from them by [`StoredRoutingProfile::normalize`] after every change.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredRoutingProfile {
    #[serde(flatten)]
    pub profile: dto::RoutingProfile,
    #[serde(rename = "QueueConfigs", default)]
    pub queue_configs: Vec<dto::RoutingProfileQueueConfig>,
    #[serde(rename = "ManualAssignmentQueueConfigs", default)]
    pub manual_configs: Vec<dto::RoutingProfileManualAssignmentQueueConfig>,
}

impl StoredRoutingProfile {
    /// Recomputes the derived members: associated queue ids (each once, in first-seen
    /// order) and their counts.
    pub fn normalize(&mut self) {
        fn distinct<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            ids.filter(|id| seen.insert(*id)).cloned().collect()
        }
        let queues = distinct(self.queue_configs.iter().map(|c| &c.queue_reference.queue_id));
        let manual = distinct(self.manual_configs.iter().map(|c| &c.queue_reference.queue_id));
        self.profile.number_of_associated_queues = Some(queues.len() as i64);
        self.profile.associated_queue_ids = Some(queues);
        self.profile.number_of_associated_manual_assignment_queues = Some(manual.len() as i64);
        self.profile.associated_manual_assignment_queue_ids = Some(manual);
    }

    /// Adds queue configs; a (queue, channel) pair already present takes the new priority
    /// and delay.
    pub fn associate(&mut self, configs: Vec<dto::RoutingProfileQueueConfig>, manual: Vec<dto::RoutingProfileManualAssignmentQueueConfig>) {
        for c in configs {
            self.queue_configs.retain(|old| old.queue_reference != c.queue_reference);
            self.queue_configs.push(c);
        }
        for c in manual {
            self.manual_configs.retain(|old| old.queue_reference != c.queue_reference);
            self.manual_configs.push(c);
        }
        self.normalize();
    }
}

impl Stored for StoredRoutingProfile {
    const KIND: Kind = Kind::RoutingProfile;

    /// A profile references its default outbound queue and every queue in its configs.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let mut ids: Vec<&String> = self.profile.default_outbound_queue_id.iter().collect();
        ids.extend(self.queue_configs.iter().map(|c| &c.queue_reference.queue_id));
        ids.extend(self.manual_configs.iter().map(|c| &c.queue_reference.queue_id));
        ids.sort();
        ids.dedup();
        ids.into_iter().map(|id| Key::in_instance(account, instance, Kind::Queue, id)).collect()
    }
}

/// A (queue, channel) pair given twice in one request is refused.
pub fn no_repeated_pairs<'a>(refs: impl Iterator<Item = &'a dto::RoutingProfileQueueReference>) -> Result<(), ApiError> {
    let mut seen = std::collections::HashSet::new();
    for r in refs {
        if !seen.insert((r.queue_id.clone(), r.channel)) {
            return Err(ApiError::invalid_parameter(format!("Queue {} is given more than once for channel {}", r.queue_id, r.channel.as_str())));
        }
    }
    Ok(())
}

/// The routing-profile updates that change queues: `f` edits the stored profile, then the
/// derived members and the references are recomputed (the store checks the queues exist).
pub async fn update_queues(ctx: &Ctx, instance: &str, id: &str, f: impl crud::Edit<StoredRoutingProfile>) -> Result<(), ApiError> {
    let instance = ctx.instance(instance).await?;
    crud::update_refs(ctx, &instance, id, move |p: &mut StoredRoutingProfile| {
        f(p)?;
        p.normalize();
        Ok(())
    })
    .await
}

/// Routing profiles as the API returns them, from their (id, stored body): the members
/// derived from the queue configs recomputed, and NumberOfAssociatedUsers counted from the
/// users' references to each profile, all of them in one store query (an index count per
/// profile, never a scan of the users), so the number is never a stored counter that drifts.
pub async fn computed(ctx: &Ctx, instance: &str, bodies: Vec<(String, Value)>) -> Result<Vec<dto::RoutingProfile>, ApiError> {
    let keys: Vec<_> = bodies.iter().map(|(id, _)| ctx.key(instance, Kind::RoutingProfile, id)).collect();
    let users = ctx.store.count_referrers(&keys, Kind::User).await?;
    bodies
        .into_iter()
        .zip(users)
        .map(|((id, body), users)| {
            let mut stored: StoredRoutingProfile =
                serde_json::from_value(body).map_err(|e| ApiError::internal(format!("stored routing profile {id} is unreadable: {e}")))?;
            stored.normalize();
            stored.profile.number_of_associated_users = Some(users as i64);
            Ok(stored.profile)
        })
        .collect()
}

/// The name and ARN of each of the queues `ids` (a page of a profile's queue configs), for the
/// summaries of ListRoutingProfileQueues and ListRoutingProfileManualAssignmentQueues. The
/// profile's references keep its queues alive, so each is found.
pub async fn queue_names<'a>(ctx: &Ctx, instance: &str, ids: impl Iterator<Item = &'a String>) -> Result<HashMap<String, (String, String)>, ApiError> {
    let mut queues: HashMap<String, (String, String)> = HashMap::new();
    for id in ids {
        if !queues.contains_key(id) {
            if let Some(q) = ctx.store.get(&ctx.key(instance, Kind::Queue, id)).await? {
                let text = |m: &str| q.body.get(m).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                queues.insert(id.clone(), (text("Name"), text("QueueArn")));
            }
        }
    }
    Ok(queues)
}

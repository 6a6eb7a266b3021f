//! CreateRoutingProfile: media concurrencies, a default outbound queue, and queues per
//! channel with their priority and delay. Every queue must exist in the instance; the
//! profile references them, so they cannot be deleted under it.
use crate::error::ApiError;
use crate::service::{new_id, resource_arn, to_body, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

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

/// A profile references its default outbound queue and every queue in its configs.
pub fn routing_profile_refs(account: &str, instance: &str, p: &StoredRoutingProfile) -> Vec<Key> {
    let mut ids: Vec<&String> = p.profile.default_outbound_queue_id.iter().collect();
    ids.extend(p.queue_configs.iter().map(|c| &c.queue_reference.queue_id));
    ids.extend(p.manual_configs.iter().map(|c| &c.queue_reference.queue_id));
    ids.sort();
    ids.dedup();
    ids.into_iter().map(|id| Key::in_instance(account, instance, Kind::Queue, id)).collect()
}

pub async fn handle(ctx: &Ctx, input: dto::CreateRoutingProfileRequest) -> Result<dto::CreateRoutingProfileResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let configs = input.queue_configs.unwrap_or_default();
    let manual = input.manual_assignment_queue_configs.unwrap_or_default();
    no_repeated_pairs(configs.iter().map(|c| &c.queue_reference))?;
    no_repeated_pairs(manual.iter().map(|c| &c.queue_reference))?;
    let id = new_id();
    let arn = resource_arn(&instance, Kind::RoutingProfile, &id);
    let mut stored = StoredRoutingProfile {
        profile: dto::RoutingProfile {
            instance_id: Some(input.instance_id.clone()),
            routing_profile_id: Some(id.clone()),
            routing_profile_arn: Some(arn.clone()),
            name: Some(input.name.clone()),
            description: Some(input.description),
            media_concurrencies: Some(input.media_concurrencies),
            default_outbound_queue_id: Some(input.default_outbound_queue_id),
            agent_availability_timer: input.agent_availability_timer,
            is_default: Some(false),
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
            ..Default::default()
        },
        queue_configs: vec![],
        manual_configs: vec![],
    };
    stored.associate(configs, manual);
    ctx.store
        .insert(vec![Record {
            key: ctx.key(&input.instance_id, Kind::RoutingProfile, &id),
            name: Some(input.name),
            refs: routing_profile_refs(ctx.account(), &input.instance_id, &stored),
            body: to_body(&stored),
            secret: None,
        }])
        .await?;
    Ok(dto::CreateRoutingProfileResponse { routing_profile_id: Some(id), routing_profile_arn: Some(arn) })
}

/// The routing-profile updates that change queues: `f` edits the stored profile, then the
/// derived members and the references are recomputed (the store checks the queues exist).
pub async fn update_queues(
    ctx: &Ctx,
    instance: &str,
    id: &str,
    f: impl FnOnce(&mut StoredRoutingProfile) -> Result<(), ApiError> + Send + 'static,
) -> Result<(), ApiError> {
    ctx.instance(instance).await?;
    let (account, iid) = (ctx.account().to_string(), instance.to_string());
    ctx.update_with_refs(&ctx.key(instance, Kind::RoutingProfile, id), move |p: &StoredRoutingProfile| routing_profile_refs(&account, &iid, p), move |p: &mut StoredRoutingProfile| {
        f(p)?;
        p.normalize();
        Ok(())
    })
    .await?;
    Ok(())
}

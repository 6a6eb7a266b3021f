//! GetCurrentUserData: each user's real-time data, for the users that at most one of the
//! Queues, RoutingProfiles, Agents and UserHierarchyGroups filters selects (ids or ARNs),
//! in user id order. switchboard routes no contacts, so every user has none: no Contacts,
//! no active slots, and a ContactFilter that names contact states selects nobody. The
//! status is the one PutUserStatus set (with the time it was set), or the instance's
//! Offline status for a user never put in one. Slots come from the routing profile's
//! concurrency: all available in a ROUTABLE status, none otherwise (docs/rules.md, "Agent
//! statuses").
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::routing_profiles::StoredRoutingProfile;
use crate::service::{body, hierarchy_path_ids, parse_arn, search_scan, Ctx};
use crate::store::{Kind, Record};
use std::collections::{BTreeMap, HashMap, HashSet};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::GetCurrentUserDataRequest) -> Result<dto::GetCurrentUserDataResponse, ApiError> {
    let f = &input.filters;
    let given = [f.queues.is_some(), f.routing_profiles.is_some(), f.agents.is_some(), f.user_hierarchy_groups.is_some()];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(ApiError::invalid_request("Filters can hold at most one of Queues, RoutingProfiles, Agents and UserHierarchyGroups"));
    }
    let iid = input.instance_id.as_str();
    ctx.instance(iid).await?;
    // A filter's values as ids: an ARN of a resource of the kind in this instance stands
    // for its id; anything else is compared as given (and matches nothing if it is no id).
    let ids = |values: &Option<Vec<String>>, kind: Kind| -> Option<HashSet<String>> {
        let id_of = |v: &String| match parse_arn(v) {
            Some(a) if a.kind == kind && a.instance == iid => a.id,
            _ => v.clone(),
        };
        values.as_ref().map(|vs| vs.iter().map(id_of).collect())
    };
    let (queues, profiles, agents, groups) = (
        ids(&f.queues, Kind::Queue),
        ids(&f.routing_profiles, Kind::RoutingProfile),
        ids(&f.agents, Kind::User),
        ids(&f.user_hierarchy_groups, Kind::HierarchyGroup),
    );
    let no_contacts = f.contact_filter.as_ref().and_then(|c| c.contact_states.as_ref()).is_some_and(|s| !s.is_empty());

    // What users point at: the instance's routing profiles, statuses and groups (kinds of a
    // few hundred at most, under Connect's quotas).
    let mut routing: HashMap<String, StoredRoutingProfile> = HashMap::new();
    ctx.for_each(iid, Kind::RoutingProfile, |r| {
        routing.insert(r.key.id.clone(), body(&r)?);
        Ok(())
    })
    .await?;
    let mut statuses: Vec<dto::AgentStatus> = Vec::new();
    ctx.for_each(iid, Kind::AgentStatus, |r| {
        statuses.push(body(&r)?);
        Ok(())
    })
    .await?;
    let offline = statuses.iter().find(|s| s.r#type == Some(dto::AgentStatusType::Offline));
    let mut group_arns: HashMap<String, (Vec<String>, Option<String>)> = HashMap::new();
    ctx.for_each(iid, Kind::HierarchyGroup, |g| {
        group_arns.insert(g.key.id.clone(), (hierarchy_path_ids(&g.body), g.body.get("Arn").and_then(|a| a.as_str()).map(str::to_string)));
        Ok(())
    })
    .await?;

    // The users, a batch at a time; only the page is kept.
    let pick = |rec: Record| -> Option<dto::UserData> {
        let user: StoredUser = body(&rec).ok()?;
        let profile = user.routing_profile_id.as_ref().and_then(|id| routing.get(id));
        let path = user.hierarchy_group_id.as_ref().and_then(|g| group_arns.get(g)).map(|(p, _)| p.as_slice()).unwrap_or_default();
        let selected = !no_contacts
            && agents.as_ref().is_none_or(|a| a.contains(&rec.key.id))
            && profiles.as_ref().is_none_or(|p| user.routing_profile_id.as_ref().is_some_and(|id| p.contains(id)))
            && queues.as_ref().is_none_or(|q| profile.is_some_and(|p| p.queue_configs.iter().any(|c| q.contains(&c.queue_reference.queue_id))))
            && groups.as_ref().is_none_or(|g| path.iter().any(|id| g.contains(id)));
        if !selected {
            return None;
        }
        let (status, since) = match &user.status {
            Some(current) => (statuses.iter().find(|s| s.agent_status_id.as_ref() == Some(&current.id)), Some(current.since)),
            None => (offline, None),
        };
        let routable = status.is_some_and(|s| s.r#type == Some(dto::AgentStatusType::Routable));
        let max: BTreeMap<String, i64> = profile
            .and_then(|p| p.profile.media_concurrencies.as_ref())
            .into_iter()
            .flatten()
            .map(|m| (m.channel.as_str().to_string(), m.concurrency.unwrap_or_default()))
            .collect();
        let level = |i: usize| {
            path.get(i)
                .map(|id| dto::HierarchyGroupSummaryReference { id: Some(id.clone()), arn: group_arns.get(id).and_then(|(_, arn)| arn.clone()) })
        };
        let data = dto::UserData {
            user: Some(dto::UserReference { id: user.id.clone(), arn: user.arn.clone() }),
            routing_profile: profile
                .map(|p| dto::RoutingProfileReference { id: p.profile.routing_profile_id.clone(), arn: p.profile.routing_profile_arn.clone() }),
            hierarchy_path: (!path.is_empty()).then(|| dto::HierarchyPathReference {
                level_one: level(0),
                level_two: level(1),
                level_three: level(2),
                level_four: level(3),
                level_five: level(4),
            }),
            status: status.map(|s| dto::AgentStatusReference {
                status_start_timestamp: since,
                status_arn: s.agent_status_arn.clone(),
                status_name: s.name.clone(),
            }),
            available_slots_by_channel: Some(max.iter().map(|(c, n)| (c.clone(), if routable { *n } else { 0 })).collect()),
            active_slots_by_channel: Some(max.keys().map(|c| (c.clone(), 0)).collect()),
            max_slots_by_channel: Some(max),
            contacts: Some(Vec::new()),
            next_status: None,
        };
        Some(data)
    };
    let (list, next_token, total) = search_scan(ctx, iid, Kind::User, input.next_token.as_deref(), input.max_results, 100, pick).await?;
    Ok(dto::GetCurrentUserDataResponse { next_token, user_data_list: Some(list), approximate_total_count: Some(total) })
}

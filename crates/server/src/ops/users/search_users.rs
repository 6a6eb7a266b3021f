//! SearchUsers: Connect's search language over an instance's users (crate::search).
//!
//! Candidates come from the store in batches. When every match must have a username that
//! starts with (or equals) a given value, i.e. a top-level `Username` STARTS_WITH or EXACT
//! condition, the candidates are only the users in that range of the store's name index
//! (usernames are the users' unique names), in username order; otherwise every user of the
//! instance, in id order. The full criteria and filter are then evaluated on each candidate.
//! ApproximateTotalCount counts every match, so each page walks the whole candidate range.
use crate::error::ApiError;
use crate::rules;
use crate::search::{field_names, BodySubject, Criteria, USER_FIELDS};
use crate::service::{decode_token, encode_token, hierarchy_path_ids, to_body, Ctx};
use crate::store::{Kind, Record};
use std::collections::HashMap;
use switchboard_model::dto;

/// Candidates read from the store per query.
const BATCH: usize = 1000;

/// Hierarchy group paths kept from one batch to the next.
const PATHS_KEPT: usize = 10_000;

pub async fn handle(ctx: &Ctx, input: dto::SearchUsersRequest) -> Result<dto::SearchUsersResponse, ApiError> {
    let criteria = Criteria::parse(input.search_criteria.as_ref().map(to_body).as_ref(), &field_names(USER_FIELDS))?;
    let (tags, attributes) = match &input.search_filter {
        Some(f) => (f.tag_filter.as_ref().map(to_body), f.user_attribute_filter.as_ref().map(to_body)),
        None => (None, None),
    };
    let criteria = criteria.and(Criteria::tag_filter(tags.as_ref())?).and(Criteria::attribute_filter(attributes.as_ref())?);
    let instance = &input.instance_id;
    ctx.instance(instance).await?;

    // Hierarchy conditions need each user's group path: looked up for the groups of each
    // batch's users, and kept for a while (at most PATHS_KEPT of them).
    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    let prefix = criteria.required_prefix("username").map(|(p, _exact)| p);
    // Position keys: "n:<username>" in the name index, "i:<id>" in id order.
    let mode = if prefix.is_some() { "n:" } else { "i:" };
    let after = match input.next_token.as_deref() {
        Some(t) => Some(
            decode_token(t, Kind::User, instance)?
                .strip_prefix(mode)
                .map(str::to_string)
                .ok_or_else(|| ApiError::invalid_parameter("The NextToken is not valid for this request"))?,
        ),
        None => None,
    };
    let limit = input.max_results.unwrap_or(100).max(1) as usize;

    let mut page: Vec<dto::UserSearchSummary> = Vec::new();
    let mut last_on_page: Option<String> = None;
    let mut more = false;
    let mut total = 0i64;
    let mut cursor: Option<String> = None;
    loop {
        let batch = ctx.store.list(&ctx.list_query(instance, Kind::User, cursor.clone(), prefix.clone(), BATCH)).await?;
        let full = batch.len() == BATCH;
        if criteria.uses_groups() {
            group_paths(ctx, instance, &batch, &mut paths).await?;
        }
        for rec in batch {
            let position = if prefix.is_some() { rec.name.clone().unwrap_or_default() } else { rec.key.id.clone() };
            cursor = Some(position.clone());
            if !matches(&criteria, &rec, &paths) {
                continue;
            }
            total += 1;
            if after.as_ref().is_some_and(|a| position <= *a) {
                continue;
            }
            if page.len() < limit {
                page.push(summary(rec.body));
                last_on_page = Some(position);
            } else {
                more = true;
            }
        }
        if !full {
            break;
        }
    }
    let next_token = if more { last_on_page.map(|p| encode_token(Kind::User, instance, &format!("{mode}{p}"))) } else { None };
    Ok(dto::SearchUsersResponse { users: Some(page), next_token, approximate_total_count: Some(total) })
}

/// A user as SearchUsers shows it: its phone settings as DescribeUser gives them
/// (`rules::reconcile_phone`), except that SearchUsers returns AfterContactWorkTimeLimit in
/// milliseconds where DescribeUser gives seconds (SearchUsers documentation:
/// "AfterContactWorkTimeLimit is returned in milliseconds"). At most 2,000,000 seconds, so at
/// most 2,000,000,000 ms: within the 32-bit integer the SDKs read it into.
fn summary(mut body: serde_json::Value) -> dto::UserSearchSummary {
    rules::reconcile_user_body(&mut body);
    let mut u: dto::UserSearchSummary = serde_json::from_value(body).unwrap_or_default();
    let to_ms = |limit: &mut Option<i64>| {
        if let Some(seconds) = limit {
            *seconds *= 1000;
        }
    };
    if let Some(p) = u.phone_config.as_mut() {
        to_ms(&mut p.after_contact_work_time_limit);
    }
    for c in u.after_contact_work_configs.iter_mut().flatten() {
        to_ms(&mut c.after_contact_work_config.after_contact_work_time_limit);
        if let Some(callback) = c.agent_first_callback_after_contact_work_config.as_mut() {
            to_ms(&mut callback.after_contact_work_time_limit);
        }
    }
    u
}

/// Adds to `paths` those of the groups `users` are in (a group that does not exist has none).
async fn group_paths(ctx: &Ctx, instance: &str, users: &[Record], paths: &mut HashMap<String, Vec<String>>) -> Result<(), ApiError> {
    if paths.len() > PATHS_KEPT {
        paths.clear();
    }
    for group in users.iter().filter_map(|u| u.body.get("HierarchyGroupId").and_then(|v| v.as_str())) {
        if !paths.contains_key(group) {
            let path = ctx.store.get(&ctx.key(instance, Kind::HierarchyGroup, group)).await?.map(|g| hierarchy_path_ids(&g.body)).unwrap_or_default();
            paths.insert(group.to_string(), path);
        }
    }
    Ok(())
}

fn matches(criteria: &Criteria, rec: &Record, paths: &HashMap<String, Vec<String>>) -> bool {
    let group = rec.body.get("HierarchyGroupId").and_then(|v| v.as_str());
    let path = group.and_then(|g| paths.get(g)).map(|p| p.iter().map(String::as_str).collect()).unwrap_or_default();
    criteria.matches(&BodySubject { body: &rec.body, fields: USER_FIELDS, group, path })
}

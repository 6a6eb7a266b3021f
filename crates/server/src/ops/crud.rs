//! The plain operations every resource has, once, driven by the resource's description
//! ([`resources`](super::resources)): describe, a List* page, a Search* page, delete, and
//! create and update with the unique name and the references checked by the store in the
//! write's transaction. An operation's file calls one of these and adds only what is
//! particular to its resource.
//!
//! Functions given an instance id look the instance up first (ResourceNotFoundException).
//! Those given a `&dto::Instance` expect the operation to have looked it up already
//! (`ctx.instance`), at the point among its own checks where Connect does.
use super::resources::{resource, Resource};
use crate::error::ApiError;
use crate::search;
use crate::service::{body, decode_token, encode_token, new_id, resource_arn, search_scan, to_body, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use switchboard_model::dto;

/// A resource's stored form: the model type its record's body holds, or a wrapper that keeps
/// beside it what the shape has no room for (e.g. `queues::StoredQueue`).
pub trait Stored: Serialize + DeserializeOwned + Send + 'static {
    const KIND: Kind;

    /// The records it references in its instance: the store checks that they exist, and
    /// refuses to delete them while it does.
    fn refs(&self, _account: &str, _instance: &str) -> Vec<Key> {
        Vec::new()
    }
}

fn described(kind: Kind) -> &'static Resource {
    resource(kind).unwrap_or_else(|| panic!("{kind:?} is not a resource"))
}

/// A resource as model type `T` (DescribeQueue's `Queue`).
pub async fn describe<T: DeserializeOwned>(ctx: &Ctx, instance: &str, kind: Kind, id: &str) -> Result<T, ApiError> {
    body(&ctx.record(instance, kind, id).await?)
}

/// One page of a List* operation: the instance's resources of `kind` in id order, as
/// summaries `T` (ListQueues' `QueueSummary`), and the NextToken of the next page.
pub async fn list<T: DeserializeOwned + Default>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let described = described(kind);
    ctx.instance(instance).await?;
    let (records, next_token) = ctx.page(instance, kind, next_token, max_results, described.list_page).await?;
    Ok((records.iter().map(|r| described.summary(&r.body)).collect(), next_token))
}

/// One page of the records of `kind` in `scope` (an instance, which the caller has looked
/// up, or "" for the account's own kinds) whose unique name starts with `name_prefix` and
/// whose body passes `keep`, in name order, and the NextToken: read from the store a page at
/// a time, so that memory follows the page size, not the instance (for the Search* and List*
/// operations that filter by name prefix and a few members, e.g. SearchVocabularies).
pub async fn filtered_page(
    ctx: &Ctx,
    scope: &str,
    kind: Kind,
    name_prefix: Option<&str>,
    keep: impl Fn(&Value) -> bool,
    next_token: Option<&str>,
    max_results: Option<i64>,
    default_max: i64,
) -> Result<(Vec<Record>, Option<String>), ApiError> {
    let instance = scope;
    let mut after = next_token.map(|t| decode_token(t, kind, instance)).transpose()?;
    let limit = max_results.unwrap_or(default_max).max(1) as usize;
    let mut page = Vec::new();
    loop {
        let prefix = Some(name_prefix.unwrap_or_default().to_string());
        let batch = ctx.store.list(&ctx.list_query(instance, kind, after.clone(), prefix, limit + 1)).await?;
        let done = batch.len() <= limit;
        after = batch.last().and_then(|r| r.name.clone());
        page.extend(batch.into_iter().filter(|r| keep(&r.body)));
        if page.len() > limit {
            page.truncate(limit);
            let next = page.last().and_then(|r| r.name.as_deref()).map(|name| encode_token(kind, instance, name));
            return Ok((page, next));
        }
        if done || after.is_none() {
            return Ok((page, None));
        }
    }
}

/// One page of a Search* operation: the instance's resources of `kind` that match the
/// request's SearchCriteria (over the kind's fields) and TagFilter, in id order, as
/// (id, stored body); the NextToken; the ApproximateTotalCount. The records are read from
/// the store in batches: memory follows the page, not the instance.
pub async fn search_bodies<C: Serialize, F: Serialize>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    criteria: Option<&C>,
    tag_filter: Option<&F>,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<(String, Value)>, Option<String>, i64), ApiError> {
    let filter = search::Criteria::tag_filter(tag_filter.map(to_body).as_ref())?;
    search_filtered(ctx, instance, kind, criteria, filter, next_token, max_results).await
}

/// [`search_bodies`] with a SearchFilter already parsed (FlowAttributeFilter, say).
pub async fn search_filtered<C: Serialize>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    criteria: Option<&C>,
    filter: search::Criteria,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<(String, Value)>, Option<String>, i64), ApiError> {
    let described = described(kind);
    let criteria = search::request(criteria, described.fields)?.and(filter);
    ctx.instance(instance).await?;
    search_scan(ctx, instance, kind, next_token, max_results, described.search_page, |r| {
        criteria.matches(&search::subject(&r.body, described.fields)).then_some((r.key.id, r.body))
    })
    .await
}

/// [`search`] for a kind whose Search* operation filters on tags with an AttributeFilter
/// (a ControlPlaneAttributeFilter, e.g. SearchAgentStatuses) rather than a TagFilter.
pub async fn search_with_attribute_filter<T: DeserializeOwned + Default, C: Serialize, F: Serialize>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    criteria: Option<&C>,
    attribute_filter: Option<&F>,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>, i64), ApiError> {
    let filter = search::Criteria::attribute_filter(attribute_filter.map(to_body).as_ref())?;
    let (page, next_token, total) = search_filtered(ctx, instance, kind, criteria, filter, next_token, max_results).await?;
    Ok((page.into_iter().map(|found| search::summary(found).1).collect(), next_token, total))
}

/// [`search_bodies`], each resource as model type `T` (SearchQueues' `Queue`).
pub async fn search<T: DeserializeOwned + Default, C: Serialize, F: Serialize>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    criteria: Option<&C>,
    tag_filter: Option<&F>,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>, i64), ApiError> {
    let (page, next_token, total) = search_bodies(ctx, instance, kind, criteria, tag_filter, next_token, max_results).await?;
    Ok((page.into_iter().map(|found| search::summary(found).1).collect(), next_token, total))
}

/// Deletes a resource; one that another still references is refused with
/// ResourceInUseException naming it (`Ctx::delete`).
pub async fn delete(ctx: &Ctx, instance: &str, kind: Kind, id: &str) -> Result<(), ApiError> {
    let rec = ctx.record(instance, kind, id).await?;
    ctx.delete(&rec).await
}

/// A new resource's id, and its ARN: the instance's ARN, the kind's segment, the id.
pub fn new_resource(instance: &dto::Instance, kind: Kind) -> (String, String) {
    let id = new_id();
    let arn = resource_arn(instance, kind, &id);
    (id, arn)
}

/// The record of a new resource in `instance`: its id and unique name are the body's id and
/// name members, its references `T::refs`.
pub fn record<T: Stored>(ctx: &Ctx, instance: &dto::Instance, stored: &T) -> Record {
    let refs = stored.refs(ctx.account(), instance.id.as_deref().unwrap_or_default());
    record_of(ctx, instance, T::KIND, to_body(stored), refs)
}

/// [`record`], from a body already made.
pub fn record_of(ctx: &Ctx, instance: &dto::Instance, kind: Kind, body: Value, refs: Vec<Key>) -> Record {
    let described = described(kind);
    let member = |m: &str| body.get(m).and_then(Value::as_str).map(str::to_string);
    let id = member(described.id).unwrap_or_else(|| panic!("a new {kind:?} has no {}", described.id));
    Record { key: ctx.key(instance.id.as_deref().unwrap_or_default(), kind, &id), name: member(described.name), refs, body, secret: None }
}

/// Inserts a new resource. The store refuses, in one transaction, a name the kind already
/// has in the instance (DuplicateResourceException) and a reference to a record that does
/// not exist (InvalidParameterException).
pub async fn insert<T: Stored>(ctx: &Ctx, instance: &dto::Instance, stored: &T) -> Result<(), ApiError> {
    ctx.store.insert(vec![record(ctx, instance, stored)]).await?;
    Ok(())
}

/// A change to a resource's stored form, made inside the store's transaction; an error
/// refuses it and changes nothing.
pub trait Edit<T>: FnOnce(&mut T) -> Result<(), ApiError> + Send + 'static {}
impl<T, F: FnOnce(&mut T) -> Result<(), ApiError> + Send + 'static> Edit<T> for F {}

/// Changes a resource's stored form (`Ctx::update`); its references stay as they are.
pub async fn update<T: Stored>(ctx: &Ctx, instance: &dto::Instance, id: &str, f: impl Edit<T>) -> Result<(), ApiError> {
    ctx.update(&ctx.key(instance.id.as_deref().unwrap_or_default(), T::KIND, id), f).await?;
    Ok(())
}

/// [`update`], for a change that may touch what the resource references: its references are
/// recomputed from the new body (`T::refs`) and the store checks that they exist.
pub async fn update_refs<T: Stored>(ctx: &Ctx, instance: &dto::Instance, id: &str, f: impl Edit<T>) -> Result<(), ApiError> {
    let (account, instance) = (ctx.account().to_string(), instance.id.clone().unwrap_or_default());
    ctx.update_with_refs(&ctx.key(&instance, T::KIND, id), move |t: &T| t.refs(&account, &instance), f).await?;
    Ok(())
}

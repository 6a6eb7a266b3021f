//! What every operation works with: the caller, the clock, the store, and the lookups and
//! conversions that operations share (instances, ARNs, pages, passwords).
use crate::auth::Principal;
use crate::error::ApiError;
use crate::store::{Key, Kind, ListQuery, Record, Store, StoreError};
use base64::Engine;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::sync::Arc;
use switchboard_model::dto;

/// One request's context.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub principal: Principal,
    /// Request time in epoch seconds (millisecond precision), used for LastModifiedTime.
    pub now: f64,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Duplicate { .. } => ApiError::duplicate(e.to_string()),
            StoreError::MissingRef(ref key) => {
                ApiError::invalid_parameter(format!("{} {} does not exist in instance {}", key.kind.label(), key.id, key.instance))
            }
            StoreError::NotFound(_) => ApiError::not_found(e.to_string()),
            // Without the record at hand its ARN is unknown: deletes go through
            // [`Ctx::delete`], which names it.
            StoreError::InUse { ref key, .. } => ApiError::in_use(e.to_string(), resource_type(key.kind), None),
            StoreError::Rejected(api) => api,
            // Only restoring a snapshot can meet this; no operation does.
            StoreError::NotEmpty => ApiError::internal(e.to_string()),
            StoreError::Backend(detail) | StoreError::Transient { detail, .. } => {
                tracing::error!(%detail, "store failure");
                ApiError::internal("The service encountered an internal error. Try again later.")
            }
        }
    }
}

/// ResourceInUseException's `ResourceType` for a kind of record (its description's).
pub fn resource_type(kind: Kind) -> &'static str {
    // Nothing references a client token or an association, so none is ever in use.
    crate::ops::resources::resource(kind).map_or("CLIENT_TOKEN", |r| r.resource_type)
}

/// A stored record's own ARN (its body keeps it under the member its description names).
pub fn record_arn(rec: &Record) -> Option<&str> {
    crate::ops::resources::resource(rec.key.kind)?.arn_of(&rec.body)
}

pub fn now_epoch_seconds() -> f64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    (d.as_millis() as f64) / 1000.0
}

/// A record's body as the model type it stores.
pub fn body<T: DeserializeOwned>(rec: &Record) -> Result<T, ApiError> {
    serde_json::from_value(rec.body.clone()).map_err(|e| ApiError::internal(format!("stored record {} is unreadable: {e}", rec.key.id)))
}

pub fn to_body<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("model types serialize")
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Ctx {
    pub fn account(&self) -> &str {
        &self.principal.account_id
    }

    pub fn region(&self) -> &str {
        &self.principal.region
    }

    pub fn instance_key(&self, id: &str) -> Key {
        Key::instance(self.account(), id)
    }

    pub fn key(&self, instance: &str, kind: Kind, id: &str) -> Key {
        Key::in_instance(self.account(), instance, kind, id)
    }

    /// The instance, or ResourceNotFoundException. An instance lives in the Region that
    /// created it (its ARN's): from any other Region it does not exist, and neither does
    /// anything in it, since every lookup in an instance starts here (docs/rules.md,
    /// "Regions").
    pub async fn instance(&self, id: &str) -> Result<dto::Instance, ApiError> {
        body(&self.instance_record(id).await?)
    }

    /// [`Ctx::instance`], as the stored record (whose body also keeps what the Instance
    /// shape has no room for: its hierarchy structure, its attributes).
    pub async fn instance_record(&self, id: &str) -> Result<Record, ApiError> {
        match self.store.get(&self.instance_key(id)).await? {
            Some(rec) if crate::store::arn_region(&rec.body) == Some(self.region()) => Ok(rec),
            _ => Err(ApiError::not_found(format!("Instance {id} does not exist"))),
        }
    }

    /// A record of an instance (after checking the instance exists), or ResourceNotFoundException.
    pub async fn record(&self, instance: &str, kind: Kind, id: &str) -> Result<Record, ApiError> {
        self.instance(instance).await?;
        self.store
            .get(&self.key(instance, kind, id))
            .await?
            .ok_or_else(|| ApiError::not_found(format!("{} {id} does not exist in instance {instance}", kind.label())))
    }

    /// Deletes a record. One that another still references is refused with
    /// ResourceInUseException naming it (`ResourceType`, and its ARN as `ResourceId`).
    pub async fn delete(&self, rec: &Record) -> Result<(), ApiError> {
        self.store.delete(&rec.key).await.map_err(|e| match e {
            StoreError::InUse { .. } => ApiError::in_use(e.to_string(), resource_type(rec.key.kind), record_arn(rec)),
            other => other.into(),
        })
    }

    /// Applies `f` to a record's body (as model type `T`) inside the store's transaction,
    /// then stamps LastModifiedTime/LastModifiedRegion where the body has them. The record's
    /// references are kept.
    pub async fn update<T>(&self, key: &Key, f: impl FnOnce(&mut T) -> Result<(), ApiError> + Send + 'static) -> Result<T, ApiError>
    where
        T: DeserializeOwned + Serialize + Send + 'static,
    {
        self.update_record(key, move |value: &mut T, _meta: &mut RecordMeta| f(value)).await
    }

    /// [`Ctx::update`], with the record's references recomputed from the new body by `refs`
    /// (the store checks they exist).
    pub async fn update_with_refs<T>(
        &self,
        key: &Key,
        refs: impl FnOnce(&T) -> Vec<Key> + Send + 'static,
        f: impl FnOnce(&mut T) -> Result<(), ApiError> + Send + 'static,
    ) -> Result<T, ApiError>
    where
        T: DeserializeOwned + Serialize + Send + 'static,
    {
        self.update_record(key, move |value: &mut T, meta: &mut RecordMeta| {
            f(value)?;
            meta.refs = refs(value);
            Ok(())
        })
        .await
    }

    /// The most general update: `f` changes the body (as `T`) and may change the record's
    /// unique name and references (the store checks both in the same transaction).
    pub async fn update_record<T>(
        &self,
        key: &Key,
        f: impl FnOnce(&mut T, &mut RecordMeta) -> Result<(), ApiError> + Send + 'static,
    ) -> Result<T, ApiError>
    where
        T: DeserializeOwned + Serialize + Send + 'static,
    {
        let (now, region) = (self.now, self.region().to_string());
        let rec = self
            .store
            .update(
                key,
                Box::new(move |rec| {
                    let mut value: T = body(rec)?;
                    let mut meta = RecordMeta { name: rec.name.take(), refs: std::mem::take(&mut rec.refs) };
                    let outcome = f(&mut value, &mut meta);
                    rec.name = meta.name;
                    rec.refs = meta.refs;
                    outcome?;
                    rec.body = to_body(&value);
                    if rec.body.get("LastModifiedTime").is_some() {
                        rec.body["LastModifiedTime"] = now.into();
                        rec.body["LastModifiedRegion"] = region.into();
                    }
                    Ok(())
                }),
            )
            .await?;
        body(&rec)
    }

    /// The Update*Name operations: a new unique name (the store refuses a duplicate with
    /// DuplicateResourceException) and/or a new description, for resources whose body keeps
    /// the name in their description's name member and the description in `Description`.
    /// Connect requires at least one of the two.
    pub async fn rename(&self, instance: &str, kind: Kind, id: &str, name: Option<String>, description: Option<String>) -> Result<(), ApiError> {
        if name.is_none() && description.is_none() {
            return Err(ApiError::invalid_request("Either Name or Description must be provided"));
        }
        self.update_metadata(instance, kind, id, name, description, None).await?;
        Ok(())
    }

    /// [`Ctx::rename`] without its requirement, and with one more body member set in the same
    /// write when `more` holds a value (the Update*Metadata operations: a flow's `State`,
    /// say). Returns the new body.
    pub async fn update_metadata(
        &self,
        instance: &str,
        kind: Kind,
        id: &str,
        name: Option<String>,
        description: Option<String>,
        more: Option<(&'static str, serde_json::Value)>,
    ) -> Result<serde_json::Value, ApiError> {
        self.instance(instance).await?;
        let member = crate::ops::resources::resource(kind).map_or("Name", |r| r.name);
        self.update_record(&self.key(instance, kind, id), move |b: &mut serde_json::Value, meta: &mut RecordMeta| {
            if let Some(name) = name {
                b[member] = name.clone().into();
                meta.name = Some(name);
            }
            if let Some(description) = description {
                b["Description"] = description.into();
            }
            if let Some((member, value)) = more {
                b[member] = value;
            }
            Ok(())
        })
        .await
    }

    /// Every record of `kind` in `instance`, in id order, a batch at a time: memory follows
    /// the batch, not the instance.
    pub fn scan<'a>(&'a self, instance: &'a str, kind: Kind) -> Scan<'a> {
        Scan { ctx: self, instance, kind, after: None, done: false }
    }

    /// Calls `f` on every record of `kind` in `instance`, in id order, read a batch at a time
    /// ([`Scan`]): what `f` keeps is what stays in memory.
    pub async fn for_each(&self, instance: &str, kind: Kind, mut f: impl FnMut(Record) -> Result<(), ApiError>) -> Result<(), ApiError> {
        let mut scan = self.scan(instance, kind);
        while let Some(batch) = scan.next().await? {
            batch.into_iter().try_for_each(&mut f)?;
        }
        Ok(())
    }

    /// The checks the store makes when it inserts `rec` (its name is free, what it references
    /// exists), made ahead of expensive work that a refusal would waste. The insert checks
    /// again in its transaction: this only refuses early, with the same errors.
    pub async fn check_insertable(&self, rec: &Record) -> Result<(), ApiError> {
        rec.check_storable()?;
        if let Some(name) = &rec.name {
            let query = ListQuery { name_prefix: Some(name.clone()), ..self.list_query(&rec.key.instance, rec.key.kind, None, None, 1) };
            if self.store.list(&query).await?.iter().any(|r| r.name.as_ref() == Some(name) && r.key.id != rec.key.id) {
                return Err(StoreError::Duplicate { kind: rec.key.kind, name: name.clone() }.into());
            }
        }
        for (key, missing) in rec.requirements() {
            if self.store.get(&key).await?.is_none() {
                return Err(missing.into());
            }
        }
        Ok(())
    }

    pub fn list_query(&self, instance: &str, kind: Kind, after: Option<String>, name_prefix: Option<String>, limit: usize) -> ListQuery {
        ListQuery { account: self.account().to_string(), instance: instance.to_string(), kind, after, name_prefix, limit }
    }

    /// One page of `kind` records in `instance`, in id order, with the NextToken for the
    /// next one.
    pub async fn page(
        &self,
        instance: &str,
        kind: Kind,
        next_token: Option<&str>,
        max_results: Option<i64>,
        default_max: i64,
    ) -> Result<(Vec<Record>, Option<String>), ApiError> {
        self.page_of(instance, kind, None, next_token, max_results, default_max).await
    }

    /// [`Ctx::page`], or with `name_prefix` in name order over the records whose name starts
    /// with it (`Some("")`: every record that has a name).
    pub async fn page_of(
        &self,
        instance: &str,
        kind: Kind,
        name_prefix: Option<String>,
        next_token: Option<&str>,
        max_results: Option<i64>,
        default_max: i64,
    ) -> Result<(Vec<Record>, Option<String>), ApiError> {
        let by_name = name_prefix.is_some();
        let after = next_token.map(|t| decode_token(t, kind, instance)).transpose()?;
        let limit = max_results.unwrap_or(default_max).max(1) as usize;
        let mut records = self.store.list(&self.list_query(instance, kind, after, name_prefix, limit + 1)).await?;
        let next = if records.len() > limit {
            records.truncate(limit);
            records.last().map(|r| encode_token(kind, instance, if by_name { r.name.as_deref().unwrap_or_default() } else { &r.key.id }))
        } else {
            None
        };
        Ok((records, next))
    }

    /// The record of `kind` in `instance` whose unique name is `name`, if there is one.
    pub async fn named(&self, instance: &str, kind: Kind, name: &str) -> Result<Option<Record>, ApiError> {
        let found = self.store.list(&self.list_query(instance, kind, None, Some(name.to_string()), 1)).await?;
        Ok(found.into_iter().find(|r| r.name.as_deref() == Some(name)))
    }
}

/// Records read from the store in batches ([`Ctx::scan`]).
pub struct Scan<'a> {
    ctx: &'a Ctx,
    instance: &'a str,
    kind: Kind,
    after: Option<String>,
    done: bool,
}

impl Scan<'_> {
    /// Records read per query.
    pub const BATCH: usize = 1000;

    /// The next batch, or None after the last.
    pub async fn next(&mut self) -> Result<Option<Vec<Record>>, ApiError> {
        if self.done {
            return Ok(None);
        }
        let batch = self.ctx.store.list(&self.ctx.list_query(self.instance, self.kind, self.after.take(), None, Self::BATCH)).await?;
        self.done = batch.len() < Self::BATCH;
        self.after = batch.last().map(|r| r.key.id.clone());
        Ok(Some(batch))
    }
}

/// What an update may change besides the body: the unique name and the references.
pub struct RecordMeta {
    pub name: Option<String>,
    pub refs: Vec<Key>,
}

/// One page of results held in memory (the entries of one record, e.g. a routing profile's
/// queues): `matches` in their order (each with its position key, e.g.
/// its id), those after the NextToken's key, at most `max_results` (default `default_max`).
/// Returns the page, the next NextToken and the ApproximateTotalCount (all matches).
pub fn search_page<T>(
    kind: Kind,
    instance: &str,
    matches: Vec<(String, T)>,
    next_token: Option<&str>,
    max_results: Option<i64>,
    default_max: i64,
) -> Result<(Vec<T>, Option<String>, i64), ApiError> {
    let total = matches.len() as i64;
    let after = next_token.map(|t| decode_token(t, kind, instance)).transpose()?;
    let limit = max_results.unwrap_or(default_max).max(1) as usize;
    let mut page: Vec<(String, T)> = matches.into_iter().filter(|(k, _)| after.as_ref().is_none_or(|a| k > a)).take(limit + 1).collect();
    let next = if page.len() > limit {
        page.truncate(limit);
        page.last().map(|(k, _)| encode_token(kind, instance, k))
    } else {
        None
    };
    Ok((page.into_iter().map(|(_, t)| t).collect(), next, total))
}

/// One page of a search over every record of `kind` in an instance, read from the store a
/// batch at a time: `pick` turns a record into a result, or None if it does not match. The
/// results after the NextToken's id, at most `max_results` (default `default_max`), in id
/// order; the next NextToken; the ApproximateTotalCount (all matches). Memory follows the
/// page and the batch, never the instance.
pub async fn search_scan<T>(
    ctx: &Ctx,
    instance: &str,
    kind: Kind,
    next_token: Option<&str>,
    max_results: Option<i64>,
    default_max: i64,
    mut pick: impl FnMut(Record) -> Option<T>,
) -> Result<(Vec<T>, Option<String>, i64), ApiError> {
    let after = next_token.map(|t| decode_token(t, kind, instance)).transpose()?;
    let limit = max_results.unwrap_or(default_max).max(1) as usize;
    let (mut page, mut last, mut more, mut total) = (Vec::new(), None, false, 0i64);
    let mut scan = ctx.scan(instance, kind);
    while let Some(batch) = scan.next().await? {
        for rec in batch {
            let id = rec.key.id.clone();
            let Some(found) = pick(rec) else { continue };
            total += 1;
            if after.as_ref().is_some_and(|a| id <= *a) {
                continue;
            }
            if page.len() < limit {
                page.push(found);
                last = Some(id);
            } else {
                more = true;
            }
        }
    }
    let next = if more { last.map(|id| encode_token(kind, instance, &id)) } else { None };
    Ok((page, next, total))
}

/// NextToken contents. Opaque to clients; bound to the listing it came from.
#[derive(Serialize, Deserialize)]
struct Token {
    k: String,
    i: String,
    a: String,
}

pub(crate) fn encode_token(kind: Kind, instance: &str, after: &str) -> String {
    let json = serde_json::to_vec(&Token { k: kind.as_str().into(), i: instance.into(), a: after.into() }).expect("token serializes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

pub(crate) fn decode_token(token: &str, kind: Kind, instance: &str) -> Result<String, ApiError> {
    let invalid = || ApiError::invalid_parameter("The NextToken is not valid for this request");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let t: Token = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if t.k != kind.as_str() || t.i != instance {
        return Err(invalid());
    }
    Ok(t.a)
}

/// `arn:aws:connect:{region}:{account}:instance/{id}`
pub fn instance_arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:aws:connect:{region}:{account}:instance/{id}")
}

/// `{instance ARN}/{resource type}/{id}`
pub fn resource_arn(instance: &dto::Instance, kind: Kind, id: &str) -> String {
    format!("{}/{}/{id}", instance.arn.as_deref().unwrap_or_default(), kind.as_str())
}

/// A Connect ARN taken apart.
#[derive(Debug, PartialEq, Eq)]
pub struct ParsedArn {
    pub region: String,
    pub account: String,
    pub instance: String,
    pub kind: Kind,
    pub id: String,
}

pub fn parse_arn(arn: &str) -> Option<ParsedArn> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("connect"), Some(region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let segments: Vec<&str> = resource.split('/').collect();
    let (instance, kind, id) = match segments.as_slice() {
        ["instance", instance] => (*instance, Kind::Instance, *instance),
        ["instance", instance, kind, id] => (*instance, Kind::parse(kind).filter(|k| k.in_instance() && crate::ops::resources::resource(*k).is_some())?, *id),
        ["phone-number", id] => ("", Kind::PhoneNumber, *id),
        ["traffic-distribution-group", id] => ("", Kind::TrafficDistributionGroup, *id),
        _ => return None,
    };
    if (instance.is_empty() && kind.in_instance()) || id.is_empty() {
        return None;
    }
    Some(ParsedArn { region: region.into(), account: account.into(), instance: instance.into(), kind, id: id.into() })
}

/// The five levels of a user hierarchy, as HierarchyPath and HierarchyStructure name them.
pub const HIERARCHY_LEVELS: [&str; 5] = ["LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"];

/// Where an instance record keeps its hierarchy structure (a HierarchyStructure; absent
/// until UpdateUserHierarchyStructure first sets it).
pub const HIERARCHY_STRUCTURE: &str = "HierarchyStructure";

/// The ids of a stored hierarchy group's path, from level one down to the group itself.
/// Groups never move, so the ids in a stored path stay right; names may change (see
/// [`refresh_hierarchy_path`]).
pub fn hierarchy_path_ids(group: &serde_json::Value) -> Vec<String> {
    HIERARCHY_LEVELS
        .iter()
        .filter_map(|level| group.get("HierarchyPath")?.get(level)?.get("Id")?.as_str().map(str::to_string))
        .collect()
}

/// Rewrites a stored group's HierarchyPath from the current state of the groups on it
/// (their names change with UpdateUserHierarchyGroupName). `lookup` gives a group's body.
pub fn refresh_hierarchy_path(group: &mut serde_json::Value, lookup: impl Fn(&str) -> Option<serde_json::Value>) {
    let ids = hierarchy_path_ids(group);
    let mut path = serde_json::Map::new();
    for (level, id) in HIERARCHY_LEVELS.iter().zip(&ids) {
        let current = if group.get("Id").and_then(|v| v.as_str()) == Some(id.as_str()) { Some(group.clone()) } else { lookup(id) };
        if let Some(g) = current {
            let summary: serde_json::Map<String, serde_json::Value> = ["Id", "Arn", "Name", "LastModifiedTime", "LastModifiedRegion"]
                .iter()
                .filter_map(|m| g.get(*m).map(|v| (m.to_string(), v.clone())))
                .collect();
            path.insert(level.to_string(), summary.into());
        }
    }
    group["HierarchyPath"] = path.into();
}

/// Password hashes computed at once: argon2 takes about 19 MiB and a core's worth of time
/// per hash, so at most one per core (and at most 4); the rest wait their turn, at most
/// [`crate::limits::DEFAULT_WAIT`], then are throttled.
fn hashing() -> &'static crate::limits::Gate {
    static GATE: std::sync::OnceLock<crate::limits::Gate> = std::sync::OnceLock::new();
    GATE.get_or_init(|| crate::limits::Gate::new("password hashing", crate::limits::cores(4), crate::limits::DEFAULT_WAIT))
}

/// Niceness of the hashing threads: below the request threads (the scheduler gives a nice-5
/// thread about a third of a nice-0 thread's share of a busy core), so that a request
/// without a password does not wait behind hashes for a core. Not the lowest priority (19):
/// on a machine busy with other processes, that left hashes almost no CPU (beside a build,
/// CreateUser with a password on 4 connections fell to 0–3 a second, p50 0.9–5 s).
const HASHING_NICENESS: i32 = 5;

/// The threads that hash passwords: as many as the gate admits hashes at once, each at
/// [`HASHING_NICENESS`], each keeping argon2's working memory for its next hash (allocated
/// afresh, it would stay with the allocator's per-thread arenas once freed).
fn hashing_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(crate::limits::cores(4))
            .thread_name(|i| format!("password-hash-{i}"))
            .start_handler(|_| {
                // Linux: the nice value is per thread; `who` 0 is the calling thread.
                // SAFETY: setpriority only reads its integer arguments.
                if unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, HASHING_NICENESS) } != 0 {
                    tracing::warn!(error = %std::io::Error::last_os_error(), "cannot lower the priority of a password-hashing thread");
                }
            })
            // A job that panics drops its sender: its request fails with an internal error.
            // (Without a handler, rayon aborts the process.)
            .panic_handler(|_| tracing::error!("a password hash panicked"))
            .build()
            .expect("the password-hashing threads start")
    })
}

thread_local! {
    static HASH_MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How passwords are hashed (`serve --password-hashing`): always argon2id with a salt of its
/// own, the parameters recorded in the stored PHC string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasswordHashing {
    /// argon2's defaults (m=19456 KiB, t=2, p=1), OWASP's recommended minimum.
    #[default]
    Standard,
    /// m=1024 KiB, t=1, p=1: about a hundredth of the work, for throwaway test servers whose
    /// passwords protect nothing.
    Fast,
}

impl std::str::FromStr for PasswordHashing {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "standard" => Ok(PasswordHashing::Standard),
            "fast" => Ok(PasswordHashing::Fast),
            other => Err(format!("{other:?} is not standard or fast")),
        }
    }
}

impl PasswordHashing {
    fn params(self) -> argon2::Params {
        match self {
            PasswordHashing::Standard => argon2::Params::default(),
            PasswordHashing::Fast => argon2::Params::new(1024, 1, 1, None).expect("valid argon2 parameters"),
        }
    }
}

static PASSWORD_HASHING: std::sync::OnceLock<PasswordHashing> = std::sync::OnceLock::new();

/// Sets how this process hashes passwords, once, before it serves (later calls change nothing).
pub fn set_password_hashing(hashing: PasswordHashing) {
    let _ = PASSWORD_HASHING.set(hashing);
}

/// Passwords are kept only as argon2id hashes (PHC strings with their own salt and their
/// parameters, [`PasswordHashing`]). Callers make every check that could refuse the request
/// first: hashing is the expensive part.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    let _permit = hashing().enter().await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    hashing_pool().spawn(move || {
        let _ = tx.send(hash_now(&password));
    });
    rx.await
        .map_err(|_| ApiError::internal("a password-hashing thread stopped"))?
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))
}

/// Hashes `password` on the calling thread, with that thread's kept working memory.
fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
    let params = PASSWORD_HASHING.get().copied().unwrap_or_default().params();
    let argon = argon2::Argon2::from(&params);
    let salt = SaltString::generate(&mut OsRng);
    let mut raw_salt = [0u8; 64];
    let raw_salt = salt.as_salt().decode_b64(&mut raw_salt)?;
    let output = HASH_MEMORY.with_borrow_mut(|memory| {
        memory.resize(params.block_count(), argon2::Block::default());
        Output::init_with(params.output_len().unwrap_or(argon2::Params::DEFAULT_OUTPUT_LEN), |out| {
            Ok(argon.hash_password_into_with_memory(password.as_bytes(), raw_salt, out, memory)?)
        })
    })?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::default().ident(),
        version: Some(argon2::Version::default().into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_round_trip() {
        let a = parse_arn("arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1").unwrap();
        assert_eq!((a.instance.as_str(), a.kind, a.id.as_str()), ("i-1", Kind::User, "u-1"));
        let a = parse_arn(&instance_arn("eu-west-2", "123456789012", "i-9")).unwrap();
        assert_eq!((a.region.as_str(), a.kind, a.id.as_str()), ("eu-west-2", Kind::Instance, "i-9"));
        assert_eq!(parse_arn("arn:aws:s3:::bucket"), None);
        let a = parse_arn("arn:aws:connect:us-east-1:1:instance/i/contact-flow/x").unwrap();
        assert_eq!((a.kind, a.id.as_str()), (Kind::ContactFlow, "x"));
        let a = parse_arn("arn:aws:connect:us-east-1:1:instance/i/vocabulary/x").unwrap();
        assert_eq!((a.kind, a.id.as_str()), (Kind::Vocabulary, "x"));
        let a = parse_arn("arn:aws:connect:us-east-1:1:phone-number/p").unwrap();
        assert_eq!((a.instance.as_str(), a.kind, a.id.as_str()), ("", Kind::PhoneNumber, "p"));
        let a = parse_arn("arn:aws:connect:us-east-1:1:traffic-distribution-group/t").unwrap();
        assert_eq!((a.instance.as_str(), a.kind, a.id.as_str()), ("", Kind::TrafficDistributionGroup, "t"));
        assert_eq!(parse_arn("arn:aws:connect:us-east-1:1:traffic-distribution-group/"), None);
        assert_eq!(parse_arn("arn:aws:connect:us-east-1:1:instance/i/default-vocabulary/en-US"), None, "defaults are not resources");
        assert_eq!(parse_arn("arn:aws:connect:us-east-1:1:instance/i/client-token/x"), None, "tokens are not resources");
        assert_eq!(parse_arn("arn:aws:connect:us-east-1:1:instance/i/instance/x"), None);
    }

    #[test]
    fn tokens_are_bound_to_their_listing() {
        let t = encode_token(Kind::User, "i1", "abc");
        assert_eq!(decode_token(&t, Kind::User, "i1").unwrap(), "abc");
        assert!(decode_token(&t, Kind::User, "i2").is_err());
        assert!(decode_token(&t, Kind::Queue, "i1").is_err());
        assert!(decode_token("garbage!", Kind::User, "i1").is_err());
    }

    #[tokio::test]
    async fn password_hashes_verify_and_hide_the_password() {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let hash = hash_password("Passw0rd!".into()).await.unwrap();
        assert!(!hash.contains("Passw0rd!"));
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(argon2::Argon2::default().verify_password(b"Passw0rd!", &parsed).is_ok());
        assert!(argon2::Argon2::default().verify_password(b"passw0rd!", &parsed).is_err());
    }
}

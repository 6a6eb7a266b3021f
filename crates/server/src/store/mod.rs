//! Durable state. Every resource is a record: its key, an optional unique name, its body
//! (the model's JSON for the resource, e.g. a `User`), an optional secret (a password hash)
//! and the keys it references. The store enforces what must hold across concurrent writers,
//! inside one transaction per write: names are unique per instance and kind, referenced
//! records exist, and a record that others reference cannot be deleted.
//!
//! Two implementations share one schema (`migrations/`): SQLite (the embedded default) and
//! PostgreSQL (several stateless replicas on one database). What they compute alike (the
//! range a listing reads, rows into records) lives here, once.
pub mod bounded;
pub mod pg_tls;
pub mod postgres;
pub mod records;
pub mod snapshot;
pub mod sqlite;
#[cfg(test)]
mod tests;

use crate::error::ApiError;
use async_trait::async_trait;
pub use records::RecordStream;
use serde_json::Value;

/// Declares [`Kind`]: each kind of record with its ARN resource segment, which is also how the
/// database names the kind (so a segment never changes once records of the kind exist), and
/// how messages name it. What the API knows of each kind (its members, summaries, search
/// fields) is its description in `crate::ops::resources`.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident = $segment:literal, $label:literal;)*) => {
        /// Kinds of record. The names of resources are the resource types of Connect's ARNs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($(#[$doc])* $kind,)*
        }

        impl Kind {
            pub const ALL: [Kind; [$($segment),*].len()] = [$(Kind::$kind),*];

            /// The resource type in an ARN (`…:instance/{id}/agent/{id}`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$kind => $segment,)*
                }
            }

            /// How messages name the kind.
            pub fn label(self) -> &'static str {
                match self {
                    $(Kind::$kind => $label,)*
                }
            }
        }
    };
}

kinds! {
    Instance = "instance", "Instance";
    User = "agent", "User";
    SecurityProfile = "security-profile", "Security profile";
    RoutingProfile = "routing-profile", "Routing profile";
    Queue = "queue", "Queue";
    HoursOfOperation = "operating-hours", "Hours of operation";
    HierarchyGroup = "agent-group", "Hierarchy group";
    Vocabulary = "vocabulary", "Vocabulary";
    /// An instance's default vocabulary for one language (its id is the language code),
    /// referencing the vocabulary. Not a resource of its own: it has no ARN.
    DefaultVocabulary = "default-vocabulary", "Default vocabulary";
    /// A phone number lives in the account (its ARN has no instance), beside the instances.
    PhoneNumber = "phone-number", "Phone number";
    ContactFlow = "contact-flow", "Contact flow";
    ContactFlowModule = "flow-module", "Contact flow module";
    Prompt = "prompt", "Prompt";
    QuickConnect = "transfer-destination", "Quick connect";
    /// An instance's storage configuration for one resource type (AssociationId).
    StorageConfig = "storage-config", "Storage configuration";
    /// The references an instance keeps to things outside Connect (ops::integrations): an
    /// approved origin, a Lambda function, an Amazon Lex (V1) bot, an Amazon Lex V2 bot alias.
    /// Each is named by what it references (its id and unique name are the same).
    ApprovedOrigin = "approved-origin", "Approved origin";
    LambdaFunction = "lambda-function", "Lambda function";
    LexBot = "lex-bot", "Lex bot";
    LexV2Bot = "lex-v2-bot", "Lex V2 bot";
    AgentStatus = "agent-state", "Agent status";
    PredefinedAttribute = "predefined-attribute", "Predefined attribute";
    /// Lives in the account, like phone numbers: its ARN names no instance.
    TrafficDistributionGroup = "traffic-distribution-group", "Traffic distribution group";
    Notification = "notification", "Notification";
    /// A request's idempotency token and the answer it got (crate::idempotency). Not a
    /// Connect resource: it lives in the account, beside the instances, so that it outlives
    /// an instance deleted with it.
    ClientToken = "client-token", "Client token";
}

impl Kind {
    /// Whether records of the kind live in an instance (and go with it). Instances and
    /// client tokens live in the account (`instance` is empty).
    pub fn in_instance(self) -> bool {
        !matches!(self, Kind::Instance | Kind::ClientToken | Kind::PhoneNumber | Kind::TrafficDistributionGroup)
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The database and every snapshot name kinds by their segments: those of released kinds
/// never change.
#[cfg(test)]
#[test]
fn kinds_keep_their_names() {
    use Kind::*;
    for (kind, segment) in [
        (Instance, "instance"),
        (User, "agent"),
        (SecurityProfile, "security-profile"),
        (RoutingProfile, "routing-profile"),
        (Queue, "queue"),
        (HoursOfOperation, "operating-hours"),
        (HierarchyGroup, "agent-group"),
        (Vocabulary, "vocabulary"),
        (DefaultVocabulary, "default-vocabulary"),
        (PhoneNumber, "phone-number"),
        (ContactFlow, "contact-flow"),
        (ContactFlowModule, "flow-module"),
        (Prompt, "prompt"),
        (QuickConnect, "transfer-destination"),
        (StorageConfig, "storage-config"),
        (ApprovedOrigin, "approved-origin"),
        (LambdaFunction, "lambda-function"),
        (LexBot, "lex-bot"),
        (LexV2Bot, "lex-v2-bot"),
        (AgentStatus, "agent-state"),
        (PredefinedAttribute, "predefined-attribute"),
        (TrafficDistributionGroup, "traffic-distribution-group"),
        (Notification, "notification"),
        (ClientToken, "client-token"),
    ] {
        assert_eq!((kind.as_str(), Kind::parse(segment)), (segment, Some(kind)));
    }
}

/// Where a record lives. Instances (and client tokens) have an empty `instance`; everything
/// else lives in one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub account: String,
    pub instance: String,
    pub kind: Kind,
    pub id: String,
}

impl Key {
    pub fn instance(account: &str, id: &str) -> Key {
        Key { account: account.into(), instance: String::new(), kind: Kind::Instance, id: id.into() }
    }

    /// A key of a kind that lives in the account, not in an instance.
    pub fn in_account(account: &str, kind: Kind, id: &str) -> Key {
        Key { account: account.into(), instance: String::new(), kind, id: id.into() }
    }

    pub fn in_instance(account: &str, instance: &str, kind: Kind, id: &str) -> Key {
        Key { account: account.into(), instance: instance.into(), kind, id: id.into() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub key: Key,
    /// Unique per (account, instance, kind) when set: a username, a profile's name.
    pub name: Option<String>,
    pub body: Value,
    /// A password hash (PHC string); never a password.
    pub secret: Option<String>,
    /// Records this one references; they must exist and cannot be deleted while it does.
    pub refs: Vec<Key>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error("{} with the name '{name}' already exists", .kind.label())]
    Duplicate { kind: Kind, name: String },
    #[error("{} {} does not exist", .0.kind.label(), .0.id)]
    MissingRef(Key),
    #[error("{} {} does not exist", .0.kind.label(), .0.id)]
    NotFound(Key),
    #[error("{} {} is in use by {} {}", .key.kind.label(), .key.id, .by.kind.label(), .by.id)]
    InUse { key: Key, by: Key },
    /// An update function refused the change.
    #[error("{0}")]
    Rejected(ApiError),
    /// A snapshot may only be restored into an empty store unless told to replace it.
    #[error("the store is not empty")]
    NotEmpty,
    #[error("storage failure: {0}")]
    Backend(String),
    /// A failure the database says may pass if the transaction is run again (a
    /// serialization failure, a deadlock, a lost or refused connection). `at_commit`: the
    /// connection was lost during COMMIT, so whether the transaction committed is unknown
    /// (store::postgres resolves it by reading the record back).
    #[error("storage failure (transient): {detail}")]
    Transient { detail: String, at_commit: bool },
}

pub(crate) fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl Key {
    /// Whether the key can be stored at all: no part holds NUL, which PostgreSQL's text
    /// cannot. A key that cannot be stored names nothing.
    pub(crate) fn is_storable(&self) -> bool {
        [&self.account, &self.instance, &self.id].iter().all(|s| !s.contains('\0'))
    }
}

impl Record {
    /// Refuses a record that one of the stores could not hold (NUL in a key or name). Both
    /// refuse it alike, so that a snapshot always moves between them.
    pub(crate) fn check_storable(&self) -> Result<(), StoreError> {
        if self.key.is_storable() && !self.name.as_deref().unwrap_or_default().contains('\0') {
            Ok(())
        } else {
            Err(StoreError::Rejected(crate::error::ApiError::invalid_parameter("Names and identifiers cannot contain the NUL character")))
        }
    }

    /// What must exist for this record to be written, and the error when one does not: the
    /// instance it lives in (a write racing the instance's deletion must lose, not leave an
    /// orphan behind) and every record it references.
    pub(crate) fn requirements(&self) -> impl Iterator<Item = (Key, StoreError)> + '_ {
        let instance = self.key.kind.in_instance().then(|| {
            let key = Key::instance(&self.key.account, &self.key.instance);
            (key.clone(), StoreError::NotFound(key))
        });
        instance.into_iter().chain(self.refs.iter().map(|r| (r.clone(), StoreError::MissingRef(r.clone()))))
    }
}

pub(crate) fn kind_of(s: &str) -> Result<Kind, StoreError> {
    Kind::parse(s).ok_or_else(|| backend(format!("unknown kind {s} in the database")))
}

pub(crate) fn parse_body(body: &str) -> Result<Value, StoreError> {
    serde_json::from_str(body).map_err(backend)
}

/// What a restore checks once every record is in (records may reference ones that come
/// later in the stream): the first reference to a record that is not there, as
/// `(account, instance, kind, id)` of the missing target. Both stores run it as it is.
pub(crate) const MISSING_REF_SQL: &str = "SELECT f.account, f.instance, f.to_kind, f.to_id FROM refs f WHERE NOT EXISTS \
     (SELECT 1 FROM resources t WHERE t.account = f.account AND t.instance = f.instance AND t.kind = f.to_kind AND t.id = f.to_id) LIMIT 1";

/// With [`MISSING_REF_SQL`]: the first record of a kind that lives in an instance
/// ([`Kind::in_instance`]) whose instance is not there, as `(account, instance)`.
pub(crate) fn missing_instance_sql() -> String {
    let outside: Vec<String> = Kind::ALL.iter().filter(|k| !k.in_instance()).map(|k| format!("'{}'", k.as_str())).collect();
    format!(
        "SELECT r.account, r.instance FROM resources r WHERE r.kind NOT IN ({}) AND NOT EXISTS \
         (SELECT 1 FROM resources i WHERE i.account = r.account AND i.instance = '' AND i.kind = '{}' AND i.id = r.instance) LIMIT 1",
        outside.join(", "),
        Kind::Instance.as_str()
    )
}

/// The error for what [`MISSING_REF_SQL`] or [`missing_instance_sql`] found, as inserting the
/// record one by one would have reported it.
pub(crate) fn unmet(missing_ref: Option<(String, String, String, String)>, missing_instance: Option<(String, String)>) -> Result<(), StoreError> {
    if let Some((account, instance)) = missing_instance {
        return Err(StoreError::NotFound(Key::instance(&account, &instance)));
    }
    if let Some((account, instance, kind, id)) = missing_ref {
        return Err(StoreError::MissingRef(Key { account, instance, kind: kind_of(&kind)?, id }));
    }
    Ok(())
}

/// A resource quota to hold while inserting: after the write, `(account, instance)` may hold
/// at most `max` records of `kind` (instances: `instance` is empty, the scope is the
/// account), or the whole write is undone and fails with `error`. With `region`, only the
/// records whose ARN (the body's `Arn`) is in that Region count: an account's instances
/// are counted per Region.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    pub account: String,
    pub instance: String,
    pub kind: Kind,
    pub region: Option<String>,
    pub max: u64,
    pub error: ApiError,
}

impl Limit {
    /// A key naming the counted scope (PostgreSQL serialises counters on it).
    pub(crate) fn scope(&self) -> String {
        format!("quota/{}/{}/{}/{}", self.account, self.instance, self.kind.as_str(), self.region.as_deref().unwrap_or("*"))
    }

    /// Whether a record with this stored body counts (see `region`).
    pub(crate) fn counts(&self, body: &str) -> Result<bool, StoreError> {
        let Some(region) = &self.region else { return Ok(true) };
        Ok(arn_region(&parse_body(body)?) == Some(region.as_str()))
    }
}

/// The Region of a stored body's `Arn` (`arn:PARTITION:connect:REGION:…`).
pub fn arn_region(body: &Value) -> Option<&str> {
    body.get("Arn")?.as_str()?.split(':').nth(3).filter(|r| !r.is_empty())
}

/// Changes a record inside the store's transaction; may refuse with an API error.
pub type UpdateFn = Box<dyn FnOnce(&mut Record) -> Result<(), ApiError> + Send>;

/// Decides, inside the store's transaction, whether a record is to be deleted.
pub type Condition = Box<dyn FnOnce(&Record) -> bool + Send>;

/// A page of records. Without `name_prefix`: all records of the kind ordered by id, `after`
/// being the last id of the previous page. With it: the records whose name starts with the
/// prefix, ordered by name (an index range scan, not a table scan), `after` being the last
/// name of the previous page.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub account: String,
    pub instance: String,
    pub kind: Kind,
    pub after: Option<String>,
    pub name_prefix: Option<String>,
    pub limit: usize,
}

impl ListQuery {
    /// The listing as SQL: the statement (placeholders written by `placeholder`, numbered
    /// from 1), its text parameters in order, and the row limit, bound last. Both stores
    /// read the same rows in the same (byte) order from it.
    pub(crate) fn sql(&self, placeholder: impl Fn(usize) -> String) -> (String, Vec<String>, i64) {
        let mut params = vec![self.account.clone(), self.instance.clone(), self.kind.as_str().to_string()];
        let mut sql = format!(
            "SELECT id, name, body, secret FROM resources WHERE account = {} AND instance = {} AND kind = {}",
            placeholder(1),
            placeholder(2),
            placeholder(3)
        );
        let after = self.after.clone().unwrap_or_default();
        let order = match &self.name_prefix {
            None => {
                params.push(after);
                sql += &format!(" AND id > {}", placeholder(params.len()));
                "id"
            }
            Some(prefix) => {
                // Names from the prefix, or from the previous page's last name when that is
                // further on (excluding it, since it was already listed)...
                let (lower, op) = match &self.after {
                    Some(after) if after.as_str() >= prefix.as_str() => (after.clone(), ">"),
                    _ => (prefix.clone(), ">="),
                };
                params.push(lower);
                sql += &format!(" AND name {op} {}", placeholder(params.len()));
                // ...up to the first string past every name with the prefix.
                if let Some(upper) = prefix_upper_bound(prefix) {
                    params.push(upper);
                    sql += &format!(" AND name < {}", placeholder(params.len()));
                }
                "name"
            }
        };
        sql += &format!(" ORDER BY {order} LIMIT {}", placeholder(params.len() + 1));
        (sql, params, self.limit as i64)
    }

    /// A row of the listing's statement as a record (without its refs).
    pub(crate) fn record(&self, id: String, name: Option<String>, body: &str, secret: Option<String>) -> Result<Record, StoreError> {
        Ok(Record {
            key: Key { account: self.account.clone(), instance: self.instance.clone(), kind: self.kind, id },
            name,
            body: parse_body(body)?,
            secret,
            refs: Vec::new(),
        })
    }
}

/// The smallest string greater than every string that starts with `prefix`, for a range
/// scan `name >= prefix AND name < upper` (None: no upper bound).
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1).or_else(|| char::from_u32(last as u32 + 0x801)) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Inserts all records atomically (an instance with its default resources).
    async fn insert(&self, records: Vec<Record>) -> Result<(), StoreError> {
        self.insert_limited(records, Vec::new()).await
    }
    /// [`Store::insert`], then, in the same transaction, counts what each limit bounds and
    /// undoes everything if a count is over its limit. Counting is serialised per limit, so
    /// that racing inserts (in one process or several) cannot overshoot together.
    async fn insert_limited(&self, records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError>;
    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError>;
    /// Applies `f` to the current record and writes it back, checking names and refs.
    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError>;
    /// Deletes a record; an instance takes everything in it along.
    async fn delete(&self, key: &Key) -> Result<(), StoreError>;
    /// [`Store::delete`] if `condition` holds for the record as it is in the deleting
    /// transaction (no other write can come between). Ok(false): it did not hold.
    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError>;
    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError>;
    /// For each of `targets`, in order, how many records of kind `from` reference it (a
    /// routing profile's users). Counted from the references as committed, so the number
    /// cannot drift from the records: each target is one range of the `refs_target` index,
    /// read without touching the referring records, and the whole batch is one query (one
    /// read on SQLite, one statement on PostgreSQL). A key that cannot be stored counts 0.
    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError>;
    /// Every record with its refs, in key order, read as of one moment (one read
    /// transaction), streamed: the store is never in memory as a whole.
    async fn dump(&self) -> Result<RecordStream, StoreError>;
    /// Writes `records` in one transaction, with the same checks as [`Store::insert`] (the
    /// references are checked once all records are in, so they may come in any order). Into
    /// an empty store only ([`StoreError::NotEmpty`]), unless `replace`: then everything
    /// that was there is deleted first, in the same transaction. Records are written as they
    /// come: the store is never in memory as a whole. A stream that fails undoes it all.
    async fn restore(&self, records: RecordStream, replace: bool) -> Result<(), StoreError>;
    /// Whether the store can serve requests now (`GET /health`): an error says why not.
    async fn ready(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Refuses a database whose schema a newer switchboard wrote (`found`: the highest
/// migration it records): this binary would misread it. Upgrades are the migrations;
/// downgrades are not supported.
pub(crate) fn refuse_newer_schema(found: Option<i64>, migrations: &[(i64, &str)]) -> Result<(), StoreError> {
    let known = migrations.last().map_or(0, |m| m.0);
    match found {
        Some(found) if found > known => Err(StoreError::Backend(format!(
            "the database's schema is at version {found}, written by a newer switchboard; this switchboard ({}) knows schema versions up to {known}. Run a switchboard at least as new as the one that wrote it: downgrades are not supported",
            env!("CARGO_PKG_VERSION")
        ))),
        _ => Ok(()),
    }
}

/// Versioned schema migrations, applied in order at start-up by every store.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_refs_target_by_id.sql")),
    (3, include_str!("migrations/0003_refs_target_covers_referrer_kind.sql")),
];

/// The same migrations spelled for PostgreSQL, version for version. One schema in spirit:
/// the only difference is `COLLATE "C"` on the key and name columns, which PostgreSQL needs
/// for the byte order SQLite uses (ids and names are ordered, and name prefixes range-scanned,
/// the same way on both), and which SQLite's SQL cannot spell.
pub const PG_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/postgres/0001_init.sql")),
    (2, include_str!("migrations/postgres/0002_refs_target_by_id.sql")),
    (3, include_str!("migrations/postgres/0003_refs_target_covers_referrer_kind.sql")),
];

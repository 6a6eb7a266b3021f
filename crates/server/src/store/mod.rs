//! Durable state. Every resource is a record: its key, an optional unique name, its body
//! (the model's JSON for the resource, e.g. a `User`), an optional secret (a password hash)
//! and the keys it references. The store enforces what must hold across concurrent writers,
//! inside one transaction per write: names are unique per instance and kind, referenced
//! records exist, and a record that others reference cannot be deleted.
//!
//! Two implementations share the schema in `schema.sql`: SQLite (the embedded default) and
//! PostgreSQL (several stateless replicas on one database).
pub mod sqlite;

use crate::error::ApiError;
use async_trait::async_trait;
use serde_json::Value;

/// Kinds of record. The names are the resource types of Connect's ARNs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Instance,
    User,
    SecurityProfile,
    RoutingProfile,
    Queue,
    HoursOfOperation,
    HierarchyGroup,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Instance,
        Kind::User,
        Kind::SecurityProfile,
        Kind::RoutingProfile,
        Kind::Queue,
        Kind::HoursOfOperation,
        Kind::HierarchyGroup,
    ];

    /// The resource type in an ARN (`…:instance/{id}/agent/{id}`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Instance => "instance",
            Kind::User => "agent",
            Kind::SecurityProfile => "security-profile",
            Kind::RoutingProfile => "routing-profile",
            Kind::Queue => "queue",
            Kind::HoursOfOperation => "operating-hours",
            Kind::HierarchyGroup => "agent-group",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How messages name the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Instance => "Instance",
            Kind::User => "User",
            Kind::SecurityProfile => "Security profile",
            Kind::RoutingProfile => "Routing profile",
            Kind::Queue => "Queue",
            Kind::HoursOfOperation => "Hours of operation",
            Kind::HierarchyGroup => "Hierarchy group",
        }
    }
}

/// Where a record lives. Instances have an empty `instance`; everything else lives in one.
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
    #[error("storage failure: {0}")]
    Backend(String),
}

/// Changes a record inside the store's transaction; may refuse with an API error.
pub type UpdateFn = Box<dyn FnOnce(&mut Record) -> Result<(), ApiError> + Send>;

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
    async fn insert(&self, records: Vec<Record>) -> Result<(), StoreError>;
    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError>;
    /// Applies `f` to the current record and writes it back, checking names and refs.
    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError>;
    /// Deletes a record; an instance takes everything in it along.
    async fn delete(&self, key: &Key) -> Result<(), StoreError>;
    async fn list(&self, query: &ListQuery) -> Result<Vec<Record>, StoreError>;
}

/// Versioned schema migrations, applied in order at start-up by every store.
pub const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("migrations/0001_init.sql"))];

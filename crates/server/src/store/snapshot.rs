//! A whole store as one JSON document: what `switchboard export` writes and `switchboard
//! import` reads, to move a deployment between SQLite and PostgreSQL or to seed test
//! fixtures.
//!
//! ```json
//! {"format": "switchboard-snapshot", "version": 1, "records": [
//!   {"account": "123456789012", "instance": "…", "kind": "agent", "id": "…", "name": "jdoe",
//!    "body": {…the DescribeUser User…}, "secret": "$argon2id$…",
//!    "refs": [{"kind": "routing-profile", "id": "…"}]}, …]}
//! ```
//!
//! `kind` is the resource type of Connect's ARNs (or `client-token`, a remembered
//! idempotency token: crate::idempotency); `instance` is empty for instances and tokens;
//! refs point into the record's own instance. `secret` is a password hash, never a
//! password. An instance's `body.Arn` names the Region it lives in.
//!
//! A snapshot is an input like any request: on import the numbers of every body are checked
//! against its resource's shape in the model (with its documented bounds, e.g.
//! AfterContactWorkTimeLimit at most 2,000,000 seconds), and a snapshot with a value out of
//! range is refused, naming the record, before anything is written. Export writes users' phone settings as
//! DescribeUser shows them (`rules::reconcile_phone`), so a snapshot of data stored by an
//! earlier version comes out in the current form.
use super::{Key, Kind, Record, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use switchboard_model::{model, validate};

pub const FORMAT: &str = "switchboard-snapshot";
pub const VERSION: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a switchboard snapshot: {0}")]
    Format(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    account: String,
    instance: String,
    kind: String,
    id: String,
    name: Option<String>,
    body: Value,
    secret: Option<String>,
    refs: Vec<RefEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefEntry {
    kind: String,
    id: String,
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'a str,
    version: u64,
    records: Vec<Entry>,
}

/// The snapshot document of `records`.
pub fn to_json(records: Vec<Record>) -> Value {
    let records = records
        .into_iter()
        .map(|r| Entry {
            refs: r.refs.iter().map(|k| RefEntry { kind: k.kind.as_str().into(), id: k.id.clone() }).collect(),
            account: r.key.account,
            instance: r.key.instance,
            kind: r.key.kind.as_str().into(),
            id: r.key.id,
            name: r.name,
            body: r.body,
            secret: r.secret,
        })
        .collect();
    serde_json::to_value(Document { format: FORMAT, version: VERSION, records }).expect("snapshots serialize")
}

/// The records of a snapshot document.
pub fn from_json(doc: Value) -> Result<Vec<Record>, SnapshotError> {
    let bad = |m: String| SnapshotError::Format(m);
    let Value::Object(mut doc) = doc else { return Err(bad("the document is not a JSON object".into())) };
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(bad(format!("\"format\" is not \"{FORMAT}\"")));
    }
    match doc.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        other => return Err(bad(format!("version {} is not supported (this switchboard reads version {VERSION})", other.map_or("(none)".into(), |v| v.to_string())))),
    }
    let entries: Vec<Entry> = serde_json::from_value(doc.remove("records").unwrap_or(Value::Null)).map_err(|e| bad(format!("records: {e}")))?;
    let kind = |s: &str| Kind::parse(s).ok_or_else(|| bad(format!("unknown kind \"{s}\"")));
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let record_kind = kind(&e.kind)?;
            let violations = number_violations(record_kind, &e.body);
            if !violations.is_empty() {
                return Err(bad(format!("record {} ({} {}): {}", i + 1, e.kind, e.id, violations.message())));
            }
            let refs = e.refs.iter().map(|r| Ok(Key::in_instance(&e.account, &e.instance, kind(&r.kind)?, &r.id))).collect::<Result<_, SnapshotError>>()?;
            // An instance lives in the Region of its ARN; without one it would be nowhere.
            if record_kind == Kind::Instance && super::arn_region(&e.body).is_none() {
                return Err(bad(format!("instance {} has no \"Arn\" naming its Region", e.id)));
            }
            Ok(Record { key: Key { kind: record_kind, account: e.account, instance: e.instance, id: e.id }, name: e.name, body: e.body, secret: e.secret, refs })
        })
        .collect()
}

/// The values of a body outside their shape's numeric range (the model's, with its documented
/// bounds). Only numbers: a stored body is what the responses show, which need not be a valid
/// *input* in other ways (an empty `Tags` map, say, where the model's TagMap has min 1), and
/// numbers are what an SDK fails on when one does not fit.
fn number_violations(kind: Kind, body: &Value) -> validate::Violations {
    let Some(shape) = shape(kind) else { return validate::Violations::default() };
    model().validate_into(shape, body, validate::Violations::only(|constraint| constraint.contains("Member must have value ")))
}

/// The model shape a record's body is: what its Describe operation returns (client tokens
/// are switchboard's own records, and the integrations are a single reference each, with
/// no number to check).
fn shape(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Instance => "Instance",
        Kind::User => "User",
        Kind::SecurityProfile => "SecurityProfile",
        Kind::RoutingProfile => "RoutingProfile",
        Kind::Queue => "Queue",
        Kind::HoursOfOperation => "HoursOfOperation",
        Kind::HierarchyGroup => "HierarchyGroup",
        Kind::AgentStatus => "AgentStatus",
        Kind::PredefinedAttribute => "PredefinedAttribute",
        Kind::Vocabulary => "Vocabulary",
        Kind::DefaultVocabulary => "DefaultVocabulary",
        Kind::PhoneNumber => "ClaimedPhoneNumberSummary",
        Kind::TrafficDistributionGroup => "TrafficDistributionGroup",
        Kind::Notification => "Notification",
        Kind::ContactFlow => "ContactFlow",
        Kind::ContactFlowModule => "ContactFlowModule",
        Kind::Prompt => "Prompt",
        Kind::QuickConnect => "QuickConnect",
        Kind::StorageConfig => "InstanceStorageConfig",
        Kind::ApprovedOrigin | Kind::LambdaFunction | Kind::LexBot | Kind::LexV2Bot | Kind::ClientToken => return None,
    })
}

/// Writes the whole store to `out` as a snapshot document, one record per line (so that
/// snapshots diff and grep well); returns how many records it wrote.
pub async fn export(store: &dyn Store, mut out: impl std::io::Write) -> Result<usize, SnapshotError> {
    let mut records = store.dump().await?;
    for r in records.iter_mut().filter(|r| r.key.kind == Kind::User) {
        crate::rules::reconcile_user_body(&mut r.body);
    }
    let Value::Object(mut doc) = to_json(records) else { unreachable!("a snapshot is an object") };
    let Some(Value::Array(records)) = doc.remove("records") else { unreachable!("a snapshot has records") };
    write!(out, "{{\"format\":{},\"version\":{},\"records\":[", Value::from(FORMAT), VERSION)?;
    for (i, record) in records.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, record).map_err(std::io::Error::from)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(records.len())
}

/// Restores the snapshot document read from `input` into `store` (see [`Store::restore`]);
/// returns how many records it held.
pub async fn import(store: &dyn Store, input: impl std::io::Read, replace: bool) -> Result<usize, SnapshotError> {
    let doc: Value = serde_json::from_reader(std::io::BufReader::new(input)).map_err(|e| SnapshotError::Format(format!("not JSON: {e}")))?;
    let records = from_json(doc)?;
    let n = records.len();
    store.restore(records, replace).await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::super::{postgres::tests::TestDb, sqlite::SqliteStore, tests::rec, tests::key};
    use super::*;
    use serde_json::json;

    fn sample() -> Vec<Record> {
        let mut instance = rec(Kind::Instance, "i1", Some("alias"), vec![]);
        instance.body = json!({"Id": "i1", "Arn": "arn:aws:connect:eu-west-2:acct:instance/i1"});
        let mut user = rec(Kind::User, "u1", Some("jdoe"), vec![key(Kind::RoutingProfile, "rp"), key(Kind::SecurityProfile, "sp")]);
        user.secret = Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());
        user.body = json!({"Id": "u1", "IdentityInfo": {"FirstName": "Zoë"}, "Tags": {"k": "v"}});
        vec![
            instance,
            rec(Kind::RoutingProfile, "rp", Some("Basic Routing Profile"), vec![]),
            rec(Kind::SecurityProfile, "sp", Some("Agent"), vec![]),
            user,
            rec(Kind::HierarchyGroup, "g", Some("Group"), vec![]),
        ]
    }

    #[test]
    fn documents_round_trip_and_are_checked() {
        let doc = to_json(sample());
        assert_eq!(doc["format"], FORMAT);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["records"][3]["kind"], "agent");
        assert_eq!(doc["records"][3]["refs"][0], json!({"kind": "routing-profile", "id": "rp"}));
        assert_eq!(from_json(doc.clone()).unwrap(), sample());

        let mut wrong = doc.clone();
        wrong["version"] = json!(2);
        assert!(from_json(wrong).unwrap_err().to_string().contains("version 2 is not supported"));
        let mut wrong = doc.clone();
        wrong["format"] = json!("something-else");
        assert!(matches!(from_json(wrong), Err(SnapshotError::Format(_))));
        let mut wrong = doc.clone();
        wrong["records"][0]["kind"] = json!("spaceship");
        assert!(from_json(wrong).unwrap_err().to_string().contains("unknown kind \"spaceship\""));
        let mut wrong = doc;
        wrong["records"][0]["body"] = json!({"Id": "i1"});
        assert!(from_json(wrong).unwrap_err().to_string().contains("instance i1 has no \"Arn\" naming its Region"));
    }

    #[test]
    fn import_checks_bodies_against_their_shapes() {
        let mut doc = to_json(sample());
        doc["records"][3]["body"]["PhoneConfig"] = json!({"AfterContactWorkTimeLimit": 3_000_000});
        let err = from_json(doc.clone()).unwrap_err().to_string();
        assert!(
            err.contains("record 4 (agent u1): 1 validation error detected: Value '3000000' at 'phoneConfig.afterContactWorkTimeLimit' failed to satisfy constraint: Member must have value less than or equal to 2000000"),
            "{err}"
        );
        doc["records"][3]["body"]["PhoneConfig"] = json!({"AfterContactWorkTimeLimit": 2_000_000});
        doc["records"][3]["body"]["AfterContactWorkConfigs"] =
            json!([{"Channel": "CHAT", "AfterContactWorkConfig": {}, "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": -1}}]);
        assert!(from_json(doc.clone()).unwrap_err().to_string().contains("greater than or equal to 0"));
        doc["records"][3]["body"]["AfterContactWorkConfigs"] = json!([]);
        doc["records"][3]["body"]["Tags"] = json!({});
        assert!(from_json(doc).is_ok(), "only numbers are checked: an empty Tags map is what DescribeUser shows");
    }

    #[tokio::test]
    async fn export_writes_users_phone_settings_in_the_current_form() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        let mut records = sample();
        // As an earlier version stored a user created with per-channel settings only.
        records[3].body["PhoneConfig"] = json!({"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 0});
        records[3].body["AutoAcceptConfigs"] = json!([{"Channel": "VOICE", "AutoAccept": true}]);
        store.insert(records).await.unwrap();
        let doc: Value = serde_json::from_slice(&exported(&store).await).unwrap();
        let user = &doc["records"].as_array().unwrap().iter().find(|r| r["kind"] == "agent").unwrap()["body"];
        assert_eq!(user["PhoneConfig"], json!({"PhoneType": "SOFT_PHONE", "AutoAccept": true, "AfterContactWorkTimeLimit": 0}));
        assert_eq!(user["PhoneNumberConfigs"], json!([{"Channel": "VOICE", "PhoneType": "SOFT_PHONE"}]));
        assert_eq!(user["IdentityInfo"], json!({"FirstName": "Zoë"}), "other members as stored");
    }

    async fn exported(store: &dyn Store) -> Vec<u8> {
        let mut out = Vec::new();
        export(store, &mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn export_writes_one_record_per_line_and_import_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.insert(sample()).await.unwrap();
        let doc = String::from_utf8(exported(&store).await).unwrap();
        assert!(doc.starts_with("{\"format\":\"switchboard-snapshot\",\"version\":1,\"records\":[\n"), "{doc}");
        assert_eq!(doc.lines().count(), 1 + 5 + 1);
        let parsed: Value = serde_json::from_str(&doc).unwrap();
        let mut stored = store.dump().await.unwrap();
        // Users come out with their phone settings in the current form.
        stored.iter_mut().filter(|r| r.key.kind == Kind::User).for_each(|r| crate::rules::reconcile_user_body(&mut r.body));
        assert_eq!(from_json(parsed).unwrap(), stored);
        assert!(matches!(import(&store, &b"{\"format\": 1"[..], true).await, Err(SnapshotError::Format(m)) if m.starts_with("not JSON")));
        assert_eq!(import(&store, doc.as_bytes(), true).await.unwrap(), 5, "--replace restores over the same data");

        let empty = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(empty.path()).unwrap();
        assert_eq!(String::from_utf8(exported(&store).await).unwrap(), "{\"format\":\"switchboard-snapshot\",\"version\":1,\"records\":[\n]}\n");
        let empty_doc = exported(&store).await;
        assert_eq!(from_json(serde_json::from_slice(&empty_doc).unwrap()).unwrap(), vec![]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deployment_moves_sqlite_to_postgres_to_sqlite() {
        let Some(db) = TestDb::create().await else {
            eprintln!("skipped: SWITCHBOARD_TEST_PG_URL is not set");
            return;
        };
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = SqliteStore::open(a.path()).unwrap();
        first.insert(sample()).await.unwrap();
        let doc = exported(&first).await;
        assert_eq!(serde_json::from_slice::<Value>(&doc).unwrap()["records"].as_array().unwrap().len(), 5);

        let pg = db.store().await;
        assert_eq!(import(&pg, &doc[..], false).await.unwrap(), 5);
        assert!(matches!(import(&pg, &doc[..], false).await, Err(SnapshotError::Store(StoreError::NotEmpty))));
        let via_pg = exported(&pg).await;
        assert_eq!(String::from_utf8(via_pg.clone()).unwrap(), String::from_utf8(doc.clone()).unwrap(), "PostgreSQL holds exactly what SQLite held");

        let last = SqliteStore::open(b.path()).unwrap();
        import(&last, &via_pg[..], false).await.unwrap();
        assert_eq!(exported(&last).await, doc);
        // What came across is live data, not a copy of text: uniqueness and refs still hold.
        let dup = rec(Kind::User, "u2", Some("jdoe"), vec![]);
        assert!(matches!(last.insert(vec![dup.clone()]).await, Err(StoreError::Duplicate { .. })));
        assert!(matches!(pg.insert(vec![dup]).await, Err(StoreError::Duplicate { .. })));
        assert!(matches!(pg.delete(&key(Kind::RoutingProfile, "rp")).await, Err(StoreError::InUse { .. })));
    }
}

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
use super::records::{self, RecordFeed};
use super::{Key, Kind, Record, Store, StoreError};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
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

/// A record in a snapshot. Its members are in alphabetical order, the order in which
/// snapshots written through `serde_json::Value` (version 1's export, `clone`) have them.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    account: String,
    body: Value,
    id: String,
    instance: String,
    kind: String,
    name: Option<String>,
    refs: Vec<RefEntry>,
    secret: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefEntry {
    id: String,
    kind: String,
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'a str,
    records: Vec<Entry>,
    version: u64,
}

impl From<Record> for Entry {
    fn from(r: Record) -> Entry {
        Entry {
            refs: r.refs.iter().map(|k| RefEntry { kind: k.kind.as_str().into(), id: k.id.clone() }).collect(),
            account: r.key.account,
            instance: r.key.instance,
            kind: r.key.kind.as_str().into(),
            id: r.key.id,
            name: r.name,
            body: r.body,
            secret: r.secret,
        }
    }
}

impl Entry {
    /// The record, checked (`i`: its place in the snapshot, from 0, for messages).
    fn into_record(self, i: usize) -> Result<Record, SnapshotError> {
        let bad = |m: String| SnapshotError::Format(m);
        let kind = |s: &str| Kind::parse(s).ok_or_else(|| bad(format!("unknown kind \"{s}\"")));
        let record_kind = kind(&self.kind)?;
        let violations = number_violations(record_kind, &self.body);
        if !violations.is_empty() {
            return Err(bad(format!("record {} ({} {}): {}", i + 1, self.kind, self.id, violations.message())));
        }
        let refs = self.refs.iter().map(|r| Ok(Key::in_instance(&self.account, &self.instance, kind(&r.kind)?, &r.id))).collect::<Result<_, SnapshotError>>()?;
        // An instance lives in the Region of its ARN; without one it would be nowhere.
        if record_kind == Kind::Instance && super::arn_region(&self.body).is_none() {
            return Err(bad(format!("instance {} has no \"Arn\" naming its Region", self.id)));
        }
        Ok(Record { key: Key { kind: record_kind, account: self.account, instance: self.instance, id: self.id }, name: self.name, body: self.body, secret: self.secret, refs })
    }
}

/// The snapshot document of `records`.
pub fn to_json(records: Vec<Record>) -> Value {
    let records = records.into_iter().map(Entry::from).collect();
    serde_json::to_value(Document { format: FORMAT, version: VERSION, records }).expect("snapshots serialize")
}

/// Refuses a document that does not say it is a snapshot this switchboard reads.
fn check_header(format: Option<&Value>, version: Option<&Value>) -> Result<(), SnapshotError> {
    let bad = |m: String| SnapshotError::Format(m);
    if format.and_then(Value::as_str) != Some(FORMAT) {
        return Err(bad(format!("\"format\" is not \"{FORMAT}\"")));
    }
    match version.and_then(Value::as_u64) {
        Some(VERSION) => Ok(()),
        other => Err(bad(format!("version {} is not supported (this switchboard reads version {VERSION})", other.map_or("(none)".into(), |v| v.to_string())))),
    }
}

/// The records of a snapshot document.
pub fn from_json(doc: Value) -> Result<Vec<Record>, SnapshotError> {
    let Value::Object(mut doc) = doc else { return Err(SnapshotError::Format("the document is not a JSON object".into())) };
    check_header(doc.get("format"), doc.get("version"))?;
    let entries: Vec<Entry> = serde_json::from_value(doc.remove("records").unwrap_or(Value::Null)).map_err(|e| SnapshotError::Format(format!("records: {e}")))?;
    entries.into_iter().enumerate().map(|(i, e)| e.into_record(i)).collect()
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
/// snapshots diff and grep well), as the store streams them: a record at a time, never the
/// whole store in memory. Returns how many records it wrote.
pub async fn export(store: &dyn Store, mut out: impl std::io::Write) -> Result<usize, SnapshotError> {
    let mut records = store.dump().await?;
    write!(out, "{{\"format\":{},\"version\":{VERSION},\"records\":[", Value::from(FORMAT))?;
    let mut n = 0;
    while let Some(mut r) = records.next().await? {
        if r.key.kind == Kind::User {
            crate::rules::reconcile_user_body(&mut r.body);
        }
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &Entry::from(r)).map_err(std::io::Error::from)?;
        n += 1;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(n)
}

/// Restores the snapshot document read from `input` into `store` (see [`Store::restore`])
/// as it is read, a record at a time: each is checked as [`from_json`] checks it, and any
/// failure, of the document or of the store, undoes the whole restore. Returns how many
/// records it held.
pub async fn import(store: &dyn Store, input: impl std::io::Read + Send + 'static, replace: bool) -> Result<usize, SnapshotError> {
    let (feed, stream) = records::channel();
    let reader = tokio::task::spawn_blocking(move || {
        let read = read_document(input, &feed);
        feed.blocking_end(read.as_ref().map(|_| ()).map_err(|e| StoreError::Backend(e.to_string())));
        read
    });
    let restored = store.restore(stream, replace).await;
    let read = reader.await.map_err(|e| SnapshotError::Format(format!("reading the snapshot failed: {e}")))?;
    match (read, restored) {
        (Ok(n), Ok(())) => Ok(n),
        // The store stopped reading: its error is the one to report.
        (Err(SnapshotError::Store(_)) | Ok(_), Err(e)) => Err(e.into()),
        (Err(e), _) => Err(e),
    }
}

/// Reads a snapshot document from `input` into `feed`, a record at a time; returns how many
/// records it held. The members of the document may come in any order: its header is checked
/// as soon as it is read, and at the end.
fn read_document(input: impl std::io::Read, feed: &RecordFeed) -> Result<usize, SnapshotError> {
    let failed = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let parsed = DocumentSeed { feed, failed: &failed }.deserialize(&mut de).and_then(|doc| de.end().map(|()| doc));
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    let (format, version, n) = parsed.map_err(|e| {
        SnapshotError::Format(if e.is_data() { format!("records: {e}") } else { format!("not JSON: {e}") })
    })?;
    check_header(format.as_ref(), version.as_ref())?;
    n.ok_or_else(|| SnapshotError::Format("records: the document has no \"records\"".into()))
}

/// The document: its `format` and `version`, and how many records it fed (None: it has no
/// `records`). A failure of a record or of the feed is left in `failed`.
struct DocumentSeed<'a> {
    feed: &'a RecordFeed,
    failed: &'a std::cell::RefCell<Option<SnapshotError>>,
}

type Header = (Option<Value>, Option<Value>, Option<usize>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Header;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Header, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = Header;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a switchboard snapshot (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let (mut format, mut version, mut n) = (None, None, None);
        while let Some(member) = map.next_key::<String>()? {
            match member.as_str() {
                "format" => format = Some(map.next_value()?),
                "version" => version = Some(map.next_value()?),
                "records" => {
                    // A document that says what it is says it before its records.
                    if format.is_some() || version.is_some() {
                        check_header(format.as_ref(), version.as_ref().or(Some(&Value::from(VERSION)))).map_err(|e| self.fail(e))?;
                    }
                    n = Some(map.next_value_seed(RecordsSeed { feed: self.feed, failed: self.failed })?);
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok((format, version, n))
    }
}

impl DocumentSeed<'_> {
    fn fail<E: de::Error>(&self, e: SnapshotError) -> E {
        let message = e.to_string();
        *self.failed.borrow_mut() = Some(e);
        E::custom(message)
    }
}

struct RecordsSeed<'a> {
    feed: &'a RecordFeed,
    failed: &'a std::cell::RefCell<Option<SnapshotError>>,
}

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let document = DocumentSeed { feed: self.feed, failed: self.failed };
        let mut n = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            let record = entry.into_record(n).map_err(|e| document.fail(e))?;
            self.feed.blocking_send(record).map_err(|closed| document.fail(SnapshotError::Store(closed.into())))?;
            n += 1;
        }
        Ok(n)
    }
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
        let mut stored = store.dump().await.unwrap().collect().await.unwrap();
        // Users come out with their phone settings in the current form.
        stored.iter_mut().filter(|r| r.key.kind == Kind::User).for_each(|r| crate::rules::reconcile_user_body(&mut r.body));
        assert_eq!(from_json(parsed).unwrap(), stored);
        assert!(matches!(import(&store, &b"{\"format\": 1"[..], true).await, Err(SnapshotError::Format(m)) if m.starts_with("not JSON")));
        assert_eq!(import(&store, std::io::Cursor::new(doc.clone()), true).await.unwrap(), 5, "--replace restores over the same data");

        let empty = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(empty.path()).unwrap();
        assert_eq!(String::from_utf8(exported(&store).await).unwrap(), "{\"format\":\"switchboard-snapshot\",\"version\":1,\"records\":[\n]}\n");
        let empty_doc = exported(&store).await;
        assert_eq!(from_json(serde_json::from_slice(&empty_doc).unwrap()).unwrap(), vec![]);
    }

    #[tokio::test]
    async fn import_streams_documents_in_any_member_order_and_undoes_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        // As `clone` writes a snapshot (through serde_json::Value): members in alphabetical
        // order, so the records come before the version.
        let doc = serde_json::to_vec(&to_json(sample())).unwrap();
        assert!(String::from_utf8_lossy(&doc).find("\"records\"") < String::from_utf8_lossy(&doc).find("\"version\""));
        assert_eq!(import(&store, std::io::Cursor::new(doc), false).await.unwrap(), 5);
        assert_eq!(store.dump().await.unwrap().collect().await.unwrap().len(), 5);

        let empty = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(empty.path()).unwrap();
        // A version found only after the records: they were written, and are undone.
        let mut wrong = to_json(sample());
        wrong["version"] = json!(2);
        let err = import(&store, std::io::Cursor::new(serde_json::to_vec(&wrong).unwrap()), false).await.unwrap_err();
        assert!(err.to_string().contains("version 2 is not supported"), "{err}");
        // A record out of its shape's range after others that were fine.
        let mut bad = to_json(sample());
        bad["records"][3]["body"]["PhoneConfig"] = json!({"AfterContactWorkTimeLimit": 3_000_000});
        let err = import(&store, std::io::Cursor::new(serde_json::to_vec(&bad).unwrap()), false).await.unwrap_err();
        assert!(err.to_string().starts_with("not a switchboard snapshot: record 4 (agent u1)"), "{err}");
        // Cut short: the records read are undone.
        let cut = serde_json::to_vec(&to_json(sample())).unwrap();
        let err = import(&store, std::io::Cursor::new(cut[..cut.len() / 2].to_vec()), false).await.unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
        assert_eq!(store.dump().await.unwrap().collect().await.unwrap(), vec![], "nothing of a refused snapshot stays");
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
        assert_eq!(import(&pg, std::io::Cursor::new(doc.clone()), false).await.unwrap(), 5);
        assert!(matches!(import(&pg, std::io::Cursor::new(doc.clone()), false).await, Err(SnapshotError::Store(StoreError::NotEmpty))));
        let via_pg = exported(&pg).await;
        assert_eq!(String::from_utf8(via_pg.clone()).unwrap(), String::from_utf8(doc.clone()).unwrap(), "PostgreSQL holds exactly what SQLite held");

        let last = SqliteStore::open(b.path()).unwrap();
        import(&last, std::io::Cursor::new(via_pg.clone()), false).await.unwrap();
        assert_eq!(exported(&last).await, doc);
        // What came across is live data, not a copy of text: uniqueness and refs still hold.
        let dup = rec(Kind::User, "u2", Some("jdoe"), vec![]);
        assert!(matches!(last.insert(vec![dup.clone()]).await, Err(StoreError::Duplicate { .. })));
        assert!(matches!(pg.insert(vec![dup]).await, Err(StoreError::Duplicate { .. })));
        assert!(matches!(pg.delete(&key(Kind::RoutingProfile, "rp")).await, Err(StoreError::InUse { .. })));
    }
}

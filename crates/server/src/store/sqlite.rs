//! The embedded store: SQLite in WAL mode in the data directory.
//!
//! One writer thread owns the only write connection and commits in groups: it takes every
//! write waiting in its queue, runs each in its own savepoint (so one refused write does not
//! undo its neighbours), commits them with one fsync (`synchronous=FULL`), and only then
//! answers them. A write is acknowledged only once it is on disk, and under load the cost of
//! the fsync is shared. Reads run on a small pool of connections beside it; WAL lets them
//! proceed while the writer works.
use super::{Key, Kind, ListQuery, Record, Store, StoreError, UpdateFn, MIGRATIONS};
use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;

/// Most writes committed together in one transaction.
const MAX_GROUP: usize = 512;

type Finish = Box<dyn FnOnce(Option<String>) + Send>;
/// A write: runs inside the group's transaction (or learns that it cannot run) and returns
/// what to do once the commit's outcome is known.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Finish + Send>;

pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<mpsc::Sender<Job>>,
    readers: Arc<Mutex<Vec<Connection>>>,
}

fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")?;
    for (version, sql) in MIGRATIONS {
        let done: Option<i64> =
            conn.query_row("SELECT version FROM schema_migrations WHERE version = ?1", [version], |r| r.get(0)).optional()?;
        if done.is_none() {
            conn.execute_batch("BEGIN IMMEDIATE")?;
            conn.execute_batch(sql)?;
            conn.execute("INSERT INTO schema_migrations (version) VALUES (?1)", [version])?;
            conn.execute_batch("COMMIT")?;
            tracing::info!(version, "applied schema migration");
        }
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) `switchboard.db` in `dir` and starts the writer thread.
    pub fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| backend(format!("cannot create data dir {}: {e}", dir.display())))?;
        let path = dir.join("switchboard.db");
        let conn = open_connection(&path).map_err(backend)?;
        migrate(&conn).map_err(backend)?;
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx))
            .map_err(backend)?;
        Ok(SqliteStore { path, writer: Mutex::new(tx), readers: Arc::new(Mutex::new(Vec::new())) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let result = match conn {
                None => Err(StoreError::Backend("the database could not start a transaction".into())),
                Some(conn) => in_savepoint(conn, f),
            };
            Box::new(move |commit_error| {
                let _ = tx.send(match commit_error {
                    Some(e) if result.is_ok() => Err(StoreError::Backend(e)),
                    _ => result,
                });
            })
        });
        self.writer.lock().unwrap().send(job).map_err(|_| backend("the writer thread has stopped"))?;
        rx.await.map_err(|_| backend("the writer thread has stopped"))?
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let pool = self.readers.clone();
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.lock().unwrap().pop();
            let conn = match conn {
                Some(c) => c,
                None => open_connection(&path).map_err(backend)?,
            };
            let result = f(&conn);
            pool.lock().unwrap().push(conn);
            result
        })
        .await
        .map_err(backend)?
    }
}

fn in_savepoint<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
    conn.execute_batch("SAVEPOINT job").map_err(backend)?;
    let result = f(conn);
    let end = if result.is_ok() { "RELEASE job" } else { "ROLLBACK TO job; RELEASE job" };
    conn.execute_batch(end).map_err(backend)?;
    result
}

fn writer_loop(conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            tracing::error!(error = %e, "cannot begin a write transaction");
            for job in jobs {
                job(None)(Some(e.to_string()));
            }
            continue;
        }
        let (size, started) = (jobs.len(), std::time::Instant::now());
        let finishers: Vec<Finish> = jobs.into_iter().map(|job| job(Some(&conn))).collect();
        let outcome = conn.execute_batch("COMMIT").err().map(|e| e.to_string());
        tracing::trace!(size, micros = started.elapsed().as_micros() as u64, "group committed");
        if let Some(e) = &outcome {
            tracing::error!(error = %e, "commit failed");
            let _ = conn.execute_batch("ROLLBACK");
        }
        for finish in finishers {
            finish(outcome.clone());
        }
    }
}

fn kind_of(s: &str) -> Result<Kind, StoreError> {
    Kind::parse(s).ok_or_else(|| backend(format!("unknown kind {s} in the database")))
}

fn load(conn: &Connection, key: &Key) -> Result<Option<Record>, StoreError> {
    let row = conn
        .prepare_cached("SELECT name, body, secret FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND id = ?4")
        .and_then(|mut s| {
            s.query_row(params![key.account, key.instance, key.kind.as_str(), key.id], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
            })
            .optional()
        })
        .map_err(backend)?;
    let Some((name, body, secret)) = row else { return Ok(None) };
    let mut stmt = conn
        .prepare_cached("SELECT to_kind, to_id FROM refs WHERE account = ?1 AND instance = ?2 AND from_kind = ?3 AND from_id = ?4")
        .map_err(backend)?;
    let refs = stmt
        .query_map(params![key.account, key.instance, key.kind.as_str(), key.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?
        .map(|r| {
            let (kind, id) = r.map_err(backend)?;
            Ok(Key { account: key.account.clone(), instance: key.instance.clone(), kind: kind_of(&kind)?, id })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(Record { key: key.clone(), name, body: serde_json::from_str(&body).map_err(backend)?, secret, refs }))
}

fn exists(conn: &Connection, key: &Key) -> Result<bool, StoreError> {
    conn.prepare_cached("SELECT 1 FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND id = ?4")
        .and_then(|mut s| s.exists(params![key.account, key.instance, key.kind.as_str(), key.id]))
        .map_err(backend)
}

/// Fails when another record of the same kind in the same instance has `name`.
fn check_name(conn: &Connection, rec: &Record) -> Result<(), StoreError> {
    let Some(name) = &rec.name else { return Ok(()) };
    let taken = conn
        .prepare_cached("SELECT 1 FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND name = ?4 AND id <> ?5")
        .and_then(|mut s| s.exists(params![rec.key.account, rec.key.instance, rec.key.kind.as_str(), name, rec.key.id]))
        .map_err(backend)?;
    if taken {
        return Err(StoreError::Duplicate { kind: rec.key.kind, name: name.clone() });
    }
    Ok(())
}

fn write_refs(conn: &Connection, rec: &Record) -> Result<(), StoreError> {
    let k = &rec.key;
    conn.prepare_cached("DELETE FROM refs WHERE account = ?1 AND instance = ?2 AND from_kind = ?3 AND from_id = ?4")
        .and_then(|mut s| s.execute(params![k.account, k.instance, k.kind.as_str(), k.id]))
        .map_err(backend)?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO refs (account, instance, from_kind, from_id, to_kind, to_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .map_err(backend)?;
    for r in &rec.refs {
        debug_assert_eq!((&r.account, &r.instance), (&k.account, &k.instance), "references stay inside an instance");
        insert.execute(params![k.account, k.instance, k.kind.as_str(), k.id, r.kind.as_str(), r.id]).map_err(backend)?;
    }
    Ok(())
}

fn check_refs(conn: &Connection, rec: &Record) -> Result<(), StoreError> {
    for r in &rec.refs {
        if !exists(conn, r)? {
            return Err(StoreError::MissingRef(r.clone()));
        }
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn insert(&self, records: Vec<Record>) -> Result<(), StoreError> {
        self.write(move |conn| {
            for rec in &records {
                check_name(conn, rec)?;
                let k = &rec.key;
                let body = serde_json::to_string(&rec.body).map_err(backend)?;
                conn.prepare_cached(
                    "INSERT INTO resources (account, instance, kind, id, name, body, secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .and_then(|mut s| s.execute(params![k.account, k.instance, k.kind.as_str(), k.id, rec.name, body, rec.secret]))
                .map_err(backend)?;
            }
            for rec in &records {
                check_refs(conn, rec)?;
                write_refs(conn, rec)?;
            }
            Ok(())
        })
        .await
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        let key = key.clone();
        self.read(move |conn| load(conn, &key)).await
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        let key = key.clone();
        self.write(move |conn| {
            let mut rec = load(conn, &key)?.ok_or_else(|| StoreError::NotFound(key.clone()))?;
            f(&mut rec).map_err(StoreError::Rejected)?;
            rec.key = key.clone();
            check_name(conn, &rec)?;
            check_refs(conn, &rec)?;
            let body = serde_json::to_string(&rec.body).map_err(backend)?;
            conn.prepare_cached(
                "UPDATE resources SET name = ?5, body = ?6, secret = ?7 WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND id = ?4",
            )
            .and_then(|mut s| s.execute(params![key.account, key.instance, key.kind.as_str(), key.id, rec.name, body, rec.secret]))
            .map_err(backend)?;
            write_refs(conn, &rec)?;
            Ok(rec)
        })
        .await
    }

    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        let key = key.clone();
        self.write(move |conn| {
            if !exists(conn, &key)? {
                return Err(StoreError::NotFound(key));
            }
            if key.kind == Kind::Instance {
                // Everything in the instance goes with it.
                for sql in ["DELETE FROM resources WHERE account = ?1 AND instance = ?2", "DELETE FROM refs WHERE account = ?1 AND instance = ?2"] {
                    conn.execute(sql, params![key.account, key.id]).map_err(backend)?;
                }
            } else {
                let by: Option<(String, String)> = conn
                    .prepare_cached("SELECT from_kind, from_id FROM refs WHERE account = ?1 AND instance = ?2 AND to_kind = ?3 AND to_id = ?4 LIMIT 1")
                    .and_then(|mut s| {
                        s.query_row(params![key.account, key.instance, key.kind.as_str(), key.id], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                    })
                    .map_err(backend)?;
                if let Some((kind, id)) = by {
                    let by = Key { account: key.account.clone(), instance: key.instance.clone(), kind: kind_of(&kind)?, id };
                    return Err(StoreError::InUse { key, by });
                }
                conn.execute(
                    "DELETE FROM refs WHERE account = ?1 AND instance = ?2 AND from_kind = ?3 AND from_id = ?4",
                    params![key.account, key.instance, key.kind.as_str(), key.id],
                )
                .map_err(backend)?;
            }
            conn.execute(
                "DELETE FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND id = ?4",
                params![key.account, key.instance, key.kind.as_str(), key.id],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn list(&self, q: &ListQuery) -> Result<Vec<Record>, StoreError> {
        let q = q.clone();
        self.read(move |conn| {
            let base = "SELECT id, name, body, secret FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3";
            let after = q.after.clone().unwrap_or_default();
            let (sql, upper) = match &q.name_prefix {
                None => (format!("{base} AND id > ?4 ORDER BY id LIMIT ?5"), None),
                Some(prefix) => {
                    let lower = if after.as_str() > prefix.as_str() { after.clone() } else { prefix.clone() };
                    let op = if q.after.is_some() && after.as_str() >= prefix.as_str() { ">" } else { ">=" };
                    let upper = super::prefix_upper_bound(prefix);
                    let bound = if upper.is_some() { " AND name < ?6" } else { "" };
                    (format!("{base} AND name {op} ?4{bound} ORDER BY name LIMIT ?5"), Some((lower, upper)))
                }
            };
            let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
            let map_row = |r: &rusqlite::Row<'_>| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
            };
            let (kind, limit) = (q.kind.as_str(), q.limit as i64);
            let rows: Vec<_> = match upper {
                None => stmt.query_map(params![q.account, q.instance, kind, after, limit], map_row),
                Some((lower, None)) => stmt.query_map(params![q.account, q.instance, kind, lower, limit], map_row),
                Some((lower, Some(upper))) => stmt.query_map(params![q.account, q.instance, kind, lower, limit, upper], map_row),
            }
            .map_err(backend)?
            .collect::<Result<_, _>>()
            .map_err(backend)?;
            rows.into_iter()
                .map(|(id, name, body, secret)| {
                    Ok(Record {
                        key: Key { account: q.account.clone(), instance: q.instance.clone(), kind: q.kind, id },
                        name,
                        body: serde_json::from_str(&body).map_err(backend)?,
                        secret,
                        refs: Vec::new(),
                    })
                })
                .collect()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(kind: Kind, id: &str, name: Option<&str>, refs: Vec<Key>) -> Record {
        let instance = if kind == Kind::Instance { "" } else { "i1" };
        Record {
            key: Key::in_instance("acct", instance, kind, id),
            name: name.map(str::to_string),
            body: json!({"Id": id}),
            secret: None,
            refs,
        }
    }

    fn key(kind: Kind, id: &str) -> Key {
        Key::in_instance("acct", "i1", kind, id)
    }

    async fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.insert(vec![rec(Kind::Instance, "i1", Some("alias"), vec![]), rec(Kind::RoutingProfile, "rp", Some("Basic"), vec![])]).await.unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn names_are_unique_per_instance_and_kind() {
        let (_d, s) = store().await;
        s.insert(vec![rec(Kind::User, "u1", Some("jdoe"), vec![])]).await.unwrap();
        let err = s.insert(vec![rec(Kind::User, "u2", Some("jdoe"), vec![])]).await.unwrap_err();
        assert_eq!(err, StoreError::Duplicate { kind: Kind::User, name: "jdoe".into() });
        assert_eq!(s.get(&key(Kind::User, "u2")).await.unwrap(), None);
        // A queue may share a user's name.
        s.insert(vec![rec(Kind::Queue, "q", Some("jdoe"), vec![])]).await.unwrap();
    }

    #[tokio::test]
    async fn references_must_exist_and_block_deletes() {
        let (_d, s) = store().await;
        let err = s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "nope")])]).await.unwrap_err();
        assert!(matches!(err, StoreError::MissingRef(k) if k.id == "nope"));
        assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap(), None, "a refused insert leaves nothing");
        s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![key(Kind::RoutingProfile, "rp")])]).await.unwrap();
        assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap().unwrap().refs, vec![key(Kind::RoutingProfile, "rp")]);
        let err = s.delete(&key(Kind::RoutingProfile, "rp")).await.unwrap_err();
        assert!(matches!(err, StoreError::InUse { .. }));
        s.delete(&key(Kind::User, "u1")).await.unwrap();
        s.delete(&key(Kind::RoutingProfile, "rp")).await.unwrap();
    }

    #[tokio::test]
    async fn updates_apply_inside_the_transaction_and_can_be_refused() {
        let (_d, s) = store().await;
        s.insert(vec![rec(Kind::User, "u1", Some("a"), vec![]), rec(Kind::User, "u2", Some("b"), vec![])]).await.unwrap();
        let updated = s.update(&key(Kind::User, "u1"), Box::new(|r| {
            r.body["X"] = json!(1);
            Ok(())
        })).await.unwrap();
        assert_eq!(updated.body["X"], json!(1));
        let err = s.update(&key(Kind::User, "u1"), Box::new(|r| {
            r.name = Some("b".into());
            Ok(())
        })).await.unwrap_err();
        assert!(matches!(err, StoreError::Duplicate { .. }));
        let err = s.update(&key(Kind::User, "u1"), Box::new(|_| Err(crate::error::ApiError::invalid_request("no")))).await.unwrap_err();
        assert!(matches!(err, StoreError::Rejected(_)));
        assert_eq!(s.get(&key(Kind::User, "u1")).await.unwrap().unwrap().body["X"], json!(1));
        assert!(matches!(s.update(&key(Kind::User, "zz"), Box::new(|_| Ok(()))).await, Err(StoreError::NotFound(_))));
    }

    #[tokio::test]
    async fn concurrent_writes_are_grouped_and_all_durable() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Arc::new(SqliteStore::open(dir.path()).unwrap());
            s.insert(vec![rec(Kind::Instance, "i1", None, vec![])]).await.unwrap();
            let tasks: Vec<_> = (0..200)
                .map(|i| {
                    let s = s.clone();
                    tokio::spawn(async move { s.insert(vec![rec(Kind::User, &format!("u{i:03}"), Some(&format!("n{i}")), vec![])]).await })
                })
                .collect();
            for t in tasks {
                t.await.unwrap().unwrap();
            }
        }
        let s = SqliteStore::open(dir.path()).unwrap();
        let q = |after: Option<String>| ListQuery { account: "acct".into(), instance: "i1".into(), kind: Kind::User, after, name_prefix: None, limit: 150 };
        let first = s.list(&q(None)).await.unwrap();
        let second = s.list(&q(Some(first.last().unwrap().key.id.clone()))).await.unwrap();
        assert_eq!((first.len(), second.len()), (150, 50));
        assert!(first.last().unwrap().key.id < second[0].key.id);
    }

    #[tokio::test]
    async fn name_prefix_listing_is_ordered_by_name_and_pages() {
        let (_d, s) = store().await;
        for name in ["bob", "alice", "alfred", "al", "albert", "zed"] {
            s.insert(vec![rec(Kind::User, &format!("id-{name}"), Some(name), vec![])]).await.unwrap();
        }
        let q = |after: Option<&str>, limit| ListQuery {
            account: "acct".into(),
            instance: "i1".into(),
            kind: Kind::User,
            after: after.map(str::to_string),
            name_prefix: Some("al".into()),
            limit,
        };
        let names = |recs: Vec<Record>| recs.into_iter().map(|r| r.name.unwrap()).collect::<Vec<_>>();
        assert_eq!(names(s.list(&q(None, 10)).await.unwrap()), ["al", "albert", "alfred", "alice"]);
        assert_eq!(names(s.list(&q(None, 2)).await.unwrap()), ["al", "albert"]);
        assert_eq!(names(s.list(&q(Some("albert"), 2)).await.unwrap()), ["alfred", "alice"]);
        assert_eq!(super::super::prefix_upper_bound("al").as_deref(), Some("am"));
    }

    #[tokio::test]
    async fn deleting_an_instance_takes_its_contents() {
        let (_d, s) = store().await;
        s.delete(&Key::instance("acct", "i1")).await.unwrap();
        assert_eq!(s.get(&key(Kind::RoutingProfile, "rp")).await.unwrap(), None);
        assert!(matches!(s.delete(&Key::instance("acct", "i1")).await, Err(StoreError::NotFound(_))));
    }
}

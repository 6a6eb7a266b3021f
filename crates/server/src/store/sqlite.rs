//! The embedded store: SQLite in WAL mode in the data directory.
//!
//! One writer thread owns the only write connection and commits in groups: it takes every
//! write waiting in its queue, runs each in its own savepoint (so one refused write does not
//! undo its neighbours), commits them with one fsync (`synchronous=FULL`), and only then
//! answers them. A write is acknowledged only once it is on disk, and under load the cost of
//! the fsync is shared. Reads run on a bounded pool of connections beside it (at most
//! `readers` open, opened as needed, kept for reuse); WAL lets them proceed while the writer
//! works. A read that finds every reader busy waits for one, at most
//! [`crate::limits::DEFAULT_WAIT`], and is then refused with ThrottlingException: load
//! never opens connections past the bound nor fails for want of file descriptors.
use super::{backend, kind_of, Condition, Key, Kind, Limit, ListQuery, Record, RecordStream, Store, StoreError, UpdateFn, MIGRATIONS};
use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::oneshot;
use crate::limits::Gate;

/// Most writes committed together in one transaction.
const MAX_GROUP: usize = 512;

type Finish = Box<dyn FnOnce(Option<String>) + Send>;
/// A write: runs inside the group's transaction (or learns that it cannot run) and returns
/// what to do once the commit's outcome is known.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Finish + Send>;

pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<mpsc::Sender<Job>>,
    /// Idle reader connections; with the connections in use, never more than `gate` holds.
    readers: Arc<Mutex<Vec<Connection>>>,
    gate: Gate,
}

/// Reader connections unless `--database-pool-size` says otherwise.
pub const DEFAULT_READERS: usize = 8;

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")?;
    Ok(conn)
}

/// A consistent copy of the store in `dir`, taken while a server writes to it, into the new
/// file `out`: `VACUUM INTO` reads one snapshot of the database (in WAL mode writers carry on
/// meanwhile) and writes it compacted; the copy is then synced to disk. The copy is a
/// complete store: put it, as `switchboard.db`, into an empty data dir.
pub fn backup(dir: &Path, out: &Path) -> Result<(), StoreError> {
    let path = dir.join("switchboard.db");
    if !path.exists() {
        return Err(backend(format!("{} holds no switchboard store", dir.display())));
    }
    let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(backend)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(backend)?;
    let target = out.to_str().ok_or_else(|| backend(format!("{} is not a UTF-8 path", out.display())))?;
    conn.execute("VACUUM INTO ?1", [target]).map_err(backend)?;
    std::fs::File::open(out).and_then(|f| f.sync_all()).map_err(backend)
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)").map_err(backend)?;
    let newest: Option<i64> = conn.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| r.get(0)).map_err(backend)?;
    super::refuse_newer_schema(newest, MIGRATIONS)?;
    migrate_to_latest(conn).map_err(backend)
}

fn migrate_to_latest(conn: &Connection) -> rusqlite::Result<()> {
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
    /// Opens (creating if needed) `switchboard.db` in `dir` and starts the writer thread,
    /// with [`DEFAULT_READERS`] readers.
    pub fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(dir, DEFAULT_READERS)
    }

    /// [`SqliteStore::open`] with at most `readers` reader connections.
    pub fn open_with(dir: &Path, readers: usize) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| backend(format!("cannot create data dir {}: {e}", dir.display())))?;
        let path = dir.join("switchboard.db");
        let conn = open_connection(&path).map_err(backend)?;
        migrate(&conn)?;
        conn.execute_batch("PRAGMA wal_autocheckpoint=0").map_err(backend)?;
        let checkpoints = Checkpointer::start(&path)?;
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx, checkpoints))
            .map_err(backend)?;
        let gate = Gate::new("a database connection", readers, crate::limits::DEFAULT_WAIT);
        Ok(SqliteStore { path, writer: Mutex::new(tx), readers: Arc::new(Mutex::new(Vec::new())), gate })
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
        // The permit comes back with the result: it is held until the reading task has the
        // rows, so that at most `readers` results wait for their tasks at any time.
        let permit = self.gate.enter().await.map_err(StoreError::Rejected)?;
        let pool = self.readers.clone();
        let path = self.path.clone();
        let (result, permit) = tokio::task::spawn_blocking(move || {
            let conn = pool.lock().unwrap().pop();
            let conn = match conn {
                Some(c) => c,
                None => match open_connection(&path) {
                    Ok(c) => c,
                    Err(e) => return (Err(backend(e)), permit),
                },
            };
            let result = f(&conn);
            pool.lock().unwrap().push(conn);
            (result, permit)
        })
        .await
        .map_err(backend)?;
        drop(permit);
        result
    }
}

impl SqliteStore {
    /// A read as short as one lookup by key, run on the calling task's thread: a hand-off
    /// to a blocking thread and back would cost more than the read (BENCHMARKS.md,
    /// "Profile"). Under the same bound of connections as [`SqliteStore::read`]; in WAL mode
    /// a read never waits for the writer.
    async fn read_here<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let _permit = self.gate.enter().await.map_err(StoreError::Rejected)?;
        let conn = self.readers.lock().unwrap().pop();
        let conn = match conn {
            Some(c) => c,
            None => open_connection(&self.path).map_err(backend)?,
        };
        let result = f(&conn);
        self.readers.lock().unwrap().push(conn);
        result
    }
}

fn in_savepoint<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
    let run = |sql: &str| conn.prepare_cached(sql).and_then(|mut s| s.execute([])).map_err(backend);
    run("SAVEPOINT job")?;
    let result = f(conn);
    if result.is_err() {
        run("ROLLBACK TO job")?;
    }
    run("RELEASE job")?;
    result
}

fn writer_loop(conn: Connection, rx: mpsc::Receiver<Job>, checkpoints: Checkpointer) {
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
        if outcome.is_none() {
            checkpoints.committed();
        }
    }
}

/// Checkpoints the WAL into the database file on a thread of its own, with a connection of
/// its own, so that the writer never does (its connection has `wal_autocheckpoint=0`): at
/// most every [`Checkpointer::PAUSE`], after commits, a PASSIVE checkpoint, which waits for
/// no reader and no writer. (SQLite's automatic checkpoint runs inside the COMMIT that
/// crosses 1,000 pages of WAL, on the writer, where it held up every write waiting in the
/// queue; BENCHMARKS.md, "Profile".)
struct Checkpointer {
    /// Commits since the last checkpoint; shared with the thread, which stops once it holds
    /// the only reference (the writer, and with it the store, is gone).
    pending: Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::Thread,
}

impl Checkpointer {
    const PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

    fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        use std::sync::atomic::Ordering;
        let conn = open_connection(path).map_err(backend)?;
        let pending = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = pending.clone();
        let handle = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while Arc::strong_count(&flag) > 1 {
                    std::thread::park_timeout(std::time::Duration::from_secs(1));
                    if flag.swap(false, Ordering::AcqRel) {
                        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                            tracing::warn!(error = %e, "WAL checkpoint failed; the next one tries again");
                            flag.store(true, Ordering::Release);
                        }
                        std::thread::sleep(Checkpointer::PAUSE);
                    }
                }
            })
            .map_err(backend)?;
        Ok(Checkpointer { pending, thread: handle.thread().clone() })
    }

    fn committed(&self) {
        if !self.pending.swap(true, std::sync::atomic::Ordering::AcqRel) {
            self.thread.unpark();
        }
    }
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
    Ok(Some(Record { key: key.clone(), name, body: super::parse_body(&body)?, secret, refs: load_refs(conn, key)? }))
}

/// What the record at `key` references, in (kind, id) order.
fn load_refs(conn: &Connection, key: &Key) -> Result<Vec<Key>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT to_kind, to_id FROM refs WHERE account = ?1 AND instance = ?2 AND from_kind = ?3 AND from_id = ?4 ORDER BY to_kind, to_id")
        .map_err(backend)?;
    let refs = stmt
        .query_map(params![key.account, key.instance, key.kind.as_str(), key.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(backend)?
        .map(|r| {
            let (kind, id) = r.map_err(backend)?;
            Ok(Key { account: key.account.clone(), instance: key.instance.clone(), kind: kind_of(&kind)?, id })
        })
        .collect::<Result<Vec<_>, StoreError>>();
    refs
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

/// Writes the record's refs (after deleting its old ones when `replace`).
fn write_refs(conn: &Connection, rec: &Record, replace: bool) -> Result<(), StoreError> {
    let k = &rec.key;
    if replace {
        conn.prepare_cached("DELETE FROM refs WHERE account = ?1 AND instance = ?2 AND from_kind = ?3 AND from_id = ?4")
            .and_then(|mut s| s.execute(params![k.account, k.instance, k.kind.as_str(), k.id]))
            .map_err(backend)?;
    }
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO refs (account, instance, from_kind, from_id, to_kind, to_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .map_err(backend)?;
    for r in &rec.refs {
        debug_assert_eq!((&r.account, &r.instance), (&k.account, &k.instance), "references stay inside an instance");
        insert.execute(params![k.account, k.instance, k.kind.as_str(), k.id, r.kind.as_str(), r.id]).map_err(backend)?;
    }
    Ok(())
}

/// Fails unless everything the record needs (its instance, its refs) exists. The single
/// writer makes check-then-write safe here.
fn check_requirements(conn: &Connection, rec: &Record) -> Result<(), StoreError> {
    for (key, missing) in rec.requirements() {
        if !exists(conn, &key)? {
            return Err(missing);
        }
    }
    Ok(())
}

/// Inserts a record's row, checking its name (the unique name index refuses a taken one),
/// not its refs.
fn insert_row(conn: &Connection, rec: &Record) -> Result<(), StoreError> {
    rec.check_storable()?;
    let k = &rec.key;
    let body = serde_json::to_string(&rec.body).map_err(backend)?;
    conn.prepare_cached("INSERT INTO resources (account, instance, kind, id, name, body, secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .and_then(|mut s| s.execute(params![k.account, k.instance, k.kind.as_str(), k.id, rec.name, body, rec.secret]))
        .map_err(|e| match &e {
            rusqlite::Error::SqliteFailure(f, Some(message))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE && message.ends_with("resources.name") =>
            {
                StoreError::Duplicate { kind: k.kind, name: rec.name.clone().unwrap_or_default() }
            }
            _ => backend(e),
        })?;
    Ok(())
}

/// Inserts records (all rows first, so that they may reference each other), checking names
/// and requirements.
fn insert_records(conn: &Connection, records: &[Record]) -> Result<(), StoreError> {
    for rec in records {
        insert_row(conn, rec)?;
    }
    for rec in records {
        check_requirements(conn, rec)?;
        write_refs(conn, rec, false)?;
    }
    Ok(())
}

/// Deletes a record that exists (an instance with everything in it), unless others
/// reference it.
fn delete_record(conn: &Connection, key: Key) -> Result<(), StoreError> {
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
}

#[async_trait]
impl Store for SqliteStore {
    /// The single writer makes insert-then-count exact: no other write runs in between.
    async fn insert_limited(&self, records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError> {
        self.write(move |conn| {
            insert_records(conn, &records)?;
            for limit in limits {
                let scope = params![limit.account, limit.instance, limit.kind.as_str()];
                let n: u64 = if limit.region.is_none() {
                    conn.prepare_cached("SELECT COUNT(*) FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3")
                        .and_then(|mut s| s.query_row(scope, |r| r.get::<_, i64>(0)))
                        .map_err(backend)? as u64
                } else {
                    let mut stmt = conn
                        .prepare_cached("SELECT body FROM resources WHERE account = ?1 AND instance = ?2 AND kind = ?3")
                        .map_err(backend)?;
                    let bodies = stmt.query_map(scope, |r| r.get::<_, String>(0)).map_err(backend)?;
                    let mut n = 0;
                    for body in bodies {
                        n += limit.counts(&body.map_err(backend)?)? as u64;
                    }
                    n
                };
                if n > limit.max {
                    return Err(StoreError::Rejected(limit.error));
                }
            }
            Ok(())
        })
        .await
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        self.read_here(|conn| load(conn, key)).await
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        let key = key.clone();
        self.write(move |conn| {
            let mut rec = load(conn, &key)?.ok_or_else(|| StoreError::NotFound(key.clone()))?;
            f(&mut rec).map_err(StoreError::Rejected)?;
            rec.key = key.clone();
            rec.check_storable()?;
            check_name(conn, &rec)?;
            check_requirements(conn, &rec)?;
            let body = serde_json::to_string(&rec.body).map_err(backend)?;
            conn.prepare_cached(
                "UPDATE resources SET name = ?5, body = ?6, secret = ?7 WHERE account = ?1 AND instance = ?2 AND kind = ?3 AND id = ?4",
            )
            .and_then(|mut s| s.execute(params![key.account, key.instance, key.kind.as_str(), key.id, rec.name, body, rec.secret]))
            .map_err(backend)?;
            write_refs(conn, &rec, true)?;
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
            delete_record(conn, key)
        })
        .await
    }

    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        let key = key.clone();
        self.write(move |conn| {
            let rec = load(conn, &key)?.ok_or_else(|| StoreError::NotFound(key.clone()))?;
            if !condition(&rec) {
                return Ok(false);
            }
            delete_record(conn, key).map(|()| true)
        })
        .await
    }

    async fn list(&self, q: &ListQuery) -> Result<Vec<Record>, StoreError> {
        let q = q.clone();
        self.read(move |conn| {
            let (sql, params, limit) = q.sql(|n| format!("?{n}"));
            let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
            let values = params.iter().map(|p| p as &dyn rusqlite::ToSql).chain([&limit as &dyn rusqlite::ToSql]);
            let rows: Vec<(String, Option<String>, String, Option<String>)> = stmt
                .query_map(rusqlite::params_from_iter(values), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(backend)?
                .collect::<Result<_, _>>()
                .map_err(backend)?;
            rows.into_iter().map(|(id, name, body, secret)| q.record(id, name, &body, secret)).collect()
        })
        .await
    }

    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        let targets = targets.to_vec();
        self.read(move |conn| {
            // One read transaction: every count is of the same moment.
            conn.execute_batch("BEGIN").map_err(backend)?;
            let counts = count_referrers(conn, &targets, from);
            conn.execute_batch("COMMIT").map_err(backend)?;
            counts
        })
        .await
    }

    async fn dump(&self) -> Result<RecordStream, StoreError> {
        // A connection of its own, outside the readers' pool, for as long as the stream is
        // read, on a thread of its own: the consumer sets the pace.
        let (feed, stream) = super::records::channel();
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("sqlite-dump".into())
            .spawn(move || {
                let outcome = open_connection(&path).map_err(backend).and_then(|conn| {
                    // One read transaction: every record as of the same moment (WAL snapshot).
                    conn.execute_batch("BEGIN").map_err(backend)?;
                    let result = dump_into(&conn, &feed);
                    conn.execute_batch("COMMIT").map_err(backend)?;
                    result
                });
                feed.blocking_end(outcome);
            })
            .map_err(backend)?;
        Ok(stream)
    }

    async fn restore(&self, mut records: RecordStream, replace: bool) -> Result<(), StoreError> {
        self.write(move |conn| {
            if replace {
                conn.execute_batch("DELETE FROM refs; DELETE FROM resources;").map_err(backend)?;
            } else if conn.prepare("SELECT 1 FROM resources LIMIT 1").and_then(|mut s| s.exists([])).map_err(backend)? {
                return Err(StoreError::NotEmpty);
            }
            while let Some(rec) = records.blocking_next()? {
                insert_row(conn, &rec)?;
                write_refs(conn, &rec, false)?;
            }
            let missing_ref = conn
                .query_row(super::MISSING_REF_SQL, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()
                .map_err(backend)?;
            let missing_instance =
                conn.query_row(&super::missing_instance_sql(), [], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(backend)?;
            super::unmet(missing_ref, missing_instance)
        })
        .await
    }
}

/// Each target's referrers of kind `from`: a count over one range of `refs_target`
/// (migration 3), which holds every column compared, so SQLite reads the index alone (a
/// covering index), never the referring rows.
fn count_referrers(conn: &Connection, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT COUNT(*) FROM refs WHERE to_id = ?1 AND to_kind = ?2 AND account = ?3 AND instance = ?4 AND from_kind = ?5")
        .map_err(backend)?;
    targets
        .iter()
        .map(|t| {
            stmt.query_row(params![t.id, t.kind.as_str(), t.account, t.instance, from.as_str()], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(backend)
        })
        .collect()
}

/// Every record, in key order, into `feed`.
fn dump_into(conn: &Connection, feed: &super::records::RecordFeed) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("SELECT account, instance, kind, id, name, body, secret FROM resources ORDER BY account, instance, kind, id")
        .map_err(backend)?;
    let mut rows = stmt.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let kind: String = r.get(2).map_err(backend)?;
        let key = Key { account: r.get(0).map_err(backend)?, instance: r.get(1).map_err(backend)?, kind: kind_of(&kind)?, id: r.get(3).map_err(backend)? };
        let body: String = r.get(5).map_err(backend)?;
        let refs = load_refs(conn, &key)?;
        feed.blocking_send(Record { key, name: r.get(4).map_err(backend)?, body: super::parse_body(&body)?, secret: r.get(6).map_err(backend)?, refs })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::Harness;
    use super::*;
    use std::sync::Arc;

    /// A data dir of its own per test.
    struct TempStore(tempfile::TempDir);

    #[async_trait]
    impl Harness for TempStore {
        async fn open(&self) -> Arc<dyn Store> {
            Arc::new(SqliteStore::open(self.0.path()).unwrap())
        }
    }

    async fn harness() -> Option<TempStore> {
        Some(TempStore(tempfile::tempdir().unwrap()))
    }

    crate::store_suite!(harness);
}

//! The shared store: PostgreSQL, for several stateless switchboard replicas on one database.
//!
//! Nothing is kept in process memory between requests, so a replica can never serve what
//! another replica's write has made stale. What must hold across replicas is enforced by the
//! database, inside one transaction per write:
//!
//! * a name is unique per instance and kind through the unique index `resources_unique_name`:
//!   of racing creates, the first to commit wins and the others' inserts fail on the index;
//! * a write locks what it needs `FOR SHARE` (the instance it lives in, the records it
//!   references), and a delete locks its target `FOR UPDATE` before looking for references,
//!   so a delete and a create that references its target are serialised by the row lock:
//!   either the delete sees the new reference and refuses, or the create finds its
//!   reference gone;
//! * an update locks its record `FOR UPDATE`, applies the change and writes it back in the
//!   same transaction, so concurrent updates of one record apply one after the other.
//!
//! Locks are taken in one order (instance, then the record, then what it references), the
//! order in which deleting an instance takes them, so that these transactions cannot
//! deadlock one another.
use super::pg_tls::Tls;
use super::{backend, kind_of, Condition, Key, Kind, Limit, ListQuery, Record, RecordStream, Store, StoreError, UpdateFn, PG_MIGRATIONS};
use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Object, Pool, RecyclingMethod, Transaction};
use std::time::{Duration, Instant};
use tokio_postgres::error::SqlState;

/// The advisory lock that start-up migrations run under, so that replicas starting together
/// apply each migration exactly once (the bytes of "swbdmig").
const MIGRATION_LOCK: i64 = 0x0073_7762_646d_6967;

#[derive(Debug, Clone)]
pub struct PgOptions {
    /// How long start-up waits for the database to become reachable.
    pub connect_wait: Duration,
    /// Connections in the pool.
    pub pool_size: usize,
    /// How long one store call may take, retries included (store::bounded).
    pub timeout: Duration,
}

/// How long one store call may take unless `--database-timeout` says otherwise: longer than
/// a wait for a busy pool's connection (which is refused with ThrottlingException after
/// [`crate::limits::DEFAULT_WAIT`]).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Connections in the pool unless `--database-pool-size` says otherwise.
pub const DEFAULT_POOL_SIZE: u16 = 16;

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions { connect_wait: Duration::from_secs(30), pool_size: DEFAULT_POOL_SIZE as usize, timeout: DEFAULT_TIMEOUT }
    }
}

pub struct PgStore {
    pool: Pool,
    target: String,
    tls: Tls,
}

/// A database error as a StoreError: what may pass on a new attempt (a serialization
/// failure, a deadlock, the server shutting down, any failure of the connection itself) is
/// [`StoreError::Transient`].
fn pg(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => {
            let code = db.code();
            let detail = format!("{} ({})", db.message(), code.code());
            let transient = *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || code.code().starts_with("08")
                || matches!(code.code(), "57P01" | "57P02" | "57P03");
            if transient { StoreError::Transient { detail, at_commit: false } } else { backend(detail) }
        }
        None => StoreError::Transient { detail: error_chain(&e), at_commit: false },
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!(": {s}"));
        source = s.source();
    }
    out
}

/// COMMIT: a connection lost while it was under way leaves the outcome unknown
/// (`at_commit`); an error the server answered means the transaction did not commit.
async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    tx.commit().await.map_err(|e| match (e.as_db_error().is_none(), pg(e)) {
        (true, StoreError::Transient { detail, .. }) => StoreError::Transient { detail, at_commit: true },
        (_, other) => other,
    })
}

/// How often a transaction is attempted when the database says a new attempt may pass.
const ATTEMPTS: u32 = 5;

/// The retries of one store operation: after a transient failure, a pause of 25 ms, 50 ms,
/// 100 ms, … with full jitter, then another attempt, at most [`ATTEMPTS`] in all.
struct Retry {
    attempt: u32,
}

impl Retry {
    fn new() -> Retry {
        Retry { attempt: 1 }
    }

    /// Whether to attempt again after `e` (having paused); `rerunnable`: whether the
    /// attempt can be made again at all (an update whose change was applied cannot).
    async fn again(&mut self, e: &StoreError, rerunnable: bool) -> bool {
        if !matches!(e, StoreError::Transient { at_commit: false, .. }) || !rerunnable || self.attempt >= ATTEMPTS {
            return false;
        }
        let ceiling = 25u64 << (self.attempt - 1);
        let pause = Duration::from_millis(rand::Rng::gen_range(&mut rand::thread_rng(), 1..=ceiling));
        tracing::info!(attempt = self.attempt, error = %e, pause_ms = pause.as_millis() as u64, "retrying a database transaction");
        self.attempt += 1;
        tokio::time::sleep(pause).await;
        true
    }
}

/// Where the database is, for messages: never the password.
fn describe(config: &tokio_postgres::Config) -> String {
    use tokio_postgres::config::Host;
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{}:{port}/{}", hosts.join(","), config.get_dbname().unwrap_or("(default database)"))
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), waiting for the database for a
    /// bounded time, and applies the migrations it lacks.
    /// Its `sslmode` and `sslrootcert` work as libpq defines them ([`Tls`]).
    pub async fn open(url: &str, options: &PgOptions) -> Result<PgStore, StoreError> {
        let (url, tls) = Tls::split(url)?;
        let config: tokio_postgres::Config =
            url.parse().map_err(|e| StoreError::Backend(format!("the database URL is not valid: {e}")))?;
        PgStore::connect(config, tls, options).await
    }

    pub async fn connect(mut config: tokio_postgres::Config, tls: Tls, options: &PgOptions) -> Result<PgStore, StoreError> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5).min(options.timeout));
        }
        if config.get_application_name().is_none() {
            config.application_name("switchboard");
        }
        let connector = tls.connector(&mut config)?;
        let target = describe(&config);
        let manager = Manager::from_config(config, connector, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(options.pool_size.max(1)).build().map_err(backend)?;
        let store = PgStore { pool, target, tls };
        store.wait_until_reachable(options.connect_wait).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// The database, for messages (`host:port/db`, no credentials).
    pub fn target(&self) -> &str {
        &self.target
    }

    async fn wait_until_reachable(&self, wait: Duration) -> Result<(), StoreError> {
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            match self.pool.get().await {
                Ok(_) => return Ok(()),
                Err(deadpool_postgres::PoolError::Backend(e)) if super::pg_tls::is_tls_refusal(&e) => {
                    return Err(backend(format!(
                        "TLS to PostgreSQL at {} refused the server (sslmode={}{}): {}",
                        self.target,
                        self.tls.sslmode,
                        self.tls.sslrootcert.as_deref().map(|r| format!(", sslrootcert={r}")).unwrap_or_default(),
                        pool_error(&deadpool_postgres::PoolError::Backend(e))
                    )))
                }
                Err(e) if started.elapsed() < wait => {
                    tracing::warn!(database = %self.target, attempt, error = %pool_error(&e), "PostgreSQL is not reachable yet; retrying in 1s");
                }
                Err(e) => {
                    return Err(backend(format!(
                        "PostgreSQL at {} was not reachable within {}s ({attempt} attempts): {}",
                        self.target,
                        wait.as_secs(),
                        pool_error(&e)
                    )))
                }
            }
            attempt += 1;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Applies the missing migrations in one transaction under an advisory lock: a replica
    /// that starts while another migrates waits for it, then finds nothing left to do.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(pg)?;
        // (Quietly: a NOTICE that the table exists would be logged by every replica.)
        tx.batch_execute("SET LOCAL client_min_messages = warning; CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
            .await
            .map_err(pg)?;
        let newest: Option<i64> = tx.query_one("SELECT MAX(version) FROM schema_migrations", &[]).await.map_err(pg)?.get(0);
        super::refuse_newer_schema(newest, PG_MIGRATIONS)?;
        for (version, sql) in PG_MIGRATIONS {
            let done = tx.query_opt("SELECT 1 FROM schema_migrations WHERE version = $1", &[version]).await.map_err(pg)?;
            if done.is_none() {
                tx.batch_execute(sql).await.map_err(pg)?;
                tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version]).await.map_err(pg)?;
                tracing::info!(version, "applied schema migration");
            }
        }
        tx.commit().await.map_err(pg)
    }

    /// A connection from the pool: when all are busy, waits for one at most
    /// [`crate::limits::DEFAULT_WAIT`], then refuses with ThrottlingException (load is not a
    /// failure of the store).
    async fn client(&self) -> Result<Object, StoreError> {
        match tokio::time::timeout(crate::limits::DEFAULT_WAIT, self.pool.get()).await {
            Ok(got) => got.map_err(|e| StoreError::Transient { detail: pool_error(&e), at_commit: false }),
            Err(_) => Err(StoreError::Rejected(crate::limits::throttled("a database connection"))),
        }
    }
}

fn pool_error(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => match e.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => {
                let source = std::error::Error::source(e).map(|s| format!(": {s}")).unwrap_or_default();
                format!("{e}{source}")
            }
        },
        other => other.to_string(),
    }
}

/// The kinds and the ids a record `r` references, as two columns, in (kind, id) order.
macro_rules! refs_columns {
    () => {
        "ARRAY(SELECT f.to_kind FROM refs f WHERE f.account = r.account AND f.instance = r.instance AND f.from_kind = r.kind AND f.from_id = r.id ORDER BY f.to_kind, f.to_id), \
         ARRAY(SELECT f.to_id FROM refs f WHERE f.account = r.account AND f.instance = r.instance AND f.from_kind = r.kind AND f.from_id = r.id ORDER BY f.to_kind, f.to_id)"
    };
}

const RECORD: &str = concat!("SELECT name, body, secret, ", refs_columns!(), " FROM resources r WHERE account = $1 AND instance = $2 AND kind = $3 AND id = $4");

/// Every record with its refs (columns 7 and 8, in (kind, id) order), for [`Store::dump`].
const DUMPED: &str = concat!("SELECT account, instance, kind, id, name, body, secret, ", refs_columns!(), " FROM resources r");

/// Rows a dump reads from its portal at a time.
const DUMP_PAGE: i32 = 1000;

/// Records a restore sends to the database at a time.
const RESTORE_BATCH: usize = 1000;

/// The record at `key` with its refs; `FOR UPDATE` locks it for the rest of the transaction.
async fn load(c: &impl GenericClient, key: &Key, for_update: bool) -> Result<Option<Record>, StoreError> {
    if !key.is_storable() {
        return Ok(None);
    }
    let sql = if for_update { format!("{RECORD} FOR UPDATE OF r") } else { RECORD.to_string() };
    let stmt = c.prepare_cached(&sql).await.map_err(pg)?;
    let Some(row) = c.query_opt(&stmt, &[&key.account, &key.instance, &key.kind.as_str(), &key.id]).await.map_err(pg)? else {
        return Ok(None);
    };
    let (kinds, ids): (Vec<String>, Vec<String>) = (row.get(3), row.get(4));
    let refs = kinds
        .into_iter()
        .zip(ids)
        .map(|(kind, id)| Ok(Key { account: key.account.clone(), instance: key.instance.clone(), kind: kind_of(&kind)?, id }))
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(Record { key: key.clone(), name: row.get(0), body: super::parse_body(row.get(1))?, secret: row.get(2), refs }))
}

/// Locks the record's instance `FOR SHARE`: it cannot be deleted until this transaction
/// ends. (Should it be gone already, so is the record, as the caller will find.)
async fn lock_instance(tx: &Transaction<'_>, key: &Key) -> Result<(), StoreError> {
    let stmt = tx
        .prepare_cached("SELECT 1 FROM resources WHERE account = $1 AND instance = '' AND kind = $3 AND id = $2 FOR SHARE")
        .await
        .map_err(pg)?;
    tx.query_opt(&stmt, &[&key.account, &key.instance, &Kind::Instance.as_str()]).await.map_err(pg)?;
    Ok(())
}

/// The storable references of `rec`, as the parallel arrays of kinds and ids the queries
/// unnest. A reference holding NUL (it comes from a request body) names nothing: it is left
/// out of the query, which PostgreSQL would fail on, and so is reported missing.
fn ref_arrays(rec: &Record) -> (Vec<&str>, Vec<&str>) {
    rec.refs.iter().filter(|r| r.is_storable()).map(|r| (r.kind.as_str(), r.id.as_str())).unzip()
}

/// The rows [`NEEDED`] found: (instance, kind, id) of each.
type Found = Vec<(String, String, String)>;

/// What a record needs, locked `FOR SHARE`: its instance ($2 names it, $5 is the instance
/// kind) and the records of its references ($3 kinds, $4 ids), in account $1.
macro_rules! needed {
    () => {
        "SELECT instance, kind, id FROM resources WHERE account = $1 AND \
         ((instance = '' AND kind = $5 AND id = $2) OR \
          (instance = $2 AND (kind, id) IN (SELECT * FROM unnest($3::text[], $4::text[])))) \
         FOR SHARE"
    };
}
const NEEDED: &str = needed!();

/// Fails with the first requirement of `rec` that is not among `found`.
fn check_found(rec: &Record, found: &Found) -> Result<(), StoreError> {
    for (key, missing) in rec.requirements() {
        if !found.iter().any(|(i, kind, id)| *i == key.instance && kind == key.kind.as_str() && *id == key.id) {
            return Err(missing);
        }
    }
    Ok(())
}

/// Locks `FOR SHARE` everything the record needs (its instance, its refs), failing on the
/// first that does not exist.
async fn lock_requirements(tx: &Transaction<'_>, rec: &Record) -> Result<(), StoreError> {
    let k = &rec.key;
    let (kinds, ids) = ref_arrays(rec);
    let stmt = tx.prepare_cached(NEEDED).await.map_err(pg)?;
    let found: Found =
        tx.query(&stmt, &[&k.account, &k.instance, &kinds, &ids, &Kind::Instance.as_str()]).await.map_err(pg)?.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    check_found(rec, &found)
}

/// One record in an instance, inserted by one statement in its own (implicit) transaction,
/// so in one round trip: the statement locks what the record needs as
/// [`lock_requirements`] does and, only when all of it is there, inserts the row and its
/// refs; it returns what it found, and the insert's row count. The unique name index refuses
/// a duplicate name, failing the whole statement. Same effect as [`insert_records`] in a
/// transaction, in one round trip instead of five (BENCHMARKS.md, "Profile").
const INSERT_ONE: &str = concat!(
    "WITH needed AS (",
    needed!(),
    "), \
     complete AS (SELECT count(*) = $10 AS yes FROM needed), \
     inserted AS (INSERT INTO resources (account, instance, kind, id, name, body, secret) \
         SELECT $1, $2, $6, $7, $8, $9, $11 FROM complete WHERE yes RETURNING 1), \
     links AS (INSERT INTO refs (account, instance, from_kind, from_id, to_kind, to_id) \
         SELECT $1, $2, $6, $7, t.kind, t.id FROM unnest($3::text[], $4::text[]) AS t(kind, id), complete WHERE yes \
         ON CONFLICT DO NOTHING) \
     SELECT instance, kind, id, (SELECT count(*) FROM inserted) FROM needed"
);

/// Writes the record's refs (after deleting its old ones when `replace`).
async fn write_refs(tx: &Transaction<'_>, rec: &Record, replace: bool) -> Result<(), StoreError> {
    let k = &rec.key;
    if replace {
        let stmt = tx
            .prepare_cached("DELETE FROM refs WHERE account = $1 AND instance = $2 AND from_kind = $3 AND from_id = $4")
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&k.account, &k.instance, &k.kind.as_str(), &k.id]).await.map_err(pg)?;
    }
    if rec.refs.is_empty() {
        return Ok(());
    }
    let (kinds, ids): (Vec<&str>, Vec<&str>) = rec.refs.iter().map(|r| (r.kind.as_str(), r.id.as_str())).unzip();
    let stmt = tx
        .prepare_cached(
            "INSERT INTO refs (account, instance, from_kind, from_id, to_kind, to_id) \
             SELECT $1, $2, $3, $4, t.kind, t.id FROM unnest($5::text[], $6::text[]) AS t(kind, id) ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(pg)?;
    tx.execute(&stmt, &[&k.account, &k.instance, &k.kind.as_str(), &k.id, &kinds, &ids]).await.map_err(pg)?;
    Ok(())
}

/// A failed write of `rec`: the unique name index firing is a duplicate name.
fn write_error(rec: &Record, e: tokio_postgres::Error) -> StoreError {
    let db = e.as_db_error();
    if db.is_some_and(|db| *db.code() == SqlState::UNIQUE_VIOLATION && db.constraint() == Some("resources_unique_name")) {
        return StoreError::Duplicate { kind: rec.key.kind, name: rec.name.clone().unwrap_or_default() };
    }
    pg(e)
}

/// Inserts the records' rows (not their refs), sent together: the statements are pipelined
/// on the connection, the first that fails fails them all.
async fn insert_rows(tx: &Transaction<'_>, records: &[Record]) -> Result<(), StoreError> {
    let stmt = tx
        .prepare_cached("INSERT INTO resources (account, instance, kind, id, name, body, secret) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .await
        .map_err(pg)?;
    let inserts = records.iter().map(|rec| {
        let stmt = &stmt;
        async move {
            rec.check_storable()?;
            let k = &rec.key;
            let body = serde_json::to_string(&rec.body).map_err(backend)?;
            tx.execute(stmt, &[&k.account, &k.instance, &k.kind.as_str(), &k.id, &rec.name, &body, &rec.secret])
                .await
                .map_err(|e| write_error(rec, e))
        }
    });
    futures_util::future::try_join_all(inserts).await?;
    Ok(())
}

/// Inserts records (all rows first, so that they may reference each other), then locks and
/// checks what each needs and writes its refs.
async fn insert_records(tx: &Transaction<'_>, records: &[Record]) -> Result<(), StoreError> {
    insert_rows(tx, records).await?;
    for rec in records {
        lock_requirements(tx, rec).await?;
        write_refs(tx, rec, false).await?;
    }
    Ok(())
}

/// Deletes a record this transaction has locked `FOR UPDATE` (an instance with everything in
/// it), unless others reference it.
async fn delete_locked(tx: &Transaction<'_>, key: &Key) -> Result<(), StoreError> {
    let k = [&key.account as &(dyn tokio_postgres::types::ToSql + Sync), &key.instance, &key.kind.as_str(), &key.id];
    if key.kind == Kind::Instance {
        // Everything in the instance goes with it. Writers in the instance hold it
        // FOR SHARE, so they have finished (and their rows are seen here) or will find
        // it gone.
        for sql in ["DELETE FROM refs WHERE account = $1 AND instance = $2", "DELETE FROM resources WHERE account = $1 AND instance = $2"] {
            tx.execute(sql, &[&key.account, &key.id]).await.map_err(pg)?;
        }
    } else {
        // The target is locked: a create referencing it has committed (and its ref is
        // seen here) or is waiting and will find it gone.
        let by = tx
            .prepare_cached("SELECT from_kind, from_id FROM refs WHERE account = $1 AND instance = $2 AND to_kind = $3 AND to_id = $4 LIMIT 1")
            .await
            .map_err(pg)?;
        if let Some(row) = tx.query_opt(&by, &k).await.map_err(pg)? {
            let by = Key { account: key.account.clone(), instance: key.instance.clone(), kind: kind_of(row.get(0))?, id: row.get(1) };
            return Err(StoreError::InUse { key: key.clone(), by });
        }
        let stmt = tx
            .prepare_cached("DELETE FROM refs WHERE account = $1 AND instance = $2 AND from_kind = $3 AND from_id = $4")
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &k).await.map_err(pg)?;
    }
    let stmt = tx
        .prepare_cached("DELETE FROM resources WHERE account = $1 AND instance = $2 AND kind = $3 AND id = $4")
        .await
        .map_err(pg)?;
    tx.execute(&stmt, &k).await.map_err(pg)?;
    Ok(())
}

impl PgStore {
    /// One attempt of [`Store::insert_limited`].
    async fn try_insert_limited(&self, records: &[Record], limits: &[Limit]) -> Result<(), StoreError> {
        if let ([rec], []) = (records, limits) {
            if rec.key.kind.in_instance() {
                return self.insert_one(rec).await;
            }
        }
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        let mut limits: Vec<&Limit> = limits.iter().collect();
        limits.sort_by_key(|l| l.scope());
        for limit in &limits {
            let stmt = tx.prepare_cached("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").await.map_err(pg)?;
            tx.execute(&stmt, &[&limit.scope()]).await.map_err(pg)?;
        }
        insert_records(&tx, records).await?;
        for limit in limits {
            let scope: [&(dyn tokio_postgres::types::ToSql + Sync); 3] = [&limit.account, &limit.instance, &limit.kind.as_str()];
            let n: u64 = if limit.region.is_none() {
                let stmt = tx
                    .prepare_cached("SELECT COUNT(*) FROM resources WHERE account = $1 AND instance = $2 AND kind = $3")
                    .await
                    .map_err(pg)?;
                tx.query_one(&stmt, &scope).await.map_err(pg)?.get::<_, i64>(0) as u64
            } else {
                let stmt = tx
                    .prepare_cached("SELECT body FROM resources WHERE account = $1 AND instance = $2 AND kind = $3")
                    .await
                    .map_err(pg)?;
                let mut n = 0;
                for row in tx.query(&stmt, &scope).await.map_err(pg)? {
                    n += limit.counts(row.get(0))? as u64;
                }
                n
            };
            if n > limit.max {
                return Err(StoreError::Rejected(limit.error.clone()));
            }
        }
        commit(tx).await
    }

    /// One attempt of inserting one record in an instance, by [`INSERT_ONE`]. The statement
    /// commits as it ends: a connection lost while it ran leaves the outcome unknown
    /// (`at_commit`), as a lost COMMIT does.
    async fn insert_one(&self, rec: &Record) -> Result<(), StoreError> {
        rec.check_storable()?;
        let client = self.client().await?;
        let k = &rec.key;
        let (kinds, ids) = ref_arrays(rec);
        // Distinct keys: the rows found are distinct. One that cannot be stored is never found.
        let expected = rec.requirements().map(|(key, _)| key).collect::<std::collections::HashSet<_>>().len() as i64;
        let body = serde_json::to_string(&rec.body).map_err(backend)?;
        let stmt = client.prepare_cached(INSERT_ONE).await.map_err(pg)?;
        let rows = client
            .query(&stmt, &[&k.account, &k.instance, &kinds, &ids, &Kind::Instance.as_str(), &k.kind.as_str(), &k.id, &rec.name, &body, &expected, &rec.secret])
            .await
            .map_err(|e| match (e.as_db_error().is_none(), write_error(rec, e)) {
                (true, StoreError::Transient { detail, .. }) => StoreError::Transient { detail, at_commit: true },
                (_, other) => other,
            })?;
        if rows.first().is_some_and(|r| r.get::<_, i64>(3) == 1) {
            return Ok(());
        }
        let found: Found = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
        check_found(rec, &found)?;
        Err(backend(format!("{} was not inserted, though everything it needs exists", k.id)))
    }

    /// One attempt of [`Store::update`]: `f` is taken (and applied) once the record is
    /// locked, so an attempt that fails before can be made again; `written` is what the
    /// attempt wrote, for a COMMIT whose outcome is unknown.
    async fn try_update(&self, key: &Key, f: &mut Option<UpdateFn>, written: &mut Option<Record>) -> Result<Record, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        if key.kind.in_instance() {
            lock_instance(&tx, key).await?;
        }
        let mut rec = load(&tx, key, true).await?.ok_or_else(|| StoreError::NotFound(key.clone()))?;
        let old_refs = rec.refs.clone();
        let f = f.take().ok_or_else(|| backend("the update was already applied"))?;
        f(&mut rec).map_err(StoreError::Rejected)?;
        rec.key = key.clone();
        rec.check_storable()?;
        // Unchanged refs need no check: the refs rows already keep their targets alive.
        let refs_changed = rec.refs != old_refs;
        if refs_changed {
            lock_requirements(&tx, &rec).await?;
        }
        let body = serde_json::to_string(&rec.body).map_err(backend)?;
        let stmt = tx
            .prepare_cached("UPDATE resources SET name = $5, body = $6, secret = $7 WHERE account = $1 AND instance = $2 AND kind = $3 AND id = $4")
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&key.account, &key.instance, &key.kind.as_str(), &key.id, &rec.name, &body, &rec.secret])
            .await
            .map_err(|e| write_error(&rec, e))?;
        if refs_changed {
            write_refs(&tx, &rec, true).await?;
        }
        *written = Some(rec.clone());
        commit(tx).await?;
        Ok(rec)
    }

    /// One attempt of [`Store::delete_if`] (of [`Store::delete`] without a condition): the
    /// condition is taken once the record is locked.
    async fn try_delete(&self, key: &Key, condition: &mut Option<Condition>) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        let rec = load(&tx, key, true).await?.ok_or_else(|| StoreError::NotFound(key.clone()))?;
        if let Some(condition) = condition.take() {
            if !condition(&rec) {
                return Ok(false);
            }
        }
        delete_locked(&tx, key).await?;
        commit(tx).await?;
        Ok(true)
    }

    /// [`Store::delete_if`], and [`Store::delete`] with no condition (which can always be
    /// attempted again).
    async fn delete_unless(&self, key: &Key, condition: Option<Condition>) -> Result<bool, StoreError> {
        if !key.is_storable() {
            return Err(StoreError::NotFound(key.clone()));
        }
        let rerunnable = condition.is_none();
        let (mut condition, mut retry) = (condition, Retry::new());
        loop {
            match self.try_delete(key, &mut condition).await {
                Err(StoreError::Transient { at_commit: true, detail }) => {
                    return if self.reads_as(key, None).await { Ok(true) } else { Err(StoreError::Transient { detail, at_commit: true }) };
                }
                Err(e) if retry.again(&e, rerunnable || condition.is_some()).await => continue,
                other => return other,
            }
        }
    }

    /// After a COMMIT whose outcome is unknown: whether the record at `key` now reads as
    /// `expected` (None: is gone), which only the lost transaction can have made so (records
    /// are created under new ids; an update is judged by its whole result).
    async fn reads_as(&self, key: &Key, expected: Option<&Record>) -> bool {
        for _ in 0..ATTEMPTS {
            match self.get(key).await {
                Ok(found) => return found.as_ref() == expected,
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        false
    }
}

/// The writes run in transactions that are attempted again, after a pause, when the
/// database reports a failure that may pass (`Retry`): a deadlock, a serialization failure,
/// the connection lost before COMMIT. A connection lost *during* COMMIT leaves the outcome
/// unknown: the record is read back, and the write reports success if it reads as the lost
/// transaction left it (docs/rules.md, "PostgreSQL").
#[async_trait]
impl Store for PgStore {
    /// Each limit's scope is serialised with a transaction-scoped advisory lock (taken in a
    /// fixed order, before writing): a second insert into the same scope waits until the
    /// first commits, then counts its row too. Without the lock, two transactions could each
    /// count N-1 and both commit N.
    async fn insert_limited(&self, records: Vec<Record>, limits: Vec<Limit>) -> Result<(), StoreError> {
        let mut retry = Retry::new();
        loop {
            match self.try_insert_limited(&records, &limits).await {
                Err(StoreError::Transient { at_commit: true, detail }) => {
                    return match records.first() {
                        Some(first) if self.reads_as(&first.key, Some(first)).await => Ok(()),
                        _ => Err(StoreError::Transient { detail, at_commit: true }),
                    };
                }
                Err(e) if retry.again(&e, true).await => continue,
                other => return other,
            }
        }
    }

    async fn get(&self, key: &Key) -> Result<Option<Record>, StoreError> {
        let mut retry = Retry::new();
        loop {
            let got = match self.client().await {
                Ok(client) => load(&client, key, false).await,
                Err(e) => Err(e),
            };
            match got {
                Err(e) if retry.again(&e, true).await => continue,
                other => return other,
            }
        }
    }

    async fn update(&self, key: &Key, f: UpdateFn) -> Result<Record, StoreError> {
        let (mut f, mut written, mut retry) = (Some(f), None, Retry::new());
        loop {
            match self.try_update(key, &mut f, &mut written).await {
                Err(StoreError::Transient { at_commit: true, detail }) => {
                    return match written {
                        Some(rec) if self.reads_as(key, Some(&rec)).await => Ok(rec),
                        _ => Err(StoreError::Transient { detail, at_commit: true }),
                    };
                }
                Err(e) if retry.again(&e, f.is_some()).await => continue,
                other => return other,
            }
        }
    }

    async fn delete(&self, key: &Key) -> Result<(), StoreError> {
        self.delete_unless(key, None).await.map(|_| ())
    }

    async fn delete_if(&self, key: &Key, condition: Condition) -> Result<bool, StoreError> {
        self.delete_unless(key, Some(condition)).await
    }

    async fn list(&self, q: &ListQuery) -> Result<Vec<Record>, StoreError> {
        // No stored string holds NUL (PostgreSQL's text cannot), so a listing in an
        // instance or of a name prefix with NUL has nothing to find, and an `after` with NUL
        // (compared with `>`) sits exactly where its part before the NUL does.
        if [&q.account, &q.instance].into_iter().chain(q.name_prefix.as_ref()).any(|s| s.contains('\0')) {
            return Ok(Vec::new());
        }
        let mut q = q.clone();
        if let Some(at) = q.after.as_ref().and_then(|a| a.find('\0')) {
            q.after.as_mut().unwrap().truncate(at);
        }
        let (sql, params, limit) = q.sql(|n| format!("${n}"));
        let client = self.client().await?;
        let stmt = client.prepare_cached(&sql).await.map_err(pg)?;
        let values: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync)).chain([&limit as _]).collect();
        client
            .query(&stmt, &values)
            .await
            .map_err(pg)?
            .into_iter()
            .map(|r| q.record(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    }

    /// One statement for the whole batch: a count per target, each over one range of
    /// `refs_target` (migration 3), in the targets' order.
    async fn count_referrers(&self, targets: &[Key], from: Kind) -> Result<Vec<u64>, StoreError> {
        // A key holding NUL names nothing (PostgreSQL's text cannot hold it): it counts 0
        // and stays out of the query, which would fail on it.
        let storable: Vec<&Key> = targets.iter().filter(|t| t.is_storable()).collect();
        let mut counts = Vec::with_capacity(targets.len());
        if !storable.is_empty() {
            let column = |f: fn(&Key) -> &str| storable.iter().map(|t| f(t)).collect::<Vec<&str>>();
            let (accounts, instances, kinds, ids) =
                (column(|t| &t.account), column(|t| &t.instance), column(|t| t.kind.as_str()), column(|t| &t.id));
            let client = self.client().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT (SELECT COUNT(*) FROM refs r WHERE r.to_id = t.id AND r.to_kind = t.kind \
                       AND r.account = t.account AND r.instance = t.instance AND r.from_kind = $5) \
                     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(account, instance, kind, id, n) \
                     ORDER BY t.n",
                )
                .await
                .map_err(pg)?;
            let rows = client.query(&stmt, &[&accounts, &instances, &kinds, &ids, &from.as_str()]).await.map_err(pg)?;
            counts = rows.iter().map(|r| r.get::<_, i64>(0) as u64).collect();
        }
        let mut found = counts.into_iter();
        Ok(targets.iter().map(|t| if t.is_storable() { found.next().unwrap_or(0) } else { 0 }).collect())
    }

    async fn dump(&self) -> Result<RecordStream, StoreError> {
        let mut client = self.client().await?;
        let (feed, stream) = super::records::channel();
        tokio::spawn(async move {
            let outcome = async {
                // One snapshot for every record.
                let tx = client
                    .build_transaction()
                    .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()
                    .await
                    .map_err(pg)?;
                let stmt = tx.prepare(&format!("{DUMPED} ORDER BY account, instance, kind, id")).await.map_err(pg)?;
                // A portal read a page at a time: the consumer sets the pace.
                let portal = tx.bind(&stmt, &[]).await.map_err(pg)?;
                loop {
                    let rows = tx.query_portal(&portal, DUMP_PAGE).await.map_err(pg)?;
                    if rows.is_empty() {
                        break;
                    }
                    for row in rows {
                        let (account, instance): (String, String) = (row.get(0), row.get(1));
                        let (kinds, ids): (Vec<String>, Vec<String>) = (row.get(7), row.get(8));
                        let refs = kinds
                            .into_iter()
                            .zip(ids)
                            .map(|(kind, id)| Ok(Key { account: account.clone(), instance: instance.clone(), kind: kind_of(&kind)?, id }))
                            .collect::<Result<_, StoreError>>()?;
                        let key = Key { account, instance, kind: kind_of(row.get(2))?, id: row.get(3) };
                        feed.send(Record { key, name: row.get(4), body: super::parse_body(row.get(5))?, secret: row.get(6), refs }).await?;
                    }
                }
                tx.commit().await.map_err(pg)
            }
            .await;
            feed.end(outcome).await;
        });
        Ok(stream)
    }

    /// Ready while a connection can be had and answers. A pool whose connections are all
    /// busy is load, not an outage: ready.
    async fn ready(&self) -> Result<(), StoreError> {
        let client = match tokio::time::timeout(Duration::from_secs(2), self.pool.get()).await {
            Err(_) => return Ok(()),
            Ok(got) => got.map_err(|e| StoreError::Transient { detail: pool_error(&e), at_commit: false })?,
        };
        match tokio::time::timeout(Duration::from_secs(2), client.simple_query("SELECT 1")).await {
            Ok(answer) => answer.map(|_| ()).map_err(pg),
            Err(_) => Err(StoreError::Transient { detail: format!("PostgreSQL at {} did not answer within 2 s", self.target), at_commit: false }),
        }
    }

    async fn restore(&self, mut records: RecordStream, replace: bool) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        // Writers elsewhere must not slip rows in between the emptiness check (or the
        // deletes) and the restore.
        tx.batch_execute("LOCK TABLE resources, refs IN EXCLUSIVE MODE").await.map_err(pg)?;
        if replace {
            tx.batch_execute("DELETE FROM refs; DELETE FROM resources;").await.map_err(pg)?;
        } else if tx.query_opt("SELECT 1 FROM resources LIMIT 1", &[]).await.map_err(pg)?.is_some() {
            return Err(StoreError::NotEmpty);
        }
        // In batches, each sent at once; what they reference is checked once all are in.
        let mut batch = Vec::with_capacity(RESTORE_BATCH);
        loop {
            let next = records.next().await?;
            let end = next.is_none();
            batch.extend(next);
            if batch.len() == RESTORE_BATCH || (end && !batch.is_empty()) {
                insert_rows(&tx, &batch).await?;
                futures_util::future::try_join_all(batch.iter().map(|rec| write_refs(&tx, rec, false))).await?;
                batch.clear();
            }
            if end {
                break;
            }
        }
        let missing_ref = tx.query_opt(super::MISSING_REF_SQL, &[]).await.map_err(pg)?.map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)));
        let missing_instance = tx.query_opt(&super::missing_instance_sql(), &[]).await.map_err(pg)?.map(|r| (r.get(0), r.get(1)));
        super::unmet(missing_ref, missing_instance)?;
        tx.commit().await.map_err(pg)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::tests::Harness;
    use super::*;
    use std::sync::Arc;
    use tokio_postgres::NoTls;

    /// A database of its own, created on the server `SWITCHBOARD_TEST_PG_URL` names and
    /// dropped when the test ends.
    pub(crate) struct TestDb {
        admin: tokio_postgres::Config,
        pub config: tokio_postgres::Config,
        name: String,
    }

    impl TestDb {
        pub async fn create() -> Option<TestDb> {
            let url = std::env::var("SWITCHBOARD_TEST_PG_URL").ok().filter(|u| !u.is_empty())?;
            let admin: tokio_postgres::Config = url.parse().expect("SWITCHBOARD_TEST_PG_URL is a PostgreSQL URL");
            let name = format!("switchboard_test_{}", uuid::Uuid::new_v4().simple());
            let (client, conn) = admin.connect(NoTls).await.expect("SWITCHBOARD_TEST_PG_URL is reachable");
            tokio::spawn(conn);
            // A database whose default collation is a language's (where "ala" < "alB"), so
            // that the tests show the store's byte order comes from the schema, not from
            // how the server happens to be set up. Without ICU, the server's default.
            let icu = format!("CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
            if client.batch_execute(&icu).await.is_err() {
                client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
            }
            let mut config = admin.clone();
            config.dbname(&name);
            Some(TestDb { admin, config, name })
        }

        pub async fn store(&self) -> PgStore {
            PgStore::connect(self.config.clone(), Tls::default(), &PgOptions { pool_size: 8, ..PgOptions::default() }).await.unwrap()
        }
    }

    impl Drop for TestDb {
        fn drop(&mut self) {
            // Drop runs inside the test's runtime, which cannot be blocked on: drop the
            // database from a thread of its own (FORCE: the stores' pools may still be open).
            let (admin, name) = (self.admin.clone(), self.name.clone());
            let dropped = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
                    let (client, conn) = admin.connect(NoTls).await?;
                    tokio::spawn(conn);
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await
                })
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("could not drop test database {}: {dropped:?}", self.name);
            }
        }
    }

    #[async_trait]
    impl Harness for TestDb {
        async fn open(&self) -> Arc<dyn Store> {
            Arc::new(self.store().await)
        }
    }

    crate::store_suite!(TestDb::create);

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn replicas_starting_together_migrate_once() {
        let Some(db) = TestDb::create().await else { return };
        let db = Arc::new(db);
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { PgStore::connect(db.config.clone(), Tls::default(), &PgOptions::default()).await.map(|_| ()) })
            })
            .collect();
        for open in opens {
            open.await.unwrap().expect("every replica starts");
        }
        let client = db.store().await.client().await.unwrap();
        let versions: Vec<i64> = client.query("SELECT version FROM schema_migrations ORDER BY version", &[]).await.unwrap().iter().map(|r| r.get(0)).collect();
        assert_eq!(versions, PG_MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>());
    }

    /// A deadlock provoked against an update: another session locks the record, the update
    /// takes its instance FOR SHARE and waits for the record, then the other session asks
    /// for the instance FOR UPDATE. PostgreSQL aborts the update's transaction (the other
    /// session waits 30 s before it looks for deadlocks; the update's session 1 s); the
    /// update is attempted again and succeeds once the other session commits.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_deadlocked_update_is_attempted_again() {
        use super::super::tests::{key, rec};
        let Some(db) = TestDb::create().await else { return };
        let store = Arc::new(db.store().await);
        store.insert(vec![rec(Kind::Instance, "i1", Some("alias"), vec![]), rec(Kind::RoutingProfile, "rp", Some("Basic"), vec![])]).await.unwrap();
        let (mut other, conn) = db.config.connect(NoTls).await.unwrap();
        tokio::spawn(conn);
        other.batch_execute("SET deadlock_timeout = '30s'").await.unwrap();
        let tx = other.transaction().await.unwrap();
        tx.batch_execute("SELECT 1 FROM resources WHERE kind = 'routing-profile' AND id = 'rp' FOR UPDATE").await.unwrap();
        let update = {
            let store = store.clone();
            tokio::spawn(async move {
                store.update(&key(Kind::RoutingProfile, "rp"), Box::new(|r: &mut Record| {
                    r.body = serde_json::json!({"Id": "rp", "Updated": true});
                    Ok(())
                })).await
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Blocks on the update's FOR SHARE until PostgreSQL aborts the update's transaction.
        tx.batch_execute("SELECT 1 FROM resources WHERE kind = 'instance' AND id = 'i1' FOR UPDATE").await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        tx.commit().await.unwrap();
        let updated = update.await.unwrap().expect("the update is attempted again after the deadlock");
        assert_eq!(updated.body["Updated"], true);
        assert_eq!(store.get(&key(Kind::RoutingProfile, "rp")).await.unwrap().unwrap().body["Updated"], true);
    }

    #[tokio::test]
    async fn an_unreachable_database_is_retried_then_reported() {
        // Nothing listens on port 1.
        let options = PgOptions { connect_wait: Duration::from_millis(1500), pool_size: 1, ..PgOptions::default() };
        let started = Instant::now();
        let err = match PgStore::open("postgres://postgres@127.0.0.1:1/none", &options).await {
            Err(e) => e.to_string(),
            Ok(_) => panic!("connected to nothing"),
        };
        assert!(started.elapsed() >= Duration::from_millis(1500), "gave up before the wait was over");
        assert!(err.contains("127.0.0.1:1/none") && err.contains("not reachable within 1s"), "{err}");
        assert!(err.contains("attempts"), "{err}");
    }

    #[tokio::test]
    async fn the_database_url_is_checked_and_never_echoed_with_its_password() {
        let err = match PgStore::open("postgres://bob:hunter2@127.0.0.1:1/db?connect_timeout=1", &PgOptions { connect_wait: Duration::ZERO, pool_size: 1, ..PgOptions::default() }).await {
            Err(e) => e.to_string(),
            Ok(_) => panic!("connected to nothing"),
        };
        assert!(!err.contains("hunter2"), "{err}");
        assert!(matches!(PgStore::open("mysql://x", &PgOptions::default()).await, Err(StoreError::Backend(e)) if e.contains("not valid")));
    }
}

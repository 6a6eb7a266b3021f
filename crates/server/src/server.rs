//! `switchboard serve`: opens the store, binds, serves until SIGTERM or Ctrl-C.
//!
//! Connections are served by hyper directly (not `axum::serve`) so that a slow or hostile
//! client cannot pin one forever or grow its buffers without bound: see [`Limits`] and
//! [`crate::conn`].
use crate::auth::{AnyKey, Authenticator, StrictKeys};
use crate::conn::{StallGuard, TimedBody};
use crate::emulate::{Emulation, Emulator, QuotaStore};
use crate::http::{router, App, ResetPolicy};
use crate::store::snapshot;
use crate::store::postgres::{PgOptions, PgStore};
use crate::store::sqlite::SqliteStore;
use crate::store::Store;
use anyhow::Context;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub store: StoreConfig,
    pub account_id: String,
    /// Strict mode: an AWS shared-credentials file of the only keys let in (None: any key,
    /// every caller in `account_id`).
    pub credentials: Option<PathBuf>,
    /// Throttling, quotas and faults to emulate (all off by default).
    pub emulation: Emulation,
    /// Timeouts and size bounds per connection.
    pub limits: Limits,
    /// Entries kept in the request log (the console's Requests page).
    pub request_log_size: usize,
    /// Serve the web console at `/console/`.
    pub console: bool,
    /// The largest CSV the console's Import page takes, in bytes.
    pub console_upload_limit: u64,
    /// A snapshot (`switchboard export`, `switchboard clone`) loaded at start-up when the
    /// store is empty, and restored by `POST /_switchboard/reset`.
    pub seed: Option<PathBuf>,
    /// Let `POST /_switchboard/reset` in even in strict mode (signed with one of its keys).
    /// Without credentials it is always open.
    pub allow_reset: bool,
}

/// How much a connection may ask of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A request's headers must have arrived this long after the connection opened or the
    /// previous response was written; otherwise the connection is closed. An idle keep-alive
    /// connection is therefore closed after this long too.
    pub header_timeout: Duration,
    /// The whole body must have arrived this long after the headers
    /// (408 RequestTimeoutException, and the connection is closed); a response the client
    /// does not read for this long also closes the connection.
    pub body_timeout: Duration,
    /// The request line and headers together (431 past it).
    pub max_header_bytes: usize,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// After SIGTERM, how long open connections get to finish their requests.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_header_bytes: 64 << 10,
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Where the state lives.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    /// The embedded SQLite store in a data dir (one process), with at most `readers` reader
    /// connections.
    Sqlite { dir: PathBuf, readers: usize },
    /// PostgreSQL at a `postgres://` URL, shared by any number of replicas.
    Postgres { url: String, options: PgOptions },
}

/// Opens (creating or migrating as needed) the configured store.
pub async fn open_store(config: &StoreConfig) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match config {
        StoreConfig::Sqlite { dir, readers } => {
            let store = SqliteStore::open_with(dir, *readers).with_context(|| format!("opening the store in {}", dir.display()))?;
            tracing::info!(path = %store.path().display(), "SQLite store open");
            Arc::new(store)
        }
        StoreConfig::Postgres { url, options } => {
            let store = PgStore::open(url, options).await.context("opening the PostgreSQL store")?;
            tracing::info!(database = %store.target(), "PostgreSQL store open");
            let target = store.target().to_string();
            Arc::new(crate::store::bounded::Bounded { inner: store, timeout: options.timeout, target })
        }
    })
}

/// Builds the application on the configured store.
pub async fn app(config: &Config) -> anyhow::Result<Arc<App>> {
    let auth: Arc<dyn Authenticator> = match &config.credentials {
        Some(path) => {
            let keys = StrictKeys::load(path)?;
            tracing::info!(keys = keys.len(), accounts = keys.accounts().len(), "strict mode: only the keys in the credentials file get in");
            Arc::new(keys)
        }
        None => Arc::new(AnyKey { account_id: config.account_id.clone() }),
    };
    let mut store = open_store(&config.store).await?;
    store = Arc::new(crate::metrics::MeteredStore { inner: store });
    if let Some(quotas) = &config.emulation.quotas {
        store = Arc::new(QuotaStore { inner: store, quotas: quotas.clone() });
    }
    let e = &config.emulation;
    if e.throttle.is_some() || e.quotas.is_some() || e.fault_rate > 0.0 {
        tracing::info!(throttle = ?e.throttle, quotas = e.quotas.is_some(), fault_rate = e.fault_rate, "emulating Connect's limits");
    }
    let seed = match &config.seed {
        Some(path) => Some(Arc::new(seed(&*store, path).await?)),
        None => None,
    };
    let mut app = App::new(store, auth, Emulator::new(&config.emulation));
    app.seed = seed;
    app.requests = crate::requests::RequestLog::new(config.request_log_size);
    if !config.console {
        app.console = None;
    }
    if let Some(console) = app.console.as_mut() {
        console.upload_limit = config.console_upload_limit;
    }
    app.reset = match (&config.credentials, config.allow_reset) {
        (None, _) => ResetPolicy::Open,
        (Some(_), true) => ResetPolicy::Signed,
        (Some(_), false) => ResetPolicy::Refused,
    };
    Ok(Arc::new(app))
}

/// Reads the seed snapshot at `path` (checked as `switchboard import` checks it) and loads it
/// into `store` if the store is empty (a store with data, say a replica's shared database or
/// a data dir from an earlier run, keeps it). Returns its records, for resets.
async fn seed(store: &dyn Store, path: &std::path::Path) -> anyhow::Result<Vec<crate::store::Record>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening the seed snapshot {}", path.display()))?;
    let doc: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| snapshot::SnapshotError::Format(format!("not JSON: {e}")))
        .with_context(|| format!("reading the seed snapshot {}", path.display()))?;
    let records = snapshot::from_json(doc).with_context(|| format!("reading the seed snapshot {}", path.display()))?;
    match store.restore(records.clone().into(), false).await {
        Ok(()) => tracing::info!(records = records.len(), seed = %path.display(), "seeded the empty store"),
        Err(crate::store::StoreError::NotEmpty) => tracing::info!(seed = %path.display(), "the store holds data already: not seeded"),
        Err(e) => return Err(anyhow::Error::new(e).context(format!("loading the seed snapshot {}", path.display()))),
    }
    Ok(records)
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = app(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await.with_context(|| format!("binding {}", config.listen))?;
    let bound = listener.local_addr()?;
    tracing::info!(listen = %bound, account = %config.account_id, "switchboard is ready");
    // One machine-readable line on stdout once ready, for whoever started it on port 0.
    // (A closed stdout is not an error: nobody is reading it.)
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", ready_line(bound)).and_then(|()| out.flush());
    }
    serve_on(listener, router(app), config.limits, shutdown_signal()).await;
    tracing::info!("switchboard stopped");
    Ok(())
}

/// The line `serve` prints on stdout once it accepts requests:
/// `{"switchboard":"ready","listen":"127.0.0.1:41234","endpoint_url":"http://127.0.0.1:41234"}`.
pub fn ready_line(bound: SocketAddr) -> String {
    serde_json::json!({ "switchboard": "ready", "listen": bound.to_string(), "endpoint_url": format!("http://{bound}") }).to_string()
}

/// Serves `router` on `listener` under `limits` until `shutdown` completes, then lets open
/// connections finish their requests for at most `limits.shutdown_grace`.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes)
        // A head still incomplete when the buffer is full is also refused with 431.
        .max_buf_size(limits.max_header_bytes.max(8192) + 1024);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let body_timeout = limits.body_timeout;
        let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let request = request.map(|body| axum::body::Body::new(TimedBody::new(body, body_timeout)));
            // Each request runs in a task of its own: a panic (a bug) becomes a 500
            // InternalServiceException instead of a dropped connection, and a client that
            // hangs up does not cancel a write halfway.
            let handler = tokio::spawn(tower::ServiceExt::oneshot(router.clone(), request));
            async move {
                Ok::<_, std::convert::Infallible>(match handler.await {
                    Ok(Ok(response)) => response,
                    Ok(Err(infallible)) => match infallible {},
                    Err(e) => {
                        tracing::error!(error = %e, "request handler failed");
                        crate::http::with_request_id(crate::http::error_response(&crate::error::ApiError::internal("An internal error occurred")))
                    }
                })
            }
        });
        let open = crate::metrics::OpenConnection::new();
        let io = TokioIo::new(StallGuard::new(stream, limits.body_timeout));
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection closed with an error");
            }
            drop((permit, open));
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(grace = ?limits.shutdown_grace, "connections still open after the shutdown grace period: closing them");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

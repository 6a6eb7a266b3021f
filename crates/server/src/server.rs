//! `switchboard serve`: opens the store, binds, serves until SIGTERM or Ctrl-C.
use crate::auth::{AnyKey, Authenticator, StrictKeys};
use crate::emulate::{Emulation, Emulator, QuotaStore};
use crate::http::{router, App, DEFAULT_MAX_BODY};
use crate::store::postgres::{PgOptions, PgStore};
use crate::store::sqlite::SqliteStore;
use crate::store::Store;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

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
}

/// Where the state lives.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    /// The embedded SQLite store in a data dir (one process).
    Sqlite(PathBuf),
    /// PostgreSQL at a `postgres://` URL, shared by any number of replicas.
    Postgres { url: String, options: PgOptions },
}

/// Opens (creating or migrating as needed) the configured store.
pub async fn open_store(config: &StoreConfig) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match config {
        StoreConfig::Sqlite(dir) => {
            let store = SqliteStore::open(dir).with_context(|| format!("opening the store in {}", dir.display()))?;
            tracing::info!(path = %store.path().display(), "SQLite store open");
            Arc::new(store)
        }
        StoreConfig::Postgres { url, options } => {
            let store = PgStore::open(url, options).await.context("opening the PostgreSQL store")?;
            tracing::info!(database = %store.target(), "PostgreSQL store open");
            Arc::new(store)
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
    if let Some(quotas) = &config.emulation.quotas {
        store = Arc::new(QuotaStore { inner: store, quotas: quotas.clone() });
    }
    let e = &config.emulation;
    if e.throttle.is_some() || e.quotas.is_some() || e.fault_rate > 0.0 {
        tracing::info!(throttle = ?e.throttle, quotas = e.quotas.is_some(), fault_rate = e.fault_rate, "emulating Connect's limits");
    }
    Ok(Arc::new(App { store, auth, max_body: DEFAULT_MAX_BODY, emulator: Emulator::new(&config.emulation) }))
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = app(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await.with_context(|| format!("binding {}", config.listen))?;
    tracing::info!(listen = %listener.local_addr()?, account = %config.account_id, "switchboard is ready");
    axum::serve(listener, router(app)).with_graceful_shutdown(shutdown_signal()).await?;
    tracing::info!("switchboard stopped");
    Ok(())
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

//! `switchboard serve`: opens the store, binds, serves until SIGTERM or Ctrl-C.
use crate::auth::AnyKey;
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
    Ok(Arc::new(App {
        store: open_store(&config.store).await?,
        auth: Arc::new(AnyKey { account_id: config.account_id.clone() }),
        max_body: DEFAULT_MAX_BODY,
    }))
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

//! `switchboard serve`: opens the store, binds, serves until SIGTERM or Ctrl-C.
use crate::auth::AnyKey;
use crate::http::{router, App, DEFAULT_MAX_BODY};
use crate::store::sqlite::SqliteStore;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub account_id: String,
}

/// Builds the application on the configured store.
pub fn app(config: &Config) -> anyhow::Result<Arc<App>> {
    let store = SqliteStore::open(&config.data_dir).with_context(|| format!("opening the store in {}", config.data_dir.display()))?;
    tracing::info!(path = %store.path().display(), "SQLite store open");
    Ok(Arc::new(App {
        store: Arc::new(store),
        auth: Arc::new(AnyKey { account_id: config.account_id.clone() }),
        max_body: DEFAULT_MAX_BODY,
    }))
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = app(&config)?;
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

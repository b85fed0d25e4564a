//! The Hearth relay: stores and forwards MLS ciphertext for circles, a KeyPackage directory,
//! and Welcome inboxes. It depends on `hearth-protocol` only: no openmls, no keys, so it
//! cannot decrypt by construction.
//!
//! [`start`] binds nothing itself: give it a listener (so tests use port 0) and a [`Store`].

pub mod api;
pub mod cli;
mod client_addr;
pub mod config;
mod crypto;
mod error;
mod extract;
mod fanout;
pub mod framing;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod hub;
mod limits;
pub mod metrics;
mod retention;
mod shed;
pub mod state;
pub mod store;
pub mod tls;
pub mod wake;

pub use config::RelayConfig;
pub use store::{NewClaim, NewInvite, PostgresOptions, PostgresStore, SqliteStore, Store};

use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A running relay.
pub struct RelayHandle {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Whether it serves HTTPS (and WSS) rather than plain HTTP.
    pub tls: bool,
    /// Where `/metrics` is served, when asked for ([`RelayConfig::metrics_listen`]).
    pub metrics_addr: Option<SocketAddr>,
    shutdown: CancellationToken,
    server: JoinHandle<std::io::Result<()>>,
}

impl RelayHandle {
    /// The base URL, e.g. `http://127.0.0.1:8787` or `https://127.0.0.1:8443`.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting, ends live sockets, lets requests in flight finish, and returns.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.shutdown.cancel();
        self.server
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// A token that stops the relay when cancelled (for signal handlers).
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Waits until the relay stops.
    pub async fn wait(self) -> std::io::Result<()> {
        self.server
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Why the relay could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The system random generator failed.
    #[error("the system random generator is unavailable")]
    Random,
    /// The listener has no local address.
    #[error("the listener has no address: {0}")]
    Listener(#[from] std::io::Error),
}

/// Starts serving plain HTTP on `listener` with `store`, until [`RelayHandle::shutdown`].
/// Only for a relay reached on this computer: phones refuse `http://` anywhere else.
pub fn start<S: Store>(
    listener: TcpListener,
    store: S,
    config: RelayConfig,
) -> Result<RelayHandle, StartError> {
    serve(listener, store, config, None)
}

/// Starts serving HTTPS and WSS on `listener` with `store` and the TLS configuration `tls`.
pub fn start_tls<S: Store>(
    listener: TcpListener,
    store: S,
    config: RelayConfig,
    tls: Arc<rustls::ServerConfig>,
) -> Result<RelayHandle, StartError> {
    serve(listener, store, config, Some(tls))
}

/// How long connections may take to finish once the relay stops accepting.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// What every handler shares, and the queue of wakes for the push gateway (when one is set).
fn state<S: Store>(
    store: S,
    config: RelayConfig,
    shutdown: CancellationToken,
) -> Result<(Arc<AppState<S>>, Option<wake::DueQueue>), StartError> {
    let rate = limits::RateLimit::new(config.rate_per_second, config.rate_burst)
        .map_err(|_| StartError::Random)?;
    let metrics = Arc::new(metrics::Metrics::new(store.latency()));
    let (waker, wakes) = wake::Waker::new(config.push_gateway.as_ref());
    let state = Arc::new(AppState {
        waker,
        in_flight: Arc::new(tokio::sync::Semaphore::new(config.max_in_flight)),
        store,
        config,
        hub: hub::Hub::default(),
        rate,
        shutdown,
        metrics,
    });
    Ok((state, wakes))
}

fn serve<S: Store>(
    listener: TcpListener,
    store: S,
    config: RelayConfig,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> Result<RelayHandle, StartError> {
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let gateway = config.push_gateway.clone();
    let (state, wakes) = state(store, config, shutdown.clone())?;
    let metrics_addr = match state.config.metrics_listen {
        Some(at) => Some(serve_metrics(
            at,
            Arc::clone(&state.metrics),
            shutdown.clone(),
        )?),
        None => None,
    };
    let app = api::router(Arc::clone(&state));
    retention::spawn(Arc::clone(&state));
    fanout::spawn(Arc::clone(&state));
    if let (Some(wakes), Some(gateway)) = (wakes, gateway) {
        wake::spawn(Arc::clone(&state), wakes, gateway);
    }
    let stop = shutdown.clone();
    let with_tls = tls.is_some();
    let server = match tls {
        None => tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await
        }),
        Some(tls) => {
            let handle = axum_server::Handle::new();
            let draining = handle.clone();
            tokio::spawn(async move {
                stop.cancelled().await;
                draining.graceful_shutdown(Some(DRAIN));
            });
            let server = axum_server::from_tcp_rustls(
                listener.into_std()?,
                axum_server::tls_rustls::RustlsConfig::from_config(tls),
            )?
            .handle(handle);
            tokio::spawn(async move {
                server
                    .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                    .await
            })
        }
    };
    tracing::info!(tls = with_tls, "relay listening");
    Ok(RelayHandle {
        addr,
        tls: with_tls,
        metrics_addr,
        shutdown,
        server,
    })
}

/// Serves `/metrics` on `at` (plain HTTP, for the operator's scraper) until shutdown.
fn serve_metrics(
    at: SocketAddr,
    metrics: Arc<metrics::Metrics>,
    stop: CancellationToken,
) -> Result<SocketAddr, StartError> {
    let listener = std::net::TcpListener::bind(at)?;
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let bound = listener.local_addr()?;
    tokio::spawn(async move {
        let served = axum::serve(listener, metrics::router(metrics))
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the metrics listener failed");
        }
    });
    Ok(bound)
}

/// Why `run_until_signal` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    /// The store could not be opened.
    #[error("{0}")]
    Store(#[from] store::OpenError),
    /// Starting failed.
    #[error("{0}")]
    Start(#[from] StartError),
    /// The TLS certificate or key could not be used.
    #[error("{0}")]
    Tls(#[from] tls::TlsError),
    /// Serving failed.
    #[error("serving failed: {0}")]
    Serve(std::io::Error),
}

/// Where the relay keeps its records.
#[derive(Clone, Debug)]
pub enum Database {
    /// One SQLite file: one relay process (the embedded default).
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL database, which several relay processes may share.
    Postgres(PostgresOptions),
}

impl Database {
    /// A `postgres://` or `postgresql://` URL is PostgreSQL; anything else is a SQLite file.
    pub fn from_arg(db: &str) -> Database {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Database::Postgres(PostgresOptions::new(db))
        } else {
            Database::Sqlite(db.into())
        }
    }
}

/// Opens the store `db`, serves on `listen` (HTTPS with `tls`), and shuts down gracefully on
/// Ctrl-C or SIGTERM. Prints the address it listens on to stdout (one line).
pub async fn run_until_signal(
    listen: &str,
    db: &Database,
    config: RelayConfig,
    tls: Option<&tls::TlsFiles>,
) -> Result<(), RunError> {
    // The certificate is read before anything listens: a bad one stops the start.
    let tls = tls.map(tls::TlsFiles::server_config).transpose()?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| RunError::Bind(listen.to_string(), e))?;
    match db {
        Database::Sqlite(path) => run_with(listener, SqliteStore::open(path)?, config, tls).await,
        Database::Postgres(options) => {
            let store = PostgresStore::connect(options.clone()).await?;
            run_with(listener, store, config, tls).await
        }
    }
}

async fn run_with<S: Store>(
    listener: TcpListener,
    store: S,
    config: RelayConfig,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> Result<(), RunError> {
    let handle = match tls {
        Some(tls) => start_tls(listener, store, config, tls)?,
        None => start(listener, store, config)?,
    };
    println!("hearth relay listening on {}", handle.url());
    let token = handle.shutdown_token();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        token.cancel();
    });
    handle.wait().await.map_err(RunError::Serve)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

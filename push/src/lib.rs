//! Hearth's push gateway (`hearth-push`, also `hearth push serve`).
//!
//! It holds devices' push registrations (a UnifiedPush endpoint, an FCM token or an APNs
//! token), sealed at rest; it opens the wake tickets relays hand it and wakes the devices
//! they name with a content-free message, at most once per device per window. It never
//! sees a mailbox, a capability or a circle: tickets name only registrations, and a relay
//! sends the tickets of several mailboxes in one shuffled batch.
//!
//! What it can observe, written down: when each device is woken, and which devices are
//! woken in the same batch (devices in circles that got messages in the same few seconds);
//! over time that can suggest who shares a circle. Run by someone other than the relay's
//! operator, neither learns the other's half. See `docs/ARCHITECTURE.md` ("Wake-ups").

pub mod api;
pub mod cli;
pub mod coalesce;
pub mod config;
pub mod gateway;
pub mod keys;
pub mod providers;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

pub use config::GatewayConfig;

use gateway::{Counts, Gateway};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Its keys could not be read or made.
    #[error(transparent)]
    Keys(#[from] keys::KeyError),
    /// Its database could not be opened.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// No HTTP client or listener.
    #[error("cannot start: {0}")]
    Io(String),
}

/// A running gateway.
pub struct GatewayHandle {
    /// Where it listens.
    pub addr: SocketAddr,
    gateway: Arc<Gateway>,
    server: JoinHandle<std::io::Result<()>>,
}

impl GatewayHandle {
    /// What it counted.
    pub fn counts(&self) -> &Counts {
        &self.gateway.counts
    }

    /// Its ticket key (what devices seal tickets to).
    pub fn ticket_key(&self) -> Vec<u8> {
        self.gateway.keys.tickets.public().to_vec()
    }

    /// The base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.gateway.shutdown.cancel();
        self.server
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// A token that stops it when cancelled.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.gateway.shutdown.clone()
    }

    /// Waits until it stops.
    pub async fn wait(self) -> std::io::Result<()> {
        self.server
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Starts the gateway on `listener`, keeping its keys and records in `dir`.
pub fn start(
    listener: TcpListener,
    dir: &Path,
    config: GatewayConfig,
) -> Result<GatewayHandle, StartError> {
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Io(e.to_string()))?;
    let keys = Arc::new(keys::Keys::load_or_create(dir)?);
    let store = store::Registrations::open(dir, Arc::clone(&keys))?;
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| StartError::Io(e.to_string()))?
    .with_root_certificates(rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    })
    .with_no_client_auth();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls(tls.clone())
        // The UnifiedPush rules: never follow a redirect (it could point anywhere).
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| StartError::Io(e.to_string()))?;
    // UnifiedPush endpoints are URLs devices chose: their names resolve only to addresses
    // the gateway may call, at every connection (no DNS rebinding past the check).
    let unified_push_http = reqwest::Client::builder()
        .use_preconfigured_tls(tls.clone())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .dns_resolver(Arc::new(providers::address::AllowedResolver::new(
            config.allow.clone(),
        )))
        .build()
        .map_err(|e| StartError::Io(e.to_string()))?;
    let vapid = Arc::clone(&keys.vapid);
    let unified_push = providers::unified_push::UnifiedPush::new(
        unified_push_http,
        vapid,
        config.contact.clone(),
        config.allow.clone(),
    );
    let fcm = config
        .fcm
        .clone()
        .map(|c| providers::fcm::Fcm::new(http.clone(), c))
        .transpose()
        .map_err(StartError::Io)?;
    let apns = match config.apns.clone() {
        None => None,
        Some(c) => {
            // APNs speaks HTTP/2 only: negotiated by ALPN over TLS, assumed on plain HTTP
            // (a stand-in in tests).
            let mut builder = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .use_preconfigured_tls(tls.clone());
            if c.api_base.starts_with("http://") {
                builder = builder.http2_prior_knowledge();
            }
            let http2 = builder.build().map_err(|e| StartError::Io(e.to_string()))?;
            Some(providers::apns::Apns::new(http2, c).map_err(StartError::Io)?)
        }
    };
    let shutdown = CancellationToken::new();
    let per_minute = config.registrations_per_minute;
    let registrations_rate = hearth_rate_limit::RateLimit::per_minute(per_minute, per_minute)
        .map_err(|_| StartError::Io("no randomness for the rate limit".into()))?;
    let gateway = Arc::new(Gateway {
        fcm,
        apns,
        keys,
        store,
        unified_push,
        coalescer: coalesce::Coalescer::new(config.coalesce),
        config,
        counts: Counts::default(),
        registrations_rate,
        shutdown: shutdown.clone(),
    });
    let idle = Arc::clone(&gateway);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    idle.coalescer.forget_idle(tokio::time::Instant::now());
                    idle.registrations_rate.forget_idle();
                }
                _ = idle.shutdown.cancelled() => return,
            }
        }
    });
    let app = api::router(Arc::clone(&gateway));
    let stop = shutdown.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move { stop.cancelled().await })
        .await
    });
    tracing::info!("push gateway listening");
    Ok(GatewayHandle {
        addr,
        gateway,
        server,
    })
}

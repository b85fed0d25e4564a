//! Sync with the relay across the FFI: [`RelaySync`] registers the device, runs one pass, or
//! keeps every circle in step in the background (live push, fetch as fallback, reconnects
//! with backoff) until stopped. Its state reaches the app as
//! [`crate::events::HearthEvent::SyncStateChanged`].
//!
//! Everything runs on the client's runtime; the app's threads only await.

use std::sync::{Arc, Mutex};

use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine};
use tokio_util::sync::CancellationToken;

use crate::client::HearthClient;
use crate::error::HearthError;
use crate::runtime::Runtime;

/// The relay this profile syncs with.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RelayAccount {
    /// The relay's base URL.
    pub url: String,
    /// This device's id there, once registered: what a facilitator adds it by.
    pub device_id: Option<String>,
}

/// Sync's connection to the relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SyncState {
    /// Connecting or catching up.
    Syncing,
    /// Caught up and listening.
    Online,
    /// The relay cannot be reached; the next attempt is in `retry_in_ms`. Nothing is lost:
    /// everything waits on the device.
    Offline {
        /// Milliseconds until the next attempt.
        retry_in_ms: u64,
    },
}

impl From<hearth_core::sync::SyncState> for SyncState {
    fn from(s: hearth_core::sync::SyncState) -> Self {
        use hearth_core::sync::SyncState as S;
        match s {
            S::Syncing => SyncState::Syncing,
            S::Online => SyncState::Online,
            S::Offline { retry_in_ms } => SyncState::Offline { retry_in_ms },
        }
    }
}

/// Sync for one profile with its relay. Get it from `HearthClient.relay_sync()` once a relay
/// is set. Dropping it stops the background sync.
#[derive(uniffi::Object)]
pub struct RelaySync {
    sync: SyncEngine<HttpTransport>,
    runtime: Arc<Runtime>,
    running: Mutex<Option<CancellationToken>>,
}

#[uniffi::export]
impl RelaySync {
    /// Registers this device at the relay unless it is already and publishes its
    /// KeyPackages; returns the device id, which a facilitator can add at once.
    pub async fn register(&self) -> Result<String, HearthError> {
        let sync = self.sync.clone();
        self.runtime
            .run_async(async move { sync.register().await })
            .await
    }

    /// One full pass: register, publish KeyPackages, join circles we were welcomed to, fetch
    /// every circle and send everything waiting. `Network { retryable: true }` when the relay
    /// cannot be reached (nothing is lost; try again later).
    pub async fn sync_once(&self) -> Result<(), HearthError> {
        let sync = self.sync.clone();
        self.runtime
            .run_async(async move { sync.sync_once().await })
            .await
    }

    /// Keeps everything in step in the background until [`RelaySync::stop`]. Calling it while
    /// running does nothing.
    pub fn start(&self) -> Result<(), HearthError> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.as_ref().is_some_and(|t| !t.is_cancelled()) {
            return Ok(());
        }
        let token = CancellationToken::new();
        let sync = self.sync.clone();
        let shutdown = token.clone();
        self.runtime
            .handle()?
            .spawn(async move { sync.run(shutdown).await });
        *running = Some(token);
        Ok(())
    }

    /// Stops the background sync (say when the app goes to the background). Calling it
    /// again does nothing.
    pub fn stop(&self) {
        if let Some(token) = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            token.cancel();
        }
    }

    /// Whether the background sync is running.
    pub fn is_running(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|t| !t.is_cancelled())
    }

    /// "Delete everything" with circles: leaves every circle, deletes this device's records
    /// at the relay, then deletes the profile. If the relay cannot be reached nothing is
    /// deleted (`Network`); the app may then offer `HearthClient.delete_everything()`, which
    /// deletes this device's data only.
    pub async fn delete_everything(&self) -> Result<(), HearthError> {
        self.stop();
        let sync = self.sync.clone();
        self.runtime
            .run_async(async move { sync.delete_everything().await })
            .await
    }
}

impl Drop for RelaySync {
    fn drop(&mut self) {
        self.stop();
    }
}

#[uniffi::export]
impl HearthClient {
    /// Sets the relay this profile syncs with (an `http://` or `https://` URL). A different
    /// relay forgets the device id registered at the old one.
    pub async fn set_relay(&self, url: String) -> Result<(), HearthError> {
        self.call(move |c| c.set_relay(&url)).await
    }

    /// The relay and this device's id there, if a relay is set.
    pub async fn relay_account(&self) -> Result<Option<RelayAccount>, HearthError> {
        let account = self.call(|c| c.relay_account()).await?;
        Ok(account.map(|a| RelayAccount {
            url: a.url,
            device_id: a.device_id,
        }))
    }

    /// Sync with the relay set by `set_relay`. `InvalidInput { field: "relay" }` if none is.
    pub async fn relay_sync(&self) -> Result<Arc<RelaySync>, HearthError> {
        let account = self
            .call(|c| c.relay_account())
            .await?
            .ok_or_else(|| HearthError::invalid("relay", "no relay is set"))?;
        let transport = HttpTransport::for_relay(&account.url)?;
        Ok(Arc::new(RelaySync {
            sync: SyncEngine::new(self.core(), transport, SyncConfig::default()),
            runtime: self.runtime(),
            running: Mutex::new(None),
        }))
    }
}

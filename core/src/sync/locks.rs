//! The locks sync passes take, kept by the [`crate::Client`] so every pass over one profile
//! in this process shares them: the app's "check now", the background task, and any other
//! [`super::Sync`] made for the same client (a shell that reconnects makes a new one while
//! the old one's pass may still be running).
//!
//! Passes in another process over the same profile (`hearth sync` beside a running
//! `hearth read --follow`) do not take these locks. Their circle steps are still safe (each
//! is one transaction, and a late answer names its outbox item by ticket), but their device
//! and invite passes can overlap as described on [`SyncLocks`].

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex;

/// The device lock and one lock per circle.
#[derive(Default)]
pub(crate) struct SyncLocks {
    /// Held through a device pass, an invite pass and registration's KeyPackage top-up. Two
    /// passes at once would both find the KeyPackages low and both upload a batch, both join
    /// the same Welcome, and both move the same invite on (one from a state the other had
    /// already left, so its step was refused as final).
    device: Mutex<()>,
    /// Two passes must not send the same outbox item or fetch the same page at once (the
    /// second would find its item already settled by the first).
    circles: std::sync::Mutex<HashMap<Vec<u8>, Arc<Mutex<()>>>>,
}

impl SyncLocks {
    /// The device lock.
    pub(crate) fn device(&self) -> &Mutex<()> {
        &self.device
    }

    /// The circle's lock.
    pub(crate) fn circle(&self, group: &[u8]) -> Arc<Mutex<()>> {
        let mut locks = self.circles.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(locks.entry(group.to_vec()).or_default())
    }
}

//! The gateway's work: takes registrations, opens the tickets relays hand it, and wakes the
//! devices they name through their push service, coalesced per device.

use crate::coalesce::{Coalescer, Decision};
use crate::config::GatewayConfig;
use crate::keys::Keys;
use crate::providers::unified_push::UnifiedPush;
use crate::providers::{Provider, SendError};
use crate::store::Registrations;
use hearth_protocol::PushEndpoint;
use hearth_wake_ticket::RegistrationId;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// What the gateway counted since it started (no device, no ticket: numbers only).
#[derive(Default, Debug)]
pub struct Counts {
    /// Tickets that opened.
    pub opened: AtomicU64,
    /// Tickets that did not open.
    pub bad_tickets: AtomicU64,
    /// Wakes sent and taken by the push service.
    pub sent: AtomicU64,
    /// Wakes merged into one already waiting.
    pub merged: AtomicU64,
    /// Wakes that failed (refused, unreachable, not allowed, unknown registration).
    pub failed: AtomicU64,
    /// Registrations forgotten because the push service said they are gone.
    pub gone: AtomicU64,
    /// 429s from push services.
    pub rate_limited: AtomicU64,
}

/// Everything the gateway's handlers share.
pub struct Gateway {
    /// Its secrets.
    pub keys: Arc<Keys>,
    /// The registrations.
    pub store: Registrations,
    /// UnifiedPush.
    pub unified_push: UnifiedPush,
    /// FCM, when configured.
    pub fcm: Option<crate::providers::fcm::Fcm>,
    /// APNs, when configured.
    pub apns: Option<crate::providers::apns::Apns>,
    /// Settings.
    pub config: GatewayConfig,
    /// Per-device wake times.
    pub coalescer: Coalescer,
    /// Counters.
    pub counts: Counts,
    /// Registration requests per address.
    pub registrations_rate: hearth_rate_limit::RateLimit,
    /// Cancelled at shutdown.
    pub shutdown: CancellationToken,
}

impl Gateway {
    /// Opens a batch of tickets and wakes their devices: (opened, did not open).
    pub fn take_tickets(self: &Arc<Self>, tickets: &[Vec<u8>]) -> (u32, u32) {
        let (mut opened, mut bad) = (0u32, 0u32);
        for ticket in tickets {
            match self.keys.tickets.open(ticket) {
                Ok(device) => {
                    opened += 1;
                    self.wake(device);
                }
                Err(_) => bad += 1,
            }
        }
        self.counts
            .opened
            .fetch_add(u64::from(opened), Ordering::Relaxed);
        self.counts
            .bad_tickets
            .fetch_add(u64::from(bad), Ordering::Relaxed);
        (opened, bad)
    }

    /// Wakes a device now, or at the end of its window.
    fn wake(self: &Arc<Self>, device: RegistrationId) {
        match self.coalescer.ask(device, Instant::now()) {
            Decision::Now => {
                let gateway = Arc::clone(self);
                tokio::spawn(async move { gateway.send(device).await });
            }
            Decision::At(at) => self.send_at(device, at),
            Decision::Merged => {
                self.counts.merged.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn send_at(self: &Arc<Self>, device: RegistrationId, at: Instant) {
        let gateway = Arc::clone(self);
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep_until(at) => {}
                _ = gateway.shutdown.cancelled() => return,
            }
            gateway.coalescer.sending(device, Instant::now());
            gateway.send(device).await;
        });
    }

    async fn send(self: &Arc<Self>, device: RegistrationId) {
        let endpoint = match self.store.endpoint(device).await {
            Ok(Some(endpoint)) => endpoint,
            Ok(None) => {
                // A ticket of a registration since deleted.
                self.counts.failed.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not read a registration");
                self.counts.failed.fetch_add(1, Ordering::Relaxed);
                return;
            }
        };
        let sent = match &endpoint {
            PushEndpoint::UnifiedPush { .. } => self.unified_push.wake(&endpoint).await,
            PushEndpoint::Fcm { .. } => match &self.fcm {
                Some(fcm) => fcm.wake(&endpoint).await,
                None => Err(SendError::NotConfigured),
            },
            PushEndpoint::Apns { .. } => match &self.apns {
                Some(apns) => apns.wake(&endpoint).await,
                None => Err(SendError::NotConfigured),
            },
        };
        match sent {
            Ok(()) => {
                self.counts.sent.fetch_add(1, Ordering::Relaxed);
            }
            Err(SendError::Gone) => {
                self.counts.gone.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = self.store.forget(device).await {
                    tracing::warn!(error = %e, "could not forget a gone registration");
                }
            }
            Err(SendError::RateLimited { retry_after }) => {
                self.counts.rate_limited.fetch_add(1, Ordering::Relaxed);
                let at = self.coalescer.back_off(device, Instant::now(), retry_after);
                self.send_at(device, at);
            }
            Err(other) => {
                tracing::debug!(reason = ?other, "a wake failed");
                self.counts.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

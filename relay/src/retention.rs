//! The retention sweep: deletes old messages, reports, inbox drops, Welcomes, expired KeyPackages, sessions,
//! challenges and invites past their expiry and grace on a timer, and forgets idle rate-limit entries.

use crate::state::{now, AppState};
use crate::store::{Job, Store};
use std::sync::Arc;

/// Runs the sweep every `config.sweep_every` until shutdown.
pub fn spawn<S: Store>(state: Arc<AppState<S>>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.sweep_every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = state.shutdown.cancelled() => return,
            }
            state.rate.forget_idle();
            state.hub.forget_unheard();
            let now = now();
            // Several nodes on one database: the first to claim the period sweeps, the
            // others skip it (a little less than the period, so timers drifting apart do
            // not skip a period).
            let every = state.config.sweep_every.as_secs();
            match state
                .store
                .claim_job(Job::Sweep, now, every.saturating_sub(every / 10))
                .await
            {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "could not claim the retention sweep");
                    continue;
                }
            }
            let before = now.saturating_sub(state.config.retention.as_secs());
            match state.store.sweep(now, before).await {
                Ok(swept) => tracing::info!(
                    messages = swept.messages,
                    capabilities = swept.capabilities,
                    key_packages = swept.key_packages,
                    welcomes = swept.welcomes,
                    reports = swept.reports,
                    drops = swept.drops,
                    sessions = swept.sessions,
                    "retention sweep"
                ),
                Err(e) => tracing::error!(error = %e, "retention sweep failed"),
            }
            let invites_before = now.saturating_sub(state.config.invite_grace.as_secs());
            match state.store.sweep_invites(invites_before).await {
                Ok(invites) => tracing::info!(invites, "invite sweep"),
                Err(e) => tracing::error!(error = %e, "invite sweep failed"),
            }
        }
    });
}

//! Deliveries appended on other relay nodes, forwarded to this node's live sockets.
//!
//! A store shared by several nodes sends [`Notice`]s (PostgreSQL: LISTEN/NOTIFY). For each
//! mailbox someone here listens to, the new messages are read once from the store and
//! published to the hub, which drops what it published already. After the notice connection
//! is restored, and on a slow timer in case a notice was lost, the heads of every listened
//! mailbox are re-read, so a lost notice delays a delivery but never loses it.

use crate::metrics::Metrics;
use crate::state::AppState;
use crate::store::{Head, Notice, Store};
use std::sync::Arc;

/// Starts forwarding when the store is shared; does nothing for a store only this process
/// writes.
pub fn spawn<S: Store>(state: Arc<AppState<S>>) {
    let Some(mut notices) = state.store.notices() else {
        return;
    };
    let poll_every = state
        .store
        .poll_every()
        .unwrap_or(std::time::Duration::from_secs(5));
    tokio::spawn(async move {
        let mut poll = tokio::time::interval(poll_every);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                notice = notices.recv() => match notice {
                    Some(Notice::Appended { heads, lag }) => {
                        Metrics::observe_notice_lag(&state.metrics, lag);
                        catch_up(&state, heads).await;
                    }
                    Some(Notice::Resync) => resync(&state).await,
                    None => return,
                },
                _ = poll.tick() => resync(&state).await,
                _ = state.shutdown.cancelled() => return,
            }
        }
    });
}

/// Re-reads the heads of every mailbox listened to here.
async fn resync<S: Store>(state: &AppState<S>) {
    let listened = state.hub.listened();
    if listened.is_empty() {
        return;
    }
    match state.store.heads(listened).await {
        Ok(heads) => catch_up(state, heads).await,
        Err(e) => tracing::warn!(error = %e, "could not re-read mailbox heads"),
    }
}

/// Publishes what is new up to each head, for mailboxes listened to here.
async fn catch_up<S: Store>(state: &AppState<S>, heads: Vec<Head>) {
    for head in heads {
        let Some(mut after) = state.hub.catch_up_from(&head.mailbox_id, head.seq) else {
            continue;
        };
        while after < head.seq {
            let page = match state
                .store
                .deliveries_after(head.mailbox_id.clone(), after, state.config.max_fetch)
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    // Subscribers keep what they have; the next notice or poll tries again.
                    tracing::warn!(error = %e, "could not read another node's deliveries");
                    break;
                }
            };
            let Some(last) = page.last().map(|d| d.seq) else {
                break;
            };
            for delivery in page {
                state.hub.publish(delivery);
            }
            after = last;
        }
    }
}

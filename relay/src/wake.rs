//! Wake-ups, the relay's side: after a message is accepted, the tickets of its mailbox and
//! epoch go to the push gateway, which wakes the devices they name.
//!
//! Appends are gathered for [`crate::RelayConfig::wake_delay`] from the first one, so a
//! burst in one circle sends its tickets once; the tickets of every mailbox gathered in that
//! time go in one request, shuffled, so the gateway cannot tell which ticket came from which
//! mailbox within a batch. The gateway being away costs wakes (counted), never messages:
//! nothing here is on the post's path but a non-blocking queue.
//!
//! Nothing about a mailbox reaches a log; the gateway's token is the only credential here.

use crate::state::AppState;
use crate::store::Store;
use hearth_protocol::{Bytes, WakeBatch};
use ring::rand::{SecureRandom, SystemRandom};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Mailboxes waiting to have their tickets sent; when full, an append's wake is dropped.
const QUEUE: usize = 65_536;
/// Tickets in one request to the gateway.
const BATCH: usize = 500;

/// Where the relay sends tickets.
#[derive(Clone)]
pub struct PushGateway {
    /// The gateway's base URL (`https://`, or `http://` on this computer).
    pub url: String,
    /// The token the gateway expects from this relay.
    pub token: String,
}

impl std::fmt::Debug for PushGateway {
    // The token is a credential: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushGateway")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// A mailbox that got a message in an epoch: its tickets for that epoch are due, but the
/// sender's own (when the post named it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    mailbox: Vec<u8>,
    epoch: u64,
    skip: Option<Vec<u8>>,
}

/// The receiving end of the waker's queue.
pub type DueQueue = mpsc::Receiver<Due>;

/// The queue from accepted appends to the sender.
pub struct Waker {
    queue: Option<mpsc::Sender<Due>>,
}

impl Waker {
    /// A waker that sends nothing (no gateway configured), and the queue's receiving end
    /// when there is one.
    pub fn new(gateway: Option<&PushGateway>) -> (Waker, Option<DueQueue>) {
        match gateway {
            None => (Waker { queue: None }, None),
            Some(_) => {
                let (tx, rx) = mpsc::channel(QUEUE);
                (Waker { queue: Some(tx) }, Some(rx))
            }
        }
    }

    /// Notes that a mailbox got a message in `epoch`, from the holder of ticket `skip` when
    /// the post named one (never waits).
    pub fn appended(&self, mailbox: &[u8], epoch: u64, skip: Option<Vec<u8>>) {
        if let Some(queue) = &self.queue {
            let _ = queue.try_send(Due {
                mailbox: mailbox.to_vec(),
                epoch,
                skip,
            });
        }
    }
}

/// Sends tickets to the gateway until shutdown.
pub fn spawn<S: Store>(state: Arc<AppState<S>>, mut appended: DueQueue, gateway: PushGateway) {
    let http = match crate::tls::client_config(None) {
        Ok(tls) => reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build(),
        Err(e) => {
            tracing::error!(error = %e, "no TLS for the push gateway; wakes are off");
            return;
        }
    };
    let Ok(http) = http else {
        tracing::error!("no HTTP client for the push gateway; wakes are off");
        return;
    };
    let url = format!("{}/v1/wake", gateway.url.trim_end_matches('/'));
    tokio::spawn(async move {
        loop {
            let first = tokio::select! {
                first = appended.recv() => first,
                _ = state.shutdown.cancelled() => return,
            };
            let Some(first) = first else { return };
            // (mailbox, epoch) → the ticket to skip: only when every post gathered for it
            // came from that ticket's holder (anyone else's post wakes them too).
            let mut pending: HashMap<(Vec<u8>, u64), Option<Vec<u8>>> = HashMap::new();
            let mut gather_one = |due: Due| {
                pending
                    .entry((due.mailbox, due.epoch))
                    .and_modify(|skip| {
                        if *skip != due.skip {
                            *skip = None;
                        }
                    })
                    .or_insert(due.skip);
            };
            gather_one(first);
            let gather = tokio::time::sleep(state.config.wake_delay);
            tokio::pin!(gather);
            loop {
                tokio::select! {
                    next = appended.recv() => match next {
                        Some(next) => gather_one(next),
                        None => break,
                    },
                    _ = &mut gather => break,
                }
            }
            let mut tickets = Vec::new();
            for ((mailbox, epoch), skip) in pending {
                match state.store.tickets(mailbox, epoch).await {
                    Ok(found) => tickets.extend(
                        found
                            .into_iter()
                            .filter(|t| skip.as_ref() != Some(&t.ticket_id))
                            .map(|t| Bytes(t.ticket)),
                    ),
                    Err(e) => tracing::warn!(error = %e, "could not read wake tickets"),
                }
            }
            shuffle(&mut tickets);
            for batch in tickets.chunks(BATCH) {
                let sent = http
                    .post(&url)
                    .bearer_auth(&gateway.token)
                    .json(&WakeBatch {
                        tickets: batch.to_vec(),
                    })
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => state.metrics.wakes_sent(batch.len()),
                    Ok(r) => {
                        tracing::warn!(
                            status = r.status().as_u16(),
                            "the push gateway refused wakes"
                        );
                        state.metrics.wakes_dropped(batch.len());
                    }
                    Err(_) => {
                        tracing::warn!("the push gateway is unreachable; wakes dropped");
                        state.metrics.wakes_dropped(batch.len());
                    }
                }
            }
        }
    });
}

/// Fisher–Yates with the system's randomness (a failed draw leaves the order as it is).
fn shuffle<T>(items: &mut [T]) {
    let rng = SystemRandom::new();
    for i in (1..items.len()).rev() {
        let mut draw = [0u8; 8];
        if rng.fill(&mut draw).is_err() {
            return;
        }
        let j = (u64::from_le_bytes(draw) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

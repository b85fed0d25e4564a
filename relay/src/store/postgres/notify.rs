//! Telling the other nodes what was appended: a notifier task that batches committed heads
//! into `pg_notify` calls, and a listener connection that turns the notifications into
//! [`Notice`]s, reconnecting (and asking for a re-read) when the connection is lost.
//!
//! A notification's text: the sender's clock in milliseconds, then `mailbox:seq` pairs in
//! hex and decimal, space-separated. PostgreSQL caps a payload below 8000 bytes; a batch too
//! big for one goes in several.

use super::{Head, Notice, OpenError, StoreError};
use crate::tls::client_config;
use deadpool_postgres::Pool;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;
use tokio_postgres::AsyncMessage;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The channel every node listens on.
const CHANNEL: &str = "hearth_appends";
/// PostgreSQL refuses payloads of 8000 bytes or more.
const PAYLOAD_MAX: usize = 7900;
/// Heads waiting for the notifier; when full, a head is dropped and the poll finds it.
const QUEUE: usize = 65_536;
/// Notices waiting for the relay.
const NOTICES: usize = 4096;

/// The TLS connector for the database (used when the URL's `sslmode` asks for TLS).
pub fn tls_connector(ca: Option<&Path>) -> Result<MakeRustlsConnect, OpenError> {
    let config = client_config(ca).map_err(|e| OpenError::Address(e.to_string()))?;
    Ok(MakeRustlsConnect::new(config))
}

/// Sends committed heads to the other nodes, in batches.
pub struct Notifier {
    queue: mpsc::Sender<Head>,
}

impl Notifier {
    /// Starts the notifier task on `pool`.
    pub fn spawn(pool: Pool) -> Notifier {
        let (queue, mut heads) = mpsc::channel::<Head>(QUEUE);
        tokio::spawn(async move {
            while let Some(first) = heads.recv().await {
                // Everything that committed while the last batch was being sent goes in this
                // one: under load, one notification carries many appends.
                let mut batch: HashMap<Vec<u8>, u64> = HashMap::new();
                let mut next = Some(first);
                while let Some(head) = next.take() {
                    let seq = batch.entry(head.mailbox_id).or_default();
                    *seq = (*seq).max(head.seq);
                    next = heads.try_recv().ok();
                }
                if let Err(e) = send(&pool, &batch).await {
                    // The other nodes' poll finds these appends a little later.
                    tracing::warn!(error = %e, "could not notify other nodes");
                }
            }
        });
        Notifier { queue }
    }

    /// Queues a committed head (never waits: a full queue drops it, the poll finds it).
    pub fn appended(&self, head: Head) {
        let _ = self.queue.try_send(head);
    }
}

async fn send(pool: &Pool, batch: &HashMap<Vec<u8>, u64>) -> Result<(), StoreError> {
    let client = pool.get().await.map_err(super::pool_err)?;
    let sent_at = now_ms();
    let mut payload = String::new();
    for (mailbox, seq) in batch {
        let entry = format!(" {}:{seq}", hex::encode(mailbox));
        if !payload.is_empty() && payload.len() + entry.len() > PAYLOAD_MAX {
            notify(&client, &payload).await?;
            payload.clear();
        }
        if payload.is_empty() {
            payload = sent_at.to_string();
        }
        payload.push_str(&entry);
    }
    if !payload.is_empty() {
        notify(&client, &payload).await?;
    }
    Ok(())
}

async fn notify(client: &deadpool_postgres::Object, payload: &str) -> Result<(), StoreError> {
    client
        .execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
        .await
        .map_err(super::err)?;
    Ok(())
}

/// Parses a notification's payload (None for a malformed one, which is dropped).
fn parse(payload: &str) -> Option<(u64, Vec<Head>)> {
    let mut parts = payload.split(' ');
    let sent_at = parts.next()?.parse().ok()?;
    let heads = parts
        .map(|entry| {
            let (mailbox, seq) = entry.split_once(':')?;
            Some(Head {
                mailbox_id: hex::decode(mailbox).ok()?,
                seq: seq.parse().ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((sent_at, heads))
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Listens on a connection of its own until the relay drops the receiver; reconnects with
/// a growing pause when the connection is lost, and asks for a re-read once back.
pub fn listen(
    mut config: tokio_postgres::Config,
    tls: MakeRustlsConnect,
) -> mpsc::Receiver<Notice> {
    // A dead server or network is noticed within a minute, not the system's two hours.
    config
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(20))
        .keepalives_interval(Duration::from_secs(5))
        .keepalives_retries(3);
    let (notices, receiver) = mpsc::channel(NOTICES);
    tokio::spawn(async move {
        let mut pause = Duration::from_millis(200);
        let mut first = true;
        while !notices.is_closed() {
            match listen_once(&config, tls.clone(), &notices, first).await {
                Ok(()) => pause = Duration::from_millis(200),
                Err(e) => tracing::warn!(error = %e, "lost the notification connection"),
            }
            first = false;
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = notices.closed() => return,
            }
            pause = (pause * 2).min(Duration::from_secs(5));
        }
    });
    receiver
}

/// One connection's life: LISTEN, forward notifications until it ends.
async fn listen_once(
    config: &tokio_postgres::Config,
    tls: MakeRustlsConnect,
    notices: &mpsc::Sender<Notice>,
    first: bool,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(tls).await?;
    let (messages, mut incoming) = mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut stream = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = stream.next().await {
            match message {
                Ok(message) => {
                    if messages.send(message).is_err() {
                        return Ok(());
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    if !first {
        // Whatever was notified while we were away is lost: the relay re-reads heads.
        let _ = notices.send(Notice::Resync).await;
    }
    loop {
        tokio::select! {
            message = incoming.recv() => {
                let Some(message) = message else { break };
                if let AsyncMessage::Notification(n) = message {
                    if let Some((sent_at, heads)) = parse(n.payload()) {
                        let lag = Duration::from_millis(now_ms().saturating_sub(sent_at));
                        if notices.send(Notice::Appended { heads, lag }).await.is_err() {
                            break;
                        }
                    }
                }
            }
            _ = notices.closed() => break,
        }
    }
    drop(client);
    driver.await.unwrap_or(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_reads_back_and_a_malformed_one_is_dropped() {
        let parsed = parse("1700000000000 0a0b:7 ff:12");
        assert_eq!(
            parsed,
            Some((
                1_700_000_000_000,
                vec![
                    Head {
                        mailbox_id: vec![10, 11],
                        seq: 7
                    },
                    Head {
                        mailbox_id: vec![255],
                        seq: 12
                    }
                ]
            ))
        );
        assert_eq!(parse("soon 0a:1"), None);
        assert_eq!(parse("1 0a"), None);
        assert_eq!(parse("1 zz:1"), None);
    }
}

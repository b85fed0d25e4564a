//! Live push inside one relay process: a broadcast channel per mailbox with subscribers.
//!
//! Each channel remembers the last sequence number it published, so a delivery is published
//! once however it reaches this node: from an append here, or read back after another node's
//! notice ([`crate::fanout`]). A subscriber that sees a gap reads the missing ones from the
//! store, so order never depends on which path was faster.

use hearth_protocol::{Delivery, LiveFrame};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Each subscriber may fall this far behind before it refetches from the store.
const CHANNEL_DEPTH: usize = 256;

/// A new delivery, with its live frame already written: a message fanned out to many sockets
/// is serialized once, not once per subscriber.
pub struct Published {
    /// The delivery.
    pub delivery: Delivery,
    /// `LiveFrame::Message(delivery)` as JSON text.
    pub frame: Arc<str>,
}

/// One mailbox's live channel.
struct Channel {
    sender: broadcast::Sender<Arc<Published>>,
    /// The last sequence number published (none yet: the subscribers read the store).
    last: Option<u64>,
}

/// Mailbox id → broadcast of new deliveries.
#[derive(Default)]
pub struct Hub {
    channels: Mutex<HashMap<Vec<u8>, Channel>>,
}

impl Hub {
    /// Subscribes to a mailbox's new deliveries.
    pub fn subscribe(&self, mailbox_id: &[u8]) -> broadcast::Receiver<Arc<Published>> {
        let mut channels = self.lock();
        channels
            .entry(mailbox_id.to_vec())
            .or_insert_with(|| Channel {
                sender: broadcast::channel(CHANNEL_DEPTH).0,
                last: None,
            })
            .sender
            .subscribe()
    }

    /// Publishes a new delivery to the mailbox's subscribers, if any, unless it (or a later
    /// one) was published already. Returns how many subscribers it reached.
    pub fn publish(&self, delivery: Delivery) -> usize {
        let mut channels = self.lock();
        let key = delivery.mailbox_id.as_slice().to_vec();
        let Some(channel) = channels.get_mut(&key) else {
            return 0;
        };
        if channel.last.is_some_and(|last| delivery.seq <= last) {
            return 0;
        }
        channel.last = Some(delivery.seq);
        let Some(frame) = frame_text(&LiveFrame::Message(delivery.clone())) else {
            return 0;
        };
        match channel.sender.send(Arc::new(Published { delivery, frame })) {
            Ok(reached) => reached,
            Err(_) => {
                // Nobody listens any more: forget the channel.
                channels.remove(&key);
                0
            }
        }
    }

    /// Where to read from to bring a mailbox's subscribers up to `head`: after the last
    /// sequence number published, or just before `head` when none was (the subscribers read
    /// anything older themselves). None when nobody here listens or nothing is new.
    pub fn catch_up_from(&self, mailbox_id: &[u8], head: u64) -> Option<u64> {
        let channels = self.lock();
        let channel = channels.get(mailbox_id)?;
        if channel.sender.receiver_count() == 0 {
            return None;
        }
        match channel.last {
            Some(last) if last >= head => None,
            Some(last) => Some(last),
            None => Some(head.saturating_sub(1)),
        }
    }

    /// The mailboxes someone here listens to.
    pub fn listened(&self) -> Vec<Vec<u8>> {
        self.lock()
            .iter()
            .filter(|(_, c)| c.sender.receiver_count() > 0)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Forgets channels nobody listens to any more (a mailbox whose subscribers left before
    /// anything was published would otherwise keep its channel for the process's life).
    pub fn forget_unheard(&self) {
        self.lock().retain(|_, c| c.sender.receiver_count() > 0);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Vec<u8>, Channel>> {
        self.channels.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Mailboxes with a live channel (for metrics and tests).
    pub fn channels(&self) -> usize {
        self.lock().len()
    }
}

/// A live frame as the JSON text the socket sends (None only if serialization failed,
/// which plain data never does).
pub fn frame_text(frame: &LiveFrame) -> Option<Arc<str>> {
    serde_json::to_string(frame).ok().map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_nobody_listens_to_is_forgotten() {
        let hub = Hub::default();
        let kept = hub.subscribe(b"kept");
        drop(hub.subscribe(b"left"));
        assert_eq!(hub.channels(), 2);
        hub.forget_unheard();
        assert_eq!(hub.channels(), 1);
        drop(kept);
        hub.forget_unheard();
        assert_eq!(hub.channels(), 0);
    }

    fn delivery(seq: u64) -> Delivery {
        Delivery {
            mailbox_id: hearth_protocol::Bytes(b"box".to_vec()),
            seq,
            epoch: 1,
            kind: hearth_protocol::MessageKind::Application,
            message: hearth_protocol::Bytes(vec![1]),
            received_at: 0,
        }
    }

    #[test]
    fn a_delivery_is_published_once_whichever_path_brings_it() {
        let hub = Hub::default();
        assert_eq!(hub.catch_up_from(b"box", 3), None, "nobody listens");
        let mut rx = hub.subscribe(b"box");
        assert_eq!(
            hub.catch_up_from(b"box", 3),
            Some(2),
            "nothing published yet"
        );
        assert_eq!(hub.publish(delivery(3)), 1);
        assert_eq!(hub.publish(delivery(3)), 0, "again: dropped");
        assert_eq!(hub.publish(delivery(2)), 0, "older: dropped");
        assert_eq!(hub.catch_up_from(b"box", 3), None);
        assert_eq!(hub.catch_up_from(b"box", 5), Some(3));
        assert_eq!(hub.listened(), vec![b"box".to_vec()]);
        assert_eq!(rx.try_recv().map(|p| p.delivery.seq).ok(), Some(3));
        assert!(rx.try_recv().is_err());
    }
}

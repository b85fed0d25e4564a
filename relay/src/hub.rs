//! Live push inside one relay process: a broadcast channel per mailbox with subscribers.
//!
//! Fan-out across several relay nodes (a shared PostgreSQL store) is future work; the
//! design says to decide it by measurement.

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

/// Mailbox id → broadcast of new deliveries.
#[derive(Default)]
pub struct Hub {
    channels: Mutex<HashMap<Vec<u8>, broadcast::Sender<Arc<Published>>>>,
}

impl Hub {
    /// Subscribes to a mailbox's new deliveries.
    pub fn subscribe(&self, mailbox_id: &[u8]) -> broadcast::Receiver<Arc<Published>> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels
            .entry(mailbox_id.to_vec())
            .or_insert_with(|| broadcast::channel(CHANNEL_DEPTH).0)
            .subscribe()
    }

    /// Publishes a new delivery to the mailbox's subscribers, if any.
    pub fn publish(&self, delivery: Delivery) {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        let key = delivery.mailbox_id.as_slice().to_vec();
        let Some(tx) = channels.get(&key) else { return };
        let Some(frame) = frame_text(&LiveFrame::Message(delivery.clone())) else {
            return;
        };
        if tx.send(Arc::new(Published { delivery, frame })).is_err() {
            // Nobody listens any more: forget the channel.
            channels.remove(&key);
        }
    }

    /// Forgets channels nobody listens to any more (a mailbox whose subscribers left before
    /// anything was published would otherwise keep its channel for the process's life).
    pub fn forget_unheard(&self) {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels.retain(|_, tx| tx.receiver_count() > 0);
    }

    /// Mailboxes with a live channel (for metrics and tests).
    pub fn channels(&self) -> usize {
        self.channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len()
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
}

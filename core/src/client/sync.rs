//! Sync on the client: which relay this profile syncs with, and the wake-up that tells a
//! running sync something waits to be sent. The steps sync drives are
//! [`crate::sync::SyncSteps`], not the app's API.

use rusqlite::OptionalExtension;

use super::Client;
use crate::error::Result;
use crate::events::Event;
use crate::sync::RelayUrl;

/// The relay this profile syncs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayAccount {
    /// The relay's base URL.
    pub url: String,
    /// This device's id there, once registered.
    pub device_id: Option<String>,
}

impl Client {
    pub(crate) fn circle_event(&self, event: Event) {
        self.events.publish(event);
    }

    /// Wakes sync: something waits to be sent.
    pub(crate) fn sync_wanted(&self) {
        self.wake.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Changes whenever something is queued to send (sync waits on it).
    pub(crate) fn wake_receiver(&self) -> tokio::sync::watch::Receiver<u64> {
        self.wake.subscribe()
    }

    /// The relay this profile syncs with, if one was set.
    pub fn relay_account(&self) -> Result<Option<RelayAccount>> {
        self.store.read(|tx| {
            Ok(tx
                .query_row(
                    "SELECT url, device_id FROM relay_account WHERE id = 1",
                    [],
                    |r| {
                        Ok(RelayAccount {
                            url: r.get(0)?,
                            device_id: r.get(1)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// Sets the relay to sync with: `https://`, or `http://` only to this computer
    /// ([`RelayUrl`]). A different relay forgets the device id registered at the old one.
    pub fn set_relay(&self, url: &str) -> Result<()> {
        // Refused here, before anything is sent: no token crosses a network in the clear.
        let url = RelayUrl::parse(url)?;
        let url = url.as_str();
        self.store.write(|tx| {
            tx.execute(
                "INSERT INTO relay_account (id, url) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET url = excluded.url,
                   device_id = CASE WHEN url = excluded.url THEN device_id END,
                   registered_at_ms = CASE WHEN url = excluded.url THEN registered_at_ms END",
                [url],
            )?;
            Ok(())
        })?;
        self.sync_wanted();
        Ok(())
    }
}

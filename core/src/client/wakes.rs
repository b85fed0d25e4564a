//! Wake-ups on the client: the push gateway this device is registered with, and per circle
//! whether a new message wakes the phone. Sync leaves and withdraws the tickets
//! (`circles::wakes`); registering with a gateway is `sync::gateway`.

use super::{now_ms, Client};
use crate::circles::wakes::{self, PushRegistration};
use crate::circles::{group, GroupId};
use crate::error::Result;
use crate::events::Event;

impl Client {
    /// The push gateway this device is registered with, if any.
    pub fn push_registration(&self) -> Result<Option<PushRegistration>> {
        self.store.read(wakes::registration)
    }

    /// Keeps a registration made at a gateway; every circle gets a new ticket at the next
    /// sync.
    pub fn set_push_registration(&self, registration: &PushRegistration) -> Result<()> {
        self.store
            .write(|tx| wakes::set_registration(tx, registration, now_ms()))
    }

    /// Forgets the gateway registration: nothing wakes this phone from then on (sync
    /// withdraws the tickets it left).
    pub fn clear_push_registration(&self) -> Result<()> {
        self.store.write(wakes::clear_registration)
    }

    /// Whether a new message in this circle wakes this phone (the default).
    pub fn circle_wakes(&self, group_id: &GroupId) -> Result<bool> {
        self.store.read(|tx| {
            group::circle_row(tx, group_id)?;
            Ok(wakes::circle_wake(tx, group_id)?.enabled)
        })
    }

    /// Turns a circle's wakes on or off ("don't wake me for this circle"); the next sync
    /// leaves or withdraws its ticket at the relay. Mutes and quiet hours are the app's: they
    /// decide whether a wake shows a notification, not whether it comes.
    pub fn set_circle_wakes(&self, group_id: &GroupId, on: bool) -> Result<()> {
        self.store.write(|tx| {
            group::circle_row(tx, group_id)?;
            wakes::set_enabled(tx, group_id, on)
        })?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }
}

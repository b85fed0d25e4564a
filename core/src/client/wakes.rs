//! Wake-ups on the client: the push gateway this device is registered with, and per circle
//! whether a new message wakes the phone. Sync leaves and withdraws the tickets
//! (`circles::wakes`); registering with a gateway is `sync::gateway`.

use jiff::Timestamp;

use super::Client;
use crate::circles::notices::{self, NotificationSettings, WakeNotice};
use crate::circles::wakes::{self, PushRegistration};
use crate::circles::{group, GroupId};
use crate::error::Result;
use crate::events::Event;
use crate::settings;

impl Client {
    /// The push gateway this device is registered with, if any.
    pub fn push_registration(&self) -> Result<Option<PushRegistration>> {
        self.store.read(wakes::registration)
    }

    /// Keeps a registration made at a gateway; every circle gets a new ticket at the next
    /// sync.
    pub fn set_push_registration(&self, registration: &PushRegistration) -> Result<()> {
        self.store
            .write(|tx| wakes::set_registration(tx, registration, self.now_ms()))
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

    /// How wakes show: whether notifications name circles, and the quiet hours.
    pub fn notification_settings(&self) -> Result<NotificationSettings> {
        self.store.read(settings::notifications)
    }

    /// Changes how wakes show; returns the settings as kept.
    pub fn set_notification_settings(
        &self,
        new: NotificationSettings,
    ) -> Result<NotificationSettings> {
        let new = new.validated()?;
        self.store
            .write(|tx| settings::set_notifications(tx, &new))?;
        Ok(new)
    }

    /// After a wake and the sync it led to: the notification to show, or none when nothing
    /// is new that the person wants to hear of, or when it is their quiet time (then the
    /// next wake after it tells the news). What it tells is not told again.
    pub fn notice_after_wake(&self, now: Timestamp) -> Result<Option<WakeNotice>> {
        self.store.write(|tx| {
            let settings = settings::notifications(tx)?;
            notices::after_wake(tx, &self.mls, &settings, now)
        })
    }
}

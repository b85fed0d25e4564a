//! The steps sync drives, as client calls: which relay and device this profile uses, what to
//! post next for a circle and how it went, and each delivery to process. Each call is one
//! transaction, so a crash between two leaves nothing half-done; events follow each change.
//! The CLI and tests may drive them directly (a simulated mailbox), and `crate::sync` does
//! over the network.

use rusqlite::{params, OptionalExtension};

use super::{now_ms, Client};
use crate::circles::{group, intents, outbox, CommitEffect, MailboxPosition, Next, Processed};
use crate::error::{Error, Result};
use crate::events::Event;

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
    pub fn wake_receiver(&self) -> tokio::sync::watch::Receiver<u64> {
        self.wake.subscribe()
    }

    /// The last relay position processed for a circle.
    pub fn circle_cursor(&self, group_id: &[u8]) -> Result<u64> {
        self.store
            .read(|tx| Ok(group::circle_row(tx, group_id)?.relay_cursor))
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

    /// Sets the relay to sync with. A different relay forgets the device id registered at
    /// the old one.
    pub fn set_relay(&self, url: &str) -> Result<()> {
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 2048 {
            return Err(Error::invalid(
                "relay",
                "must be an http:// or https:// URL",
            ));
        }
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

    /// Records the device id the relay gave this device.
    pub fn set_device_id(&self, device_id: &str) -> Result<()> {
        self.store.write(|tx| {
            let changed = tx.execute(
                "UPDATE relay_account SET device_id = ?1, registered_at_ms = ?2 WHERE id = 1",
                params![device_id, now_ms()],
            )?;
            if changed == 0 {
                return Err(Error::invalid("relay", "set a relay first"));
            }
            Ok(())
        })
    }

    /// Signs the relay's session challenge with the device key.
    pub fn sign_for_relay(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.store.read(|tx| crate::identity::sign(tx, message))
    }

    /// Circles sync looks after: those we are in.
    pub fn sync_circles(&self) -> Result<Vec<Vec<u8>>> {
        self.store.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT group_id FROM circles WHERE state = 'active' AND stalled_at_ms IS NULL
                   AND (closed_at_ms IS NULL OR mailbox_delete_pending = 1)
                 ORDER BY joined_at_ms",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Deletes a circle's past-epoch secrets older than `max_age` (sync does this on every
    /// pass with [`crate::circles::PAST_EPOCH_MAX_AGE`]); a late message of such an epoch is
    /// then rejected as too old.
    pub fn expire_past_epoch_secrets(
        &self,
        group_id: &[u8],
        max_age: std::time::Duration,
    ) -> Result<()> {
        self.store
            .write(|tx| group::expire_past_epochs(tx, &self.mls, group_id, max_age))
    }

    /// Where to read a circle's mailbox from.
    pub fn circle_position(&self, group_id: &[u8]) -> Result<MailboxPosition> {
        self.store
            .read(|tx| group::position(tx, &self.mls, group_id))
    }

    /// The next thing to send for a circle (sealing a message or making a queued change when
    /// it is their turn).
    pub fn next_post(&self, group_id: &[u8]) -> Result<Next> {
        self.store
            .write(|tx| outbox::next(tx, &self.mls, group_id, now_ms()))
    }

    /// The relay accepted outbox item `id` at `relay_seq` (0 when it has none), received now.
    pub fn post_accepted(&self, group_id: &[u8], id: i64, relay_seq: u64) -> Result<()> {
        self.post_accepted_at(group_id, id, relay_seq, (now_ms() / 1000) as u64)
    }

    /// The relay accepted outbox item `id` at `relay_seq` (0 when it has none), received at
    /// `received_at` on its clock (Unix seconds; what timeouts are judged by).
    pub fn post_accepted_at(
        &self,
        group_id: &[u8],
        id: i64,
        relay_seq: u64,
        received_at: u64,
    ) -> Result<()> {
        let now = now_ms();
        let effect = self.store.write(|tx| {
            outbox::accepted(tx, &self.mls, group_id, id, (relay_seq, received_at), now)
        })?;
        if let Some(effect) = effect {
            self.commit_event(group_id, &effect);
            // An admission by invite code has its answer to post now.
            self.sync_wanted();
        }
        Ok(())
    }

    /// The relay no longer keeps the epoch this device is in (it was away longer than the
    /// relay keeps messages): the circle is marked stalled, sync stops following it, and the
    /// app shows [`crate::invites::ASK_FOR_A_NEW_CODE`]. A fresh code brings the person back.
    pub(crate) fn circle_stalled(&self, group_id: &[u8]) -> Result<()> {
        // A mailbox we have not opened yet refuses every capability too: that is no stall.
        let stalled = self.store.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE circles SET stalled_at_ms = ?2
                     WHERE group_id = ?1 AND stalled_at_ms IS NULL AND mailbox_open = 1",
                )?
                .execute(params![group_id, now_ms()])?
                == 1)
        })?;
        if !stalled {
            return Ok(());
        }
        self.circle_event(Event::CircleProblem {
            group_id: hex::encode(group_id),
            reason: crate::invites::ASK_FOR_A_NEW_CODE,
            role_violation: false,
        });
        Ok(())
    }

    /// The relay says the circle was closed (we missed its closing commit, which went with
    /// the mailbox): the circle shows closed and sync stops following it.
    pub(crate) fn circle_closed_at_relay(&self, group_id: &[u8]) -> Result<()> {
        let closed = self.store.write(|tx| {
            let closed = tx
                .prepare_cached(
                    "UPDATE circles SET closed_at_ms = ?2 WHERE group_id = ?1 AND closed_at_ms IS NULL",
                )?
                .execute(params![group_id, now_ms()])?
                == 1;
            if closed {
                group::end_membership(tx, &self.mls, group_id)?;
                crate::circles::messages::note(
                    tx,
                    &self.mls,
                    group_id,
                    "The facilitator closed this circle.",
                    now_ms(),
                )?;
            }
            Ok(closed)
        })?;
        if closed {
            self.circle_event(Event::CircleChanged {
                group_id: hex::encode(group_id),
            });
        }
        Ok(())
    }

    /// The relay refused item `id` as stale (the circle moved on): it is remade after sync
    /// has caught up.
    pub fn post_stale(&self, group_id: &[u8], id: i64) -> Result<()> {
        self.store
            .write(|tx| outbox::stale(tx, &self.mls, group_id, id))
    }

    /// The relay refused item `id` for good.
    pub fn post_refused(&self, group_id: &[u8], id: i64) -> Result<()> {
        self.store
            .write(|tx| outbox::refused(tx, &self.mls, group_id, id, now_ms()))?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }

    /// The KeyPackage sync claimed for an add.
    pub fn key_package_claimed(&self, intent_id: i64, key_package: &[u8]) -> Result<()> {
        self.store
            .write(|tx| intents::key_package_claimed(tx, intent_id, key_package))
    }

    /// The relay had no KeyPackage for an add: it is dropped, and the circle says so.
    pub fn key_package_missing(&self, group_id: &[u8], intent_id: i64) -> Result<()> {
        self.store.write(|tx| {
            intents::key_package_missing(tx, &self.mls, group_id, intent_id, now_ms())
        })?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }

    /// Processes one delivery from the relay (with its sequence number), exactly once, as
    /// if the relay received it now.
    pub fn receive(&self, group_id: &[u8], relay_seq: u64, message: &[u8]) -> Result<Processed> {
        self.receive_at(group_id, relay_seq, (now_ms() / 1000) as u64, message)
    }

    /// Processes one delivery from the relay exactly once: its sequence number, when the
    /// relay received it (Unix seconds, its clock: what timeouts are judged by) and bytes.
    pub fn receive_at(
        &self,
        group_id: &[u8],
        relay_seq: u64,
        received_at: u64,
        message: &[u8],
    ) -> Result<Processed> {
        let processed = self.store.write(|tx| {
            crate::circles::receive::receive(
                tx,
                &self.mls,
                group_id,
                relay_seq,
                received_at,
                message,
                now_ms(),
            )
        })?;
        let id = hex::encode(group_id);
        match &processed {
            Processed::Message(m) | Processed::Updated(m) => {
                self.circle_event(Event::CircleMessage {
                    group_id: id,
                    message_id: m.clone(),
                })
            }
            Processed::Intro | Processed::Changed => {
                self.circle_event(Event::CircleChanged { group_id: id })
            }
            Processed::Commit(effect) => self.commit_event(group_id, effect),
            Processed::Rejected { reason, violation } => self.circle_event(Event::CircleProblem {
                group_id: id,
                reason,
                role_violation: *violation,
            }),
            Processed::Proposal | Processed::Duplicate | Processed::Later | Processed::Dropped => {}
        }
        if matches!(processed, Processed::Proposal | Processed::Commit(_)) {
            self.sync_wanted(); // a committer commits proposals; intros follow adds
        }
        Ok(processed)
    }

    fn commit_event(&self, group_id: &[u8], effect: &CommitEffect) {
        let group_id = hex::encode(group_id);
        self.circle_event(if effect.removed_us {
            Event::CircleLeft { group_id }
        } else {
            Event::CircleChanged { group_id }
        });
    }
}

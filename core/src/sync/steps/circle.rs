//! A circle's steps: where to read its mailbox from, each delivery processed once, the next
//! post from its outbox and what the relay answered, and what the relay says of the circle
//! itself (stalled, closed).

use rusqlite::params;

use super::SyncSteps;
use crate::circles::intents::IntentId;
use crate::circles::outbox::{self, OutboxId, Placed};
use crate::circles::GroupId;
use crate::circles::{group, intents, messages, CommitEffect, MailboxPosition, Next, Processed};
use crate::circles::{membership, views};
use crate::error::Result;
use crate::events::Event;

impl SyncSteps<'_> {
    /// Unix seconds now, on this phone's clock.
    fn now_s(&self) -> u64 {
        u64::try_from(self.client.now_ms() / 1000).unwrap_or(0)
    }

    fn changed(&self, group_id: &[u8]) {
        self.client.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
    }

    fn committed(&self, group_id: &[u8], effect: &CommitEffect) {
        let group_id = hex::encode(group_id);
        self.client.circle_event(if effect.removed_us {
            Event::CircleLeft { group_id }
        } else {
            Event::CircleChanged { group_id }
        });
    }

    /// The last relay position processed for a circle.
    pub fn circle_cursor(&self, group_id: &GroupId) -> Result<u64> {
        self.client
            .store
            .read(|tx| Ok(group::circle_row(tx, group_id)?.relay_cursor))
    }

    /// Where to read a circle's mailbox from.
    pub fn circle_position(&self, group_id: &GroupId) -> Result<MailboxPosition> {
        self.client
            .store
            .read(|tx| views::position(tx, &self.client.mls, group_id))
    }

    /// Deletes a circle's past-epoch secrets older than `max_age` (sync does this on every
    /// pass with [`crate::circles::PAST_EPOCH_MAX_AGE`]); a late message of such an epoch is
    /// then rejected as too old.
    pub fn expire_past_epoch_secrets(
        &self,
        group_id: &GroupId,
        max_age: std::time::Duration,
    ) -> Result<()> {
        self.client
            .store
            .write(|tx| views::expire_past_epochs(tx, &self.client.mls, group_id, max_age))
    }

    /// Deletes a circle's texts whose disappearing timer ran out (sync does it on every
    /// pass; reads leave them out meanwhile). Returns how many went.
    pub fn expire_disappearing(&self, group_id: &GroupId) -> Result<usize> {
        let gone = self
            .client
            .store
            .write(|tx| messages::expire(tx, group_id, self.client.now_ms()))?;
        if gone > 0 {
            self.changed(group_id);
        }
        Ok(gone)
    }

    /// The next thing to send for a circle (sealing a message or making a queued change when
    /// it is their turn).
    pub fn next_post(&self, group_id: &GroupId) -> Result<Next> {
        self.client
            .store
            .write(|tx| outbox::next(tx, &self.client.mls, group_id, self.client.now_ms()))
    }

    /// The relay accepted outbox item `id` at `relay_seq` (0 when it has none), received now.
    pub fn post_accepted(&self, group_id: &GroupId, id: OutboxId, relay_seq: u64) -> Result<()> {
        self.post_accepted_at(group_id, id, relay_seq, self.now_s())
    }

    /// The relay accepted outbox item `id` at `relay_seq` (0 when it has none), received at
    /// `received_at` on its clock (Unix seconds; what timeouts are judged by).
    pub fn post_accepted_at(
        &self,
        group_id: &GroupId,
        id: OutboxId,
        relay_seq: u64,
        received_at: u64,
    ) -> Result<()> {
        let placed = Placed {
            group_id,
            relay_seq,
            received_at_s: received_at,
            now_ms: self.client.now_ms(),
        };
        let effect = self
            .client
            .store
            .write(|tx| outbox::accepted(tx, &self.client.mls, id, &placed))?;
        if let Some(effect) = effect {
            self.committed(group_id, &effect);
            // An admission by invite code has its answer to post now.
            self.client.sync_wanted();
        }
        Ok(())
    }

    /// The relay refused item `id` as stale (the circle moved on): it is remade after sync
    /// has caught up.
    pub fn post_stale(&self, group_id: &GroupId, id: OutboxId) -> Result<()> {
        self.client
            .store
            .write(|tx| outbox::stale(tx, &self.client.mls, group_id, id))
    }

    /// The relay refused item `id` for good: it is dropped and the circle's history says so.
    pub fn post_refused(&self, group_id: &GroupId, id: OutboxId) -> Result<()> {
        self.client.store.write(|tx| {
            outbox::refused(tx, &self.client.mls, group_id, id, self.client.now_ms())
        })?;
        self.changed(group_id);
        Ok(())
    }

    /// The KeyPackage sync claimed for an add to `group_id` of `device_id`'s member. It is
    /// kept only when the device signed it and its key is the one the id names; otherwise
    /// the add is dropped, the circle's history says why, and the answer is
    /// [`Error::KeyPackageNotTheirs`](crate::Error::KeyPackageNotTheirs).
    pub fn key_package_claimed(
        &self,
        group_id: &GroupId,
        intent_id: IntentId,
        device_id: &str,
        claimed: &hearth_protocol::ClaimedKeyPackage,
    ) -> Result<()> {
        if crate::identity::signed_by_device(device_id, claimed) {
            return self.client.store.write(|tx| {
                intents::key_package_claimed(tx, intent_id, claimed.key_package.as_slice())
            });
        }
        tracing::warn!("a claimed KeyPackage was not signed by its device; the add is dropped");
        self.add_dropped(group_id, intent_id, intents::AddDropped::NotTheirs)?;
        self.client.circle_event(Event::CircleProblem {
            group_id: group_id.to_hex(),
            reason: "a device could not be verified, so it was not added",
            role_violation: false,
        });
        Err(crate::Error::KeyPackageNotTheirs)
    }

    /// Drops an add that cannot happen, saying why in the circle.
    fn add_dropped(
        &self,
        group_id: &GroupId,
        intent_id: IntentId,
        why: intents::AddDropped,
    ) -> Result<()> {
        let now_ms = self.client.now_ms();
        self.client.store.write(|tx| {
            intents::add_dropped(tx, &self.client.mls, group_id, intent_id, why, now_ms)
        })
    }

    /// The relay had no KeyPackage for an add: it is dropped, and the circle says so.
    pub fn key_package_missing(&self, group_id: &GroupId, intent_id: IntentId) -> Result<()> {
        self.add_dropped(group_id, intent_id, intents::AddDropped::NoKeyPackage)?;
        self.changed(group_id);
        Ok(())
    }

    /// Processes one delivery from the relay (with its sequence number), exactly once, as
    /// if the relay received it now.
    pub fn receive(&self, group_id: &GroupId, relay_seq: u64, message: &[u8]) -> Result<Processed> {
        self.receive_at(group_id, relay_seq, self.now_s(), message)
    }

    /// Processes one delivery from the relay exactly once: its sequence number, when the
    /// relay received it (Unix seconds, its clock: what timeouts are judged by) and bytes.
    pub fn receive_at(
        &self,
        group_id: &GroupId,
        relay_seq: u64,
        received_at: u64,
        message: &[u8],
    ) -> Result<Processed> {
        let processed = self.client.store.write(|tx| {
            crate::circles::receive::receive(
                tx,
                &self.client.mls,
                group_id,
                relay_seq,
                received_at,
                message,
                self.client.now_ms(),
            )
        })?;
        let id = hex::encode(group_id);
        match &processed {
            Processed::Message(m) | Processed::Updated(m) => {
                self.client.circle_event(Event::CircleMessage {
                    group_id: id,
                    message_id: m.clone(),
                })
            }
            Processed::Intro | Processed::Changed => self.changed(group_id),
            Processed::Commit(effect) => self.committed(group_id, effect),
            Processed::Rejected { reason, violation } => {
                self.client.circle_event(Event::CircleProblem {
                    group_id: id,
                    reason,
                    role_violation: *violation,
                })
            }
            Processed::Talk => self.client.circle_event(Event::TalksChanged),
            Processed::Requests => self.client.circle_event(Event::RequestsChanged),
            Processed::Breakouts => self
                .client
                .circle_event(Event::BreakoutsChanged { group_id: id }),
            Processed::TalkOpened(talk) => {
                self.client.circle_event(Event::TalksChanged);
                self.client.circle_event(Event::CircleJoined {
                    group_id: hex::encode(talk),
                });
            }
            Processed::Proposal
            | Processed::Duplicate
            | Processed::Later
            | Processed::Dropped
            | Processed::NotForUs => {}
        }
        if matches!(
            processed,
            Processed::Proposal | Processed::Commit(_) | Processed::TalkOpened(_)
        ) {
            self.client.sync_wanted(); // a committer commits proposals; intros follow adds
        }
        Ok(processed)
    }

    /// The relay no longer keeps the epoch this device is in (it was away longer than the
    /// relay keeps messages): the circle is marked stalled, sync stops following it, and the
    /// app shows [`crate::invites::ASK_FOR_A_NEW_CODE`]. A fresh code brings the person back.
    pub(crate) fn circle_stalled(&self, group_id: &[u8]) -> Result<()> {
        // A mailbox we have not opened yet refuses every capability too: that is no stall.
        let stalled = self.client.store.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE circles SET stalled_at_ms = ?2
                     WHERE group_id = ?1 AND stalled_at_ms IS NULL AND mailbox_open = 1",
                )?
                .execute(params![group_id, self.client.now_ms()])?
                == 1)
        })?;
        if stalled {
            self.client.circle_event(Event::CircleProblem {
                group_id: hex::encode(group_id),
                reason: crate::invites::ASK_FOR_A_NEW_CODE,
                role_violation: false,
            });
        }
        Ok(())
    }

    /// The relay says the circle was closed (we missed its closing commit, which went with
    /// the mailbox): the circle shows closed and sync stops following it.
    pub(crate) fn circle_closed_at_relay(&self, group_id: &[u8]) -> Result<()> {
        let mls = &self.client.mls;
        let closed = self.client.store.write(|tx| {
            let now = self.client.now_ms();
            let closed = tx
                .prepare_cached(
                    "UPDATE circles SET closed_at_ms = ?2 WHERE group_id = ?1 AND closed_at_ms IS NULL",
                )?
                .execute(params![group_id, now])?
                == 1;
            if closed {
                membership::end_membership(tx, mls, group_id)?;
                // In a talk of two, whoever closed it was the other person.
                let event = match crate::talks::talk_with(tx, group_id)? {
                    Some(name) => crate::circles::CircleEvent::TalkEnded {
                        who: crate::circles::Who::Member(name),
                    },
                    None => crate::circles::CircleEvent::Closed,
                };
                messages::note(tx, mls, group_id, &event, now)?;
            }
            Ok(closed)
        })?;
        if closed {
            self.changed(group_id);
        }
        Ok(())
    }
}

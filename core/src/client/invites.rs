//! Invite codes on the client: a facilitator makes, lists, revokes codes and approves or
//! declines the people who used them; anyone joins a circle with a code. Each call is one
//! transaction; sync carries the exchange through the relay's invite mailbox (the
//! `invite_*` and `join_*` steps below, which it drives).

use hearth_protocol::{is_nameplate, Claimed};

use super::Client;
use crate::circles::GroupId;
use crate::error::Result;
use crate::events::Event;
use crate::invites::facilitator::{self, ClaimOutcome, InviteWork};
use crate::invites::invitee::{self, Answered, JoinWork};
use crate::invites::{Invite, InviteCode, InviteJoin, InviteOptions};

/// A nameplate from what a person typed: the nameplate itself, or the whole code.
fn nameplate_of(text: &str) -> Result<String> {
    let upper = text.trim().to_ascii_uppercase();
    if is_nameplate(&upper) {
        return Ok(upper);
    }
    Ok(InviteCode::parse(text)?.nameplate())
}

impl Client {
    /// Makes a one-time code for a circle this device may add people to (facilitators and
    /// co-facilitators). The code is registered at the relay by the next sync; share it (or
    /// its link, as a QR code) with the person it is for.
    pub fn create_invite(&self, group_id: &GroupId, options: &InviteOptions) -> Result<Invite> {
        let invite = self.store.write(|tx| {
            let (code, _) = facilitator::create(tx, &self.mls, group_id, options, self.now_ms())?;
            facilitator::list(tx, group_id)?
                .into_iter()
                .find(|i| i.nameplate == code.nameplate())
                .ok_or(crate::Error::Internal("a new invite was not found"))
        })?;
        self.invite_event(&invite.nameplate, group_id);
        self.sync_wanted();
        Ok(invite)
    }

    /// The codes made for a circle on this device, newest first, with their state.
    pub fn invites(&self, group_id: &GroupId) -> Result<Vec<Invite>> {
        self.store.read(|tx| facilitator::list(tx, group_id))
    }

    /// Withdraws a code (by its nameplate or the whole code). A person waiting for approval
    /// on it is declined.
    pub fn revoke_invite(&self, code: &str) -> Result<()> {
        self.facilitator_step(code, facilitator::revoke)
    }

    /// Admits the person waiting for approval on a code.
    pub fn approve_invite(&self, code: &str) -> Result<()> {
        self.facilitator_step(code, facilitator::approve)
    }

    /// Declines the person waiting for approval on a code; their phone is told.
    pub fn decline_invite(&self, code: &str) -> Result<()> {
        self.facilitator_step(code, facilitator::decline)
    }

    /// Starts joining a circle with a code (typed, or a `hearth://join#` link) under the
    /// display name wanted there. Typos are caught here, before anything is sent. Show
    /// [`crate::invites::BEFORE_JOINING_NOTICE`] first: nothing about the circle can be
    /// checked until the facilitator's phone lets the person in.
    pub fn join_with_code(&self, code: &str, display_name: &str) -> Result<InviteJoin> {
        let code = InviteCode::parse(code)?;
        let nameplate = code.nameplate();
        let join = self.store.write(|tx| {
            invitee::start(tx, &code, display_name, self.now_ms())?;
            invitee::list(tx)?
                .into_iter()
                .find(|j| j.nameplate == nameplate)
                .ok_or(crate::Error::Internal("a new join was not found"))
        })?;
        self.circle_event(Event::JoinChanged {
            nameplate: nameplate.clone(),
        });
        self.sync_wanted();
        Ok(join)
    }

    /// The codes this device used to join, newest first, with where each stands.
    pub fn invite_joins(&self) -> Result<Vec<InviteJoin>> {
        self.store.read(invitee::list)
    }

    /// One facilitator step on a code (named by nameplate or whole code), in one transaction;
    /// then the code's event and a sync.
    fn facilitator_step(
        &self,
        code: &str,
        step: fn(&rusqlite::Transaction<'_>, &str, i64) -> Result<()>,
    ) -> Result<()> {
        let nameplate = nameplate_of(code)?;
        let group_id = self.store.write(|tx| {
            step(tx, &nameplate, self.now_ms())?;
            facilitator::circle_of(tx, &nameplate)
        })?;
        self.invite_event(&nameplate, &group_id);
        self.sync_wanted();
        Ok(())
    }

    fn invite_event(&self, nameplate: &str, group_id: &[u8]) {
        self.circle_event(Event::InviteChanged {
            nameplate: nameplate.to_string(),
            group_id: hex::encode(group_id),
        });
    }

    fn invite_changed(&self, nameplate: &str) -> Result<()> {
        let group_id = self
            .store
            .read(|tx| facilitator::circle_of(tx, nameplate))?;
        self.invite_event(nameplate, &group_id);
        Ok(())
    }

    // --- The steps sync drives ---

    /// What sync should do for this device's codes (expiring those whose time ran out).
    pub(crate) fn invite_work(&self) -> Result<Vec<InviteWork>> {
        self.store.write(|tx| facilitator::work(tx, self.now_ms()))
    }

    /// The relay opened a code.
    pub(crate) fn invite_published(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| facilitator::published(tx, nameplate, self.now_ms()))?;
        self.invite_changed(nameplate)
    }

    /// The relay would not open a code.
    pub(crate) fn invite_not_published(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| facilitator::not_published(tx, nameplate, self.now_ms()))?;
        self.invite_changed(nameplate)
    }

    /// Someone claimed a code: finish the exchange once and admit, ask, or fail the code.
    pub(crate) fn invite_claimed(&self, nameplate: &str, claimed: &Claimed) -> Result<()> {
        let outcome = self.store.write(|tx| {
            facilitator::claim_found(tx, &self.mls, nameplate, claimed, self.now_ms())
        })?;
        match outcome {
            ClaimOutcome::Ignored => return Ok(()),
            ClaimOutcome::Failed { group_id } => {
                self.circle_event(Event::CircleProblem {
                    group_id: hex::encode(&group_id),
                    reason: "someone used an invite code with a wrong secret; it no longer works",
                    role_violation: false,
                });
                self.circle_event(Event::CircleMessage {
                    group_id: hex::encode(&group_id),
                    message_id: String::new(),
                });
            }
            ClaimOutcome::Accepted { .. } | ClaimOutcome::Expired => {}
        }
        self.invite_changed(nameplate)?;
        self.sync_wanted(); // an admission to commit, or an answer to post
        Ok(())
    }

    /// The relay holds no claim for an open code (it expires here once its time ran out).
    pub(crate) fn invite_unclaimed(&self, nameplate: &str) -> Result<()> {
        let expired = self
            .store
            .write(|tx| facilitator::unclaimed(tx, nameplate, self.now_ms()))?;
        if expired {
            self.invite_changed(nameplate)?;
        }
        Ok(())
    }

    /// The relay no longer holds a code's record.
    pub(crate) fn invite_gone(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| facilitator::gone_at_relay(tx, nameplate, self.now_ms()))?;
        self.invite_changed(nameplate)
    }

    /// The relay took a code's answer, or deleted its record.
    pub(crate) fn invite_relay_done(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| facilitator::relay_done(tx, nameplate, self.now_ms()))
    }

    /// What sync should do for the codes this device joins with.
    pub(crate) fn join_work(&self) -> Result<Vec<JoinWork>> {
        self.store.read(invitee::work)
    }

    /// An invite's half of the exchange arrived: seal our claim.
    pub(crate) fn join_offer(&self, nameplate: &str, facilitator_message: &[u8]) -> Result<()> {
        self.store.write(|tx| {
            invitee::offer_received(tx, &self.mls, nameplate, facilitator_message, self.now_ms())
        })
    }

    /// The relay took our claim.
    pub(crate) fn join_claimed(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| invitee::claimed(tx, nameplate, self.now_ms()))?;
        self.join_event(nameplate);
        Ok(())
    }

    /// No open invite for our code at the relay (or no record of ours any more).
    pub(crate) fn join_unavailable(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| invitee::unavailable(tx, nameplate, self.now_ms()))?;
        self.join_event(nameplate);
        Ok(())
    }

    /// The facilitator's answer arrived.
    pub(crate) fn join_answered(&self, nameplate: &str, sealed: &[u8]) -> Result<()> {
        let answered = self.store.write(|tx| {
            invitee::answer_received(tx, &self.mls, nameplate, sealed, self.now_ms())
        })?;
        if let Answered::Joined(group_id) = &answered {
            self.circle_event(Event::CircleJoined {
                group_id: hex::encode(group_id),
            });
            self.sync_wanted(); // our introduction waits, and sync must follow the circle
        }
        if answered != Answered::Ignored {
            self.join_event(nameplate);
        }
        Ok(())
    }

    /// The relay deleted the record of a code we joined with.
    pub(crate) fn join_relay_done(&self, nameplate: &str) -> Result<()> {
        self.store
            .write(|tx| invitee::relay_done(tx, nameplate, self.now_ms()))
    }

    fn join_event(&self, nameplate: &str) {
        self.circle_event(Event::JoinChanged {
            nameplate: nameplate.to_string(),
        });
    }
}

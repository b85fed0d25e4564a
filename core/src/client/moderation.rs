//! Moderation on the client: accepting guidelines, the facilitators' tools (remove a message
//! for everyone, pin, time a member out, hand the circle over, close it) and local mutes.
//! Each tool is checked against our role here, and again by every phone that receives it.

use super::Client;
use crate::circles::group;
use crate::circles::intents::Intent;
use crate::circles::membership;
use crate::circles::moderation::{self, TIMEOUT_MAX_S, TIMEOUT_REASON_MAX};
use crate::circles::{messages, CircleMessage, Payload, Role};
use crate::circles::{GroupId, MessageId};
use crate::error::{Error, Result};
use crate::events::Event;

impl Client {
    /// What stops us posting to this circle now, as the error posting would give.
    pub(super) fn check_can_post(&self, group_id: &GroupId) -> Result<()> {
        self.store.read(|tx| {
            let (profile, me) = group::open_profile(tx, &self.mls, group_id)?;
            match moderation::posting_blocked(tx, group_id, &profile, &me, self.now_ms())? {
                Some(e) => Err(e),
                None => Ok(()),
            }
        })
    }

    /// Accepts the circle's guidelines at `version` (the one shown: if they changed since,
    /// the call is refused so the new text is shown first). Posting waits until then.
    pub fn accept_guidelines(&self, group_id: &GroupId, version: u32) -> Result<()> {
        self.store.write(|tx| {
            let (profile, me) = group::open_profile(tx, &self.mls, group_id)?;
            if version != profile.guidelines_version {
                return Err(Error::invalid(
                    "version",
                    format!(
                        "the guidelines are at version {}: show them again",
                        profile.guidelines_version
                    ),
                ));
            }
            moderation::accept_ours(tx, group_id, &me, version)?;
            membership::queue_accept(tx, &self.mls, group_id, version, self.now_ms())
        })?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        self.sync_wanted();
        Ok(())
    }

    /// Our role, and the role of `target`'s author or member, checked against the rules for
    /// moderating: the reason it is refused, as an error.
    pub(super) fn require_moderator(
        &self,
        group_id: &GroupId,
        target: Option<&[u8]>,
    ) -> Result<()> {
        self.store.read(|tx| {
            let (profile, me) = group::open_profile(tx, &self.mls, group_id)?;
            match moderation::refusal(&profile, &me, target) {
                Some(action) => Err(Error::NotPermitted { action }),
                None => Ok(()),
            }
        })
    }

    /// Removes a message for everyone (facilitators and co-facilitators; only a facilitator
    /// removes a facilitator's). A tombstone stays: "removed by a facilitator".
    pub fn remove_message_for_everyone(
        &self,
        group_id: &GroupId,
        message_id: &MessageId,
    ) -> Result<()> {
        let author = self
            .store
            .read(|tx| messages::sender_of(tx, group_id, message_id))?
            .ok_or(Error::NotFound { what: "message" })?;
        self.require_moderator(group_id, Some(&author))?;
        let payload = Payload::Remove {
            id: self.new_id()?,
            target: message_id.to_string(),
        };
        self.store
            .write(|tx| messages::remove_for_everyone(tx, group_id, message_id).map(|_| ()))?;
        self.queue_payload(group_id, &payload, None)?;
        self.message_updated(group_id, message_id);
        Ok(())
    }

    /// Pins a message for everyone, or unpins it (facilitators and co-facilitators).
    pub fn pin_message(
        &self,
        group_id: &GroupId,
        message_id: &MessageId,
        pinned: bool,
    ) -> Result<()> {
        self.require_moderator(group_id, None)?;
        let payload = Payload::Pin {
            id: self.new_id()?,
            target: message_id.to_string(),
            unpin: !pinned,
        };
        self.store.write(|tx| {
            // Until the relay places our pin, it sits at the newest position we know.
            let at = group::circle_row(tx, group_id)?.relay_cursor;
            if messages::pin(tx, group_id, message_id, pinned.then_some(at))? {
                Ok(())
            } else {
                Err(Error::NotFound { what: "message" })
            }
        })?;
        self.queue_payload(group_id, &payload, None)?;
        self.message_updated(group_id, message_id);
        Ok(())
    }

    /// The pinned messages, most recently pinned first.
    pub fn pinned_messages(&self, group_id: &GroupId) -> Result<Vec<CircleMessage>> {
        self.store.read(|tx| messages::pinned(tx, group_id))
    }

    /// Pauses a member's posting for `seconds` (1 to 30 days' worth), with an optional
    /// reason their phone shows; 0 ends a pause early. Every phone drops posts the relay
    /// orders inside it. Facilitators and co-facilitators; only a facilitator pauses a
    /// facilitator; nobody pauses themselves.
    pub fn time_out_member(
        &self,
        group_id: &GroupId,
        member: &[u8],
        seconds: u64,
        reason: &str,
    ) -> Result<()> {
        if seconds > TIMEOUT_MAX_S {
            return Err(Error::invalid(
                "seconds",
                format!("at most {TIMEOUT_MAX_S} (30 days)"),
            ));
        }
        let reason = reason.trim();
        if reason.chars().count() > TIMEOUT_REASON_MAX
            || crate::identity::has_hidden_characters(reason)
        {
            return Err(Error::invalid(
                "reason",
                format!("at most {TIMEOUT_REASON_MAX} characters, on one line"),
            ));
        }
        let (target, _) = self.member_and_my_role(group_id, member)?;
        if target.is_me {
            return Err(Error::invalid("member", "you cannot pause yourself"));
        }
        self.require_moderator(group_id, Some(member))?;
        let payload = Payload::Timeout {
            id: self.new_id()?,
            member: hex::encode(member),
            seconds,
            reason: reason.to_string(),
        };
        self.queue_payload(group_id, &payload, None)?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }

    /// Mutes (or unmutes) a member on this phone only: their messages come marked `muted`
    /// (for the app to collapse) and do not count as unread. Nobody else learns of it.
    pub fn mute_member(&self, group_id: &GroupId, member: &[u8], muted: bool) -> Result<()> {
        let (target, _) = self.member_and_my_role(group_id, member)?;
        if target.is_me {
            return Err(Error::invalid("member", "you cannot mute yourself"));
        }
        self.store
            .write(|tx| moderation::mute(tx, group_id, member, muted))?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }

    /// Hands the facilitator role to another member (facilitators only); we stay on as
    /// `stay`: a co-facilitator or a member.
    pub fn hand_over_circle(&self, group_id: &GroupId, member: &[u8], stay: Role) -> Result<()> {
        if stay == Role::Facilitator {
            return Err(Error::invalid("stay", "co_facilitator or member"));
        }
        let (target, _) = self.member_and_my_role(group_id, member)?;
        if target.is_me {
            return Err(Error::invalid("member", "hand the circle to someone else"));
        }
        let intent = Intent::HandOver {
            member: hex::encode(member),
            stay,
        };
        self.queue_change(group_id, intent, Role::Facilitator)
    }

    /// Sets the circle's disappearing-messages timer (facilitators only): every phone
    /// deletes texts this many seconds after they arrived (5 minutes to a year); `None`
    /// turns it off. Applies to what is already there too.
    pub fn set_disappearing(&self, group_id: &GroupId, seconds: Option<u64>) -> Result<()> {
        use crate::circles::{DISAPPEAR_MAX_S, DISAPPEAR_MIN_S};
        if seconds.is_some_and(|s| !(DISAPPEAR_MIN_S..=DISAPPEAR_MAX_S).contains(&s)) {
            return Err(Error::invalid(
                "seconds",
                format!("from {DISAPPEAR_MIN_S} (5 minutes) to {DISAPPEAR_MAX_S} (a year)"),
            ));
        }
        self.queue_change(
            group_id,
            Intent::Disappearing { seconds },
            Role::Facilitator,
        )
    }

    /// Closes the circle for good (facilitators only): every phone shows it closed and
    /// stops, and this phone then deletes the mailbox at the relay.
    pub fn close_circle(&self, group_id: &GroupId) -> Result<()> {
        self.queue_change(group_id, Intent::Close, Role::Facilitator)
    }
}

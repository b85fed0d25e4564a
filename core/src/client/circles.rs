//! Circles on the client: what people do in them. Each call is one transaction; changes and
//! messages go to the outbox and intents, which sync sends (see `client::sync`).

use super::Client;
use crate::circles::group::{self, profile};
use crate::circles::intents::{self, Intent, IntentKind};
use crate::circles::moderation;
use crate::circles::profile::CircleProfile;
use crate::circles::rules;
use crate::circles::{membership, views};
use crate::circles::{
    messages, outbox, CheckinCard, CircleMember, CircleMessage, CircleSummary, Payload, Role,
    ShareChoice, EMOJI_MAX, TEXT_MAX,
};
use crate::circles::{GroupId, MessageId, SharedCard};
use crate::error::{Error, Result};
use crate::events::Event;

/// Most KeyPackages made in one call.
pub const KEY_PACKAGES_MAX: u32 = 100;
/// Most messages in one page.
pub const MESSAGES_PAGE_MAX: u32 = 500;
/// A member proposes a key update at least this often while active (and on first send).
const KEY_UPDATE_EVERY_MS: i64 = 7 * 24 * 60 * 60 * 1000;

fn check_text(body: &str) -> Result<()> {
    if body.trim().is_empty() || body.chars().count() > TEXT_MAX {
        return Err(Error::invalid(
            "body",
            format!("must be 1 to {TEXT_MAX} characters"),
        ));
    }
    Ok(())
}

fn check_device_id(device_id: &str) -> Result<()> {
    if device_id.len() != 32 || !device_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid("device_id", "must be 32 hexadecimal digits"));
    }
    Ok(())
}

impl Client {
    /// Creates a circle with this device as its facilitator, under the device's display name.
    pub fn create_circle(
        &self,
        name: &str,
        description: &str,
        guidelines: &str,
    ) -> Result<CircleSummary> {
        let (description, guidelines) = (description.trim(), guidelines.trim());
        let name = crate::circles::profile::validate_text(name, description, guidelines)?;
        let summary = self.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            let id = membership::create(
                tx,
                &self.mls,
                CircleProfile::new(&name, description, guidelines),
                &me.display_name,
                self.now_ms(),
            )?;
            views::summary(tx, &self.mls, &id, self.now_ms())
        })?;
        self.circle_event(Event::CircleJoined {
            group_id: hex::encode(&summary.group_id),
        });
        Ok(summary)
    }

    /// Queues a change to a circle after checking our role allows it now.
    pub(super) fn queue_change(
        &self,
        group_id: &GroupId,
        intent: Intent,
        needs: Role,
    ) -> Result<()> {
        self.store.write(|tx| {
            let (profile, me) = group::open_profile(tx, &self.mls, group_id)?;
            if !matches!(
                intent,
                Intent::Close | Intent::Disappearing { .. } | Intent::Update
            ) {
                profile.refuse_in_talk("change a one-to-one talk (end it instead)")?;
            }
            let role = profile.role_of(&me);
            let allowed = match needs {
                Role::Facilitator => role == Role::Facilitator,
                Role::CoFacilitator => role.commits(),
                Role::Member => true,
            };
            if !allowed {
                return Err(Error::NotPermitted {
                    action: match needs {
                        Role::Facilitator => "change the circle's name, guidelines or roles",
                        _ => "add or remove members",
                    },
                });
            }
            intents::queue(tx, group_id, &intent, self.now_ms())?;
            Ok(())
        })?;
        self.sync_wanted();
        Ok(())
    }

    /// Adds the member whose device id is given: sync claims one of their KeyPackages, commits
    /// the Add and, once the relay accepted it, sends them the Welcome. (Invite codes are the
    /// main way in; this path serves tests and the CLI.)
    pub fn add_member(&self, group_id: &GroupId, device_id: &str) -> Result<()> {
        // As people paste it: spaces around it, any case.
        let device_id = device_id.trim();
        check_device_id(device_id)?;
        let intent = Intent::Add {
            device_id: device_id.to_ascii_lowercase(),
            key_package: None,
        };
        self.queue_change(group_id, intent, Role::CoFacilitator)
    }

    /// The member with `key`, and our own role.
    pub(super) fn member_and_my_role(
        &self,
        group_id: &GroupId,
        key: &[u8],
    ) -> Result<(CircleMember, Role)> {
        let members = self.circle_members(group_id)?;
        let me = members
            .iter()
            .find(|m| m.is_me)
            .map_or(Role::Member, |m| m.role);
        let target = members
            .into_iter()
            .find(|m| m.key == key)
            .ok_or(Error::NotFound { what: "member" })?;
        Ok((target, me))
    }

    /// Removes the member with this per-circle key (see [`Client::circle_members`]).
    pub fn remove_member(&self, group_id: &GroupId, member: &[u8]) -> Result<()> {
        let (target, me) = self.member_and_my_role(group_id, member)?;
        if target.is_me {
            return Err(Error::invalid("member", "to leave, use leave_circle"));
        }
        if target.role == Role::Facilitator && me != Role::Facilitator {
            return Err(Error::NotPermitted {
                action: "remove a facilitator",
            });
        }
        let intent = Intent::Remove {
            member: hex::encode(member),
        };
        self.queue_change(group_id, intent, Role::CoFacilitator)
    }

    /// Makes a member a co-facilitator, or a co-facilitator a member again (facilitators
    /// only; handing the facilitator role over comes with the safety tools).
    pub fn set_role(&self, group_id: &GroupId, member: &[u8], role: Role) -> Result<()> {
        if role == Role::Facilitator {
            return Err(Error::invalid("role", "co_facilitator or member"));
        }
        let (target, _) = self.member_and_my_role(group_id, member)?;
        if target.role == Role::Facilitator {
            return Err(Error::NotPermitted {
                action: "change a facilitator's role",
            });
        }
        let intent = Intent::SetRole {
            member: hex::encode(member),
            role,
        };
        self.queue_change(group_id, intent, Role::Facilitator)
    }

    /// Changes the circle's name, description or guidelines (facilitators only). New
    /// guidelines get the next version number.
    pub fn update_circle(
        &self,
        group_id: &GroupId,
        name: Option<&str>,
        description: Option<&str>,
        guidelines: Option<&str>,
    ) -> Result<()> {
        let current = self.circle(group_id)?;
        let name = crate::circles::profile::validate_text(
            name.unwrap_or(&current.name),
            description.unwrap_or(&current.description),
            guidelines.unwrap_or(&current.guidelines),
        )
        .map(|n| (n != current.name).then_some(n))?;
        let intent = Intent::Profile {
            name,
            description: description.map(str::to_string),
            guidelines: guidelines.map(str::to_string),
        };
        self.queue_change(group_id, intent, Role::Facilitator)
    }

    /// Accepts the invitation to a circle someone added this device to
    /// ([`CircleState::Invited`](crate::CircleState::Invited)): the membership starts under
    /// the device's display name, and the introduction goes out at the next sync.
    pub fn accept_invitation(&self, group_id: &GroupId) -> Result<()> {
        self.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            membership::accept_invitation(tx, &self.mls, group_id, &me.display_name, self.now_ms())
        })?;
        self.circle_event(Event::CircleJoined {
            group_id: group_id.to_hex(),
        });
        // A running sync starts following the circle now, not at its next poll.
        self.sync_wanted();
        Ok(())
    }

    /// Declines the invitation to a circle: it goes from this phone and nobody is told.
    pub fn decline_invitation(&self, group_id: &GroupId) -> Result<()> {
        self.store
            .write(|tx| membership::decline_invitation(tx, &self.mls, group_id))?;
        self.circle_event(Event::CircleLeft {
            group_id: group_id.to_hex(),
        });
        Ok(())
    }

    /// Leaves a circle: a proposal that a facilitator's phone commits when it syncs. The
    /// last facilitator cannot leave. Leaving a one-to-one talk ends it.
    pub fn leave_circle(&self, group_id: &GroupId) -> Result<()> {
        if self.circle(group_id)?.talk_with.is_some() {
            return self.end_talk(group_id);
        }
        self.store.write(|tx| {
            let (provider, group, signer) = group::active_group(tx, &self.mls, group_id)?;
            let profile = profile(&group)?;
            group::keep(&provider, group_id, group);
            let facilitators = profile
                .roles
                .values()
                .filter(|r| **r == Role::Facilitator)
                .count();
            if profile.role_of(signer.public()) == Role::Facilitator && facilitators == 1 {
                return Err(Error::NotPermitted {
                    action: "leave as the circle's only facilitator",
                });
            }
            if !intents::waiting(tx, group_id, IntentKind::Leave)? {
                intents::queue(tx, group_id, &Intent::Leave, self.now_ms())?;
            }
            Ok(())
        })?;
        self.sync_wanted();
        Ok(())
    }

    /// Queues a payload; a member's first send and a weekly one also propose a key update.
    /// Posts wait for accepted guidelines and the end of a timeout (refused here with the
    /// error that says so); nothing is sent to a closed circle.
    pub(super) fn queue_payload(
        &self,
        group_id: &GroupId,
        payload: &Payload,
        text: Option<&str>,
    ) -> Result<()> {
        self.store.write(|tx| {
            let (provider, group, signer) = group::active_group(tx, &self.mls, group_id)?;
            let epoch = group.epoch().as_u64();
            let profile = profile(&group)?;
            group::keep(&provider, group_id, group);
            let now = self.now_ms();
            // (A closed circle was refused by `active_group`.)
            if payload.is_post() {
                if let Some(refused) =
                    moderation::posting_blocked(tx, group_id, &profile, signer.public(), now)?
                {
                    return Err(refused);
                }
            }
            // The circle's own rules: a post they hold goes no further; one they flag goes,
            // marked as every other phone will mark it.
            let flagged = match payload.judged_words() {
                Some((words, message, new_post)) => {
                    let judged = rules::store::Judged {
                        group_id,
                        sender: signer.public(),
                        at_s: (now / 1000).max(0) as u64,
                        words: &words,
                        new_post,
                    };
                    match rules::store::judge_post(tx, &profile, &judged, true)? {
                        Some(breach) if breach.collapsed() => {
                            return Err(rules::store::held(tx, &profile, &judged, breach)?)
                        }
                        breach => Some((message.to_string(), breach)),
                    }
                }
                None => None,
            };
            // What we post is shown at once, as every other phone will store it.
            let shown = match payload {
                Payload::Text { id, reply_to, .. } => Some((
                    id,
                    text.unwrap_or_default().to_string(),
                    reply_to.as_deref(),
                    None,
                )),
                Payload::Checkin { id, card, .. } => {
                    Some((id, card.summary(), None, Some(serde_json::to_string(card)?)))
                }
                Payload::Goal { id, card, .. } => {
                    Some((id, card.summary(), None, Some(serde_json::to_string(card)?)))
                }
                _ => None,
            };
            if let Some((id, body, reply_to, card)) = shown {
                messages::store(
                    tx,
                    messages::NewMessage {
                        group_id,
                        id,
                        relay_seq: None,
                        epoch,
                        sender: Some(signer.public()),
                        kind: crate::circles::MessageKind::Text,
                        body: &body,
                        reply_to,
                        sent_at_ms: now,
                        card: card.as_deref(),
                        event: None,
                    },
                    now,
                )?;
            }
            if let Some((message, breach)) = flagged {
                rules::store::set_breach(tx, group_id, &message, breach.as_ref())?;
            }
            outbox::queue_payload(tx, group_id, payload, now)?;
            outbox::seal_if_alone(tx, &self.mls, group_id)?;
            let last_update = group::circle_row(tx, group_id)?.last_update_ms;
            let due = last_update.is_none_or(|t| now - t >= KEY_UPDATE_EVERY_MS);
            if due && !intents::waiting(tx, group_id, IntentKind::Update)? {
                intents::queue(tx, group_id, &Intent::Update, now)?;
            }
            Ok(())
        })?;
        self.sync_wanted();
        Ok(())
    }

    /// A new id for a message, reaction, report or meeting (see [`group::message_id`]).
    pub(super) fn new_id(&self) -> Result<String> {
        group::message_id(&self.mls, self.now_ms())
    }

    /// Sends a text message (1 to 10,000 characters), optionally replying to another; returns
    /// its id. It is shown at once and sent when sync reaches the relay.
    pub fn send_text(
        &self,
        group_id: &GroupId,
        body: &str,
        reply_to: Option<&MessageId>,
    ) -> Result<MessageId> {
        check_text(body)?;
        if let Some(target) = reply_to {
            self.require_message(group_id, target, false)?;
        }
        let id = self.new_id()?;
        let payload = Payload::Text {
            id: id.clone(),
            body: body.to_string(),
            reply_to: reply_to.map(|r| r.to_string()),
            sent_at_ms: self.now_ms(),
        };
        self.queue_payload(group_id, &payload, Some(body))?;
        self.circle_event(Event::CircleMessage {
            group_id: hex::encode(group_id),
            message_id: id.clone(),
        });
        Ok(MessageId::new(id))
    }

    /// Shares one of our check-ins to the circle as a card: the mood, and only the parts
    /// `choice` allows (the note only when ticked). Returns the message's id.
    pub fn share_checkin(
        &self,
        group_id: &GroupId,
        checkin_id: &str,
        choice: ShareChoice,
    ) -> Result<MessageId> {
        let checkin = self.checkin(checkin_id)?;
        let card = CheckinCard::from_checkin(&checkin, choice);
        self.share_card(group_id, SharedCard::Checkin(card))
    }

    /// Queues a card (a check-in's or a goal's week), shown at once; returns the message id.
    pub(super) fn share_card(&self, group_id: &GroupId, card: SharedCard) -> Result<MessageId> {
        let id = self.new_id()?;
        let sent_at_ms = self.now_ms();
        let payload = match card {
            SharedCard::Checkin(card) => Payload::Checkin {
                id: id.clone(),
                card,
                sent_at_ms,
            },
            SharedCard::Goal(card) => Payload::Goal {
                id: id.clone(),
                card,
                sent_at_ms,
            },
        };
        self.queue_payload(group_id, &payload, None)?;
        self.circle_event(Event::CircleMessage {
            group_id: hex::encode(group_id),
            message_id: id.clone(),
        });
        Ok(MessageId::new(id))
    }

    /// Checks a message exists (and is ours, when `own`).
    fn require_message(&self, group_id: &GroupId, id: &str, own: bool) -> Result<()> {
        self.store.read(|tx| {
            let sender = messages::sender_of(tx, group_id, id)?
                .ok_or(Error::NotFound { what: "message" })?;
            if own && sender != group::our_key(tx, group_id)? {
                return Err(Error::NotPermitted {
                    action: "change someone else's message",
                });
            }
            Ok(())
        })
    }

    /// Adds (or with `remove`, withdraws) our reaction to a message.
    pub fn react(
        &self,
        group_id: &GroupId,
        message_id: &MessageId,
        emoji: &str,
        remove: bool,
    ) -> Result<()> {
        if emoji.trim().is_empty() || emoji.chars().count() > EMOJI_MAX {
            return Err(Error::invalid(
                "emoji",
                format!("1 to {EMOJI_MAX} characters"),
            ));
        }
        self.require_message(group_id, message_id, false)?;
        self.check_can_post(group_id)?;
        let payload = Payload::Reaction {
            id: self.new_id()?,
            target: message_id.to_string(),
            emoji: emoji.to_string(),
            remove,
        };
        self.store.write(|tx| {
            let me = group::our_key(tx, group_id)?;
            if !messages::react(tx, group_id, message_id, &me, emoji, remove)? {
                return Err(Error::invalid(
                    "emoji",
                    format!(
                        "at most {} different reactions to one message",
                        messages::REACTIONS_PER_MEMBER_MAX
                    ),
                ));
            }
            Ok(())
        })?;
        self.queue_payload(group_id, &payload, None)?;
        self.message_updated(group_id, message_id);
        Ok(())
    }

    /// Replaces the text of one of our messages, for everyone.
    pub fn edit_message(
        &self,
        group_id: &GroupId,
        message_id: &MessageId,
        body: &str,
    ) -> Result<()> {
        check_text(body)?;
        self.require_message(group_id, message_id, true)?;
        self.check_can_post(group_id)?;
        let card = self.store.read(|tx| {
            Ok(messages::get(tx, group_id, message_id)?
                .is_some_and(|m| m.checkin.is_some() || m.goal.is_some()))
        })?;
        if card {
            return Err(Error::invalid(
                "message_id",
                "a shared card cannot be edited: delete it and share it again",
            ));
        }
        let now = self.now_ms();
        let payload = Payload::Edit {
            id: self.new_id()?,
            target: message_id.to_string(),
            body: body.to_string(),
            sent_at_ms: now,
        };
        // Queued first: the circle's rules may hold the edit, and then nothing changes here.
        self.queue_payload(group_id, &payload, None)?;
        self.store.write(|tx| {
            let me = group::our_key(tx, group_id)?;
            if messages::edit(tx, group_id, message_id, &me, body, now)? {
                Ok(())
            } else {
                Err(Error::NotFound { what: "message" })
            }
        })?;
        self.message_updated(group_id, message_id);
        Ok(())
    }

    /// Deletes one of our messages for everyone.
    pub fn delete_message(&self, group_id: &GroupId, message_id: &MessageId) -> Result<()> {
        self.require_message(group_id, message_id, true)?;
        self.store.write(|tx| {
            let me = group::our_key(tx, group_id)?;
            messages::delete(tx, group_id, message_id, &me).map(|_| ())
        })?;
        let payload = Payload::Delete {
            id: self.new_id()?,
            target: message_id.to_string(),
        };
        self.queue_payload(group_id, &payload, None)?;
        self.message_updated(group_id, message_id);
        Ok(())
    }

    pub(super) fn message_updated(&self, group_id: &GroupId, message_id: &str) {
        self.circle_event(Event::CircleMessage {
            group_id: hex::encode(group_id),
            message_id: message_id.to_string(),
        });
    }

    /// Marks everything up to relay position `relay_seq` read (unread counts drop).
    pub fn mark_read(&self, group_id: &GroupId, relay_seq: u64) -> Result<()> {
        self.store
            .write(|tx| messages::mark_read(tx, group_id, relay_seq))?;
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }

    /// A circle as this device sees it.
    pub fn circle(&self, group_id: &GroupId) -> Result<CircleSummary> {
        self.store
            .read(|tx| views::summary(tx, &self.mls, group_id, self.now_ms()))
    }

    /// Every circle this device is in (and those it left or was removed from, marked so).
    pub fn circles(&self) -> Result<Vec<CircleSummary>> {
        self.store.read(|tx| {
            let ids: Vec<Vec<u8>> = {
                let mut stmt = tx.prepare("SELECT group_id FROM circles ORDER BY joined_at_ms")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            ids.iter()
                .map(|id| views::summary(tx, &self.mls, id, self.now_ms()))
                .collect()
        })
    }

    /// A circle's members.
    pub fn circle_members(&self, group_id: &GroupId) -> Result<Vec<CircleMember>> {
        self.store
            .read(|tx| views::members(tx, &self.mls, group_id, self.now_ms()))
    }

    /// A page of a circle's messages in the relay's order after relay position `after` (0 for
    /// the start), then our own still waiting for the relay.
    pub fn circle_messages(
        &self,
        group_id: &GroupId,
        after: u64,
        limit: u32,
    ) -> Result<Vec<CircleMessage>> {
        let limit = super::check_limit(limit, MESSAGES_PAGE_MAX)?;
        self.store
            .read(|tx| messages::list(tx, group_id, after, limit))
    }

    /// The newest `limit` messages of a circle, oldest first, ending with our own still
    /// waiting for the relay: what a chat screen opens on. Older ones page in with
    /// [`Client::circle_messages`].
    pub fn latest_circle_messages(
        &self,
        group_id: &GroupId,
        limit: u32,
    ) -> Result<Vec<CircleMessage>> {
        let limit = super::check_limit(limit, MESSAGES_PAGE_MAX)?;
        self.store.read(|tx| messages::latest(tx, group_id, limit))
    }

    /// The epoch authenticator all members share at the current epoch (compare to detect a
    /// fork).
    pub fn epoch_authenticator(&self, group_id: &GroupId) -> Result<Vec<u8>> {
        self.store
            .read(|tx| views::epoch_authenticator(tx, &self.mls, group_id))
    }
}

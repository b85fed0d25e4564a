//! Circles across the FFI: the records a circle list, a member list and a chat screen show,
//! and the calls that change a circle. A circle is named by its id as hex text (the same
//! text the events carry); members by their per-circle key as hex text.
//!
//! Every change is stored first and sent by sync (see [`crate::sync::RelaySync`]): a call
//! returns as soon as the change is safely queued, and the events say when it has landed.

use crate::client::HearthClient;
use crate::error::HearthError;

/// A member's role in a circle (see the role table in DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Role {
    /// Runs the circle: every action.
    Facilitator,
    /// Helps run it: admits and removes members (not facilitators).
    CoFacilitator,
    /// Posts, reacts and leaves.
    Member,
}

/// Whether this device is still in a circle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CircleState {
    /// A member.
    Active,
    /// We left.
    Left,
    /// A facilitator removed us. The history stays readable on this device.
    Removed,
    /// This phone can no longer follow the circle (a new phone, a lost key, or away longer
    /// than the relay keeps messages): show `ask_for_a_new_code_notice()`; a fresh code
    /// brings it back with its history.
    Stalled,
    /// Its facilitator closed it: the history stays readable, nothing more can be sent.
    Closed,
    /// Someone added this device by its id: show the circle's name, guidelines and who
    /// added us (`added_by`), and ask; nothing is sent until `accept_invitation`, and
    /// `decline_invitation` tells nobody.
    Invited,
}

/// What to show on an invitation (`CircleState::Invited`), beside its name and guidelines:
/// who added the person, and what accepting and declining do.
#[uniffi::export]
pub fn invitation_notice(added_by: Option<Role>) -> String {
    hearth_core::circles::invitation_notice(added_by.map(Into::into))
}

impl From<CircleState> for hearth_core::CircleState {
    fn from(s: CircleState) -> Self {
        use hearth_core::CircleState as S;
        match s {
            CircleState::Active => S::Active,
            CircleState::Left => S::Left,
            CircleState::Removed => S::Removed,
            CircleState::Stalled => S::Stalled,
            CircleState::Closed => S::Closed,
            CircleState::Invited => S::Invited,
        }
    }
}

impl From<CircleMessageKind> for hearth_core::circles::MessageKind {
    fn from(k: CircleMessageKind) -> Self {
        match k {
            CircleMessageKind::Text => Self::Text,
            CircleMessageKind::System => Self::System,
        }
    }
}

impl From<hearth_core::CircleState> for CircleState {
    fn from(s: hearth_core::CircleState) -> Self {
        use hearth_core::CircleState as S;
        match s {
            S::Active => CircleState::Active,
            S::Left => CircleState::Left,
            S::Removed => CircleState::Removed,
            S::Stalled => CircleState::Stalled,
            S::Closed => CircleState::Closed,
            S::Invited => CircleState::Invited,
        }
    }
}

/// One circle as the circle list shows it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleSummary {
    /// The circle's id (hex).
    pub circle_id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its guidelines.
    pub guidelines: String,
    /// The guidelines' version (each change raises it).
    pub guidelines_version: u32,
    /// Our role.
    pub role: Role,
    /// The circle's current epoch (each membership or key change starts a new one).
    pub epoch: u64,
    /// How many members it has.
    pub member_count: u32,
    /// Messages from others after the last one we marked read.
    pub unread: u32,
    /// Our posts and changes still waiting for the relay (show "sending…").
    pub waiting: u32,
    /// Whether we are still in it.
    pub state: CircleState,
    /// The guidelines version we accepted: below `guidelines_version`, show the guidelines
    /// and ask before letting the person post.
    pub guidelines_accepted: u32,
    /// Until when (Unix ms) a facilitator paused our posting, if they did.
    pub paused_until_ms: Option<i64>,
    /// The facilitator's reason for the pause (may be empty).
    pub paused_reason: String,
    /// Disappearing messages: texts go from every phone this many seconds after they
    /// arrive (none: they stay).
    pub disappear_after_s: Option<u64>,
    /// For an invitation: the role of whoever added us (their name is not known yet).
    pub added_by: Option<Role>,
    /// For a one-to-one talk: the other person's name (show it instead of `name`).
    pub talk_with: Option<String>,
    /// Members may ask other members for a one-to-one talk (facilitators can always be
    /// asked).
    pub members_may_talk: bool,
    /// For facilitators and co-facilitators: flagged posts waiting for a look.
    pub flagged: u32,
}

/// One member, as this device knows them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleMember {
    /// Their per-circle key (hex): what remove and role changes name them by.
    pub key: String,
    /// The name they introduced themselves with, once it arrived.
    pub display_name: Option<String>,
    /// Their role.
    pub role: Role,
    /// Whether this is us.
    pub is_me: bool,
    /// Whether we muted them (on this phone only).
    pub muted: bool,
    /// The guidelines version they accepted (0: none seen). Only facilitators and
    /// co-facilitators see it; `None` for members.
    pub guidelines_accepted: Option<u32>,
    /// Until when (Unix ms) their posting is paused, if it is.
    pub paused_until_ms: Option<i64>,
}

/// What a message row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CircleMessageKind {
    /// A member's text.
    Text,
    /// A membership or circle change ("Ash joined"), written by this device.
    System,
}

/// One emoji's reactions to a message.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Reaction {
    /// The emoji.
    pub emoji: String,
    /// How many members chose it.
    pub count: u32,
    /// Whether we did.
    pub mine: bool,
}

/// One message in a circle's history.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleMessage {
    /// The message's id (the same on every member's phone).
    pub id: String,
    /// Text or system event.
    pub kind: CircleMessageKind,
    /// The text (empty once deleted, and for system events).
    pub body: String,
    /// What happened, for a system event: word it in the app's language.
    pub event: Option<crate::circle_events::CircleEvent>,
    /// The sender's name in this circle, if known (none for system events).
    pub sender_name: Option<String>,
    /// The sender's per-circle key (hex; none for system events): matches
    /// `CircleMember.key`, for muting or moderating from a message.
    pub sender_key: Option<String>,
    /// Whether we sent it.
    pub from_me: bool,
    /// The message it replies to.
    pub reply_to: Option<String>,
    /// Its place in the circle's order, once the relay has it (none while it waits to be
    /// sent). Page with it, and mark read up to it.
    pub relay_seq: Option<u64>,
    /// When the sender says it was sent (Unix milliseconds).
    pub sent_at_ms: i64,
    /// When its sender last edited it.
    pub edited_at_ms: Option<i64>,
    /// Whether it was deleted (by its sender, or by a facilitator).
    pub deleted: bool,
    /// Whether a facilitator removed it for everyone: show "removed by a facilitator".
    pub removed_by_facilitator: bool,
    /// Whether a facilitator pinned it.
    pub pinned: bool,
    /// Whether its sender is muted on this phone: show it collapsed.
    pub muted: bool,
    /// Whether this phone found risk language in a message someone else sent: offer crisis
    /// support gently (`crisis_directory`), never a diagnosis. Nobody else learns of it.
    pub risk: bool,
    /// A check-in shared as a card (`body` holds its summary): draw the card.
    pub checkin: Option<crate::sharing::CheckinCard>,
    /// A goal's week shared as a card (`body` holds its summary): draw the card.
    pub goal: Option<crate::goals::GoalCard>,
    /// Its reactions.
    pub reactions: Vec<Reaction>,
    /// The circle rule it broke, if this phone keeps that: collapsed (it should have been
    /// held; show the explanation to everyone) or flagged (facilitators and the sender).
    pub breach: Option<crate::rules::RuleBreach>,
}

impl From<hearth_core::Role> for Role {
    fn from(r: hearth_core::Role) -> Self {
        match r {
            hearth_core::Role::Facilitator => Role::Facilitator,
            hearth_core::Role::CoFacilitator => Role::CoFacilitator,
            hearth_core::Role::Member => Role::Member,
        }
    }
}

impl From<Role> for hearth_core::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Facilitator => hearth_core::Role::Facilitator,
            Role::CoFacilitator => hearth_core::Role::CoFacilitator,
            Role::Member => hearth_core::Role::Member,
        }
    }
}

impl From<hearth_core::CircleSummary> for CircleSummary {
    fn from(c: hearth_core::CircleSummary) -> Self {
        CircleSummary {
            circle_id: hex::encode(&c.group_id),
            name: c.name,
            description: c.description,
            guidelines: c.guidelines,
            guidelines_version: c.guidelines_version,
            role: c.role.into(),
            epoch: c.epoch,
            member_count: c.member_count,
            unread: c.unread,
            waiting: c.waiting,
            state: c.state.into(),
            guidelines_accepted: c.guidelines_accepted,
            paused_until_ms: c.paused_until_ms,
            paused_reason: c.paused_reason,
            disappear_after_s: c.disappear_after_s,
            added_by: c.added_by.map(Role::from),
            talk_with: c.talk_with,
            members_may_talk: c.members_may_talk,
            flagged: c.flagged,
        }
    }
}

impl From<hearth_core::CircleMember> for CircleMember {
    fn from(m: hearth_core::CircleMember) -> Self {
        CircleMember {
            key: hex::encode(&m.key),
            display_name: m.display_name,
            role: m.role.into(),
            is_me: m.is_me,
            muted: m.muted,
            guidelines_accepted: m.guidelines_accepted,
            paused_until_ms: m.paused_until_ms,
        }
    }
}

impl From<hearth_core::CircleMessage> for CircleMessage {
    fn from(m: hearth_core::CircleMessage) -> Self {
        CircleMessage {
            id: m.id.into(),
            kind: match m.kind {
                hearth_core::circles::MessageKind::Text => CircleMessageKind::Text,
                hearth_core::circles::MessageKind::System => CircleMessageKind::System,
            },
            body: m.body,
            event: m.event.map(Into::into),
            sender_name: m.sender_name,
            sender_key: m.sender_key.map(hex::encode),
            from_me: m.from_me,
            reply_to: m.reply_to.map(String::from),
            relay_seq: m.relay_seq,
            sent_at_ms: m.sent_at_ms,
            edited_at_ms: m.edited_at_ms,
            deleted: m.deleted,
            removed_by_facilitator: m.removed_by_facilitator,
            pinned: m.pinned,
            muted: m.muted,
            risk: m.risk,
            checkin: m.checkin.map(Into::into),
            goal: m.goal.map(Into::into),
            reactions: m
                .reactions
                .into_iter()
                .map(|r| Reaction {
                    emoji: r.emoji,
                    count: r.count,
                    mine: r.mine,
                })
                .collect(),
            breach: m.breach.map(Into::into),
        }
    }
}

/// A circle id or member key from the app: hex text.
pub(crate) fn bytes(field: &str, hex_text: &str) -> Result<Vec<u8>, HearthError> {
    hex::decode(hex_text.trim()).map_err(|_| HearthError::invalid(field, "must be hexadecimal"))
}

pub(crate) fn circle_id(text: &str) -> Result<hearth_core::GroupId, HearthError> {
    bytes("circle_id", text).map(hearth_core::GroupId::from_bytes)
}

#[uniffi::export]
impl HearthClient {
    /// Creates a circle with us as its facilitator. Its mailbox opens at the next sync.
    pub async fn create_circle(
        &self,
        name: String,
        description: String,
        guidelines: String,
    ) -> Result<CircleSummary, HearthError> {
        let summary = self
            .call(move |c| c.create_circle(&name, &description, &guidelines))
            .await?;
        Ok(summary.into())
    }

    /// Every circle on this device, including ones we left or were removed from.
    pub async fn circles(&self) -> Result<Vec<CircleSummary>, HearthError> {
        let all = self.call(|c| c.circles()).await?;
        Ok(all.into_iter().map(Into::into).collect())
    }

    /// One circle.
    pub async fn circle(&self, circle_id: String) -> Result<CircleSummary, HearthError> {
        let id = self::circle_id(&circle_id)?;
        Ok(self.call(move |c| c.circle(&id)).await?.into())
    }

    /// The circle's members.
    pub async fn circle_members(
        &self,
        circle_id: String,
    ) -> Result<Vec<CircleMember>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let members = self.call(move |c| c.circle_members(&id)).await?;
        Ok(members.into_iter().map(Into::into).collect())
    }

    /// Up to `limit` messages (at most 500) after relay sequence `after` (0 from the start),
    /// oldest first; messages still waiting to be sent come last.
    pub async fn circle_messages(
        &self,
        circle_id: String,
        after: u64,
        limit: u32,
    ) -> Result<Vec<CircleMessage>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let page = self
            .call(move |c| c.circle_messages(&id, after, limit))
            .await?;
        Ok(page.into_iter().map(Into::into).collect())
    }

    /// The newest `limit` messages (at most 500), oldest first, ending with ours still waiting
    /// to be sent: what a chat screen opens on.
    pub async fn latest_circle_messages(
        &self,
        circle_id: String,
        limit: u32,
    ) -> Result<Vec<CircleMessage>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let page = self
            .call(move |c| c.latest_circle_messages(&id, limit))
            .await?;
        Ok(page.into_iter().map(Into::into).collect())
    }

    /// Sends a text (optionally a reply); returns its id. It shows at once and is sent at
    /// the next sync.
    pub async fn send_text(
        &self,
        circle_id: String,
        body: String,
        reply_to: Option<String>,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let reply_to = reply_to.map(hearth_core::MessageId::new);
        self.call(move |c| c.send_text(&id, &body, reply_to.as_ref()))
            .await
            .map(String::from)
    }

    /// Adds or (with `remove`) takes back a reaction.
    pub async fn react(
        &self,
        circle_id: String,
        message_id: String,
        emoji: String,
        remove: bool,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.react(&id, &message_id, &emoji, remove))
            .await
    }

    /// Edits one of our own messages.
    pub async fn edit_message(
        &self,
        circle_id: String,
        message_id: String,
        body: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.edit_message(&id, &message_id, &body))
            .await
    }

    /// Deletes one of our own messages for everyone.
    pub async fn delete_message(
        &self,
        circle_id: String,
        message_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.delete_message(&id, &message_id)).await
    }

    /// Marks everything up to `relay_seq` read (the unread count drops).
    pub async fn mark_read(&self, circle_id: String, relay_seq: u64) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.mark_read(&id, relay_seq)).await
    }

    /// Adds the person whose device id is given (32 hex digits, shown by their app after
    /// registering). Facilitators and co-facilitators only.
    pub async fn add_member(
        &self,
        circle_id: String,
        device_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.add_member(&id, &device_id)).await
    }

    /// Removes a member (by their key). Facilitators; co-facilitators for members only.
    pub async fn remove_member(
        &self,
        circle_id: String,
        member_key: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let key = bytes("member_key", &member_key)?;
        self.call(move |c| c.remove_member(&id, &key)).await
    }

    /// Makes a member a co-facilitator, or a co-facilitator a member again. Facilitators only.
    pub async fn set_role(
        &self,
        circle_id: String,
        member_key: String,
        role: Role,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let key = bytes("member_key", &member_key)?;
        self.call(move |c| c.set_role(&id, &key, role.into())).await
    }

    /// Renames the circle or changes its description or guidelines (none keeps a field).
    /// Facilitators only; new guidelines get a new version.
    pub async fn update_circle(
        &self,
        circle_id: String,
        name: Option<String>,
        description: Option<String>,
        guidelines: Option<String>,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| {
            c.update_circle(
                &id,
                name.as_deref(),
                description.as_deref(),
                guidelines.as_deref(),
            )
        })
        .await
    }

    /// Accepts the invitation to a circle someone added this device to: the membership
    /// starts, and the introduction with our name goes out at the next sync.
    pub async fn accept_invitation(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.accept_invitation(&id)).await
    }

    /// Declines the invitation to a circle: it goes from this phone and nobody is told.
    pub async fn decline_invitation(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.decline_invitation(&id)).await
    }

    /// Leaves the circle (a facilitator's phone completes it). The circle's only facilitator
    /// cannot leave: `NotPermitted`.
    pub async fn leave_circle(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.leave_circle(&id)).await
    }

    /// A value every member of the circle shares in the same epoch: compare a few characters
    /// of its hex aloud to check nobody sees a different circle.
    pub async fn epoch_authenticator(&self, circle_id: String) -> Result<Vec<u8>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.epoch_authenticator(&id)).await
    }
}

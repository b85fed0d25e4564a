//! A circle's system events as the apps receive them: structured records (what happened, to
//! whom, with which values) that each app words in its own language. Mirrors
//! `hearth_core::circles::CircleEvent`.

use hearth_core::circles::{
    CircleEvent as Core, DroppedChange as CoreDropped, Undelivered as CoreUndelivered, Who,
};

use crate::circles::Role;

/// Who an event is about.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum EventPerson {
    /// The person using this device.
    You,
    /// Another member, by their name in the circle.
    Member {
        /// Their name in the circle ("A member" when it was never known).
        name: String,
    },
}

/// Why a queued change to the circle was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DroppedChange {
    /// This device's role no longer allows it.
    NotPermitted,
    /// Whom it was about is no longer in the circle.
    NoLongerThere,
    /// The circle's rules refused it.
    Refused,
    /// A device's invitation keys at the relay were missing.
    NoInvitationKeys,
    /// A device's invitation keys at the relay were not signed by that device.
    KeysNotTheirs,
    /// Recorded before the reason was kept.
    Unknown,
}

/// What the relay refused to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Undelivered {
    /// A new member's invitation.
    Invitation,
    /// A message.
    Message,
    /// A change to the circle.
    Change,
}

/// One system event in a circle's history: word it in the app's language.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CircleEvent {
    /// This device created the circle.
    Created,
    /// This device joined; what was sent before cannot be read here.
    YouJoined,
    /// Someone joined; they cannot read what came before.
    Joined {
        /// The name they chose in the circle.
        who: String,
    },
    /// Someone left.
    Left {
        /// Who.
        who: EventPerson,
    },
    /// Someone was removed.
    Removed {
        /// Who.
        who: EventPerson,
    },
    /// The circle has a new name.
    Renamed {
        /// The new name.
        name: String,
    },
    /// Its description changed.
    DescriptionChanged,
    /// Its guidelines changed (members accept the new version before posting).
    GuidelinesChanged {
        /// The new version.
        version: u32,
    },
    /// Someone was given a role.
    RoleGiven {
        /// Who.
        who: EventPerson,
        /// The role.
        role: Role,
    },
    /// Someone no longer has a role.
    RoleEnded {
        /// Who.
        who: EventPerson,
        /// The role they had.
        role: Role,
    },
    /// Messages now disappear this long after they arrive.
    DisappearingOn {
        /// Seconds after arrival.
        after_s: u64,
    },
    /// Messages no longer disappear.
    DisappearingOff,
    /// A meeting was scheduled.
    MeetingScheduled {
        /// Its title.
        title: String,
    },
    /// A meeting was cancelled.
    MeetingCancelled {
        /// Its title.
        title: String,
    },
    /// The facilitator closed the circle.
    Closed,
    /// A one-to-one talk was ended (by either person).
    TalkEnded {
        /// Who ended it.
        who: EventPerson,
    },
    /// Members may (or may no longer) ask each other for one-to-one talks.
    MembersMayTalk {
        /// Whether they may.
        allowed: bool,
    },
    /// The facilitator changed the circle's rules.
    RulesChanged {
        /// How many there are now (0: turned off).
        count: u32,
    },
    /// A change this device queued could not be made.
    ChangeDropped {
        /// Why.
        why: DroppedChange,
    },
    /// The relay refused something this device sent.
    NotDelivered {
        /// What.
        what: Undelivered,
    },
    /// Someone tried an invite code with a wrong secret, so it no longer works.
    CodeFailed {
        /// The code's public part.
        nameplate: String,
    },
    /// A line from before events were structured: show the text as it is.
    Legacy {
        /// The line as written.
        text: String,
    },
}

impl From<Who> for EventPerson {
    fn from(w: Who) -> Self {
        match w {
            Who::You => EventPerson::You,
            Who::Member(name) => EventPerson::Member { name },
        }
    }
}

impl From<CoreDropped> for DroppedChange {
    fn from(d: CoreDropped) -> Self {
        match d {
            CoreDropped::NotPermitted => Self::NotPermitted,
            CoreDropped::NoLongerThere => Self::NoLongerThere,
            CoreDropped::Refused => Self::Refused,
            CoreDropped::NoInvitationKeys => Self::NoInvitationKeys,
            CoreDropped::KeysNotTheirs => Self::KeysNotTheirs,
            CoreDropped::Unknown => Self::Unknown,
        }
    }
}

impl From<CoreUndelivered> for Undelivered {
    fn from(u: CoreUndelivered) -> Self {
        match u {
            CoreUndelivered::Invitation => Self::Invitation,
            CoreUndelivered::Message => Self::Message,
            CoreUndelivered::Change => Self::Change,
        }
    }
}

impl From<Core> for CircleEvent {
    fn from(e: Core) -> Self {
        match e {
            Core::Created => Self::Created,
            Core::YouJoined => Self::YouJoined,
            Core::Joined { who } => Self::Joined { who },
            Core::Left { who } => Self::Left { who: who.into() },
            Core::Removed { who } => Self::Removed { who: who.into() },
            Core::Renamed { name } => Self::Renamed { name },
            Core::DescriptionChanged => Self::DescriptionChanged,
            Core::GuidelinesChanged { version } => Self::GuidelinesChanged { version },
            Core::RoleGiven { who, role } => Self::RoleGiven {
                who: who.into(),
                role: role.into(),
            },
            Core::RoleEnded { who, role } => Self::RoleEnded {
                who: who.into(),
                role: role.into(),
            },
            Core::DisappearingOn { after_s } => Self::DisappearingOn { after_s },
            Core::DisappearingOff => Self::DisappearingOff,
            Core::MeetingScheduled { title } => Self::MeetingScheduled { title },
            Core::MeetingCancelled { title } => Self::MeetingCancelled { title },
            Core::Closed => Self::Closed,
            Core::TalkEnded { who } => Self::TalkEnded { who: who.into() },
            Core::MembersMayTalk { allowed } => Self::MembersMayTalk { allowed },
            Core::RulesChanged { count } => Self::RulesChanged { count },
            Core::ChangeDropped { why } => Self::ChangeDropped { why: why.into() },
            Core::NotDelivered { what } => Self::NotDelivered { what: what.into() },
            Core::CodeFailed { nameplate } => Self::CodeFailed { nameplate },
            Core::Legacy { text } => Self::Legacy { text },
        }
    }
}

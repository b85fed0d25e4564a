//! A circle's system events (someone joined, the guidelines changed, a message could not be
//! sent...) as structured records: what happened, to whom, with which values. They are stored
//! as such (`circle_messages.event`, JSON) and handed to the apps as such, so each UI words
//! them in its own language. [`CircleEvent::in_english`] is the reference wording (the CLI's);
//! the apps keep their own, in one place per language.

use serde::{Deserialize, Serialize};

use super::profile::Role;

/// Who an event is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The person using this device.
    You,
    /// Another member, by their name in the circle ("A member" when it was never known).
    Member(String),
}

/// Why a queued change to the circle was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Undelivered {
    /// A new member's invitation (their Welcome).
    Invitation,
    /// A message.
    Message,
    /// A change to the circle.
    Change,
}

/// One system event in a circle's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CircleEvent {
    /// This device created the circle.
    Created,
    /// This device joined; what was sent before cannot be read here.
    YouJoined,
    /// Someone joined (by the name they chose); they cannot read what came before.
    Joined {
        /// The name they chose in the circle.
        who: String,
    },
    /// Someone left.
    Left {
        /// Who left.
        who: Who,
    },
    /// Someone was removed.
    Removed {
        /// Who was removed.
        who: Who,
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
        /// Who has it now.
        who: Who,
        /// The role.
        role: Role,
    },
    /// Someone no longer has a facilitator's role.
    RoleEnded {
        /// Who had it.
        who: Who,
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
        /// The meeting's title.
        title: String,
    },
    /// A meeting was cancelled.
    MeetingCancelled {
        /// The meeting's title.
        title: String,
    },
    /// The facilitator closed the circle.
    Closed,
    /// A one-to-one talk was ended (by either person).
    TalkEnded {
        /// Who ended it.
        who: Who,
    },
    /// Members may (or may no longer) ask each other for one-to-one talks.
    MembersMayTalk {
        /// Whether they may.
        allowed: bool,
    },
    /// The facilitator changed the circle's own rules (`count` of them now).
    RulesChanged {
        /// How many rules there are now.
        count: u32,
    },
    /// A change this device queued could not be made.
    ChangeDropped {
        /// Why.
        why: DroppedChange,
    },
    /// The relay refused something this device sent.
    NotDelivered {
        /// What it was.
        what: Undelivered,
    },
    /// Someone tried an invite code with a wrong secret, so it no longer works.
    CodeFailed {
        /// The code's public part (the facilitator's list shows it).
        nameplate: String,
    },
    /// A line written before events were structured that no pattern matched (migration V17).
    Legacy {
        /// The line as it was written.
        text: String,
    },
}

impl CircleEvent {
    /// The event in English: the CLI's wording, and the reference the apps translate.
    pub fn in_english(&self) -> String {
        let who = |w: &Who| match w {
            Who::You => "You".to_string(),
            Who::Member(name) => name.clone(),
        };
        let role = |r: &Role| match r {
            Role::Facilitator => "a facilitator",
            Role::CoFacilitator => "a co-facilitator",
            Role::Member => "a member",
        };
        match self {
            Self::Created => "You created the circle.".into(),
            Self::YouJoined => "You joined. Messages sent before you joined cannot be read.".into(),
            Self::Joined { who } => format!("{who} joined. They can't read what was sent before."),
            Self::Left { who: Who::You } => "You left the circle.".into(),
            Self::Left { who: w } => format!("{} left the circle.", who(w)),
            Self::Removed { who: Who::You } => "You were removed from the circle.".into(),
            Self::Removed { who: w } => format!("{} was removed from the circle.", who(w)),
            Self::Renamed { name } => format!("The circle was renamed to \u{201c}{name}\u{201d}."),
            Self::DescriptionChanged => "The circle's description changed.".into(),
            Self::GuidelinesChanged { version } => {
                format!("The guidelines changed (version {version}).")
            }
            Self::RoleGiven {
                who: Who::You,
                role: r,
            } => format!("You are now {}.", role(r)),
            Self::RoleGiven { who: w, role: r } => format!("{} is now {}.", who(w), role(r)),
            Self::RoleEnded {
                who: Who::You,
                role: r,
            } => format!("You are no longer {}.", role(r)),
            Self::RoleEnded { who: w, role: r } => format!("{} is no longer {}.", who(w), role(r)),
            Self::DisappearingOn { after_s } => format!(
                "Messages now disappear {} after they arrive.",
                super::messages::describe_seconds(*after_s)
            ),
            Self::DisappearingOff => "Messages no longer disappear.".into(),
            Self::MeetingScheduled { title } => format!("A meeting was scheduled: {title}."),
            Self::MeetingCancelled { title } => format!("A meeting was cancelled: {title}."),
            Self::Closed => "The facilitator closed this circle.".into(),
            Self::TalkEnded { who: Who::You } => "You ended this talk.".into(),
            Self::TalkEnded { who: w } => format!("{} ended this talk.", who(w)),
            Self::MembersMayTalk { allowed: true } => {
                "Members can now ask each other for a private talk.".into()
            }
            Self::MembersMayTalk { allowed: false } => {
                "Only facilitators can now be asked for a private talk.".into()
            }
            Self::RulesChanged { count: 0 } => {
                "The facilitator turned off the circle's rules.".into()
            }
            Self::RulesChanged { count: 1 } => "The facilitator set one rule for posts.".into(),
            Self::RulesChanged { count } => {
                format!("The facilitator set {count} rules for posts.")
            }
            Self::ChangeDropped { why } => match why {
                DroppedChange::NotPermitted => {
                    "A change could not be made: your role no longer allows it.".into()
                }
                DroppedChange::NoLongerThere => {
                    "A change could not be made: who it was about is no longer in the circle."
                        .into()
                }
                DroppedChange::Refused => {
                    "A change could not be made: the circle's rules refused it.".into()
                }
                DroppedChange::NoInvitationKeys => {
                    "A member could not be added: their device has no invitation keys at the relay."
                        .into()
                }
                DroppedChange::KeysNotTheirs => {
                    "A member could not be added: the relay's copy of their device's invitation \
                     keys was not signed by their device."
                        .into()
                }
                DroppedChange::Unknown => "A change could not be made.".into(),
            },
            Self::NotDelivered { what } => match what {
                Undelivered::Invitation => "A new member's invitation could not be delivered.",
                Undelivered::Message => "A message could not be sent.",
                Undelivered::Change => "A change to the circle was refused by the relay.",
            }
            .into(),
            Self::CodeFailed { nameplate } => format!(
                "Someone tried invite code {nameplate} with a wrong secret, so the code no longer \
                 works. If it was a typo, make a new code."
            ),
            Self::Legacy { text } => text.clone(),
        }
    }
}

/// Stored as JSON text (`circle_messages.event`).
impl rusqlite::types::ToSql for CircleEvent {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        serde_json::to_string(self)
            .map(Into::into)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    }
}

/// Anything but a known event is corruption (a newer schema is refused before it is read).
impl rusqlite::types::FromSql for CircleEvent {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?).map_err(|_| {
            rusqlite::types::FromSqlError::Other(Box::new(crate::Error::Corrupt {
                detail: "circle event",
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_round_trips_through_its_stored_form() {
        let all = [
            CircleEvent::Created,
            CircleEvent::YouJoined,
            CircleEvent::Joined { who: "Ash".into() },
            CircleEvent::Left { who: Who::You },
            CircleEvent::Removed {
                who: Who::Member("Ash \"the quiet\"".into()),
            },
            CircleEvent::Renamed {
                name: "Evening".into(),
            },
            CircleEvent::DescriptionChanged,
            CircleEvent::GuidelinesChanged { version: 3 },
            CircleEvent::RoleGiven {
                who: Who::Member("Ash".into()),
                role: Role::CoFacilitator,
            },
            CircleEvent::RoleEnded {
                who: Who::You,
                role: Role::Facilitator,
            },
            CircleEvent::DisappearingOn { after_s: 86_400 },
            CircleEvent::DisappearingOff,
            CircleEvent::MeetingScheduled {
                title: "Tuesday".into(),
            },
            CircleEvent::MeetingCancelled {
                title: "Tuesday".into(),
            },
            CircleEvent::Closed,
            CircleEvent::TalkEnded { who: Who::You },
            CircleEvent::MembersMayTalk { allowed: true },
            CircleEvent::RulesChanged { count: 2 },
            CircleEvent::ChangeDropped {
                why: DroppedChange::KeysNotTheirs,
            },
            CircleEvent::NotDelivered {
                what: Undelivered::Invitation,
            },
            CircleEvent::CodeFailed {
                nameplate: "7KQ2".into(),
            },
            CircleEvent::Legacy {
                text: "Something old.".into(),
            },
        ];
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for event in all {
            let back: CircleEvent = conn.query_row("SELECT ?1", [&event], |r| r.get(0)).unwrap();
            assert_eq!(back, event);
            assert!(!event.in_english().is_empty());
        }
        let unknown = conn.query_row("SELECT '{\"kind\":\"from_the_future\"}'", [], |r| {
            r.get::<_, CircleEvent>(0)
        });
        assert!(unknown.is_err());
    }

    #[test]
    fn the_english_wording_names_people_and_values() {
        assert_eq!(
            CircleEvent::Removed {
                who: Who::Member("Ash".into())
            }
            .in_english(),
            "Ash was removed from the circle."
        );
        assert_eq!(
            CircleEvent::RoleGiven {
                who: Who::You,
                role: Role::Facilitator
            }
            .in_english(),
            "You are now a facilitator."
        );
        assert_eq!(
            CircleEvent::DisappearingOn {
                after_s: 7 * 86_400
            }
            .in_english(),
            "Messages now disappear 7 days after they arrive."
        );
    }
}

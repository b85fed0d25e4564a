//! Change notifications: after each successful write, the [`Client`](crate::Client)
//! announces what changed, so screens can refresh without polling.
//!
//! Events carry ids only, never user content. They are sent after the transaction commits,
//! so a listener that reads on hearing one sees the change. Delivery goes through a bounded
//! broadcast channel: a writer never waits for a slow listener; a listener that falls behind
//! is told how many events it missed and should reload what it shows.

use tokio::sync::broadcast;

use crate::export::ImportSummary;

/// How many events wait for a slow listener before it is told it missed some.
const BACKLOG: usize = 256;

/// What changed in the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A check-in was added or edited.
    CheckinSaved {
        /// Its id.
        id: String,
    },
    /// A check-in was deleted (entries linked to it lost the link).
    CheckinDeleted {
        /// Its id.
        id: String,
    },
    /// A journal entry was added or edited.
    EntrySaved {
        /// Its id.
        id: String,
    },
    /// A journal entry was deleted.
    EntryDeleted {
        /// Its id.
        id: String,
    },
    /// A goal was added, changed, ended, deleted or logged.
    GoalChanged {
        /// Its id.
        id: String,
    },
    /// A questionnaire was answered.
    SurveyRecorded {
        /// The result's id.
        id: String,
    },
    /// Reminder settings changed; reschedule notifications.
    RemindersChanged,
    /// The display name changed.
    IdentityChanged,
    /// Many records changed at once (a backup import or sample data); reload everything.
    JournalReplaced {
        /// What an import did, when the change was an import.
        import: Option<ImportSummary>,
    },
    /// A circle message arrived, was sent, or was reacted to, edited or deleted.
    CircleMessage {
        /// The circle (hex group id).
        group_id: String,
        /// The message.
        message_id: String,
    },
    /// We created or joined a circle.
    CircleJoined {
        /// The circle (hex group id).
        group_id: String,
    },
    /// Someone added this device to a circle by its id: an invitation waits for the person
    /// to accept or decline (`CircleState::Invited`).
    CircleInvited {
        /// The circle (hex group id).
        group_id: String,
    },
    /// A circle changed: members, roles, name, guidelines, epoch, unread count.
    CircleChanged {
        /// The circle (hex group id).
        group_id: String,
    },
    /// We left a circle or were removed from it.
    CircleLeft {
        /// The circle (hex group id).
        group_id: String,
    },
    /// Something sent to a circle was refused: a commit that broke the roles (show it), or a
    /// message that could not be read.
    CircleProblem {
        /// The circle (hex group id).
        group_id: String,
        /// Why (no content).
        reason: &'static str,
        /// Whether a commit broke the circle's roles.
        role_violation: bool,
    },
    /// A one-to-one talk was asked for, answered, withdrawn, opened or ended, or someone was
    /// blocked or unblocked: reload the talks.
    TalksChanged,
    /// Breakout groups in a circle opened, ended (or their time ran out), or a post arrived
    /// in one: reload them.
    BreakoutsChanged {
        /// The circle (hex group id).
        group_id: String,
    },
    /// Finding a circle: a directory was refreshed, a join request was sent, answered or
    /// arrived, or a circle was opened to requests or closed to them: reload them.
    RequestsChanged,
    /// A report for the circle's facilitators arrived on this phone, was marked handled, or
    /// (on the reporter's phone) went out.
    CircleReports {
        /// The circle (hex group id).
        group_id: String,
    },
    /// An invite code changed state (published, used, waiting for approval, answered,
    /// expired, revoked, or burned by a wrong secret).
    InviteChanged {
        /// The code's public nameplate.
        nameplate: String,
        /// The circle it invites to (hex group id).
        group_id: String,
    },
    /// Joining by a code moved on (waiting for the facilitator, joined, declined, did not
    /// work, unavailable).
    JoinChanged {
        /// The code's public nameplate.
        nameplate: String,
    },
    /// Sync's connection to the relay changed.
    Sync(crate::sync::SyncState),
    /// The profile was re-encrypted under a new secret.
    Rekeyed,
    /// The profile was closed or deleted; nothing more will follow.
    Closed,
}

/// What a listener receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notification {
    /// One change.
    Changed(Event),
    /// The listener fell behind and `count` events were dropped; reload what is shown.
    Missed {
        /// How many events were dropped.
        count: u64,
    },
}

/// The sending side, owned by the client.
pub(crate) struct EventHub {
    sender: broadcast::Sender<Event>,
}

impl EventHub {
    pub(crate) fn new() -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        EventHub { sender }
    }

    /// Announces a change. Having no listener is normal, not an error.
    pub(crate) fn publish(&self, event: Event) {
        let _ = self.sender.send(event);
    }

    pub(crate) fn subscribe(&self) -> EventStream {
        EventStream {
            receiver: self.sender.subscribe(),
        }
    }
}

/// One listener's view of the events published after it subscribed.
pub struct EventStream {
    receiver: broadcast::Receiver<Event>,
}

impl EventStream {
    /// Waits for the next notification; `None` once the client is gone.
    pub async fn recv(&mut self) -> Option<Notification> {
        match self.receiver.recv().await {
            Ok(event) => Some(Notification::Changed(event)),
            Err(broadcast::error::RecvError::Lagged(count)) => Some(Notification::Missed { count }),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    /// The next notification if one is waiting, without blocking.
    pub fn try_recv(&mut self) -> Option<Notification> {
        match self.receiver.try_recv() {
            Ok(event) => Some(Notification::Changed(event)),
            Err(broadcast::error::TryRecvError::Lagged(count)) => {
                Some(Notification::Missed { count })
            }
            Err(_) => None,
        }
    }
}

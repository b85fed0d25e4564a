//! Change events for the app (journal, circles, sync): a foreign [`HearthListener`] hears
//! what changed, and the
//! [`Subscription`] handle stops it.
//!
//! Each subscription is one task on the client's runtime that forwards the core's events to
//! the listener, in order. The listener runs on that task's thread and must return quickly
//! (post to the main thread and return); a slow one only delays its own events, never a
//! write, and if it falls far behind it gets [`HearthEvent::Missed`] and should reload.

use std::sync::{Arc, Mutex};

use hearth_core::events::{Event, EventStream, Notification};

use crate::export::ImportSummary;
use crate::sync::SyncState;

/// What changed. Events carry ids, never content: read the record if you need it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum HearthEvent {
    /// A check-in was added or edited.
    CheckinSaved {
        /// Its id.
        id: String,
    },
    /// A check-in was deleted.
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
    /// Reminder settings changed: reschedule notifications.
    RemindersChanged,
    /// The display name changed.
    IdentityChanged,
    /// Many records changed at once (an import or sample data): reload everything.
    JournalReplaced {
        /// What the import did, when it was an import.
        import: Option<ImportSummary>,
    },
    /// A circle message arrived, was sent, or was reacted to, edited or deleted: refresh
    /// that message (or the chat).
    CircleMessage {
        /// The circle (hex id).
        circle_id: String,
        /// The message.
        message_id: String,
    },
    /// We created or joined a circle.
    CircleJoined {
        /// The circle (hex id).
        circle_id: String,
    },
    /// Someone added this device to a circle: an invitation waits (`CircleState::Invited`).
    CircleInvited {
        /// The circle (hex id).
        circle_id: String,
    },
    /// A circle changed: members, roles, name, guidelines, unread count or what is waiting.
    CircleChanged {
        /// The circle (hex id).
        circle_id: String,
    },
    /// We left a circle or were removed from it.
    CircleLeft {
        /// The circle (hex id).
        circle_id: String,
    },
    /// Something received for a circle was refused. When `role_violation`, a change broke
    /// the circle's roles and was not applied: show it to the person.
    CircleProblem {
        /// The circle (hex id).
        circle_id: String,
        /// Why (no content).
        reason: String,
        /// Whether a change broke the circle's roles.
        role_violation: bool,
    },
    /// A one-to-one talk was asked for, answered, withdrawn, opened or ended, or someone was
    /// blocked or unblocked: refresh `talks()`.
    TalksChanged,
    /// Breakout groups in a circle opened, ended or timed out, or a post arrived in one:
    /// refresh `breakouts` and `breakout_messages`.
    BreakoutsChanged {
        /// The circle (hex id).
        circle_id: String,
    },
    /// Finding a circle: a directory was refreshed, a join request went out, was answered or
    /// arrived, or a circle was opened or closed to requests: refresh `directories`,
    /// `find_circles`, `sent_requests` and `join_requests`.
    RequestsChanged,
    /// A report for the circle's facilitators arrived on this phone or was marked handled,
    /// or (on the reporter's phone) one went out: refresh `circle_reports` / `sent_reports`.
    CircleReports {
        /// The circle (hex id).
        circle_id: String,
    },
    /// One of our invite codes moved on (registered, used, waiting for approval, answered,
    /// expired, revoked, or burned by a wrong secret): refresh that circle's codes.
    InviteChanged {
        /// The code's nameplate.
        nameplate: String,
        /// The circle it invites to (hex id).
        circle_id: String,
    },
    /// Joining by a code moved on (waiting for the facilitator, joined, declined, did not
    /// work, unavailable): refresh `invite_joins()`.
    JoinChanged {
        /// The code's nameplate.
        nameplate: String,
    },
    /// Sync's connection to the relay changed.
    SyncStateChanged {
        /// The new state.
        state: SyncState,
    },
    /// The profile was re-encrypted under a new key or passphrase.
    Rekeyed,
    /// The profile was closed or deleted.
    Closed,
    /// This listener fell behind and `count` events were dropped: reload what is shown.
    Missed {
        /// How many were dropped.
        count: u64,
    },
}

/// Implemented by the app to hear about changes. Called off the main thread; return quickly.
#[uniffi::export(with_foreign)]
pub trait HearthListener: Send + Sync {
    /// One change, in the order they happened.
    fn on_event(&self, event: HearthEvent);
}

/// A live subscription. Keep it while the screen listens; `cancel()` (or dropping it) stops
/// the events.
#[derive(uniffi::Object)]
pub struct Subscription {
    task: Mutex<Option<tokio::task::AbortHandle>>,
}

#[uniffi::export]
impl Subscription {
    /// Stops the events. Calling it again does nothing.
    pub fn cancel(&self) {
        if let Some(task) = self.take() {
            task.abort();
        }
    }

    /// Whether events are still being delivered.
    pub fn is_active(&self) -> bool {
        self.task
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|t| !t.is_finished())
    }
}

impl Subscription {
    /// Starts forwarding `events` to `listener` on `runtime`.
    pub(crate) fn start(
        runtime: &tokio::runtime::Handle,
        mut events: EventStream,
        listener: Arc<dyn HearthListener>,
    ) -> Subscription {
        let task = runtime.spawn(async move {
            while let Some(notification) = events.recv().await {
                let event = HearthEvent::from(notification);
                // A listener that throws must not end the subscription for later events.
                let listener = listener.clone();
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    listener.on_event(event)
                }));
            }
        });
        Subscription {
            task: Mutex::new(Some(task.abort_handle())),
        }
    }

    fn take(&self) -> Option<tokio::task::AbortHandle> {
        self.task.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl From<Notification> for HearthEvent {
    fn from(n: Notification) -> Self {
        match n {
            Notification::Missed { count } => HearthEvent::Missed { count },
            Notification::Changed(event) => match event {
                Event::CheckinSaved { id } => HearthEvent::CheckinSaved { id },
                Event::GoalChanged { id } => HearthEvent::GoalChanged { id },
                Event::CheckinDeleted { id } => HearthEvent::CheckinDeleted { id },
                Event::EntrySaved { id } => HearthEvent::EntrySaved { id },
                Event::EntryDeleted { id } => HearthEvent::EntryDeleted { id },
                Event::SurveyRecorded { id } => HearthEvent::SurveyRecorded { id },
                Event::RemindersChanged => HearthEvent::RemindersChanged,
                Event::IdentityChanged => HearthEvent::IdentityChanged,
                Event::JournalReplaced { import } => HearthEvent::JournalReplaced {
                    import: import.map(Into::into),
                },
                Event::CircleMessage {
                    group_id,
                    message_id,
                } => HearthEvent::CircleMessage {
                    circle_id: group_id,
                    message_id,
                },
                Event::CircleJoined { group_id } => HearthEvent::CircleJoined {
                    circle_id: group_id,
                },
                Event::CircleInvited { group_id } => HearthEvent::CircleInvited {
                    circle_id: group_id,
                },
                Event::CircleChanged { group_id } => HearthEvent::CircleChanged {
                    circle_id: group_id,
                },
                Event::CircleLeft { group_id } => HearthEvent::CircleLeft {
                    circle_id: group_id,
                },
                Event::CircleProblem {
                    group_id,
                    reason,
                    role_violation,
                } => HearthEvent::CircleProblem {
                    circle_id: group_id,
                    reason: reason.to_owned(),
                    role_violation,
                },
                Event::TalksChanged => HearthEvent::TalksChanged,
                Event::RequestsChanged => HearthEvent::RequestsChanged,
                Event::BreakoutsChanged { group_id } => HearthEvent::BreakoutsChanged {
                    circle_id: group_id,
                },
                Event::CircleReports { group_id } => HearthEvent::CircleReports {
                    circle_id: group_id,
                },
                Event::InviteChanged {
                    nameplate,
                    group_id,
                } => HearthEvent::InviteChanged {
                    nameplate,
                    circle_id: group_id,
                },
                Event::JoinChanged { nameplate } => HearthEvent::JoinChanged { nameplate },
                Event::Sync(state) => HearthEvent::SyncStateChanged {
                    state: state.into(),
                },
                Event::Rekeyed => HearthEvent::Rekeyed,
                Event::Closed => HearthEvent::Closed,
                // A kind this layer does not know yet: the safe answer is "reload".
                _ => HearthEvent::Missed { count: 1 },
            },
        }
    }
}

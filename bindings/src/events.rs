//! Change events for the app: a foreign [`JournalListener`] hears what changed, and the
//! [`Subscription`] handle stops it.
//!
//! Each subscription is one task on the client's runtime that forwards the core's events to
//! the listener, in order. The listener runs on that task's thread and must return quickly
//! (post to the main thread and return); a slow one only delays its own events, never a
//! write, and if it falls far behind it gets [`JournalEvent::Missed`] and should reload.

use std::sync::{Arc, Mutex};

use hearth_core::events::{Event, EventStream, Notification};

use crate::export::ImportSummary;

/// What changed. Events carry ids, never content: read the record if you need it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum JournalEvent {
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
pub trait JournalListener: Send + Sync {
    /// One change, in the order they happened.
    fn on_event(&self, event: JournalEvent);
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
        listener: Arc<dyn JournalListener>,
    ) -> Subscription {
        let task = runtime.spawn(async move {
            while let Some(notification) = events.recv().await {
                let event = JournalEvent::from(notification);
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

impl From<Notification> for JournalEvent {
    fn from(n: Notification) -> Self {
        match n {
            Notification::Missed { count } => JournalEvent::Missed { count },
            Notification::Changed(event) => match event {
                Event::CheckinSaved { id } => JournalEvent::CheckinSaved { id },
                Event::CheckinDeleted { id } => JournalEvent::CheckinDeleted { id },
                Event::EntrySaved { id } => JournalEvent::EntrySaved { id },
                Event::EntryDeleted { id } => JournalEvent::EntryDeleted { id },
                Event::SurveyRecorded { id } => JournalEvent::SurveyRecorded { id },
                Event::RemindersChanged => JournalEvent::RemindersChanged,
                Event::IdentityChanged => JournalEvent::IdentityChanged,
                Event::JournalReplaced { import } => JournalEvent::JournalReplaced {
                    import: import.map(Into::into),
                },
                Event::Rekeyed => JournalEvent::Rekeyed,
                Event::Closed => JournalEvent::Closed,
                // A kind this layer does not know yet: the safe answer is "reload".
                _ => JournalEvent::Missed { count: 1 },
            },
        }
    }
}

//! Sessions on the client: a facilitator schedules and cancels the circle's meetings (a
//! profile change every phone agrees on); every phone lists them and computes the upcoming
//! occurrences and their reminders itself, with no network.

use jiff::Timestamp;

use super::Client;
use crate::circles::intents::Intent;
use crate::circles::GroupId;
use crate::circles::{
    group, CircleSession, Repeat, SessionOccurrence, OCCURRENCES_MAX, REMINDER_LEAD_MINUTES,
    SESSIONS_MAX,
};
use crate::error::{Error, Result};
use crate::moment::Moment;

impl Client {
    /// Schedules a meeting (facilitators): `starts` is the first start as a wall-clock time
    /// (`2026-11-24T19:00`) in the IANA `time_zone`; it lasts `duration_minutes` (5 to 600)
    /// and repeats as `repeat`. Every member's phone learns of it with the next commit.
    /// Returns the session's id.
    pub fn add_session(
        &self,
        group_id: &GroupId,
        title: &str,
        starts: &str,
        time_zone: &str,
        duration_minutes: u32,
        repeat: Repeat,
    ) -> Result<String> {
        let session = CircleSession {
            id: self.new_id()?,
            title: title.to_string(),
            starts: starts.to_string(),
            time_zone: time_zone.to_string(),
            duration_minutes,
            repeat,
        }
        .validated()?;
        if self.circle_sessions(group_id)?.len() >= SESSIONS_MAX {
            return Err(Error::invalid(
                "sessions",
                format!("a circle keeps at most {SESSIONS_MAX}: cancel one first"),
            ));
        }
        let id = session.id.clone();
        self.queue_change(
            group_id,
            Intent::Session {
                add: Some(session),
                cancel: None,
            },
            crate::circles::Role::Facilitator,
        )?;
        Ok(id)
    }

    /// Cancels a scheduled meeting (facilitators).
    pub fn cancel_session(&self, group_id: &GroupId, session_id: &str) -> Result<()> {
        if !self
            .circle_sessions(group_id)?
            .iter()
            .any(|s| s.id == session_id)
        {
            return Err(Error::NotFound { what: "session" });
        }
        self.queue_change(
            group_id,
            Intent::Session {
                add: None,
                cancel: Some(session_id.to_string()),
            },
            crate::circles::Role::Facilitator,
        )
    }

    /// The circle's scheduled meetings, as its profile holds them now.
    pub fn circle_sessions(&self, group_id: &GroupId) -> Result<Vec<CircleSession>> {
        self.store
            .read(|tx| Ok(group::open_profile(tx, &self.mls, group_id)?.0.sessions))
    }

    /// The next `count` meeting occurrences of every circle we are active in that end after
    /// `after_ms` (Unix ms; now when none), soonest first, each with the time to remind
    /// ([`REMINDER_LEAD_MINUTES`] before). The shells schedule local notifications at them.
    pub fn upcoming_sessions(
        &self,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<SessionOccurrence>> {
        let count = super::check_limit(count, OCCURRENCES_MAX)? as usize;
        let after = Timestamp::from_millisecond(after_ms.unwrap_or_else(|| self.now_ms()))
            .map_err(|_| Error::invalid("after_ms", "outside the calendar"))?;
        let mut out = Vec::new();
        for circle in self.circles()?.into_iter().filter(|c| c.state.is_active()) {
            for session in self.circle_sessions(&circle.group_id)? {
                // A session another phone wrote is checked as ours are; a bad one is skipped.
                let Ok(session) = session.validated() else {
                    continue;
                };
                for (starts_at, ends_at) in session.occurrences(after, count)? {
                    let remind = starts_at
                        .timestamp()
                        .checked_sub(jiff::SignedDuration::from_mins(REMINDER_LEAD_MINUTES))
                        .map_err(|_| Error::Internal("a reminder outside the calendar"))?;
                    out.push(SessionOccurrence {
                        group_id: circle.group_id.clone(),
                        circle_name: circle.name.clone(),
                        session_id: session.id.clone(),
                        title: session.title.clone(),
                        remind_at: Moment::new(remind, starts_at.offset()),
                        starts_at,
                        ends_at,
                    });
                }
            }
        }
        out.sort_by_key(|o| (o.starts_at.timestamp(), o.session_id.clone()));
        out.truncate(count);
        Ok(out)
    }
}

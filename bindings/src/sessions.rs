//! A circle's meetings across the FFI: a facilitator schedules and cancels them; every app
//! lists them and schedules local notifications at the reminder times the core computes.

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;
use crate::time::Moment;
use hearth_core::circles::Repeat as CoreRepeat;

/// How a meeting repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Repeat {
    /// Once.
    Never,
    /// Every week.
    Weekly,
    /// Every second week.
    Fortnightly,
    /// Every month on the same day (the last day when a month is shorter).
    Monthly,
}

impl From<Repeat> for CoreRepeat {
    fn from(r: Repeat) -> Self {
        match r {
            Repeat::Never => CoreRepeat::Never,
            Repeat::Weekly => CoreRepeat::Weekly,
            Repeat::Fortnightly => CoreRepeat::Fortnightly,
            Repeat::Monthly => CoreRepeat::Monthly,
        }
    }
}

impl From<CoreRepeat> for Repeat {
    fn from(r: CoreRepeat) -> Self {
        match r {
            CoreRepeat::Never => Repeat::Never,
            CoreRepeat::Weekly => Repeat::Weekly,
            CoreRepeat::Fortnightly => Repeat::Fortnightly,
            CoreRepeat::Monthly => Repeat::Monthly,
        }
    }
}

/// One scheduled meeting.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleSession {
    /// Its id.
    pub id: String,
    /// What it is called.
    pub title: String,
    /// The first start as wall-clock time (`2026-11-24T19:00`) in `time_zone`.
    pub starts: String,
    /// The facilitator's IANA time zone.
    pub time_zone: String,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// How it repeats.
    pub repeat: Repeat,
}

impl From<hearth_core::circles::CircleSession> for CircleSession {
    fn from(s: hearth_core::circles::CircleSession) -> Self {
        CircleSession {
            id: s.id,
            title: s.title,
            starts: s.starts,
            time_zone: s.time_zone,
            duration_minutes: s.duration_minutes,
            repeat: s.repeat.into(),
        }
    }
}

/// One coming meeting: a calendar row and a local notification at `remind_at`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SessionOccurrence {
    /// The circle (hex id).
    pub circle_id: String,
    /// The circle's name.
    pub circle_name: String,
    /// The session's id.
    pub session_id: String,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts_at: Moment,
    /// When it ends.
    pub ends_at: Moment,
    /// When to remind.
    pub remind_at: Moment,
}

impl From<hearth_core::circles::SessionOccurrence> for SessionOccurrence {
    fn from(o: hearth_core::circles::SessionOccurrence) -> Self {
        SessionOccurrence {
            circle_id: hex::encode(o.group_id),
            circle_name: o.circle_name,
            session_id: o.session_id,
            title: o.title,
            starts_at: o.starts_at.into(),
            ends_at: o.ends_at.into(),
            remind_at: o.remind_at.into(),
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Schedules a meeting (facilitators). Returns its id; every member's phone learns of it
    /// with the next commit.
    pub async fn add_session(
        &self,
        circle_id: String,
        title: String,
        starts: String,
        time_zone: String,
        duration_minutes: u32,
        repeat: Repeat,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| {
            c.add_session(
                &id,
                &title,
                &starts,
                &time_zone,
                duration_minutes,
                repeat.into(),
            )
        })
        .await
    }

    /// Cancels a meeting (facilitators).
    pub async fn cancel_session(
        &self,
        circle_id: String,
        session_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.cancel_session(&id, &session_id)).await
    }

    /// The circle's scheduled meetings.
    pub async fn circle_sessions(
        &self,
        circle_id: String,
    ) -> Result<Vec<CircleSession>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let sessions = self.call(move |c| c.circle_sessions(&id)).await?;
        Ok(sessions.into_iter().map(Into::into).collect())
    }

    /// The next `count` (at most 200) meetings of every active circle that end after
    /// `after_ms` (now when none), soonest first, with their reminder times.
    pub async fn upcoming_sessions(
        &self,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<SessionOccurrence>, HearthError> {
        let coming = self
            .call(move |c| c.upcoming_sessions(after_ms, count))
            .await?;
        Ok(coming.into_iter().map(Into::into).collect())
    }
}

//! A circle's meetings: what its facilitator schedules (a title, a wall-clock start in a time
//! zone, a duration, a repeat), carried encrypted in the circle profile so every member's
//! phone agrees, and the occurrences and reminders each phone computes from them on its own.
//!
//! Times are wall-clock times in the facilitator's IANA zone, so a weekly 19:00 meeting stays
//! at 19:00 there across daylight-saving changes; each phone shows it in its own zone.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::moment::Moment;

/// The most sessions a circle keeps scheduled.
pub const SESSIONS_MAX: usize = 20;
/// Longest session title, in characters.
pub const SESSION_TITLE_MAX: usize = 80;
/// Shortest and longest session, in minutes.
pub const SESSION_MINUTES: std::ops::RangeInclusive<u32> = 5..=600;
/// How long before a session its reminder fires, in minutes.
pub const REMINDER_LEAD_MINUTES: i64 = 30;
/// The most occurrences one call returns.
pub const OCCURRENCES_MAX: u32 = 200;

/// How a session repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Once.
    Never,
    /// Every week on the same weekday.
    Weekly,
    /// Every second week.
    Fortnightly,
    /// Every month on the same day (the month's last day when it is shorter).
    Monthly,
}

impl Repeat {
    /// The repeat's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Repeat::Never => "never",
            Repeat::Weekly => "weekly",
            Repeat::Fortnightly => "fortnightly",
            Repeat::Monthly => "monthly",
        }
    }

    /// The repeat named `name`.
    pub fn parse(name: &str) -> Option<Repeat> {
        [
            Repeat::Never,
            Repeat::Weekly,
            Repeat::Fortnightly,
            Repeat::Monthly,
        ]
        .into_iter()
        .find(|r| r.as_str() == name)
    }

    /// The `n`th step from the first occurrence.
    fn step(self, n: i64) -> Span {
        match self {
            Repeat::Never => Span::new(),
            Repeat::Weekly => n.weeks(),
            Repeat::Fortnightly => (2 * n).weeks(),
            Repeat::Monthly => n.months(),
        }
    }
}

/// One scheduled meeting of a circle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleSession {
    /// Its id (time then random digits, see `group::message_id`).
    pub id: String,
    /// What it is called ("Weekly check-in").
    pub title: String,
    /// The first start, wall-clock (`2026-11-24T19:00`), in `time_zone`.
    pub starts: String,
    /// The facilitator's IANA time zone.
    pub time_zone: String,
    /// How long it lasts, in minutes.
    pub duration_minutes: u32,
    /// How it repeats.
    pub repeat: Repeat,
}

/// One occurrence of a session, for a calendar row and a local reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOccurrence {
    /// The circle (group id).
    pub group_id: super::GroupId,
    /// The circle's name.
    pub circle_name: String,
    /// The session's id.
    pub session_id: String,
    /// Its title.
    pub title: String,
    /// When it starts (with the facilitator's offset then).
    pub starts_at: Moment,
    /// When it ends.
    pub ends_at: Moment,
    /// When to remind (a local notification), [`REMINDER_LEAD_MINUTES`] before it starts.
    pub remind_at: Moment,
}

impl CircleSession {
    /// Checks a session as a facilitator writes it (and as every phone reads it).
    pub(crate) fn validated(self) -> Result<CircleSession> {
        let title = self.title.trim().to_string();
        if title.is_empty()
            || title.chars().count() > SESSION_TITLE_MAX
            || crate::identity::has_hidden_characters(&title)
        {
            return Err(Error::invalid(
                "title",
                format!("must be 1 to {SESSION_TITLE_MAX} characters, one line"),
            ));
        }
        if !SESSION_MINUTES.contains(&self.duration_minutes) {
            return Err(Error::invalid(
                "duration_minutes",
                format!(
                    "must be {} to {} minutes",
                    SESSION_MINUTES.start(),
                    SESSION_MINUTES.end()
                ),
            ));
        }
        zone(&self.time_zone)?;
        first_start(&self.starts)?;
        Ok(CircleSession { title, ..self })
    }

    /// Its occurrences that end after `after`, at most `count`.
    pub(crate) fn occurrences(
        &self,
        after: Timestamp,
        count: usize,
    ) -> Result<Vec<(Moment, Moment)>> {
        Ok(self
            .numbered_occurrences(after, count)?
            .into_iter()
            .map(|(_, start, end)| (start, end))
            .collect())
    }

    /// Its occurrences that end after `after`, at most `count`, each with its number from
    /// the first start (0), which is what ties a programme's weeks to meetings.
    pub(crate) fn numbered_occurrences(
        &self,
        after: Timestamp,
        count: usize,
    ) -> Result<Vec<(u32, Moment, Moment)>> {
        let zone = zone(&self.time_zone)?;
        let first = first_start(&self.starts)?;
        let length = i64::from(self.duration_minutes).minutes();
        let mut out = Vec::new();
        // Monthly steps are taken from the first start each time, so 31 January does not
        // drift to the 28th for good after February.
        for n in 0..10_000i64 {
            let Ok(start) = first
                .checked_add(self.repeat.step(n))
                .and_then(|d| d.to_zoned(zone.clone()))
            else {
                break; // past the end of the calendar
            };
            let end = start
                .checked_add(length)
                .map_err(|_| Error::Internal("a session end outside the calendar"))?;
            if end.timestamp() > after {
                out.push((
                    n as u32,
                    Moment::new(start.timestamp(), start.offset()),
                    Moment::new(end.timestamp(), end.offset()),
                ));
            }
            if out.len() >= count || self.repeat == Repeat::Never {
                break;
            }
        }
        Ok(out)
    }
}

fn zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name).map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))
}

fn first_start(text: &str) -> Result<DateTime> {
    DateTime::strptime("%Y-%m-%dT%H:%M", text)
        .map_err(|_| Error::invalid("starts", "a local date and time like 2026-11-24T19:00"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn session(starts: &str, zone: &str, repeat: Repeat) -> CircleSession {
        CircleSession {
            id: "s1".into(),
            title: " Weekly check-in ".into(),
            starts: starts.into(),
            time_zone: zone.into(),
            duration_minutes: 90,
            repeat,
        }
        .validated()
        .unwrap()
    }

    fn starts(s: &CircleSession, after: &str, n: usize) -> Vec<String> {
        s.occurrences(after.parse().unwrap(), n)
            .unwrap()
            .into_iter()
            .map(|(start, _)| start.to_string())
            .collect()
    }

    #[test]
    fn a_weekly_session_keeps_its_wall_clock_time_across_daylight_saving() {
        // London's clocks go back on 2026-10-25.
        let s = session("2026-10-13T19:00", "Europe/London", Repeat::Weekly);
        assert_eq!(s.title, "Weekly check-in");
        assert_eq!(
            starts(&s, "2026-10-14T00:00:00Z", 3),
            [
                "2026-10-20T19:00:00+01:00",
                "2026-10-27T19:00:00+00:00",
                "2026-11-03T19:00:00+00:00"
            ]
        );
    }

    #[test]
    fn one_in_progress_still_counts_and_a_past_one_off_is_gone() {
        let s = session("2026-11-24T19:00", "America/New_York", Repeat::Never);
        // 19:30 New York is inside the 90 minutes.
        assert_eq!(starts(&s, "2026-11-25T00:30:00Z", 5).len(), 1);
        assert!(starts(&s, "2026-11-25T02:00:00Z", 5).is_empty());
    }

    #[test]
    fn monthly_and_fortnightly_repeats() {
        let m = session("2027-01-31T10:00", "Australia/Sydney", Repeat::Monthly);
        assert_eq!(
            starts(&m, "2027-01-01T00:00:00Z", 3),
            [
                "2027-01-31T10:00:00+11:00",
                "2027-02-28T10:00:00+11:00",
                "2027-03-31T10:00:00+11:00"
            ]
        );
        let f = session("2026-11-02T18:00", "UTC", Repeat::Fortnightly);
        assert_eq!(
            starts(&f, "2026-11-03T00:00:00Z", 2),
            ["2026-11-16T18:00:00+00:00", "2026-11-30T18:00:00+00:00"]
        );
    }

    #[test]
    fn bad_sessions_are_refused_with_the_field_named() {
        let good = session("2026-11-24T19:00", "UTC", Repeat::Weekly);
        let field = |s: CircleSession| match s.validated() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        assert_eq!(
            field(CircleSession {
                title: "  ".into(),
                ..good.clone()
            }),
            "title"
        );
        assert_eq!(
            field(CircleSession {
                duration_minutes: 0,
                ..good.clone()
            }),
            "duration_minutes"
        );
        assert_eq!(
            field(CircleSession {
                time_zone: "Mars/Base".into(),
                ..good.clone()
            }),
            "time_zone"
        );
        assert_eq!(
            field(CircleSession {
                starts: "tomorrow".into(),
                ..good
            }),
            "starts"
        );
    }
}

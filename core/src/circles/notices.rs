//! What a wake leads to on the phone: after the app synced, whether to show a notification
//! and its words. A wake says nothing by itself (it carries no circle, sender or text), so
//! the phone decides here, from what it holds: circles the person turned wakes off for,
//! members they muted, their own posts, what they read already and what an earlier
//! notification covered, and their quiet hours. No circle is named unless the person chose
//! that, since a notification can be read over a shoulder or on a lock screen.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};

use super::group::{profile, with_group};
use super::provider::{Mls, Provider};
use super::GroupId;
use crate::error::{Error, Result};
use crate::reminders::TimeOfDay;

/// A daily stretch of time in which wakes show nothing (the news waits for the next wake
/// after it). It may run past midnight: 22:00 to 07:00.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// When quiet begins.
    pub start: TimeOfDay,
    /// When it ends (not included).
    pub end: TimeOfDay,
    /// The IANA time zone the times are in, e.g. `Europe/Dublin`.
    pub time_zone: String,
}

impl QuietHours {
    /// Whether `at` falls inside the quiet hours.
    pub fn contains(&self, at: Timestamp) -> Result<bool> {
        let zone = zone(&self.time_zone)?;
        let time = zone.to_datetime(at).time();
        let minute = u32::try_from(i32::from(time.hour()) * 60 + i32::from(time.minute()))
            .map_err(|_| Error::Internal("time of day"))?;
        let (start, end) = (self.start.minutes(), self.end.minutes());
        Ok(if start <= end {
            (start..end).contains(&minute)
        } else {
            minute >= start || minute < end
        })
    }
}

fn zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name).map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))
}

/// How wakes show: whether the notification names circles, and the quiet hours.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    /// Name the circle ("New messages in Tuesday circle") rather than "New messages in
    /// Hearth". Off unless the person turns it on.
    pub name_circles: bool,
    /// When wakes show nothing.
    pub quiet_hours: Option<QuietHours>,
}

impl NotificationSettings {
    /// Checks the settings: a known time zone, and quiet hours that are not empty.
    pub fn validated(self) -> Result<Self> {
        if let Some(quiet) = &self.quiet_hours {
            zone(&quiet.time_zone)?;
            if quiet.start == quiet.end {
                return Err(Error::invalid(
                    "quiet hours",
                    "the start and the end must differ",
                ));
            }
        }
        Ok(self)
    }
}

/// The notification to show after a wake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WakeNotice {
    /// Its words (see [`wake_notification`]).
    pub text: String,
    /// The circles with news, for the app to open when the notification is tapped.
    pub circles: Vec<GroupId>,
    /// How many new messages it covers.
    pub messages: u32,
}

/// One circle's news since the last notification.
struct News {
    group_id: Vec<u8>,
    newest_seq: i64,
    count: u32,
}

/// Text messages from others, not muted, not deleted, not read and not told of before, in
/// circles whose wakes are on.
fn news(tx: &Transaction<'_>) -> Result<Vec<News>> {
    let mut stmt = tx.prepare_cached(
        "SELECT c.group_id, MAX(m.relay_seq), COUNT(*)
         FROM circles c
         JOIN circle_messages m ON m.group_id = c.group_id
         LEFT JOIN circle_wakes w ON w.group_id = c.group_id
         WHERE COALESCE(w.enabled, 1) = 1
           AND m.kind = 'text' AND m.deleted = 0
           AND m.relay_seq > MAX(c.last_read_seq, COALESCE(w.notified_seq, 0))
           AND (m.sender IS NULL OR m.sender != c.signature_key)
           AND NOT EXISTS (SELECT 1 FROM circle_mutes u
                           WHERE u.group_id = m.group_id AND u.signature_key = m.sender)
         GROUP BY c.group_id
         ORDER BY c.joined_at_ms",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(News {
            group_id: r.get(0)?,
            newest_seq: r.get(1)?,
            count: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Decides what the wake at `now` shows, and remembers what it told so the next wake does
/// not tell it again. None when nothing is new that the person wants to hear of, or in
/// quiet hours (the news waits for the next wake after them).
pub(crate) fn after_wake(
    tx: &Transaction<'_>,
    mls: &Mls,
    settings: &NotificationSettings,
    now: Timestamp,
) -> Result<Option<WakeNotice>> {
    let news = news(tx)?;
    if news.is_empty() {
        return Ok(None);
    }
    if let Some(quiet) = &settings.quiet_hours {
        if quiet.contains(now)? {
            return Ok(None);
        }
    }
    let mut names = Vec::new();
    for circle in &news {
        tx.execute(
            "INSERT INTO circle_wakes (group_id, notified_seq) VALUES (?1, ?2)
             ON CONFLICT (group_id) DO UPDATE SET notified_seq = excluded.notified_seq",
            params![circle.group_id, circle.newest_seq],
        )?;
        if settings.name_circles {
            let provider = Provider::new(mls, tx);
            names.push(with_group(&provider, &circle.group_id, |g| {
                Ok(profile(g)?.name)
            })?);
        }
    }
    Ok(Some(WakeNotice {
        text: wake_notification(&names, settings.name_circles),
        circles: news
            .iter()
            .map(|n| GroupId::from_bytes(n.group_id.clone()))
            .collect(),
        messages: news.iter().map(|n| n.count).sum(),
    }))
}

/// The words of the notification a phone shows after a wake found new messages in
/// `circles_with_news` (their names): no circle is named unless the person chose that
/// (`name_circles`).
pub fn wake_notification(circles_with_news: &[String], name_circles: bool) -> String {
    match (name_circles, circles_with_news) {
        (true, [one]) => format!("New messages in {one}"),
        (true, many) if many.len() > 1 => format!("New messages in {} circles", many.len()),
        _ => "New messages in Hearth".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notification_names_no_circle_unless_chosen() {
        let one = vec!["Tuesday circle".to_string()];
        let two = vec!["Tuesday circle".to_string(), "Grief group".to_string()];
        assert_eq!(wake_notification(&one, false), "New messages in Hearth");
        assert_eq!(wake_notification(&two, false), "New messages in Hearth");
        assert_eq!(
            wake_notification(&one, true),
            "New messages in Tuesday circle"
        );
        assert_eq!(wake_notification(&two, true), "New messages in 2 circles");
        assert_eq!(wake_notification(&[], true), "New messages in Hearth");
    }

    fn quiet(start: &str, end: &str, zone: &str) -> QuietHours {
        QuietHours {
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            time_zone: zone.into(),
        }
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn quiet_hours_may_run_past_midnight_and_follow_the_zone() {
        let night = quiet("22:00", "07:00", "Europe/Dublin");
        // Winter: Dublin is on UTC.
        assert!(night.contains(at("2026-01-10T23:30:00Z")).unwrap());
        assert!(night.contains(at("2026-01-10T06:59:00Z")).unwrap());
        assert!(!night.contains(at("2026-01-10T07:00:00Z")).unwrap());
        assert!(night.contains(at("2026-01-10T22:00:00Z")).unwrap());
        assert!(!night.contains(at("2026-01-10T21:59:00Z")).unwrap());
        // Summer: Dublin is UTC+1, so 21:30 UTC is 22:30 there.
        assert!(night.contains(at("2026-07-10T21:30:00Z")).unwrap());
        assert!(!night.contains(at("2026-07-10T06:30:00Z")).unwrap());

        let lunch = quiet("12:00", "13:00", "Asia/Tokyo");
        assert!(lunch.contains(at("2026-03-01T03:30:00Z")).unwrap());
        assert!(!lunch.contains(at("2026-03-01T04:00:00Z")).unwrap());
    }

    #[test]
    fn settings_refuse_an_unknown_zone_and_empty_quiet_hours() {
        let unknown = NotificationSettings {
            name_circles: false,
            quiet_hours: Some(quiet("22:00", "07:00", "Mars/Olympus")),
        };
        assert!(matches!(
            unknown.validated(),
            Err(Error::InvalidInput { .. })
        ));
        let empty = NotificationSettings {
            name_circles: true,
            quiet_hours: Some(quiet("07:00", "07:00", "UTC")),
        };
        assert!(matches!(empty.validated(), Err(Error::InvalidInput { .. })));
        assert!(NotificationSettings::default().validated().is_ok());
    }
}

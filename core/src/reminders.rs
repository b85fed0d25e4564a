//! Reminder times: from the user's settings (fixed times, or one random time inside a daily
//! window), the next prompt times, computed on the device with no network. The shells
//! schedule local notifications at them.
//!
//! Times are wall-clock times in the user's IANA time zone, so a 09:00 reminder stays at
//! 09:00 across daylight-saving changes. A time that a spring-forward skips moves to just
//! after the gap; a time that a fall-back repeats fires once, at its first occurrence.
//! The random time of a day is drawn from a keyed hash of the date, so asking again gives
//! the same times (notifications are not reshuffled) while the pattern stays unpredictable.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use ring::hmac;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::moment::Moment;

/// The most fixed times a day.
pub const MAX_TIMES_PER_DAY: usize = 12;
/// The most reminder times one call returns.
pub const MAX_COUNT: u32 = 1000;

/// A wall-clock time of day, minute precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// A time; hour 0–23, minute 0–59.
    pub fn new(hour: u8, minute: u8) -> Result<Self> {
        if hour > 23 || minute > 59 {
            return Err(Error::invalid("time of day", "hour 0–23 and minute 0–59"));
        }
        Ok(TimeOfDay { hour, minute })
    }

    /// The hour.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute.
    pub fn minute(self) -> u8 {
        self.minute
    }

    pub(crate) fn minutes(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }

    fn from_minutes(m: u32) -> TimeOfDay {
        TimeOfDay {
            hour: (m / 60).min(23) as u8,
            minute: (m % 60) as u8,
        }
    }

    fn to_time(self) -> Time {
        Time::constant(self.hour as i8, self.minute as i8, 0, 0)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl FromStr for TimeOfDay {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::invalid("time of day", "expected HH:MM, e.g. 08:30");
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        TimeOfDay::new(h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// When reminders come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReminderSchedule {
    /// At each of these times every day.
    FixedTimes {
        /// The times, 1 to 12.
        times: Vec<TimeOfDay>,
    },
    /// Once a day at a random time from `start` to `end` (inclusive).
    RandomInWindow {
        /// The window's start.
        start: TimeOfDay,
        /// The window's end, after the start on the same day.
        end: TimeOfDay,
    },
}

/// The user's reminder settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettings {
    /// Whether reminders are on.
    pub enabled: bool,
    /// The IANA time zone the times are in, e.g. `Europe/Dublin`.
    pub time_zone: String,
    /// When.
    pub schedule: ReminderSchedule,
}

impl ReminderSettings {
    /// Checks the settings; fixed times come back sorted and without repeats.
    pub fn validated(mut self) -> Result<Self> {
        TimeZone::get(&self.time_zone)
            .map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))?;
        match &mut self.schedule {
            ReminderSchedule::FixedTimes { times } => {
                times.sort();
                times.dedup();
                if times.is_empty() || times.len() > MAX_TIMES_PER_DAY {
                    return Err(Error::invalid(
                        "times",
                        format!("1 to {MAX_TIMES_PER_DAY} times a day"),
                    ));
                }
            }
            ReminderSchedule::RandomInWindow { start, end } => {
                if start >= end {
                    return Err(Error::invalid(
                        "window",
                        "the end must come after the start",
                    ));
                }
            }
        }
        Ok(self)
    }
}

/// The next `count` reminder times strictly after `after`. Empty when reminders are off.
pub fn next_reminders(
    settings: &ReminderSettings,
    seed: &[u8],
    after: Timestamp,
    count: u32,
) -> Result<Vec<Moment>> {
    if count > MAX_COUNT {
        return Err(Error::invalid("count", format!("at most {MAX_COUNT}")));
    }
    if !settings.enabled || count == 0 {
        return Ok(Vec::new());
    }
    let settings = settings.clone().validated()?;
    let zone = TimeZone::get(&settings.time_zone)
        .map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, seed);
    let mut day: Date = zone.to_datetime(after).date();
    let mut out: Vec<Moment> = Vec::with_capacity(count as usize);
    // Every day yields at least one time, so this ends; the bound guards the arithmetic.
    for _ in 0..(count as usize * 2 + 2) {
        for time in times_on(&settings.schedule, &key, day) {
            let at = wall_clock(day, time, &zone)?;
            let ts = at.timestamp();
            if ts > after && out.last().is_none_or(|m| m.timestamp() < ts) {
                out.push(at);
                if out.len() == count as usize {
                    return Ok(out);
                }
            }
        }
        day = day
            .tomorrow()
            .map_err(|_| Error::Internal("reminder date outside the calendar"))?;
    }
    Ok(out)
}

/// `time` on `day` in `zone`: a time a spring-forward skips moves to just after the gap, a
/// time a fall-back repeats is its first occurrence.
pub(crate) fn wall_clock(day: Date, time: TimeOfDay, zone: &TimeZone) -> Result<Moment> {
    let zoned = day
        .to_datetime(time.to_time())
        .to_zoned(zone.clone())
        .map_err(|_| Error::Internal("reminder time outside the calendar"))?;
    Ok(Moment::new(zoned.timestamp(), zoned.offset()))
}

fn times_on(schedule: &ReminderSchedule, key: &hmac::Key, day: Date) -> Vec<TimeOfDay> {
    match schedule {
        ReminderSchedule::FixedTimes { times } => times.clone(),
        ReminderSchedule::RandomInWindow { start, end } => {
            let tag = hmac::sign(key, day.to_string().as_bytes());
            let mut first = [0u8; 8];
            first.copy_from_slice(&tag.as_ref()[..8]);
            let span = u64::from(end.minutes() - start.minutes()) + 1;
            let pick = (u64::from_be_bytes(first) % span) as u32;
            vec![TimeOfDay::from_minutes(start.minutes() + pick)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(zone: &str, times: &[&str]) -> ReminderSettings {
        ReminderSettings {
            enabled: true,
            time_zone: zone.into(),
            schedule: ReminderSchedule::FixedTimes {
                times: times.iter().map(|t| t.parse().unwrap()).collect(),
            },
        }
    }

    #[test]
    fn fixed_times_keep_wall_clock_across_dst() {
        // US clocks spring forward on 2026-03-08.
        let s = fixed("America/New_York", &["09:00", "21:30"]);
        let after: Timestamp = "2026-03-07T15:00:00Z".parse().unwrap(); // 10:00 EST
        let next = next_reminders(&s, b"seed", after, 4).unwrap();
        let shown: Vec<String> = next.iter().map(|m| m.to_string()).collect();
        assert_eq!(
            shown,
            [
                "2026-03-07T21:30:00-05:00",
                "2026-03-08T09:00:00-04:00",
                "2026-03-08T21:30:00-04:00",
                "2026-03-09T09:00:00-04:00"
            ]
        );
    }

    #[test]
    fn skipped_time_moves_after_the_gap() {
        let s = fixed("America/New_York", &["02:30"]);
        let after: Timestamp = "2026-03-08T00:00:00Z".parse().unwrap();
        let next = next_reminders(&s, b"seed", after, 1).unwrap();
        assert_eq!(next[0].to_string(), "2026-03-08T03:30:00-04:00");
    }

    #[test]
    fn random_window_is_stable_and_inside() {
        let s = ReminderSettings {
            enabled: true,
            time_zone: "Europe/London".into(),
            schedule: ReminderSchedule::RandomInWindow {
                start: "18:00".parse().unwrap(),
                end: "20:00".parse().unwrap(),
            },
        };
        let after: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        let a = next_reminders(&s, b"seed-1", after, 30).unwrap();
        assert_eq!(a, next_reminders(&s, b"seed-1", after, 30).unwrap());
        assert_ne!(a, next_reminders(&s, b"seed-2", after, 30).unwrap());
        let mut minutes = std::collections::HashSet::new();
        for m in &a {
            let t = m.local().time();
            assert!((18..=20).contains(&t.hour()), "{m}");
            assert!(t.hour() < 20 || t.minute() == 0, "{m}");
            minutes.insert((t.hour(), t.minute()));
        }
        assert!(minutes.len() > 10, "times vary from day to day");
        // One a day, on consecutive days.
        for pair in a.windows(2) {
            assert_eq!(
                pair[0].local_date().tomorrow().unwrap(),
                pair[1].local_date()
            );
        }
    }

    #[test]
    fn bad_settings_are_typed_errors() {
        assert!(fixed("Mars/Olympus", &["09:00"]).validated().is_err());
        assert!(fixed("UTC", &[]).validated().is_err());
        assert!("24:00".parse::<TimeOfDay>().is_err());
        assert!("9".parse::<TimeOfDay>().is_err());
        let mut off = fixed("UTC", &["09:00"]);
        off.enabled = false;
        assert!(next_reminders(&off, b"s", Timestamp::UNIX_EPOCH, 3)
            .unwrap()
            .is_empty());
        assert!(
            next_reminders(&fixed("UTC", &["09:00"]), b"s", Timestamp::UNIX_EPOCH, 5000).is_err()
        );
    }
}

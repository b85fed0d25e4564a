//! A moment in a person's life: an instant plus the UTC offset their clock showed then.
//!
//! Keeping the offset with each record is what makes calendar questions ("which day was
//! this?") right across daylight-saving changes and moves between time zones.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// How far a phone's clock may be from the relay's and still be taken as right (two phones
/// may be twice this apart): phones set their clocks themselves.
pub(crate) const CLOCK_SKEW_S: u64 = hearth_protocol::CLOCK_SKEW_SECS;

/// An instant and the UTC offset of the user's clock at that instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Moment {
    timestamp: Timestamp,
    offset: Offset,
}

impl Moment {
    /// Combines an instant and an offset.
    pub fn new(timestamp: Timestamp, offset: Offset) -> Self {
        Moment { timestamp, offset }
    }

    /// From Unix milliseconds and an offset in seconds (how records are stored).
    pub fn from_parts(unix_ms: i64, offset_seconds: i32) -> Result<Self> {
        let timestamp = Timestamp::from_millisecond(unix_ms)
            .map_err(|_| Error::invalid("time", "out of range"))?;
        let offset = Offset::from_seconds(offset_seconds)
            .map_err(|_| Error::invalid("time", "UTC offset out of range"))?;
        Ok(Moment { timestamp, offset })
    }

    /// Now, with the offset of the system's time zone.
    pub fn now() -> Self {
        Self::now_in(&TimeZone::system())
    }

    /// Now, in the given time zone.
    pub fn now_in(zone: &TimeZone) -> Self {
        let timestamp = Timestamp::now();
        Moment {
            timestamp,
            offset: zone.to_offset(timestamp),
        }
    }

    /// Parses RFC 3339 with an offset, e.g. `2026-03-08T09:30:00-05:00` or `...Z`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "time",
                "expected RFC 3339 with an offset, e.g. 2026-03-08T09:30:00-05:00",
            )
        };
        let text = text.trim();
        let timestamp: Timestamp = text.parse().map_err(|_| bad())?;
        if text.ends_with(['Z', 'z']) {
            return Ok(Moment {
                timestamp,
                offset: Offset::UTC,
            });
        }
        // The civil reading of the same text, minus the instant, is the offset it was given in.
        let civil: DateTime = text.parse().map_err(|_| bad())?;
        let as_utc = civil
            .to_zoned(TimeZone::UTC)
            .map_err(|_| bad())?
            .timestamp();
        let seconds = as_utc.as_second() - timestamp.as_second();
        let offset = i32::try_from(seconds)
            .ok()
            .and_then(|s| Offset::from_seconds(s).ok())
            .ok_or_else(bad)?;
        Ok(Moment { timestamp, offset })
    }

    /// The instant.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The UTC offset.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Unix milliseconds.
    pub fn unix_ms(&self) -> i64 {
        self.timestamp.as_millisecond()
    }

    /// The offset in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        self.offset.seconds()
    }

    /// The wall-clock date and time the user saw.
    pub fn local(&self) -> DateTime {
        self.offset.to_datetime(self.timestamp)
    }

    /// The user's calendar day.
    pub fn local_date(&self) -> Date {
        self.local().date()
    }
}

/// The Monday of `day`'s week (weeks start on Monday everywhere in Hearth).
pub(crate) fn week_start(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds are what people write; the instant keeps milliseconds.
        let local = self.local();
        write!(
            f,
            "{}{}",
            local.strftime("%Y-%m-%dT%H:%M:%S"),
            self.offset_text()
        )
    }
}

impl Moment {
    fn offset_text(&self) -> String {
        let total = self.offset.seconds();
        let sign = if total < 0 { '-' } else { '+' };
        let abs = total.unsigned_abs();
        format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
    }
}

impl FromStr for Moment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Moment::parse(s)
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format!(
            "{}{}",
            self.local().strftime("%Y-%m-%dT%H:%M:%S%.3f"),
            self.offset_text()
        ))
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Moment::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_offset_and_instant() {
        let m = Moment::parse("2026-03-08T09:30:00-05:00").unwrap();
        assert_eq!(m.offset_seconds(), -5 * 3600);
        assert_eq!(m.timestamp().to_string(), "2026-03-08T14:30:00Z");
        assert_eq!(m.local_date().to_string(), "2026-03-08");
        assert_eq!(m.to_string(), "2026-03-08T09:30:00-05:00");
        let z = Moment::parse("2026-03-08T23:30:00Z").unwrap();
        assert_eq!(z.offset_seconds(), 0);
        let half = Moment::parse("2026-03-08T23:30:00+05:30").unwrap();
        assert_eq!(half.to_string(), "2026-03-08T23:30:00+05:30");
    }

    #[test]
    fn late_evening_in_one_zone_is_next_day_elsewhere() {
        let m = Moment::parse("2026-01-01T23:30:00-05:00").unwrap();
        assert_eq!(m.local_date().to_string(), "2026-01-01");
        assert_eq!(m.timestamp().to_string(), "2026-01-02T04:30:00Z");
    }

    #[test]
    fn text_without_offset_is_refused() {
        for bad in [
            "2026-03-08T09:30:00",
            "yesterday",
            "",
            "2026-13-01T00:00:00Z",
        ] {
            assert!(Moment::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_round_trips_with_milliseconds() {
        let m = Moment::from_parts(1_772_980_200_123, 3600).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"2026-03-08T15:30:00.123+01:00\"");
        assert_eq!(serde_json::from_str::<Moment>(&json).unwrap(), m);
    }
}

//! Times across the FFI: a [`Moment`] (an instant with the UTC offset the person's clock
//! showed) and a [`LocalDate`] (a calendar day). Plain numbers, so each platform maps them to
//! its own types (`OffsetDateTime`, `Date` + `TimeZone`, `datetime`).

use crate::error::HearthError;

/// An instant and the UTC offset of the person's clock at that instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Moment {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub unix_ms: i64,
    /// The offset from UTC in seconds, east positive (e.g. -18000 for UTC−5).
    pub offset_seconds: i32,
}

/// A calendar day in the person's own time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LocalDate {
    /// The year, e.g. 2026.
    pub year: i16,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

impl From<hearth_core::Moment> for Moment {
    fn from(m: hearth_core::Moment) -> Self {
        Moment {
            unix_ms: m.unix_ms(),
            offset_seconds: m.offset_seconds(),
        }
    }
}

impl TryFrom<Moment> for hearth_core::Moment {
    type Error = hearth_core::Error;
    fn try_from(m: Moment) -> hearth_core::Result<Self> {
        hearth_core::Moment::from_parts(m.unix_ms, m.offset_seconds)
    }
}

impl From<jiff::civil::Date> for LocalDate {
    fn from(d: jiff::civil::Date) -> Self {
        LocalDate {
            year: d.year(),
            month: d.month().unsigned_abs(),
            day: d.day().unsigned_abs(),
        }
    }
}

impl LocalDate {
    pub(crate) fn to_core(self, field: &'static str) -> hearth_core::Result<jiff::civil::Date> {
        let month = i8::try_from(self.month).ok();
        let day = i8::try_from(self.day).ok();
        month
            .zip(day)
            .and_then(|(m, d)| jiff::civil::Date::new(self.year, m, d).ok())
            .ok_or_else(|| hearth_core::Error::InvalidInput {
                field,
                reason: "not a calendar date".into(),
            })
    }
}

/// Converts an optional moment; an out-of-range one is the core's `InvalidInput` for "time".
pub(crate) fn moment_to_core(
    m: Option<Moment>,
) -> Result<Option<hearth_core::Moment>, HearthError> {
    m.map(hearth_core::Moment::try_from)
        .transpose()
        .map_err(HearthError::from)
}

/// Milliseconds since the epoch of a core timestamp.
pub(crate) fn ms(t: jiff::Timestamp) -> i64 {
    t.as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        let d = jiff::civil::date(2026, 2, 28);
        assert_eq!(LocalDate::from(d).to_core("from").unwrap(), d);
        let feb30 = LocalDate {
            year: 2026,
            month: 2,
            day: 30,
        };
        assert!(matches!(
            feb30.to_core("from"),
            Err(hearth_core::Error::InvalidInput { field: "from", .. })
        ));
        let month200 = LocalDate {
            year: 2026,
            month: 200,
            day: 1,
        };
        assert!(month200.to_core("to").is_err());
    }

    #[test]
    fn moments_keep_instant_and_offset() {
        let m = Moment {
            unix_ms: 1_772_980_200_123,
            offset_seconds: -18_000,
        };
        let core = hearth_core::Moment::try_from(m).unwrap();
        assert_eq!(Moment::from(core), m);
        let bad = Moment {
            unix_ms: 0,
            offset_seconds: 200_000,
        };
        assert!(hearth_core::Moment::try_from(bad).is_err());
    }
}

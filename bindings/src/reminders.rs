//! Reminder settings across the FFI. The shells schedule local notifications at the times
//! [`HearthClient::next_reminders`](crate::HearthClient::next_reminders) returns.

use hearth_core::reminders as core;

use crate::error::HearthError;

/// A wall-clock time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TimeOfDay {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

/// When reminders come.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ReminderSchedule {
    /// At each of these times every day (1 to 12 times).
    FixedTimes {
        /// The times.
        times: Vec<TimeOfDay>,
    },
    /// Once a day at an unpredictable time from `start` to `end`.
    RandomInWindow {
        /// The window's start.
        start: TimeOfDay,
        /// The window's end, later the same day.
        end: TimeOfDay,
    },
}

/// The person's reminder settings.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReminderSettings {
    /// Whether reminders are on.
    pub enabled: bool,
    /// The IANA time zone of the times, e.g. "Europe/Dublin".
    pub time_zone: String,
    /// When.
    pub schedule: ReminderSchedule,
}

/// A time of day as a person types it ("8:30", " 20:00 "), read the way the CLI reads it, so
/// the apps do not parse it themselves. Anything else is `InvalidInput` saying what is wanted.
#[uniffi::export]
pub fn parse_time_of_day(text: String) -> Result<TimeOfDay, HearthError> {
    text.parse::<core::TimeOfDay>()
        .map(time_from_core)
        .map_err(HearthError::from)
}

pub(crate) fn time_to_core(t: TimeOfDay) -> Result<core::TimeOfDay, HearthError> {
    core::TimeOfDay::new(t.hour, t.minute).map_err(HearthError::from)
}

pub(crate) fn time_from_core(t: core::TimeOfDay) -> TimeOfDay {
    TimeOfDay {
        hour: t.hour(),
        minute: t.minute(),
    }
}

impl TryFrom<ReminderSettings> for core::ReminderSettings {
    type Error = HearthError;
    fn try_from(s: ReminderSettings) -> Result<Self, HearthError> {
        let schedule = match s.schedule {
            ReminderSchedule::FixedTimes { times } => core::ReminderSchedule::FixedTimes {
                times: times
                    .into_iter()
                    .map(time_to_core)
                    .collect::<Result<_, _>>()?,
            },
            ReminderSchedule::RandomInWindow { start, end } => {
                core::ReminderSchedule::RandomInWindow {
                    start: time_to_core(start)?,
                    end: time_to_core(end)?,
                }
            }
        };
        Ok(core::ReminderSettings {
            enabled: s.enabled,
            time_zone: s.time_zone,
            schedule,
        })
    }
}

impl From<core::ReminderSettings> for ReminderSettings {
    fn from(s: core::ReminderSettings) -> Self {
        ReminderSettings {
            enabled: s.enabled,
            time_zone: s.time_zone,
            schedule: match s.schedule {
                core::ReminderSchedule::FixedTimes { times } => ReminderSchedule::FixedTimes {
                    times: times.into_iter().map(time_from_core).collect(),
                },
                core::ReminderSchedule::RandomInWindow { start, end } => {
                    ReminderSchedule::RandomInWindow {
                        start: time_from_core(start),
                        end: time_from_core(end),
                    }
                }
            },
        }
    }
}

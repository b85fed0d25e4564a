//! The time zone a command works in: the one the person gave, else this computer's.

/// `given`, else this computer's IANA zone; `None` when neither is known.
pub fn given_or_system(given: Option<String>) -> Option<String> {
    given.or_else(|| jiff::tz::TimeZone::system().iana_name().map(str::to_owned))
}

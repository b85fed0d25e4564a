//! How a command fails: a core error, or a refusal the CLI reports itself (a code that did
//! not let the person in, say). Either way one line on stderr and a non-zero exit, so
//! scripts can tell.

use std::fmt;

/// Why a command did not do what was asked.
#[derive(Debug)]
pub enum Failure {
    /// The core refused or failed.
    Core(hearth_core::Error),
    /// The command ran, and its outcome is a refusal (already worded for the person).
    Refused(String),
}

impl From<hearth_core::Error> for Failure {
    fn from(e: hearth_core::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Core(e.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The core's message keeps the facilitator's words out; the person needs them.
            Failure::Core(hearth_core::Error::HeldByRule {
                explanation,
                until_ms,
                ..
            }) => {
                write!(f, "held back by the circle's rules: {explanation}")?;
                if let Some(until) = until_ms {
                    let minutes = (until - crate::circles::now_ms() + 59_999).max(0) / 60_000;
                    write!(f, " (you can post again in {minutes} minutes)")?;
                }
                Ok(())
            }
            Failure::Core(e) => write!(f, "{e}"),
            Failure::Refused(why) => f.write_str(why),
        }
    }
}

/// What a command returns.
pub type Outcome<T = ()> = std::result::Result<T, Failure>;

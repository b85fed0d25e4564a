//! Validated questionnaires (PHQ-2/9, GAD-2/7, WHO-5): answering, scoring, banding, and the
//! safety result for PHQ-9 item 9, which a caller cannot overlook because it is its own
//! variant of [`SurveyOutcome`].

mod definitions;
pub(crate) mod results;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::moment::Moment;

pub use definitions::{Band, Instrument, Severity};

/// The PHQ-9 item about thoughts of death or self-harm (zero-based index).
pub const PHQ9_SELF_HARM_ITEM: usize = 8;

/// A scored, stored questionnaire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResult {
    /// Stable random id.
    pub id: String,
    /// Which questionnaire.
    pub instrument: Instrument,
    /// When it was answered.
    pub at: Moment,
    /// The answer to each item (index into the scale).
    pub answers: Vec<u8>,
    /// The reported score.
    pub score: u32,
    /// The highest possible score.
    pub max_score: u32,
    /// The band's label.
    pub band: String,
    /// The band's severity.
    pub severity: Severity,
    /// When it was saved.
    pub created_at: Timestamp,
}

/// Why a result needs a safety response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafetyConcern {
    /// PHQ-9 item 9 was answered above "Not at all": thoughts of being better off dead or of
    /// self-harm. `answer` is the index on the frequency scale (1–3).
    SelfHarmThoughts {
        /// The item-9 answer.
        answer: u8,
    },
}

impl SafetyConcern {
    /// What to show the person at once, before the fuller safety flow (a regional directory
    /// of crisis resources) takes over.
    pub fn guidance(&self) -> &'static str {
        "You said you have had thoughts of being better off dead or of hurting yourself. \
         You are not alone, and help is there right now. If you are in immediate danger, call \
         your local emergency number. In the US and Canada you can call or text 988; in the UK \
         and Ireland, Samaritans answer on 116 123. Please consider telling someone you trust today."
    }
}

/// What answering a questionnaire produced. Match on it: the safety case is not a flag that
/// can be skipped, it is a separate variant carrying the result.
#[derive(Clone, Debug, PartialEq)]
pub enum SurveyOutcome {
    /// Scored and saved; nothing needs an immediate response.
    Recorded(SurveyResult),
    /// Scored and saved, and the person must now be shown the safety flow (crisis resources).
    SafetyConcern {
        /// The saved result.
        result: SurveyResult,
        /// Why.
        concern: SafetyConcern,
    },
}

impl SurveyOutcome {
    /// The saved result, whichever the variant.
    pub fn result(&self) -> &SurveyResult {
        match self {
            SurveyOutcome::Recorded(r) | SurveyOutcome::SafetyConcern { result: r, .. } => r,
        }
    }
}

/// Checks the answers against the instrument's shape.
pub(crate) fn validate_answers(instrument: Instrument, answers: &[u8]) -> Result<()> {
    let items = instrument.items().len();
    if answers.len() != items {
        return Err(Error::invalid(
            "answers",
            format!("{} takes exactly {items} answers", instrument.name()),
        ));
    }
    let top = instrument.scale().len() - 1;
    if answers.iter().any(|a| usize::from(*a) > top) {
        return Err(Error::invalid(
            "answers",
            format!("each answer of {} is from 0 to {top}", instrument.name()),
        ));
    }
    Ok(())
}

/// The safety concern in a result, if any.
pub(crate) fn safety_concern(instrument: Instrument, answers: &[u8]) -> Option<SafetyConcern> {
    match (instrument, answers.get(PHQ9_SELF_HARM_ITEM)) {
        (Instrument::Phq9, Some(&answer)) if answer > 0 => {
            Some(SafetyConcern::SelfHarmThoughts { answer })
        }
        _ => None,
    }
}

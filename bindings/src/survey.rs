//! Questionnaires: their definitions (to draw the form), results, and the outcome of
//! answering one, where a safety concern is its own variant the app cannot overlook.

use hearth_core::instruments as core;

use crate::error::HearthError;
use crate::time::{ms, Moment};

/// A questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Instrument {
    /// PHQ-2: two-question depression screen.
    Phq2,
    /// PHQ-9: depression severity.
    Phq9,
    /// GAD-2: two-question anxiety screen.
    Gad2,
    /// GAD-7: anxiety severity.
    Gad7,
    /// WHO-5 Well-Being Index.
    Who5,
}

/// How a band reads, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Severity {
    /// Minimal symptoms, a negative screen, or good well-being.
    None,
    /// Mild.
    Mild,
    /// Moderate; for screens, a positive result worth a fuller questionnaire.
    Moderate,
    /// Moderately severe.
    ModeratelySevere,
    /// Severe.
    Severe,
}

/// A score range and what it means.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Band {
    /// The lowest score in the band.
    pub min: u32,
    /// The highest score in the band.
    pub max: u32,
    /// The published label.
    pub label: String,
    /// Where it sits from best to worst.
    pub severity: Severity,
}

/// Everything needed to draw a questionnaire and explain its score.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InstrumentInfo {
    /// Which questionnaire.
    pub instrument: Instrument,
    /// Its short name, e.g. "PHQ-9".
    pub name: String,
    /// The question asked before the items.
    pub preamble: String,
    /// The items, in order.
    pub items: Vec<String>,
    /// The answer choices, in order; an answer is an index into this list.
    pub scale: Vec<String>,
    /// The score bands, lowest first.
    pub bands: Vec<Band>,
    /// The highest possible score.
    pub max_score: u32,
}

/// A scored, saved questionnaire.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SurveyResult {
    /// Stable random id.
    pub id: String,
    /// Which questionnaire.
    pub instrument: Instrument,
    /// When it was answered.
    pub at: Moment,
    /// The answer to each item (index into the scale).
    pub answers: Vec<u32>,
    /// The reported score.
    pub score: u32,
    /// The highest possible score.
    pub max_score: u32,
    /// The band's label.
    pub band: String,
    /// The band's severity.
    pub severity: Severity,
    /// When it was saved (Unix milliseconds).
    pub created_at_ms: i64,
}

/// Why a result needs a safety response.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SafetyConcern {
    /// PHQ-9 item 9 was answered above "Not at all": thoughts of being better off dead or of
    /// self-harm. `answer` is the index on the frequency scale (1–3).
    SelfHarmThoughts {
        /// The item-9 answer.
        answer: u8,
    },
}

/// What answering a questionnaire produced.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SurveyOutcome {
    /// Scored and saved; nothing needs an immediate response.
    Recorded {
        /// The saved result.
        result: SurveyResult,
    },
    /// Scored and saved, and the safety screen must be shown now, before anything else.
    SafetyConcern {
        /// The saved result.
        result: SurveyResult,
        /// Why.
        concern: SafetyConcern,
        /// What to tell the person at once (crisis lines, emergency number).
        guidance: String,
    },
}

/// Answers as the core takes them; an index too large for any scale is refused by name.
pub(crate) fn answers_to_core(answers: Vec<u32>) -> Result<Vec<u8>, HearthError> {
    answers
        .into_iter()
        .map(u8::try_from)
        .collect::<Result<_, _>>()
        .map_err(|_| HearthError::invalid("answers", "each answer is an index into the scale"))
}

/// The definitions of every questionnaire Hearth offers, in menu order.
#[uniffi::export]
pub fn instrument_info() -> Vec<InstrumentInfo> {
    core::Instrument::ALL
        .iter()
        .map(|&i| InstrumentInfo {
            instrument: i.into(),
            name: i.name().to_owned(),
            preamble: i.preamble().to_owned(),
            items: i.items().iter().map(|s| (*s).to_owned()).collect(),
            scale: i.scale().iter().map(|s| (*s).to_owned()).collect(),
            bands: i
                .bands()
                .iter()
                .map(|b| Band {
                    min: b.min,
                    max: b.max,
                    label: b.label.to_owned(),
                    severity: b.severity.into(),
                })
                .collect(),
            max_score: i.max_score(),
        })
        .collect()
}

impl From<core::Instrument> for Instrument {
    fn from(i: core::Instrument) -> Self {
        match i {
            core::Instrument::Phq2 => Instrument::Phq2,
            core::Instrument::Phq9 => Instrument::Phq9,
            core::Instrument::Gad2 => Instrument::Gad2,
            core::Instrument::Gad7 => Instrument::Gad7,
            core::Instrument::Who5 => Instrument::Who5,
        }
    }
}

impl From<Instrument> for core::Instrument {
    fn from(i: Instrument) -> Self {
        match i {
            Instrument::Phq2 => core::Instrument::Phq2,
            Instrument::Phq9 => core::Instrument::Phq9,
            Instrument::Gad2 => core::Instrument::Gad2,
            Instrument::Gad7 => core::Instrument::Gad7,
            Instrument::Who5 => core::Instrument::Who5,
        }
    }
}

impl From<core::Severity> for Severity {
    fn from(s: core::Severity) -> Self {
        match s {
            core::Severity::None => Severity::None,
            core::Severity::Mild => Severity::Mild,
            core::Severity::Moderate => Severity::Moderate,
            core::Severity::ModeratelySevere => Severity::ModeratelySevere,
            core::Severity::Severe => Severity::Severe,
        }
    }
}

impl From<core::SurveyResult> for SurveyResult {
    fn from(r: core::SurveyResult) -> Self {
        SurveyResult {
            id: r.id,
            instrument: r.instrument.into(),
            at: r.at.into(),
            answers: r.answers.into_iter().map(u32::from).collect(),
            score: r.score,
            max_score: r.max_score,
            band: r.band,
            severity: r.severity.into(),
            created_at_ms: ms(r.created_at),
        }
    }
}

impl From<core::SurveyOutcome> for SurveyOutcome {
    fn from(o: core::SurveyOutcome) -> Self {
        match o {
            core::SurveyOutcome::Recorded(result) => SurveyOutcome::Recorded {
                result: result.into(),
            },
            core::SurveyOutcome::SafetyConcern { result, concern } => {
                SurveyOutcome::SafetyConcern {
                    result: result.into(),
                    guidance: concern.guidance().to_owned(),
                    concern: match concern {
                        core::SafetyConcern::SelfHarmThoughts { answer } => {
                            SafetyConcern::SelfHarmThoughts { answer }
                        }
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instrument_is_described_with_bands_covering_its_scores() {
        let all = instrument_info();
        assert_eq!(all.len(), 5);
        for info in all {
            assert_eq!(info.bands.first().map(|b| b.min), Some(0));
            assert_eq!(info.bands.last().map(|b| b.max), Some(info.max_score));
            assert!(!info.items.is_empty() && !info.scale.is_empty());
        }
    }
}

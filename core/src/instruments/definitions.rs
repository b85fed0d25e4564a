//! The questionnaires Hearth offers (all free to use): their items, answer scales and
//! severity bands, as published.
//!
//! PHQ-9, PHQ-2, GAD-7 and GAD-2: Spitzer, Williams, Kroenke et al., released by Pfizer
//! without copyright restriction. WHO-5: WHO Collaborating Centre in Mental Health, free to
//! use (raw score 0–25, reported ×4 as a percentage).

use serde::{Deserialize, Serialize};

/// A questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Instrument {
    /// Patient Health Questionnaire, 2 items (depression screen).
    Phq2,
    /// Patient Health Questionnaire, 9 items (depression severity).
    Phq9,
    /// Generalized Anxiety Disorder, 2 items (anxiety screen).
    Gad2,
    /// Generalized Anxiety Disorder, 7 items (anxiety severity).
    Gad7,
    /// WHO-5 Well-Being Index.
    Who5,
}

/// How a band reads, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// Lowest score in the band.
    pub min: u32,
    /// Highest score in the band.
    pub max: u32,
    /// The published label.
    pub label: &'static str,
    /// Where it sits from best to worst.
    pub severity: Severity,
}

const FREQUENCY: &[&str] = &[
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
];

const WHO5_SCALE: &[&str] = &[
    "At no time",
    "Some of the time",
    "Less than half of the time",
    "More than half of the time",
    "Most of the time",
    "All of the time",
];

const PHQ9_ITEMS: &[&str] = &[
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];

const GAD7_ITEMS: &[&str] = &[
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
];

const WHO5_ITEMS: &[&str] = &[
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
];

const PHQ9_BANDS: &[Band] = &[
    Band {
        min: 0,
        max: 4,
        label: "Minimal depression",
        severity: Severity::None,
    },
    Band {
        min: 5,
        max: 9,
        label: "Mild depression",
        severity: Severity::Mild,
    },
    Band {
        min: 10,
        max: 14,
        label: "Moderate depression",
        severity: Severity::Moderate,
    },
    Band {
        min: 15,
        max: 19,
        label: "Moderately severe depression",
        severity: Severity::ModeratelySevere,
    },
    Band {
        min: 20,
        max: 27,
        label: "Severe depression",
        severity: Severity::Severe,
    },
];

const GAD7_BANDS: &[Band] = &[
    Band {
        min: 0,
        max: 4,
        label: "Minimal anxiety",
        severity: Severity::None,
    },
    Band {
        min: 5,
        max: 9,
        label: "Mild anxiety",
        severity: Severity::Mild,
    },
    Band {
        min: 10,
        max: 14,
        label: "Moderate anxiety",
        severity: Severity::Moderate,
    },
    Band {
        min: 15,
        max: 21,
        label: "Severe anxiety",
        severity: Severity::Severe,
    },
];

const PHQ2_BANDS: &[Band] = &[
    Band {
        min: 0,
        max: 2,
        label: "Negative depression screen",
        severity: Severity::None,
    },
    Band {
        min: 3,
        max: 6,
        label: "Positive depression screen: the PHQ-9 is suggested",
        severity: Severity::Moderate,
    },
];

const GAD2_BANDS: &[Band] = &[
    Band {
        min: 0,
        max: 2,
        label: "Negative anxiety screen",
        severity: Severity::None,
    },
    Band {
        min: 3,
        max: 6,
        label: "Positive anxiety screen: the GAD-7 is suggested",
        severity: Severity::Moderate,
    },
];

/// WHO-5 on its 0–100 scale: 50 or below suggests screening for depression, 28 or below is
/// a likely sign of depression.
const WHO5_BANDS: &[Band] = &[
    Band {
        min: 0,
        max: 28,
        label: "Very low well-being: the PHQ-9 is suggested",
        severity: Severity::Severe,
    },
    Band {
        min: 29,
        max: 50,
        label: "Low well-being: the PHQ-9 is suggested",
        severity: Severity::Moderate,
    },
    Band {
        min: 51,
        max: 100,
        label: "Good well-being",
        severity: Severity::None,
    },
];

impl Instrument {
    /// All instruments.
    pub const ALL: [Instrument; 5] = [
        Instrument::Phq2,
        Instrument::Phq9,
        Instrument::Gad2,
        Instrument::Gad7,
        Instrument::Who5,
    ];

    /// The short code used in commands and files (`phq9`).
    pub fn code(self) -> &'static str {
        match self {
            Instrument::Phq2 => "phq2",
            Instrument::Phq9 => "phq9",
            Instrument::Gad2 => "gad2",
            Instrument::Gad7 => "gad7",
            Instrument::Who5 => "who5",
        }
    }

    /// Parses a code, ignoring case and a dash (`PHQ-9`).
    pub fn from_code(code: &str) -> Option<Instrument> {
        let folded: String = code
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_lowercase();
        Self::ALL.into_iter().find(|i| i.code() == folded)
    }

    /// The display name.
    pub fn name(self) -> &'static str {
        match self {
            Instrument::Phq2 => "PHQ-2",
            Instrument::Phq9 => "PHQ-9",
            Instrument::Gad2 => "GAD-2",
            Instrument::Gad7 => "GAD-7",
            Instrument::Who5 => "WHO-5",
        }
    }

    /// The question that introduces the items.
    pub fn preamble(self) -> &'static str {
        match self {
            Instrument::Who5 => "Over the last two weeks:",
            _ => "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        }
    }

    /// The items, in order.
    pub fn items(self) -> &'static [&'static str] {
        match self {
            Instrument::Phq2 => &PHQ9_ITEMS[..2],
            Instrument::Phq9 => PHQ9_ITEMS,
            Instrument::Gad2 => &GAD7_ITEMS[..2],
            Instrument::Gad7 => GAD7_ITEMS,
            Instrument::Who5 => WHO5_ITEMS,
        }
    }

    /// The answer labels; an answer is the index into this list.
    pub fn scale(self) -> &'static [&'static str] {
        match self {
            Instrument::Who5 => WHO5_SCALE,
            _ => FREQUENCY,
        }
    }

    /// The bands of the reported score.
    pub fn bands(self) -> &'static [Band] {
        match self {
            Instrument::Phq2 => PHQ2_BANDS,
            Instrument::Phq9 => PHQ9_BANDS,
            Instrument::Gad2 => GAD2_BANDS,
            Instrument::Gad7 => GAD7_BANDS,
            Instrument::Who5 => WHO5_BANDS,
        }
    }

    /// The highest reported score.
    pub fn max_score(self) -> u32 {
        match self {
            Instrument::Who5 => 100,
            other => (other.items().len() * (other.scale().len() - 1)) as u32,
        }
    }

    /// The reported score of valid answers (WHO-5: raw sum × 4).
    pub(crate) fn score(self, answers: &[u8]) -> u32 {
        let raw: u32 = answers.iter().map(|a| u32::from(*a)).sum();
        match self {
            Instrument::Who5 => raw * 4,
            _ => raw,
        }
    }

    /// The band of a reported score.
    pub fn band(self, score: u32) -> Band {
        let bands = self.bands();
        bands
            .iter()
            .copied()
            .find(|b| (b.min..=b.max).contains(&score))
            .unwrap_or(bands[bands.len() - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_score_without_gaps() {
        for i in Instrument::ALL {
            let bands = i.bands();
            assert_eq!(bands[0].min, 0, "{i:?}");
            assert_eq!(bands[bands.len() - 1].max, i.max_score(), "{i:?}");
            for pair in bands.windows(2) {
                assert_eq!(pair[0].max + 1, pair[1].min, "{i:?}");
            }
        }
    }

    #[test]
    fn published_shapes() {
        assert_eq!(Instrument::Phq9.items().len(), 9);
        assert_eq!(Instrument::Phq9.max_score(), 27);
        assert_eq!(Instrument::Gad7.max_score(), 21);
        assert_eq!(Instrument::Phq2.max_score(), 6);
        assert_eq!(Instrument::Who5.score(&[5, 5, 5, 5, 5]), 100);
        assert_eq!(Instrument::from_code("PHQ-9"), Some(Instrument::Phq9));
        assert_eq!(Instrument::from_code("bdi"), None);
    }
}

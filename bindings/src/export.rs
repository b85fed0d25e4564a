//! Records returned by the calls that move the whole journal (import, sample data).

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ImportSummary {
    /// Check-ins that were new.
    pub checkins_added: u32,
    /// Check-ins replaced by a newer edit from the backup.
    pub checkins_updated: u32,
    /// Journal entries that were new.
    pub entries_added: u32,
    /// Journal entries replaced by a newer edit.
    pub entries_updated: u32,
    /// Questionnaire results that were new.
    pub surveys_added: u32,
    /// Goals that were new (with their logs).
    pub goals_added: u32,
    /// Goals here already that the import brought newer edits of.
    pub goals_updated: u32,
    /// Records already here and not older (nothing to do).
    pub unchanged: u32,
}

/// What adding sample data added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SampleSummary {
    /// Check-ins added.
    pub checkins: u32,
    /// Journal entries added.
    pub entries: u32,
    /// Questionnaires added.
    pub surveys: u32,
}

impl From<hearth_core::export::ImportSummary> for ImportSummary {
    fn from(s: hearth_core::export::ImportSummary) -> Self {
        ImportSummary {
            checkins_added: s.checkins_added,
            checkins_updated: s.checkins_updated,
            entries_added: s.entries_added,
            entries_updated: s.entries_updated,
            surveys_added: s.surveys_added,
            goals_added: s.goals_added,
            goals_updated: s.goals_updated,
            unchanged: s.unchanged,
        }
    }
}

impl From<hearth_core::sample::SampleSummary> for SampleSummary {
    fn from(s: hearth_core::sample::SampleSummary) -> Self {
        SampleSummary {
            checkins: s.checkins,
            entries: s.entries,
            surveys: s.surveys,
        }
    }
}

//! Bringing history from another mood app (Daylio, Bearable) across the FFI: a preview
//! that writes nothing, then the import.

use hearth_core::export as core;

use crate::client::HearthClient;
use crate::error::HearthError;
use crate::export::ImportSummary;
use crate::time::LocalDate;

/// The app an export comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ForeignApp {
    /// Daylio's "Export entries" CSV.
    Daylio,
    /// Bearable's data export CSV.
    Bearable,
}

impl From<ForeignApp> for core::ForeignApp {
    fn from(app: ForeignApp) -> Self {
        match app {
            ForeignApp::Daylio => core::ForeignApp::Daylio,
            ForeignApp::Bearable => core::ForeignApp::Bearable,
        }
    }
}

impl From<core::ForeignApp> for ForeignApp {
    fn from(app: core::ForeignApp) -> Self {
        match app {
            core::ForeignApp::Daylio => ForeignApp::Daylio,
            core::ForeignApp::Bearable => ForeignApp::Bearable,
        }
    }
}

/// One of the person's mood words and the mood (1 to 5) it means.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct MoodMapping {
    /// The word as the export writes it.
    pub label: String,
    /// 1 (very low) to 5 (very good).
    pub mood: u8,
}

/// How to read an export.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ForeignImportOptions {
    /// The IANA zone the export's times are in (the person's, when they kept it).
    pub time_zone: String,
    /// Mood words the person gave a meaning to.
    pub moods: Vec<MoodMapping>,
}

impl From<ForeignImportOptions> for core::ForeignImportOptions {
    fn from(o: ForeignImportOptions) -> Self {
        core::ForeignImportOptions {
            time_zone: o.time_zone,
            moods: o
                .moods
                .into_iter()
                .map(|m| core::MoodMapping {
                    label: m.label,
                    mood: m.mood,
                })
                .collect(),
        }
    }
}

/// A mood word in the export, how often, and what it becomes (`None`: ask the person).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct MoodWordUse {
    /// The word.
    pub label: String,
    /// The mood it becomes, once known.
    pub mood: Option<u8>,
    /// Rows that use it.
    pub rows: u32,
}

/// Something the export holds that Hearth does not keep.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LeftOut {
    /// What it is.
    pub what: String,
    /// How many rows.
    pub rows: u32,
}

/// A row that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RowProblem {
    /// Its line in the file.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What an import would bring; nothing is written to make it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ForeignPreview {
    /// The app.
    pub app: ForeignApp,
    /// Check-ins it holds.
    pub checkins: u32,
    /// Journal entries it holds.
    pub entries: u32,
    /// How many of those are here from an earlier import.
    pub already_here: u32,
    /// The first day.
    pub first_day: Option<LocalDate>,
    /// The last day.
    pub last_day: Option<LocalDate>,
    /// Mood words and their meaning.
    pub moods: Vec<MoodWordUse>,
    /// Tags the check-ins will carry, most used first.
    pub tags: Vec<String>,
    /// What Hearth does not keep.
    pub left_out: Vec<LeftOut>,
    /// Rows that cannot be read.
    pub problems: Vec<RowProblem>,
}

fn problems(p: Vec<core::RowProblem>) -> Vec<RowProblem> {
    p.into_iter()
        .map(|p| RowProblem {
            line: p.line,
            reason: p.reason,
        })
        .collect()
}

impl From<core::ForeignPreview> for ForeignPreview {
    fn from(p: core::ForeignPreview) -> Self {
        ForeignPreview {
            app: p.app.into(),
            checkins: p.checkins,
            entries: p.entries,
            already_here: p.already_here,
            first_day: p.first_day.map(Into::into),
            last_day: p.last_day.map(Into::into),
            moods: p
                .moods
                .into_iter()
                .map(|m| MoodWordUse {
                    label: m.label,
                    mood: m.mood,
                    rows: m.rows,
                })
                .collect(),
            tags: p.tags,
            left_out: p
                .left_out
                .into_iter()
                .map(|l| LeftOut {
                    what: l.what,
                    rows: l.rows,
                })
                .collect(),
            problems: problems(p.problems),
        }
    }
}

/// What an import did, and the rows it left out.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ForeignImportSummary {
    /// What the journal took.
    pub summary: ImportSummary,
    /// Rows left out.
    pub problems: Vec<RowProblem>,
}

#[uniffi::export]
impl HearthClient {
    /// What importing another app's export would bring; writes nothing. A file that is not
    /// that app's export is `InvalidInput { field: "file" }`.
    pub async fn preview_foreign_import(
        &self,
        app: ForeignApp,
        file: Vec<u8>,
        options: ForeignImportOptions,
    ) -> Result<ForeignPreview, HearthError> {
        let options = options.into();
        self.call(move |c| {
            Ok(c.preview_foreign_import(app.into(), &file, &options)?
                .into())
        })
        .await
    }

    /// Imports another app's export; a second import of it adds nothing. Refused while a
    /// mood word has no meaning (`InvalidInput { field: "moods" }`).
    pub async fn import_foreign(
        &self,
        app: ForeignApp,
        file: Vec<u8>,
        options: ForeignImportOptions,
    ) -> Result<ForeignImportSummary, HearthError> {
        let options = options.into();
        self.call(move |c| {
            let done = c.import_foreign(app.into(), &file, &options)?;
            Ok(ForeignImportSummary {
                summary: done.summary.into(),
                problems: problems(done.problems),
            })
        })
        .await
    }
}

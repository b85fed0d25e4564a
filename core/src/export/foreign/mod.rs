//! Bringing a person's history from another mood app: Daylio's and Bearable's CSV exports
//! become Hearth check-ins and journal entries.
//!
//! Each file is read whole into a [`JournalDocument`] first, so the preview and the import
//! see the same thing and the import is the journal's own (one transaction, every record
//! checked as one typed by hand). Records get ids derived from where they sit in the file's
//! history (the app, the day, the time, the order), never from the clock, so importing the
//! same export again adds nothing. A row that cannot be read is reported with its line and
//! left out; a file that is not the export it claims to be writes nothing.
//!
//! The apps write local times without a zone: the person says which zone they lived in,
//! and each time is placed in it (a time that a daylight-saving change skipped moves
//! forward; one that happened twice is taken the first time).

mod bearable;
mod daylio;
mod table;

pub use daylio::DAYLIO_DEFAULT_MOODS;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::export::document::{JournalDocument, FORMAT_NAME, FORMAT_VERSION};
use crate::journal::checkins::ValidCheckin;
use crate::journal::entries::ValidEntry;
use crate::journal::{Checkin, CheckinDraft, Entry, EntryDraft};
use crate::moment::Moment;

/// The largest export read (Daylio and Bearable exports of many years are a few MB).
pub const FOREIGN_FILE_MAX_BYTES: usize = 32 * 1024 * 1024;
/// The most rows read from one export.
pub const FOREIGN_ROWS_MAX: usize = 500_000;
/// The most row problems listed (a wrong file would otherwise list every row).
pub const FOREIGN_PROBLEMS_MAX: usize = 200;

/// The app an export comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForeignApp {
    /// Daylio's "Export entries" CSV (7 or 8 columns, one row per entry).
    Daylio,
    /// Bearable's data export CSV (one row per thing logged).
    Bearable,
}

impl ForeignApp {
    /// The app's name as people know it.
    pub fn name(self) -> &'static str {
        match self {
            ForeignApp::Daylio => "Daylio",
            ForeignApp::Bearable => "Bearable",
        }
    }

    /// The app named `name` (any case).
    pub fn parse(name: &str) -> Option<ForeignApp> {
        match name.to_ascii_lowercase().as_str() {
            "daylio" => Some(ForeignApp::Daylio),
            "bearable" => Some(ForeignApp::Bearable),
            _ => None,
        }
    }
}

/// One of the person's own mood words and the Hearth mood (1 to 5) it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoodMapping {
    /// The word as the export writes it (matched without regard to case or spaces around).
    pub label: String,
    /// 1 (very low) to 5 (very good).
    pub mood: u8,
}

/// How to read an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignImportOptions {
    /// The IANA time zone the export's times are in.
    pub time_zone: String,
    /// Mood words beyond the app's defaults, or a different meaning for a default.
    pub moods: Vec<MoodMapping>,
}

/// A row that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The file's line the row starts on (the header is line 1).
    pub line: u64,
    /// What is wrong with it (never the row's text).
    pub reason: String,
}

/// How often a mood word appears, and what it means here (`None`: not known yet; the
/// person has to say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoodWordUse {
    /// The word, as first written in the file.
    pub label: String,
    /// The Hearth mood it becomes.
    pub mood: Option<u8>,
    /// Rows that use it.
    pub rows: u32,
}

/// Something in the export Hearth has no place for, and how many rows of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// What it is (a Bearable category, say).
    pub what: String,
    /// How many rows.
    pub rows: u32,
}

/// What importing an export would do, worked out before anything is written.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignPreview {
    /// The app the file is from.
    pub app: ForeignApp,
    /// Check-ins it holds.
    pub checkins: u32,
    /// Journal entries it holds (notes with no mood beside them, or too long for a note).
    pub entries: u32,
    /// Of those, how many an earlier import already brought.
    pub already_here: u32,
    /// The first and last day (in the chosen zone), when there is any.
    pub first_day: Option<Date>,
    /// The last day.
    pub last_day: Option<Date>,
    /// Every mood word used, and what it becomes.
    pub moods: Vec<MoodWordUse>,
    /// The tags the check-ins will carry (activities, factors), most used first.
    pub tags: Vec<String>,
    /// What the file holds that Hearth does not keep.
    pub left_out: Vec<LeftOut>,
    /// Rows that cannot be read (at most [`FOREIGN_PROBLEMS_MAX`]).
    pub problems: Vec<RowProblem>,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignImportSummary {
    /// What the journal took.
    pub summary: crate::export::ImportSummary,
    /// Rows left out, with why.
    pub problems: Vec<RowProblem>,
}

/// An export read into the journal's document, with what the reading found.
pub(crate) struct Read {
    pub document: JournalDocument,
    pub moods: Vec<MoodWordUse>,
    pub left_out: Vec<LeftOut>,
    pub problems: Vec<RowProblem>,
}

impl Read {
    /// Every mood word has a meaning, or the person is told which do not.
    pub(crate) fn check_moods_known(&self) -> Result<()> {
        let unknown: Vec<&str> = self
            .moods
            .iter()
            .filter(|m| m.mood.is_none())
            .map(|m| m.label.as_str())
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        Err(Error::invalid(
            "moods",
            format!(
                "say which mood (1 to 5) {} mean{}",
                unknown.len(),
                if unknown.len() == 1 { "s" } else { "" }
            ),
        ))
    }

    /// The preview, given which of the document's records are here already.
    pub(crate) fn preview(self, app: ForeignApp, already_here: u32) -> ForeignPreview {
        let doc = &self.document;
        let days: Vec<Date> = (doc.checkins.iter().map(|c| c.at.local_date()))
            .chain(doc.entries.iter().map(|e| e.at.local_date()))
            .collect();
        let mut uses: std::collections::BTreeMap<&str, u32> = Default::default();
        for tag in doc.checkins.iter().flat_map(|c| &c.tags) {
            *uses.entry(tag).or_default() += 1;
        }
        // Most used first; alphabetical among equals (the map's order, kept by a stable sort).
        let mut tags: Vec<(&str, u32)> = uses.into_iter().collect();
        tags.sort_by_key(|t| std::cmp::Reverse(t.1));
        let tags = tags.into_iter().map(|(t, _)| t.to_string()).collect();
        ForeignPreview {
            app,
            checkins: count(self.document.checkins.len()),
            entries: count(self.document.entries.len()),
            already_here,
            first_day: days.iter().min().copied(),
            last_day: days.iter().max().copied(),
            moods: self.moods,
            tags,
            left_out: self.left_out,
            problems: self.problems,
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads `bytes` as `app`'s export. A file that is not one is refused whole.
pub(crate) fn read(
    app: ForeignApp,
    bytes: &[u8],
    options: &ForeignImportOptions,
    now: Moment,
) -> Result<Read> {
    let zone = TimeZone::get(options.time_zone.trim())
        .map_err(|_| Error::invalid("time_zone", "not an IANA time zone, such as Europe/Dublin"))?;
    for m in &options.moods {
        if !(1..=5).contains(&m.mood) || m.label.trim().is_empty() {
            return Err(Error::invalid(
                "moods",
                "each mood word means a mood from 1 to 5",
            ));
        }
    }
    let table = table::Table::read(app, bytes)?;
    let mut out = Builder::new(app, zone, now);
    match app {
        ForeignApp::Daylio => daylio::read(&table, options, &mut out)?,
        ForeignApp::Bearable => bearable::read(&table, &mut out)?,
    }
    Ok(out.finish())
}

/// Collects checked records and problems as a reader goes.
pub(crate) struct Builder {
    app: ForeignApp,
    zone: TimeZone,
    now: Moment,
    checkins: Vec<Checkin>,
    entries: Vec<Entry>,
    moods: Vec<MoodWordUse>,
    left_out: Vec<LeftOut>,
    problems: Vec<RowProblem>,
    /// Ids handed out so far, to tell apart two records of the same minute.
    ids: std::collections::HashSet<String>,
}

impl Builder {
    fn new(app: ForeignApp, zone: TimeZone, now: Moment) -> Self {
        Builder {
            app,
            zone,
            now,
            checkins: Vec::new(),
            entries: Vec::new(),
            moods: Vec::new(),
            left_out: Vec::new(),
            problems: Vec::new(),
            ids: Default::default(),
        }
    }

    /// A local date and time placed in the person's zone.
    pub(crate) fn moment(&self, date: Date, time: Time) -> Result<Moment> {
        let zoned = DateTime::from_parts(date, time)
            .to_zoned(self.zone.clone())
            .map_err(|_| Error::invalid("time", "outside the calendar"))?;
        Ok(Moment::new(zoned.timestamp(), zoned.offset()))
    }

    /// A row left out.
    pub(crate) fn problem(&mut self, line: u64, reason: impl Into<String>) {
        if self.problems.len() < FOREIGN_PROBLEMS_MAX {
            self.problems.push(RowProblem {
                line,
                reason: reason.into(),
            });
        }
    }

    /// Counts a use of a mood word and what it means.
    pub(crate) fn mood_word(&mut self, label: &str, mood: Option<u8>) {
        let key = label.trim();
        match self
            .moods
            .iter_mut()
            .find(|m| m.label.trim().eq_ignore_ascii_case(key))
        {
            Some(m) => m.rows += 1,
            None => self.moods.push(MoodWordUse {
                label: key.to_string(),
                mood,
                rows: 1,
            }),
        }
    }

    /// Counts a row of something Hearth does not keep.
    pub(crate) fn left_out(&mut self, what: &str) {
        match self.left_out.iter_mut().find(|l| l.what == what) {
            Some(l) => l.rows += 1,
            None => self.left_out.push(LeftOut {
                what: what.to_string(),
                rows: 1,
            }),
        }
    }

    /// A stable id for the `kind` of record the file dates at `local`: the same export gives
    /// the same ids every time, whichever zone it is read in, so reading it again in
    /// another zone adds nothing either.
    fn id(&mut self, kind: &str, local: DateTime) -> String {
        let mut n: u64 = 0;
        loop {
            let key = format!("{}\0{kind}\0{local}\0{n}", self.app.name());
            let digest = ring::digest::digest(&ring::digest::SHA256, key.as_bytes());
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(&digest.as_ref()[..16]);
            let id = uuid::Builder::from_custom_bytes(bytes)
                .into_uuid()
                .to_string();
            if self.ids.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    }

    /// A check-in the file dates at `local`, checked as one typed by hand; its id, or why
    /// it was left out.
    pub(crate) fn checkin(
        &mut self,
        line: u64,
        local: DateTime,
        draft: CheckinDraft,
    ) -> Option<String> {
        let at = draft.at?;
        let valid = match ValidCheckin::from_draft(&draft, self.now) {
            Ok(valid) => valid,
            Err(e) => {
                self.problem(line, reason(&e));
                return None;
            }
        };
        let id = self.id("checkin", local);
        // Created and changed "at" the time itself, so a second import is no newer.
        self.checkins.push(Checkin {
            id: id.clone(),
            at,
            mood: valid.mood,
            energy: valid.energy,
            emotions: valid.emotions,
            tags: valid.tags,
            sleep_hours: valid.sleep_hours,
            note: valid.note,
            created_at: at.timestamp(),
            updated_at: at.timestamp(),
        });
        Some(id)
    }

    /// A journal entry the file dates at `local`, checked as one typed by hand.
    pub(crate) fn entry(&mut self, line: u64, local: DateTime, draft: EntryDraft) {
        let Some(at) = draft.at else { return };
        if let Err(e) = ValidEntry::from_draft(&draft, self.now) {
            self.problem(line, reason(&e));
            return;
        }
        let id = self.id("entry", local);
        self.entries.push(Entry {
            id,
            at,
            body: draft.body,
            prompt: draft.prompt,
            checkin_id: draft.checkin_id,
            created_at: at.timestamp(),
            updated_at: at.timestamp(),
        });
    }

    fn finish(mut self) -> Read {
        self.checkins.sort_by_key(|c| c.at.timestamp());
        self.entries.sort_by_key(|e| e.at.timestamp());
        Read {
            document: JournalDocument {
                format: FORMAT_NAME.to_string(),
                version: FORMAT_VERSION,
                exported_at: Timestamp::UNIX_EPOCH,
                display_name: String::new(),
                checkins: self.checkins,
                entries: self.entries,
                surveys: Vec::new(),
                custom_emotions: Vec::new(),
                reminders: None,
                goals: Vec::new(),
            },
            moods: self.moods,
            left_out: self.left_out,
            problems: self.problems,
        }
    }
}

/// A refusal in words for the person: the field and the rule, never the value.
fn reason(e: &Error) -> String {
    match e {
        Error::InvalidInput { field, reason } => format!("{field}: {reason}"),
        other => other.to_string(),
    }
}

/// Tags as a check-in can hold them: each at most [`LABEL_MAX_CHARS`] characters, once
/// each (any case), at most [`LABELS_MAX`]; what does not fit is counted as left out.
///
/// [`LABEL_MAX_CHARS`]: crate::journal::validate::LABEL_MAX_CHARS
/// [`LABELS_MAX`]: crate::journal::validate::LABELS_MAX
pub(crate) fn fit_tags(out: &mut Builder, tags: impl IntoIterator<Item = String>) -> Vec<String> {
    use crate::journal::validate::{LABELS_MAX, LABEL_MAX_CHARS};
    let mut kept: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if tag.is_empty() || kept.contains(&tag) {
            continue;
        }
        if tag.chars().count() > LABEL_MAX_CHARS {
            out.left_out("Tags longer than 40 characters");
        } else if kept.len() >= LABELS_MAX {
            out.left_out("Tags past the 30 one check-in holds");
        } else {
            kept.push(tag);
        }
    }
    kept
}

/// A note too long for a check-in goes into a journal entry beside it instead, so nothing
/// the person wrote is cut.
pub(crate) fn split_note(note: Option<String>) -> (Option<String>, Option<String>) {
    match note {
        Some(n) if n.chars().count() > crate::journal::validate::NOTE_MAX_CHARS => (None, Some(n)),
        other => (other, None),
    }
}

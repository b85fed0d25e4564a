//! The check-ins as CSV, one row each, for a clinician or a spreadsheet.
//!
//! Free-text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, tab or carriage return) get a leading apostrophe, as OWASP advises for CSV injection;
//! the JSON export keeps the text exactly.

use crate::error::{Error, Result};
use crate::journal::Checkin;

/// The header row.
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "date",
    "time",
    "utc_offset",
    "timestamp",
    "mood",
    "energy",
    "sleep_hours",
    "emotions",
    "tags",
    "note",
];

fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// Writes `checkins` (in the given order) as CSV bytes, UTF-8.
pub(crate) fn write(checkins: &[Checkin]) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |_| Error::Internal("csv writer");
    out.write_record(CSV_HEADER).map_err(fail)?;
    for c in checkins {
        let local = c.at.local();
        let moment = c.at.to_string();
        out.write_record([
            c.id.clone(),
            local.date().to_string(),
            local.strftime("%H:%M").to_string(),
            moment[19..].to_owned(),
            moment,
            c.mood.to_string(),
            c.energy.map(|e| e.to_string()).unwrap_or_default(),
            c.sleep_hours.map(|h| h.to_string()).unwrap_or_default(),
            neutralise(&c.emotions.join("; ")),
            neutralise(&c.tags.join("; ")),
            neutralise(c.note.as_deref().unwrap_or("")),
        ])
        .map_err(fail)?;
    }
    out.into_inner().map_err(|_| Error::Internal("csv writer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("-10 points"), "'-10 points");
        assert_eq!(neutralise("fine"), "fine");
        assert_eq!(neutralise(""), "");
    }
}

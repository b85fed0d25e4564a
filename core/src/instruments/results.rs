//! Storing and reading questionnaire results.

use jiff::Timestamp;
use rusqlite::{params, Row, Transaction};

use crate::error::{Error, Result};
use crate::instruments::{validate_answers, Instrument, SurveyResult};
use crate::moment::Moment;
use crate::store::rows;

/// Builds the full result of valid answers.
pub(crate) fn build(
    id: String,
    instrument: Instrument,
    at: Moment,
    answers: Vec<u8>,
    created_at: Timestamp,
) -> Result<SurveyResult> {
    validate_answers(instrument, &answers)?;
    let score = instrument.score(&answers);
    let band = instrument.band(score);
    Ok(SurveyResult {
        id,
        instrument,
        at,
        answers,
        score,
        max_score: instrument.max_score(),
        band: band.label.to_owned(),
        severity: band.severity,
        created_at,
    })
}

/// Stores a result; an existing id is left as it is (results are never edited).
pub(crate) fn insert(tx: &Transaction<'_>, r: &SurveyResult) -> Result<bool> {
    let answers = serde_json::to_string(&r.answers).map_err(|_| Error::Internal("answers"))?;
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO survey_results
                 (id, instrument, at_ms, offset_seconds, local_date, answers, score, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            r.id,
            r.instrument.code(),
            r.at.unix_ms(),
            r.at.offset_seconds(),
            r.at.local_date().to_string(),
            answers,
            r.score,
            r.created_at.as_millisecond()
        ])?;
    Ok(n == 1)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<SurveyResult>> {
    let id: String = row.get(0)?;
    let code: String = row.get(1)?;
    let at = rows::moment(row, 2, 3)?;
    let answers: String = row.get(4)?;
    let created_at = rows::timestamp(row, 5)?;
    Ok((|| {
        let instrument = Instrument::from_code(&code).ok_or(Error::Corrupt {
            detail: "survey instrument",
        })?;
        let answers: Vec<u8> = serde_json::from_str(&answers)?;
        build(id, instrument, at, answers, created_at)
    })())
}

/// Results, oldest first, optionally of one instrument and from a day on.
pub(crate) fn list(
    tx: &Transaction<'_>,
    instrument: Option<Instrument>,
    from_date: Option<jiff::civil::Date>,
    to_date: Option<jiff::civil::Date>,
) -> Result<Vec<SurveyResult>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, instrument, at_ms, offset_seconds, answers, created_at_ms FROM survey_results
         WHERE (?1 IS NULL OR instrument = ?1)
           AND (?2 IS NULL OR local_date >= ?2) AND (?3 IS NULL OR local_date <= ?3)
         ORDER BY at_ms, seq",
    )?;
    let rows = stmt.query_map(
        params![
            instrument.map(Instrument::code),
            from_date.map(|d| d.to_string()),
            to_date.map(|d| d.to_string())
        ],
        from_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

//! Full-text search over check-in notes and journal entries (FTS5 in the encrypted database).
//!
//! The user's words are turned into quoted FTS5 terms, so no input can be read as query
//! syntax; every word must match, the last one as a prefix (search as you type).

use rusqlite::{params, Transaction};

use crate::error::{Error, Result};
use crate::journal::model::{SearchHit, SearchHitKind};
use crate::moment::Moment;

/// The longest search text accepted.
const QUERY_MAX_CHARS: usize = 200;

/// Builds a safe FTS5 expression, or `None` when the text has no words.
fn fts_expression(text: &str) -> Result<Option<String>> {
    if text.chars().count() > QUERY_MAX_CHARS {
        return Err(Error::invalid(
            "query",
            format!("longer than {QUERY_MAX_CHARS} characters"),
        ));
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    let Some((last, rest)) = words.split_last() else {
        return Ok(None);
    };
    let mut expr = rest.join(" ");
    if !expr.is_empty() {
        expr.push(' ');
    }
    expr.push_str(last);
    expr.push('*');
    Ok(Some(expr))
}

/// Notes and entries matching `text`, best match first, then newest.
pub(crate) fn search(tx: &Transaction<'_>, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(expr) = fts_expression(text)? else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT kind, id, at_ms, offset_seconds, snippet FROM (
             SELECT 'checkin' AS kind, c.id, c.at_ms, c.offset_seconds,
                    snippet(checkin_search, 0, '[', ']', '…', 12) AS snippet,
                    bm25(checkin_search) AS rank
             FROM checkin_search JOIN checkins c ON c.seq = checkin_search.rowid
             WHERE checkin_search MATCH ?1
             UNION ALL
             SELECT 'entry', e.id, e.at_ms, e.offset_seconds,
                    snippet(entry_search, -1, '[', ']', '…', 12),
                    bm25(entry_search)
             FROM entry_search JOIN journal_entries e ON e.seq = entry_search.rowid
             WHERE entry_search MATCH ?1)
         ORDER BY rank, at_ms DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![expr, limit], |row| {
        let kind: String = row.get(0)?;
        Ok((
            kind,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i32>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (kind, id, at_ms, offset, snippet) = row?;
        hits.push(SearchHit {
            kind: if kind == "checkin" {
                SearchHitKind::Checkin
            } else {
                SearchHitKind::Entry
            },
            id,
            at: Moment::from_parts(at_ms, offset)?,
            snippet,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax_is_neutralised() {
        assert_eq!(
            fts_expression("walk park").unwrap().unwrap(),
            "\"walk\" \"park\"*"
        );
        assert_eq!(
            fts_expression("NEAR(a b) OR \"x\" -y col:z")
                .unwrap()
                .unwrap(),
            "\"NEAR\" \"a\" \"b\" \"OR\" \"x\" \"y\" \"col\" \"z\"*"
        );
        assert_eq!(fts_expression("  ?? ").unwrap(), None);
        assert!(fts_expression(&"a".repeat(201)).is_err());
    }
}

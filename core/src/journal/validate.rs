//! Input rules shared by the journal: text limits and how labels (emotions, tags) are
//! normalised. Every refusal is an [`Error::InvalidInput`] naming the field, never the value.

use crate::error::{Error, Result};

/// The longest check-in note, in characters.
pub const NOTE_MAX_CHARS: usize = 10_000;
/// The longest journal entry, in characters (about 40 printed pages).
pub const ENTRY_MAX_CHARS: usize = 100_000;
/// The longest prompt an entry answers.
pub const PROMPT_MAX_CHARS: usize = 500;
/// The longest emotion or tag.
pub const LABEL_MAX_CHARS: usize = 40;
/// The most emotions or tags on one check-in.
pub const LABELS_MAX: usize = 30;

/// Trims free text; empty becomes `None`. Refuses text over `max` characters or holding
/// control characters other than newline and tab.
pub(crate) fn optional_text(
    field: &'static str,
    text: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    // Count lazily so a huge input is refused without walking all of it.
    if text.chars().nth(max).is_some() {
        return Err(Error::invalid(
            field,
            format!("longer than {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(Some(text.to_owned()))
}

/// Like [`optional_text`] but the text is required.
pub(crate) fn required_text(field: &'static str, text: &str, max: usize) -> Result<String> {
    optional_text(field, Some(text), max)?.ok_or_else(|| Error::invalid(field, "must not be empty"))
}

/// Normalises one label: trimmed, inner whitespace folded to one space, lowercase.
pub(crate) fn label(field: &'static str, raw: &str) -> Result<String> {
    let folded = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if folded.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if folded.chars().count() > LABEL_MAX_CHARS {
        return Err(Error::invalid(
            field,
            format!("longer than {LABEL_MAX_CHARS} characters"),
        ));
    }
    if folded.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(folded)
}

/// Normalises a list of labels: each by [`label`], duplicates dropped, sorted.
pub(crate) fn labels(field: &'static str, raw: &[String]) -> Result<Vec<String>> {
    if raw.len() > LABELS_MAX {
        return Err(Error::invalid(field, format!("more than {LABELS_MAX}")));
    }
    let mut out = raw
        .iter()
        .map(|r| label(field, r))
        .collect::<Result<Vec<_>>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// A 1–5 rating.
pub(crate) fn rating(field: &'static str, value: u8) -> Result<u8> {
    if (1..=5).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(field, "must be from 1 to 5"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_folded_sorted_and_unique() {
        let raw = vec!["  Walk ".into(), "walk".into(), "Deep   Work".into()];
        assert_eq!(labels("tag", &raw).unwrap(), vec!["deep work", "walk"]);
    }

    #[test]
    fn limits_are_typed_errors() {
        assert!(label("tag", "   ").is_err());
        assert!(label("tag", &"x".repeat(41)).is_err());
        assert!(optional_text(
            "note",
            Some(&"x".repeat(NOTE_MAX_CHARS + 1)),
            NOTE_MAX_CHARS
        )
        .is_err());
        assert!(optional_text("note", Some("a\u{0}b"), NOTE_MAX_CHARS).is_err());
        assert_eq!(optional_text("note", Some("  \n "), 10).unwrap(), None);
        assert_eq!(
            optional_text("note", Some(" two\nlines "), 10)
                .unwrap()
                .as_deref(),
            Some("two\nlines")
        );
        assert!(rating("mood", 0).is_err());
        assert!(rating("mood", 6).is_err());
    }
}

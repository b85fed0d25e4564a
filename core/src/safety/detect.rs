//! Finding risk language in a text with a [`RulePack`]: idioms and neutral phrases are masked
//! first, then each risk pattern is matched; a match is set aside when a negator before it in
//! the same clause turns it around (unless a "but" follows), or when it sits in a quotation
//! from a song, film or book. Everything else counts: the detector errs toward recall, since
//! a gentle prompt shown once too often costs little and one missed costs much.

use std::ops::Range;

use super::pack::{Category, Element, Pattern, RulePack};
use super::text::{tokenize, Token};

/// Up to how many words a `..` in a pattern skips.
const GAP: usize = 3;

/// One risk phrase found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it speaks of.
    pub category: Category,
    /// Where it is in the text (bytes), to highlight it.
    pub range: Range<usize>,
}

/// What the detector found in one text. It prompts; it does not diagnose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assessment {
    /// The phrases that count, in order.
    pub findings: Vec<Finding>,
}

impl Assessment {
    /// Whether to offer crisis resources.
    pub fn is_risk(&self) -> bool {
        !self.findings.is_empty()
    }

    /// The kinds of risk found, each once, in a stable order.
    pub fn categories(&self) -> Vec<Category> {
        let mut all: Vec<Category> = self.findings.iter().map(|f| f.category).collect();
        all.sort();
        all.dedup();
        all
    }
}

impl RulePack {
    /// Assesses one text (a draft, a received message, a journal note).
    pub fn assess(&self, text: &str) -> Assessment {
        let expand = |w: &str| self.expansions.get(w).cloned();
        let tokens = tokenize(text, &expand);
        let mut masked = vec![false; tokens.len()];
        for pattern in &self.neutral {
            for start in 0..tokens.len() {
                if let Some(end) = match_at(pattern, &tokens, start) {
                    masked[start..end].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        let media = tokens.iter().any(|t| {
            self.quote_context
                .iter()
                .any(|w| t.word.starts_with(w.as_str()))
        });
        let mut findings: Vec<Finding> = Vec::new();
        for (category, pattern) in &self.rules {
            for start in 0..tokens.len() {
                let Some(end) = match_at(pattern, &tokens, start) else {
                    continue;
                };
                if masked[start..end].iter().any(|m| *m)
                    || self.negated(&tokens, start, end)
                    || (media && tokens[start..end].iter().all(|t| t.quoted))
                {
                    continue;
                }
                let range = tokens[start].source.start..tokens[end - 1].source.end;
                let overlaps = findings.iter().any(|f| {
                    f.category == *category
                        && f.range.start < range.end
                        && range.start < f.range.end
                });
                if !overlaps {
                    findings.push(Finding {
                        category: *category,
                        range,
                    });
                }
            }
        }
        findings.sort_by_key(|f| (f.range.start, f.category));
        Assessment { findings }
    }

    /// Whether an odd number of negators stands within reach before `start`, in the same
    /// clause, with no contrast word ("but") after the match.
    fn negated(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let mut count = 0;
        let reach = start.saturating_sub(self.negation_window);
        for i in (reach..start).rev() {
            let token = &tokens[i];
            if token.is_break || self.clause_words.contains(&token.word) {
                break;
            }
            let is_negator = self.negators.contains(&token.word);
            let cancelled = tokens
                .get(i + 1)
                .is_some_and(|next| self.negation_cancellers.contains(&next.word));
            if is_negator && !cancelled {
                count += 1;
            }
        }
        if count % 2 == 0 {
            return false;
        }
        !tokens[end..]
            .iter()
            .any(|t| self.contrast.contains(&t.word))
    }
}

/// Where a match of `pattern` starting at token `start` ends (exclusive), if it matches.
fn match_at(pattern: &Pattern, tokens: &[Token], start: usize) -> Option<usize> {
    if tokens.get(start).is_none_or(|t| t.is_break) {
        return None;
    }
    match_from(&pattern.elements, tokens, start)
}

fn match_from(elements: &[Element], tokens: &[Token], at: usize) -> Option<usize> {
    let Some((first, rest)) = elements.split_first() else {
        return Some(at);
    };
    match first {
        Element::Gap => {
            for skip in 0..=GAP {
                let next = at + skip;
                if tokens[at..next.min(tokens.len())]
                    .iter()
                    .any(|t| t.is_break)
                    || next > tokens.len()
                {
                    break;
                }
                if let Some(end) = match_from(rest, tokens, next) {
                    return Some(end);
                }
            }
            None
        }
        Element::Word { optional, .. } => {
            let here = tokens
                .get(at)
                .filter(|t| !t.is_break && first.accepts(&t.word))
                .and_then(|_| match_from(rest, tokens, at + 1));
            match here {
                Some(end) => Some(end),
                None if *optional => match_from(rest, tokens, at),
                None => None,
            }
        }
    }
}

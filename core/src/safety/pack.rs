//! A rule pack: one language's risk phrases and the words that change their meaning, kept as
//! data (`core/safety/<language>.json`) so packs for other languages can follow without code.
//!
//! A pattern is words separated by spaces, matched against normalised tokens:
//! `a|b` either word, `kill*` any word starting so, `my?` an optional word, `..` up to three
//! words in between (never across a comma or full stop).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The English pack, bundled.
const ENGLISH: &str = include_str!("../../safety/en.json");

/// What kind of risk a phrase speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Thoughts of suicide or of not wanting to live, plans, goodbyes.
    Suicide,
    /// Hurting oneself.
    SelfHarm,
    /// Hurting someone else.
    HarmToOthers,
}

impl Category {
    /// A stable name for scripts and logs ("suicide", "self_harm", "harm_to_others").
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Suicide => "suicide",
            Category::SelfHarm => "self_harm",
            Category::HarmToOthers => "harm_to_others",
        }
    }
}

/// The pack as written in its file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    language: String,
    version: u32,
    /// One word → the words it stands for ("kms" → "kill myself").
    expansions: BTreeMap<String, String>,
    /// Words that turn a phrase after them around ("never", "not").
    negators: Vec<String>,
    /// Words that, right after a negator, undo it ("can't stop thinking about…").
    negation_cancellers: Vec<String>,
    /// Words that start a new clause, which a negator before them does not reach ("and").
    clause_words: Vec<String>,
    /// How many words before a phrase a negator reaches.
    negation_window: usize,
    /// Words after a negated phrase that bring it back ("I don't want to, but…").
    contrast: Vec<String>,
    /// Words that make a quotation a title or a line from a work ("song", "film").
    quote_context: Vec<String>,
    /// Phrases that look risky and are not (idioms, "suicide prevention"): masked first.
    neutral: Vec<String>,
    rules: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    category: Category,
    patterns: Vec<String>,
}

/// One element of a compiled pattern.
#[derive(Clone, Debug)]
pub(crate) enum Element {
    /// A word from a set (exact, or by prefix), possibly optional.
    Word {
        exact: Vec<String>,
        prefixes: Vec<String>,
        optional: bool,
    },
    /// Up to three words.
    Gap,
}

impl Element {
    pub(crate) fn accepts(&self, word: &str) -> bool {
        match self {
            Element::Word {
                exact, prefixes, ..
            } => {
                exact.iter().any(|w| w == word)
                    || prefixes.iter().any(|p| word.starts_with(p.as_str()))
            }
            Element::Gap => true,
        }
    }
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub elements: Vec<Element>,
}

/// A compiled rule pack.
#[derive(Clone, Debug)]
pub struct RulePack {
    language: String,
    version: u32,
    pub(crate) expansions: BTreeMap<String, Vec<String>>,
    pub(crate) negators: Vec<String>,
    pub(crate) negation_cancellers: Vec<String>,
    pub(crate) clause_words: Vec<String>,
    pub(crate) negation_window: usize,
    pub(crate) contrast: Vec<String>,
    pub(crate) quote_context: Vec<String>,
    pub(crate) neutral: Vec<Pattern>,
    pub(crate) rules: Vec<(Category, Pattern)>,
}

impl RulePack {
    /// The bundled pack for `language` (an ISO 639-1 code); English when there is none yet.
    /// Compiled once per process.
    pub fn bundled(language: &str) -> &'static RulePack {
        static ENGLISH_PACK: std::sync::OnceLock<RulePack> = std::sync::OnceLock::new();
        let _ = language; // English is the only pack so far.
                          // The bundled pack is checked by a test; failing here would be a build defect.
        ENGLISH_PACK
            .get_or_init(|| RulePack::from_json(ENGLISH).unwrap_or_else(|_| RulePack::empty()))
    }

    /// A pack from its JSON text, checked: an unknown field, an empty pattern or a
    /// malformed element is an `InvalidInput` naming the pack.
    pub fn from_json(text: &str) -> Result<RulePack> {
        let file: PackFile = serde_json::from_str(text)
            .map_err(|e| Error::invalid("rule pack", format!("not a rule pack: {e}")))?;
        if file.negation_window == 0 || file.negation_window > 12 {
            return Err(Error::invalid(
                "rule pack",
                "negation_window is from 1 to 12",
            ));
        }
        let lower = |words: Vec<String>| words.into_iter().map(|w| w.to_lowercase()).collect();
        let mut rules = Vec::new();
        for rule in file.rules {
            for text in rule.patterns {
                rules.push((rule.category, compile(&text)?));
            }
        }
        if rules.is_empty() {
            return Err(Error::invalid("rule pack", "it has no patterns"));
        }
        Ok(RulePack {
            language: file.language,
            version: file.version,
            expansions: file
                .expansions
                .into_iter()
                .map(|(k, v)| {
                    (
                        k.to_lowercase(),
                        v.split_whitespace().map(str::to_lowercase).collect(),
                    )
                })
                .collect(),
            negators: lower(file.negators),
            negation_cancellers: lower(file.negation_cancellers),
            clause_words: lower(file.clause_words),
            negation_window: file.negation_window,
            contrast: lower(file.contrast),
            quote_context: lower(file.quote_context),
            neutral: file
                .neutral
                .iter()
                .map(|p| compile(p))
                .collect::<Result<_>>()?,
            rules,
        })
    }

    fn empty() -> RulePack {
        RulePack {
            language: String::new(),
            version: 0,
            expansions: BTreeMap::new(),
            negators: Vec::new(),
            negation_cancellers: Vec::new(),
            clause_words: Vec::new(),
            negation_window: 1,
            contrast: Vec::new(),
            quote_context: Vec::new(),
            neutral: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// The pack's language (ISO 639-1).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The pack's version.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// How many risk patterns it holds.
    pub fn pattern_count(&self) -> usize {
        self.rules.len()
    }
}

/// Compiles one pattern.
fn compile(text: &str) -> Result<Pattern> {
    let bad = |why: &str| Error::invalid("rule pack", format!("pattern \"{text}\": {why}"));
    let mut elements = Vec::new();
    for part in text.split_whitespace() {
        if part == ".." {
            elements.push(Element::Gap);
            continue;
        }
        let (body, optional) = match part.strip_suffix('?') {
            Some(body) => (body, true),
            None => (part, false),
        };
        let mut exact = Vec::new();
        let mut prefixes = Vec::new();
        for alternative in body.split('|') {
            let alternative = alternative.to_lowercase();
            if let Some(prefix) = alternative.strip_suffix('*') {
                if prefix.is_empty() {
                    return Err(bad("a lone * matches everything"));
                }
                prefixes.push(prefix.to_string());
            } else if alternative.is_empty()
                || !alternative
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '\'')
            {
                return Err(bad("words are letters and digits"));
            } else {
                exact.push(alternative);
            }
        }
        elements.push(Element::Word {
            exact,
            prefixes,
            optional,
        });
    }
    let required = elements
        .iter()
        .filter(|e| {
            matches!(
                e,
                Element::Word {
                    optional: false,
                    ..
                }
            )
        })
        .count();
    if required == 0 {
        return Err(bad("it needs at least one required word"));
    }
    if matches!(elements.first(), Some(Element::Gap))
        || matches!(elements.last(), Some(Element::Gap))
    {
        return Err(bad("it cannot start or end with .."));
    }
    Ok(Pattern { elements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_pack_compiles() {
        let pack = RulePack::from_json(ENGLISH).expect("the bundled English pack");
        assert_eq!(pack.language(), "en");
        assert!(pack.pattern_count() > 50);
    }

    #[test]
    fn malformed_packs_are_field_errors() {
        for bad in [
            "{}",
            "not json",
            r#"{"language":"en","version":1,"expansions":{},"negators":[],"negation_cancellers":[],"clause_words":[],"negation_window":4,"contrast":[],"quote_context":[],"neutral":[],"rules":[]}"#,
            r#"{"language":"en","version":1,"expansions":{},"negators":[],"negation_cancellers":[],"clause_words":[],"negation_window":4,"contrast":[],"quote_context":[],"neutral":[],"rules":[{"category":"suicide","patterns":[".. die"]}]}"#,
            r#"{"language":"en","version":1,"expansions":{},"negators":[],"negation_cancellers":[],"clause_words":[],"negation_window":4,"contrast":[],"quote_context":[],"neutral":[],"rules":[{"category":"suicide","patterns":["*"]}]}"#,
            r#"{"language":"en","version":1,"expansions":{},"negators":[],"negation_cancellers":[],"clause_words":[],"negation_window":4,"contrast":[],"quote_context":[],"neutral":[],"rules":[{"category":"grief","patterns":["die"]}]}"#,
        ] {
            match RulePack::from_json(bad) {
                Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "rule pack"),
                other => panic!("expected a field error for {bad}, got {other:?}"),
            }
        }
    }
}

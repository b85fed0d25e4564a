//! Text as the risk rules see it: lower-case word tokens with contractions and slang spelled
//! out ("can't" → "can not", "kms" → "kill myself"), punctuation kept as clause breaks, and
//! which tokens sit inside quotation marks. Each token remembers the bytes of the original
//! text it came from, so a match can be shown in place.

use std::ops::Range;

/// One token of normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// The word, lower-case (or one punctuation character, when `is_break`).
    pub word: String,
    /// Where it came from in the original text (bytes).
    pub source: Range<usize>,
    /// Punctuation that ends a clause (`,` `.` `;` `:` `!` `?` and line breaks).
    pub is_break: bool,
    /// Whether it sits between quotation marks.
    pub quoted: bool,
}

/// Splits `text` into tokens, applying `expansions` (one word → several, e.g. "kms" →
/// "kill myself"; the keys are whole lower-case words).
pub(crate) fn tokenize(text: &str, expansions: &dyn Fn(&str) -> Option<Vec<String>>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut word_start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flush = |start: usize, end: usize, quoted: bool, out: &mut Vec<Token>| {
        let raw = normalise_word(&text[start..end]);
        for word in expand(&raw, expansions) {
            out.push(Token {
                word,
                source: start..end,
                quoted,
                is_break: false,
            });
        }
    };
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let in_word = c.is_alphanumeric()
            || ((c == '\'' || c == '’')
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric))
            || (c == '-'
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric));
        if in_word {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            flush(start, at, quoted, &mut out);
        }
        match c {
            '"' | '“' | '”' | '«' | '»' => quoted = !quoted,
            // A single quote opens or closes a quotation only at a word's edge (never inside
            // "don't", handled above).
            '\'' | '‘' | '’' => {
                let opens = !quoted && prev.is_none_or(char::is_whitespace);
                let closes = quoted && next.is_none_or(|n| !n.is_alphanumeric());
                if opens || closes {
                    quoted = !quoted;
                }
            }
            ',' | '.' | ';' | ':' | '!' | '?' | '\n' | '…' | '—' | '–' | '(' | ')' => {
                out.push(Token {
                    word: c.to_string(),
                    source: at..at + c.len_utf8(),
                    quoted,
                    is_break: true,
                });
                if c == '\n' {
                    quoted = false;
                }
            }
            _ => {}
        }
    }
    if let Some(start) = word_start {
        flush(start, text.len(), quoted, &mut out);
    }
    out
}

/// Lower case, straight apostrophes, hyphens as spaces ("self-harm" is "self harm").
fn normalise_word(raw: &str) -> String {
    raw.to_lowercase().replace('’', "'").replace('-', " ")
}

/// The words one raw word stands for: contractions and slang spelled out.
fn expand(raw: &str, expansions: &dyn Fn(&str) -> Option<Vec<String>>) -> Vec<String> {
    let mut words = Vec::new();
    for part in raw.split(' ').filter(|p| !p.is_empty()) {
        if let Some(expanded) = expansions(part) {
            words.extend(expanded);
            continue;
        }
        let (stem, tail) = split_contraction(part);
        match expansions(stem) {
            Some(expanded) => words.extend(expanded),
            None => words.push(stem.to_string()),
        }
        words.extend(tail.iter().map(|t| t.to_string()));
    }
    words
}

/// "can't" → ("can", ["not"]), "i'm" → ("i", ["am"]), "she's" → ("she", ["is"]).
fn split_contraction(word: &str) -> (&str, &'static [&'static str]) {
    const SPECIAL: &[(&str, &str, &[&str])] = &[
        ("can't", "can", &["not"]),
        ("won't", "will", &["not"]),
        ("shan't", "shall", &["not"]),
        ("ain't", "is", &["not"]),
    ];
    if let Some((_, stem, tail)) = SPECIAL.iter().find(|(w, _, _)| *w == word) {
        return (stem, tail);
    }
    const SUFFIXES: &[(&str, &[&str])] = &[
        ("n't", &["not"]),
        ("'m", &["am"]),
        ("'re", &["are"]),
        ("'ve", &["have"]),
        ("'ll", &["will"]),
        ("'d", &["would"]),
        ("'s", &["is"]),
    ];
    for (suffix, tail) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, tail);
            }
        }
    }
    (word, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let slang = |w: &str| (w == "kms").then(|| vec!["kill".to_string(), "myself".to_string()]);
        tokenize(text, &slang).into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn contractions_and_slang_are_spelled_out() {
        assert_eq!(
            words("I can't, I won't"),
            ["i", "can", "not", ",", "i", "will", "not"]
        );
        assert_eq!(
            words("I’m gonna kms"),
            ["i", "am", "gonna", "kill", "myself"]
        );
        assert_eq!(words("self-harm"), ["self", "harm"]);
        assert_eq!(words("I don't"), ["i", "do", "not"]);
    }

    #[test]
    fn quotation_marks_mark_their_words_and_apostrophes_do_not() {
        let quoted: Vec<(String, bool)> =
            tokenize("she said \"I want out\" and 'left' don't", &|_| None)
                .into_iter()
                .map(|t| (t.word, t.quoted))
                .collect();
        let inside: Vec<&str> = quoted
            .iter()
            .filter(|(_, q)| *q)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(inside, ["i", "want", "out", "left"]);
    }

    #[test]
    fn tokens_point_back_into_the_text() {
        let text = "Well… I can't";
        for t in tokenize(text, &|_| None) {
            assert!(text.get(t.source.clone()).is_some());
        }
    }
}

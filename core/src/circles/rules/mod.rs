//! A circle's own rules (AutoModerator, on the phone): words and phrases, links, a time in
//! the circle before posting links, a posting rate. A facilitator sets them in the circle's
//! encrypted profile, so the relay never sees them; each says what happens to a post that
//! breaks it: held on the sender's phone with the rule's explanation, or sent and flagged
//! for the facilitators.
//!
//! Every phone judges every post by the same rules (`judge`), because the relay cannot read
//! posts: the sender's phone before sending, every other phone as the post arrives (a post
//! that should have been held and came anyway, from a modified client, is shown collapsed
//! with the reason). What each phone remembers to judge by (when members joined, when they
//! last posted) and the breach stored with a post live in `store`.
//!
//! Rules bind members; facilitators and co-facilitators post freely (they share resources).

mod judge;
pub(crate) mod store;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub(crate) use judge::{judge, Post};

/// Most rules one circle has.
pub const RULES_MAX: usize = 20;
/// Most words or phrases one rule lists.
pub const RULE_PHRASES_MAX: usize = 100;
/// Longest word or phrase, in characters.
pub const RULE_PHRASE_MAX: usize = 60;
/// Most domains one links rule allows.
pub const RULE_DOMAINS_MAX: usize = 20;
/// Longest explanation, in characters.
pub const RULE_EXPLANATION_MAX: usize = 300;
/// Longest wait before a new member may post links, in hours (30 days).
pub const RULE_NEW_MEMBER_HOURS_MAX: u32 = 30 * 24;
/// Longest window of a posting-rate rule, in minutes (a day).
pub const RULE_RATE_MINUTES_MAX: u32 = 24 * 60;
/// Most posts a posting-rate rule can allow in its window.
pub const RULE_RATE_POSTS_MAX: u32 = 100;

/// One rule of a circle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleRule {
    /// What it looks for.
    pub check: RuleCheck,
    /// What happens to a post that breaks it.
    pub action: RuleAction,
    /// Why, in the facilitator's words: shown to the sender when a post is held, and with a
    /// flagged post.
    pub explanation: String,
}

/// What a rule looks for in a member's post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum RuleCheck {
    /// Any of these words or phrases, as whole words in any case ("self-harm" and "self
    /// harm" are the same).
    Phrases {
        /// The words or phrases.
        phrases: Vec<String>,
    },
    /// A link, except to these domains and their subdomains (none listed: every link).
    Links {
        /// Domains links may go to.
        allowed_domains: Vec<String>,
    },
    /// A link from someone in the circle for less than this many hours.
    NewMemberLinks {
        /// Hours in the circle before links.
        hours: u32,
    },
    /// More than `posts` posts within `minutes` (reactions and edits do not count).
    Rate {
        /// Posts allowed in the window.
        posts: u32,
        /// The window, in minutes.
        minutes: u32,
    },
}

impl RuleCheck {
    /// Which sort of check this is.
    pub fn kind(&self) -> RuleKind {
        match self {
            RuleCheck::Phrases { .. } => RuleKind::Phrases,
            RuleCheck::Links { .. } => RuleKind::Links,
            RuleCheck::NewMemberLinks { .. } => RuleKind::NewMemberLinks,
            RuleCheck::Rate { .. } => RuleKind::Rate,
        }
    }
}

/// The sorts of rules (what a breach names, without the rule's contents).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Words or phrases.
    Phrases,
    /// Links (beyond the allowed domains).
    Links,
    /// Links from new members.
    NewMemberLinks,
    /// A posting rate.
    Rate,
}

impl RuleKind {
    /// Whether this sort of rule is about what a post says (judged again when it is edited),
    /// rather than when it was sent.
    pub(crate) fn about_content(self) -> bool {
        !matches!(self, RuleKind::Rate)
    }
}

/// What happens to a post that breaks a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Not sent: the sender's phone keeps it and shows the explanation. One that arrives
    /// anyway (a modified client) is shown collapsed, with the reason, to everyone.
    Hold,
    /// Sent, and flagged for the facilitators with the explanation.
    Flag,
}

/// The rule a post broke, as stored with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleBreach {
    /// Which sort of rule.
    pub kind: RuleKind,
    /// What the rule said should happen.
    pub action: RuleAction,
    /// The rule's explanation when it was broken.
    pub explanation: String,
}

impl RuleBreach {
    /// Whether the post should have been held: every phone shows it collapsed.
    pub fn collapsed(&self) -> bool {
        self.action == RuleAction::Hold
    }
}

/// Checks a facilitator's rules, returning them tidied (phrases and domains trimmed, lower
/// case, without repeats): the typed error names the first thing wrong.
pub fn validated(rules: Vec<CircleRule>) -> Result<Vec<CircleRule>> {
    if rules.len() > RULES_MAX {
        return Err(Error::invalid(
            "rules",
            format!("a circle has at most {RULES_MAX} rules"),
        ));
    }
    rules.into_iter().map(validated_rule).collect()
}

/// Whether rules another phone wrote into the profile are within every bound (a commit
/// whose rules are not is refused by every phone).
pub(crate) fn within_bounds(rules: &[CircleRule]) -> bool {
    validated(rules.to_vec()).is_ok_and(|tidy| tidy == rules)
}

fn validated_rule(rule: CircleRule) -> Result<CircleRule> {
    let explanation = rule.explanation.trim().to_string();
    let length = explanation.chars().count();
    if length == 0 || length > RULE_EXPLANATION_MAX {
        return Err(Error::invalid(
            "explanation",
            format!("each rule says why, in 1 to {RULE_EXPLANATION_MAX} characters"),
        ));
    }
    if crate::identity::has_hidden_characters(&explanation) {
        return Err(Error::invalid(
            "explanation",
            "must not contain control, invisible or direction characters",
        ));
    }
    let check = match rule.check {
        RuleCheck::Phrases { phrases } => RuleCheck::Phrases {
            phrases: tidy_list(phrases, "phrases", 1..=RULE_PHRASES_MAX, |p| {
                judge::phrase_words(p).map(|words| words.join(" "))
            })?,
        },
        RuleCheck::Links { allowed_domains } => RuleCheck::Links {
            allowed_domains: tidy_list(
                allowed_domains,
                "allowed_domains",
                0..=RULE_DOMAINS_MAX,
                judge::domain,
            )?,
        },
        RuleCheck::NewMemberLinks { hours } => {
            if hours == 0 || hours > RULE_NEW_MEMBER_HOURS_MAX {
                return Err(Error::invalid(
                    "hours",
                    format!("from 1 to {RULE_NEW_MEMBER_HOURS_MAX}"),
                ));
            }
            RuleCheck::NewMemberLinks { hours }
        }
        RuleCheck::Rate { posts, minutes } => {
            if posts == 0 || posts > RULE_RATE_POSTS_MAX {
                return Err(Error::invalid(
                    "posts",
                    format!("from 1 to {RULE_RATE_POSTS_MAX}"),
                ));
            }
            if minutes == 0 || minutes > RULE_RATE_MINUTES_MAX {
                return Err(Error::invalid(
                    "minutes",
                    format!("from 1 to {RULE_RATE_MINUTES_MAX}"),
                ));
            }
            RuleCheck::Rate { posts, minutes }
        }
    };
    Ok(CircleRule {
        check,
        action: rule.action,
        explanation,
    })
}

/// Tidies each entry of a list with `tidy` (none: refused), dropping repeats; the list
/// holds `count` entries.
fn tidy_list(
    items: Vec<String>,
    field: &'static str,
    count: std::ops::RangeInclusive<usize>,
    tidy: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>> {
    if !count.contains(&items.len()) {
        return Err(Error::invalid(
            field,
            format!("from {} to {} entries", count.start(), count.end()),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in &items {
        let tidied = tidy(item).ok_or_else(|| {
            Error::invalid(
                field,
                if field == "phrases" {
                    format!("each is a word or phrase of 1 to {RULE_PHRASE_MAX} characters")
                } else {
                    "each is a domain name, like example.org".to_string()
                },
            )
        })?;
        if !out.contains(&tidied) {
            out.push(tidied);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(check: RuleCheck) -> CircleRule {
        CircleRule {
            check,
            action: RuleAction::Hold,
            explanation: " Please keep this space safe. ".into(),
        }
    }

    #[test]
    fn rules_are_tidied_and_bounded() {
        let tidy = validated(vec![
            rule(RuleCheck::Phrases {
                phrases: vec!["  Pro-Ana ".into(), "pro ana".into(), "Diet PILLS".into()],
            }),
            rule(RuleCheck::Links {
                allowed_domains: vec!["NHS.uk".into(), "https://www.mind.org.uk/".into()],
            }),
        ])
        .unwrap();
        assert_eq!(tidy[0].explanation, "Please keep this space safe.");
        assert_eq!(
            tidy[0].check,
            RuleCheck::Phrases {
                phrases: vec!["pro ana".into(), "diet pills".into()]
            }
        );
        assert_eq!(
            tidy[1].check,
            RuleCheck::Links {
                allowed_domains: vec!["nhs.uk".into(), "mind.org.uk".into()]
            }
        );
        assert!(within_bounds(&tidy));

        let refused = |r: CircleRule| validated(vec![r]).unwrap_err().to_string();
        assert!(refused(rule(RuleCheck::Phrases { phrases: vec![] })).contains("phrases"));
        assert!(refused(rule(RuleCheck::Phrases {
            phrases: vec!["!!!".into()]
        }))
        .contains("phrases"));
        assert!(refused(rule(RuleCheck::Phrases {
            phrases: vec!["x".repeat(RULE_PHRASE_MAX + 1)]
        }))
        .contains("phrases"));
        assert!(refused(rule(RuleCheck::Links {
            allowed_domains: vec!["not a domain".into()]
        }))
        .contains("allowed_domains"));
        assert!(refused(rule(RuleCheck::NewMemberLinks { hours: 0 })).contains("hours"));
        assert!(refused(rule(RuleCheck::Rate {
            posts: 3,
            minutes: RULE_RATE_MINUTES_MAX + 1
        }))
        .contains("minutes"));
        let mut silent = rule(RuleCheck::Rate {
            posts: 3,
            minutes: 10,
        });
        silent.explanation = "   ".into();
        assert!(refused(silent).contains("explanation"));
        let many = vec![rule(RuleCheck::NewMemberLinks { hours: 1 }); RULES_MAX + 1];
        assert!(validated(many).is_err());
        // Rules as another phone wrote them, untidied, are out of bounds.
        assert!(!within_bounds(&[rule(RuleCheck::NewMemberLinks {
            hours: 1
        })]));
    }
}

//! Judging one post by a circle's rules: the same pure decision on the sender's phone and on
//! every phone it reaches. Words are compared as the risk rules compare them (the safety
//! module's tokenizer: lower case, hyphens as spaces, contractions spelled out); links are
//! found with `linkify` and compared by host.

use linkify::{LinkFinder, LinkKind};

use super::{CircleRule, RuleAction, RuleBreach, RuleCheck, RULE_PHRASE_MAX};
use crate::circles::profile::Role;
use crate::error::Result;
use crate::safety::text::tokenize;

/// Longest domain name, in characters (RFC 1035).
const DOMAIN_MAX: usize = 253;

/// What the rules look at in one post.
pub(crate) struct Post<'a> {
    /// The words of the post as shown (a text, an edit, a card's summary).
    pub words: &'a str,
    /// The sender's role when it was sent.
    pub role: Role,
    /// How long the sender had been in the circle when it was sent, in seconds, where this
    /// phone knows (it does not for members who were there before it joined).
    pub member_for_s: Option<u64>,
    /// Whether the post counts towards a posting rate (a new post, not an edit).
    pub counts_for_rate: bool,
}

/// The rule `post` breaks, if any: the first rule that would hold it, else the first that
/// flags it. `posts_within(seconds)` counts the sender's earlier posts in the last
/// `seconds` (the post itself not included).
pub(crate) fn judge(
    rules: &[CircleRule],
    post: &Post<'_>,
    mut posts_within: impl FnMut(u64) -> Result<u32>,
) -> Result<Option<RuleBreach>> {
    if post.role.commits() || rules.is_empty() {
        return Ok(None);
    }
    let mut hosts: Option<Vec<String>> = None;
    let mut flagged = None;
    for rule in rules {
        let broken = match &rule.check {
            RuleCheck::Phrases { phrases } => {
                let words = words_of(post.words);
                phrases.iter().any(|phrase| {
                    let phrase: Vec<&str> = phrase.split(' ').collect();
                    words.windows(phrase.len()).any(|w| w == phrase.as_slice())
                })
            }
            RuleCheck::Links { allowed_domains } => hosts
                .get_or_insert_with(|| link_hosts(post.words))
                .iter()
                .any(|host| !allowed_domains.iter().any(|d| within(host, d))),
            RuleCheck::NewMemberLinks { hours } => {
                post.member_for_s
                    .is_some_and(|s| s < u64::from(*hours) * 3_600)
                    && !hosts
                        .get_or_insert_with(|| link_hosts(post.words))
                        .is_empty()
            }
            RuleCheck::Rate { posts, minutes } => {
                post.counts_for_rate && posts_within(u64::from(*minutes) * 60)? >= *posts
            }
        };
        if !broken {
            continue;
        }
        let breach = RuleBreach {
            kind: rule.check.kind(),
            action: rule.action,
            explanation: rule.explanation.clone(),
        };
        match rule.action {
            RuleAction::Hold => return Ok(Some(breach)),
            RuleAction::Flag => {
                flagged.get_or_insert(breach);
            }
        }
    }
    Ok(flagged)
}

/// The words of `text`, as rules compare them, with the punctuation between clauses kept
/// (a phrase does not match across it).
fn words_of(text: &str) -> Vec<String> {
    tokenize(text, &|_| None)
        .into_iter()
        .map(|t| t.word)
        .collect()
}

/// A facilitator's word or phrase as rules compare it: its words, or none when it has no
/// words, has punctuation between them, or is too long.
pub(super) fn phrase_words(phrase: &str) -> Option<Vec<String>> {
    let phrase = phrase.trim();
    if phrase.chars().count() > RULE_PHRASE_MAX {
        return None;
    }
    let tokens = tokenize(phrase, &|_| None);
    if tokens.is_empty() || tokens.iter().any(|t| t.is_break) {
        return None;
    }
    Some(tokens.into_iter().map(|t| t.word).collect())
}

/// A domain as a links rule lists it: the host of what was typed ("https://www.Mind.org.uk/"
/// is "mind.org.uk"), or none when it is not a domain name.
pub(super) fn domain(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() || typed.chars().count() > DOMAIN_MAX + 16 {
        return None;
    }
    let host = host_of(typed)?;
    let plausible = host.contains('.')
        && host.len() <= DOMAIN_MAX
        && host
            .split('.')
            .all(|label| !label.is_empty() && label.len() <= 63)
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    plausible.then(|| host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The host a link points to, lower case (international names in their ASCII form).
fn host_of(link: &str) -> Option<String> {
    let with_scheme = if link.contains("://") {
        link.to_string()
    } else {
        format!("http://{link}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    Some(url.host_str()?.trim_end_matches('.').to_ascii_lowercase())
}

/// The hosts of the links in `text` (with or without "https://").
fn link_hosts(text: &str) -> Vec<String> {
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false).kinds(&[LinkKind::Url]);
    finder
        .links(text)
        // A link whose host cannot be read still counts as a link (to no allowed domain).
        .map(|link| host_of(link.as_str()).unwrap_or_default())
        .collect()
}

/// Whether `host` is `domain` or one of its subdomains.
fn within(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(check: RuleCheck, action: RuleAction) -> CircleRule {
        CircleRule {
            check,
            action,
            explanation: format!("{action:?}"),
        }
    }

    fn post(words: &str) -> Post<'_> {
        Post {
            words,
            role: Role::Member,
            member_for_s: None,
            counts_for_rate: true,
        }
    }

    fn judged(rules: &[CircleRule], post: &Post<'_>) -> Option<RuleBreach> {
        judge(rules, post, |_| Ok(0)).unwrap()
    }

    #[test]
    fn phrases_match_whole_words_in_any_case_and_spelling() {
        let rules = [rule(
            RuleCheck::Phrases {
                phrases: vec!["pro ana".into(), "pills".into()],
            },
            RuleAction::Hold,
        )];
        for text in [
            "I found a PRO-ANA site",
            "pro ana tips?",
            "any pills, anyone",
        ] {
            assert!(judged(&rules, &post(text)).is_some(), "{text}");
        }
        for text in ["a programme in Ghana", "pillsbury", "pro, ana", "spills"] {
            assert!(judged(&rules, &post(text)).is_none(), "{text}");
        }
    }

    #[test]
    fn links_are_found_with_or_without_a_scheme_and_allowed_by_domain() {
        let rules = [rule(
            RuleCheck::Links {
                allowed_domains: vec!["nhs.uk".into()],
            },
            RuleAction::Flag,
        )];
        for text in [
            "see https://example.com/page",
            "try www.example.org",
            "example.net/help is good",
            "HTTPS://EVIL.nhs.uk.example.com",
        ] {
            let breach = judged(&rules, &post(text)).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(breach.action, RuleAction::Flag);
            assert!(!breach.collapsed());
        }
        for text in [
            "https://www.nhs.uk/mental-health/",
            "nhs.uk and 111.nhs.uk",
            "mail me at someone@example.com",
            "no links here. just words",
        ] {
            assert!(judged(&rules, &post(text)).is_none(), "{text}");
        }
        assert_eq!(
            domain("https://www.Mind.org.uk/info").as_deref(),
            Some("mind.org.uk")
        );
        assert_eq!(domain("localhost"), None);
        assert_eq!(domain("two words.com"), None);
    }

    #[test]
    fn new_members_wait_for_links_and_unknown_joins_do_not() {
        let rules = [rule(
            RuleCheck::NewMemberLinks { hours: 24 },
            RuleAction::Hold,
        )];
        let mut p = post("look at example.com");
        p.member_for_s = Some(23 * 3_600);
        assert!(judged(&rules, &p).unwrap().collapsed());
        p.member_for_s = Some(24 * 3_600);
        assert!(judged(&rules, &p).is_none());
        p.member_for_s = None;
        assert!(judged(&rules, &p).is_none());
        p.member_for_s = Some(0);
        p.words = "no link";
        assert!(judged(&rules, &p).is_none());
    }

    #[test]
    fn rates_count_earlier_posts_in_the_window_and_edits_do_not_count() {
        let rules = [rule(
            RuleCheck::Rate {
                posts: 3,
                minutes: 10,
            },
            RuleAction::Hold,
        )];
        let mut asked = Vec::new();
        let mut count = |n: u32| {
            let breach = judge(&rules, &post("hi"), |window| {
                asked.push(window);
                Ok(n)
            })
            .unwrap();
            breach.is_some()
        };
        assert!(!count(2));
        assert!(count(3));
        assert_eq!(asked, [600, 600]);
        let mut edit = post("hi");
        edit.counts_for_rate = false;
        assert!(judge(&rules, &edit, |_| Ok(99)).unwrap().is_none());
    }

    #[test]
    fn a_hold_wins_over_a_flag_and_facilitators_are_not_bound() {
        let rules = [
            rule(
                RuleCheck::Links {
                    allowed_domains: vec![],
                },
                RuleAction::Flag,
            ),
            rule(
                RuleCheck::Phrases {
                    phrases: vec!["buy".into()],
                },
                RuleAction::Hold,
            ),
        ];
        let both = post("buy at example.com");
        assert_eq!(judged(&rules, &both).unwrap().action, RuleAction::Hold);
        assert_eq!(
            judged(&rules, &post("example.com")).unwrap().action,
            RuleAction::Flag
        );
        for role in [Role::Facilitator, Role::CoFacilitator] {
            let mut p = post("buy at example.com");
            p.role = role;
            assert!(judged(&rules, &p).is_none());
        }
    }
}

//! What each phone keeps to judge posts by its circle's rules (when members joined, when
//! they posted), the breach kept with a post, and a facilitator's dismissal of a flag.
//!
//! Times are the relay's for other members' posts and joins (every phone then judges a post
//! alike, whatever its own clock says) and this phone's for our own: our phone judges our
//! posts before the relay has seen them.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{judge, Post, RuleAction, RuleBreach, RuleCheck, RuleKind, RULE_RATE_MINUTES_MAX};
use crate::circles::profile::CircleProfile;
use crate::error::{Error, Result};

/// How long post times are kept: the longest posting-rate window.
const KEPT_S: i64 = RULE_RATE_MINUTES_MAX as i64 * 60;

/// The member with `key` joined at `at_s` (a later join, after being removed, replaces it).
pub(crate) fn record_joined(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
    at_s: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO circle_member_since (group_id, signature_key, joined_at_s) VALUES (?1, ?2, ?3)
         ON CONFLICT (group_id, signature_key) DO UPDATE SET joined_at_s = excluded.joined_at_s",
    )?
    .execute(params![group_id, key, at_s as i64])?;
    Ok(())
}

/// How long the member with `key` had been in the circle at `at_s`, where this phone knows:
/// for us, since we joined on this phone's clock; for others, since the commit that added
/// them, if this phone saw it.
fn member_for_s(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
    at_s: u64,
) -> Result<Option<u64>> {
    let joined: Option<i64> = tx
        .prepare_cached(
            "SELECT CASE WHEN c.signature_key = ?2 THEN c.joined_at_ms / 1000 ELSE s.joined_at_s END
             FROM circles c LEFT JOIN circle_member_since s
               ON s.group_id = c.group_id AND s.signature_key = ?2
             WHERE c.group_id = ?1",
        )?
        .query_row(params![group_id, key], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(joined.map(|joined| at_s.saturating_sub(joined.max(0) as u64)))
}

/// How many posts of `key`'s this phone counted in the `window_s` before `at_s`.
fn posts_within(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
    at_s: u64,
    window_s: u64,
) -> Result<u32> {
    Ok(tx
        .prepare_cached(
            "SELECT COUNT(*) FROM circle_post_times
             WHERE group_id = ?1 AND signature_key = ?2 AND at_s > ?3 AND at_s <= ?4",
        )?
        .query_row(
            params![group_id, key, at_s as i64 - window_s as i64, at_s as i64],
            |r| r.get(0),
        )?)
}

/// When `key` may post again under a rate of `posts` in `window_s`: when the oldest of the
/// last `posts` leaves the window (Unix seconds).
fn free_again_at_s(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
    posts: u32,
    window_s: u64,
) -> Result<Option<u64>> {
    let oldest_counted: Option<i64> = tx
        .prepare_cached(
            "SELECT at_s FROM circle_post_times WHERE group_id = ?1 AND signature_key = ?2
             ORDER BY at_s DESC LIMIT 1 OFFSET ?3",
        )?
        .query_row(params![group_id, key, posts.saturating_sub(1)], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(oldest_counted.map(|at| (at.max(0) as u64).saturating_add(window_s)))
}

/// Counts a post of `key`'s at `at_s`, forgetting that member's posts too old to matter.
fn record_post(tx: &Transaction<'_>, group_id: &[u8], key: &[u8], at_s: u64) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM circle_post_times WHERE group_id = ?1 AND signature_key = ?2 AND at_s <= ?3",
    )?
    .execute(params![group_id, key, at_s as i64 - KEPT_S])?;
    tx.prepare_cached(
        "INSERT INTO circle_post_times (group_id, signature_key, at_s) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![group_id, key, at_s as i64])?;
    Ok(())
}

/// One post to judge: who sent it, when, what it says, and whether it is new (an edit is
/// judged on its words only).
pub(crate) struct Judged<'a> {
    pub group_id: &'a [u8],
    pub sender: &'a [u8],
    pub at_s: u64,
    pub words: &'a str,
    pub new_post: bool,
}

/// The rule `post` breaks under the circle's `profile`, if any. A new post is counted
/// towards its sender's posting rate when `count` (it was, or is about to be, sent).
pub(crate) fn judge_post(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    post: &Judged<'_>,
    count: bool,
) -> Result<Option<RuleBreach>> {
    let role = profile.role_of(post.sender);
    let member_for_s = member_for_s(tx, post.group_id, post.sender, post.at_s)?;
    let breach = judge(
        &profile.rules,
        &Post {
            words: post.words,
            role,
            member_for_s,
            counts_for_rate: post.new_post,
        },
        |window_s| posts_within(tx, post.group_id, post.sender, post.at_s, window_s),
    )?;
    if count && post.new_post {
        record_post(tx, post.group_id, post.sender, post.at_s)?;
    }
    Ok(breach)
}

/// The error for our own post that `breach` (a rule that holds) stops: the explanation, and
/// for a posting rate, when the last of our posts it counts leaves its window.
pub(crate) fn held(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    post: &Judged<'_>,
    breach: RuleBreach,
) -> Result<Error> {
    let mut until_s = None;
    if breach.kind == RuleKind::Rate {
        for rule in profile
            .rules
            .iter()
            .filter(|r| r.action == RuleAction::Hold)
        {
            if let RuleCheck::Rate { posts, minutes } = rule.check {
                let window_s = u64::from(minutes) * 60;
                let free = free_again_at_s(tx, post.group_id, post.sender, posts, window_s)?;
                until_s = until_s.max(free);
            }
        }
    }
    Ok(Error::HeldByRule {
        kind: breach.kind,
        explanation: breach.explanation,
        until_ms: until_s.map(|s| (s as i64).saturating_mul(1000)),
    })
}

/// Keeps the breach with message `id` (none: it breaks no rule now). An edit judged clean
/// clears a breach of what the post said, never one of when it was sent.
pub(crate) fn set_breach(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
    breach: Option<&RuleBreach>,
) -> Result<()> {
    match breach {
        Some(breach) => {
            tx.prepare_cached(
                "UPDATE circle_messages SET rule_breach = ?3, breach_dismissed = 0
                 WHERE group_id = ?1 AND id = ?2",
            )?
            .execute(params![group_id, id, serde_json::to_string(breach)?])?;
        }
        None => {
            let about_content =
                breach_of(tx, group_id, id)?.is_some_and(|b| b.kind.about_content());
            if about_content {
                tx.prepare_cached(
                    "UPDATE circle_messages SET rule_breach = NULL WHERE group_id = ?1 AND id = ?2",
                )?
                .execute(params![group_id, id])?;
            }
        }
    }
    Ok(())
}

fn breach_of(tx: &Transaction<'_>, group_id: &[u8], id: &str) -> Result<Option<RuleBreach>> {
    let stored: Option<String> = tx
        .prepare_cached("SELECT rule_breach FROM circle_messages WHERE group_id = ?1 AND id = ?2")?
        .query_row(params![group_id, id], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(stored.and_then(|json| serde_json::from_str(&json).ok()))
}

/// A facilitator looked at the flagged post `id` and let it be (on this phone); false when
/// there is no flag on it.
pub(crate) fn dismiss(tx: &Transaction<'_>, group_id: &[u8], id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE circle_messages SET breach_dismissed = 1
             WHERE group_id = ?1 AND id = ?2 AND rule_breach IS NOT NULL AND breach_dismissed = 0",
        )?
        .execute(params![group_id, id])?
        == 1)
}

/// How many posts broke a rule and wait for a facilitator's look.
pub(crate) fn flagged_count(tx: &Transaction<'_>, group_id: &[u8]) -> Result<u32> {
    Ok(tx
        .prepare_cached(
            "SELECT COUNT(*) FROM circle_messages
             WHERE group_id = ?1 AND rule_breach IS NOT NULL AND breach_dismissed = 0 AND deleted = 0",
        )?
        .query_row([group_id], |r| r.get(0))?)
}

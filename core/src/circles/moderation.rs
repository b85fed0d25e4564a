//! Moderation as every phone applies it: guidelines acceptance, a facilitator's removal of a
//! message for everyone, pins and timeouts (each checked against the sender's role as it
//! arrives, in the relay's order), local mutes, and what holds our own posts back.
//!
//! A timeout is judged by the relay, never by phone clocks: it covers the member's posts the
//! relay ordered after the timeout and received before its end on the relay's clock. The
//! member's own phone waits the same length on its own clock from when it learned of the
//! timeout, which is never earlier than the relay's end.

use rusqlite::{params, OptionalExtension, Transaction};

use super::messages;
use super::profile::{CircleProfile, Role};
use super::receive::Processed;
use crate::error::{Error, Result};

/// The longest timeout, in seconds (30 days).
pub const TIMEOUT_MAX_S: u64 = 30 * 24 * 60 * 60;
/// The longest reason a facilitator gives for a timeout, in characters.
pub const TIMEOUT_REASON_MAX: usize = 200;

/// One moderation message as it arrived.
pub(crate) struct Arrival<'a> {
    pub group_id: &'a [u8],
    pub relay_seq: u64,
    /// The relay's clock when it received the message (Unix seconds).
    pub received_at_s: u64,
    pub sender: &'a [u8],
    pub now_ms: i64,
}

fn violation(reason: &'static str) -> Error {
    Error::RoleViolation { reason }
}

/// Why `moderator` may not act on a message or member of `target`'s, if they may not:
/// facilitators and co-facilitators moderate, and only a facilitator acts on a facilitator.
pub(crate) fn refusal(
    profile: &CircleProfile,
    moderator: &[u8],
    target: Option<&[u8]>,
) -> Option<&'static str> {
    let role = profile.role_of(moderator);
    if !role.commits() {
        return Some("moderation by someone who is not a facilitator");
    }
    if target.is_some_and(|t| profile.role_of(t) == Role::Facilitator) && role != Role::Facilitator
    {
        return Some("a facilitator moderated by someone who may not");
    }
    None
}

/// Records that `key` accepted guidelines `version` (a later acceptance never lowers it).
pub(crate) fn record_acceptance(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
    version: u32,
    relay_seq: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO circle_acceptances (group_id, signature_key, version, relay_seq)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (group_id, signature_key) DO UPDATE SET
           version = excluded.version, relay_seq = excluded.relay_seq
         WHERE excluded.version > circle_acceptances.version",
    )?
    .execute(params![group_id, key, version, relay_seq as i64])?;
    Ok(())
}

/// A member's acceptance of the guidelines.
pub(crate) fn accept(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    version: u32,
) -> Result<Processed> {
    if version == 0 || version > profile.guidelines_version {
        return Err(Error::MessageRejected {
            reason: "an acceptance of guidelines that do not exist",
        });
    }
    record_acceptance(
        tx,
        arrival.group_id,
        arrival.sender,
        version,
        arrival.relay_seq,
    )?;
    Ok(Processed::Changed)
}

/// A facilitator's removal of a message for everyone.
pub(crate) fn remove(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    target: &str,
) -> Result<Processed> {
    let author = messages::sender_of(tx, arrival.group_id, target)?;
    if let Some(reason) = refusal(profile, arrival.sender, author.as_deref()) {
        return Err(violation(reason));
    }
    // A message we never had (sent before we joined) leaves nothing to remove.
    messages::remove_for_everyone(tx, arrival.group_id, target)?;
    Ok(Processed::Updated(target.to_string()))
}

/// A facilitator's pin or unpin.
pub(crate) fn pin(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    target: &str,
    unpin: bool,
) -> Result<Processed> {
    if let Some(reason) = refusal(profile, arrival.sender, None) {
        return Err(violation(reason));
    }
    let at = (!unpin).then_some(arrival.relay_seq);
    if !messages::pin(tx, arrival.group_id, target, at)? {
        return Err(Error::MessageRejected {
            reason: "a pin of an unknown message",
        });
    }
    Ok(Processed::Updated(target.to_string()))
}

/// A timeout to apply: the member, its length, and why.
pub(crate) struct Timeout<'a> {
    pub member: &'a [u8],
    pub seconds: u64,
    pub reason: &'a str,
}

/// A facilitator's timeout of a member (or its early end, with 0 seconds).
pub(crate) fn timeout(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    timeout: &Timeout<'_>,
) -> Result<Processed> {
    if let Some(reason) = refusal(profile, arrival.sender, Some(timeout.member)) {
        return Err(violation(reason));
    }
    if !timeout.within_limits(arrival.sender) {
        return Err(Error::MessageRejected {
            reason: "a timeout outside the limits",
        });
    }
    set_timeout(tx, arrival, timeout)?;
    Ok(Processed::Changed)
}

impl Timeout<'_> {
    /// Whether every phone takes this timeout from `sender`: of someone else, at most 30
    /// days, with a short reason.
    pub(crate) fn within_limits(&self, sender: &[u8]) -> bool {
        self.member != sender
            && self.seconds <= TIMEOUT_MAX_S
            && self.reason.chars().count() <= TIMEOUT_REASON_MAX
    }
}

/// Stores a timeout (or ends one) as placed by the relay.
pub(crate) fn set_timeout(
    tx: &Transaction<'_>,
    arrival: &Arrival<'_>,
    timeout: &Timeout<'_>,
) -> Result<()> {
    if timeout.seconds == 0 {
        tx.prepare_cached(
            "DELETE FROM circle_timeouts WHERE group_id = ?1 AND signature_key = ?2",
        )?
        .execute(params![arrival.group_id, timeout.member])?;
        return Ok(());
    }
    let until_relay_s = arrival.received_at_s.saturating_add(timeout.seconds);
    let until_ms = arrival
        .now_ms
        .saturating_add((timeout.seconds as i64).saturating_mul(1000));
    tx.prepare_cached(
        "INSERT INTO circle_timeouts (group_id, signature_key, from_seq, until_relay_s, until_ms, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (group_id, signature_key) DO UPDATE SET from_seq = excluded.from_seq,
           until_relay_s = excluded.until_relay_s, until_ms = excluded.until_ms, reason = excluded.reason",
    )?
    .execute(params![
        arrival.group_id,
        timeout.member,
        arrival.relay_seq as i64,
        until_relay_s as i64,
        until_ms,
        timeout.reason
    ])?;
    Ok(())
}

/// Whether a post by `sender` falls inside a timeout: ordered by the relay after it and
/// received before its end on the relay's clock.
pub(crate) fn inside_timeout(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sender: &[u8],
    relay_seq: u64,
    received_at_s: u64,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circle_timeouts WHERE group_id = ?1 AND signature_key = ?2
               AND from_seq < ?3 AND until_relay_s > ?4)",
        )?
        .query_row(
            params![group_id, sender, relay_seq as i64, received_at_s as i64],
            |r| r.get(0),
        )?)
}

/// Our own timeout in a circle, if one runs at `now_ms`: until when, and why.
pub(crate) fn our_timeout(
    tx: &Transaction<'_>,
    group_id: &[u8],
    our_key: &[u8],
    now_ms: i64,
) -> Result<Option<(i64, String)>> {
    Ok(tx
        .prepare_cached(
            "SELECT until_ms, reason FROM circle_timeouts
             WHERE group_id = ?1 AND signature_key = ?2 AND until_ms > ?3",
        )?
        .query_row(params![group_id, our_key, now_ms], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// What stops us posting to a circle now, if anything: guidelines we have not accepted, or
/// a timeout. (A facilitator accepts their own guidelines by setting them.)
pub(crate) fn posting_blocked(
    tx: &Transaction<'_>,
    group_id: &[u8],
    profile: &CircleProfile,
    our_key: &[u8],
    now_ms: i64,
) -> Result<Option<Error>> {
    if our_acceptance(tx, group_id)? < profile.guidelines_version {
        return Ok(Some(Error::GuidelinesNotAccepted {
            version: profile.guidelines_version,
        }));
    }
    Ok(our_timeout(tx, group_id, our_key, now_ms)?
        .map(|(until_ms, _)| Error::TimedOut { until_ms }))
}

/// Records our own acceptance of `version`.
pub(crate) fn accept_ours(
    tx: &Transaction<'_>,
    group_id: &[u8],
    our_key: &[u8],
    version: u32,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circles SET guidelines_accepted = MAX(guidelines_accepted, ?2) WHERE group_id = ?1",
    )?
    .execute(params![group_id, version])?;
    record_acceptance(tx, group_id, our_key, version, 0)
}

/// The guidelines version we accepted (0 for none).
pub(crate) fn our_acceptance(tx: &Transaction<'_>, group_id: &[u8]) -> Result<u32> {
    Ok(tx
        .prepare_cached("SELECT guidelines_accepted FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?)
}

/// Mutes (or unmutes) a member on this phone only.
pub(crate) fn mute(tx: &Transaction<'_>, group_id: &[u8], key: &[u8], muted: bool) -> Result<()> {
    if muted {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO circle_mutes (group_id, signature_key) VALUES (?1, ?2)",
        )?
        .execute(params![group_id, key])?;
    } else {
        tx.prepare_cached("DELETE FROM circle_mutes WHERE group_id = ?1 AND signature_key = ?2")?
            .execute(params![group_id, key])?;
    }
    Ok(())
}

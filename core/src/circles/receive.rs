//! Processing one delivery from a circle's mailbox, inside the caller's transaction together
//! with the MLS state change, the rows it produces and the relay cursor.
//!
//! Deliveries are deduplicated by relay sequence before decrypting (a replay costs nothing)
//! and by payload id after. A message from a future epoch is left for later (the cursor does
//! not move, so it is fetched again after the commit before it). A message that can never be
//! processed (undecryptable, malformed, or a commit that breaks the roles) is rolled back to
//! a savepoint and skipped, so one bad message never blocks a circle.

use super::provider::Mls;
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use rusqlite::{params, Transaction};

use super::commit::{self, CommitEffect};
use super::group::{self, member_key, profile, PAST_EPOCHS};
use super::messages::{self, system, NewMessage, EMOJI_MAX, TEXT_MAX};
use super::moderation::{self, Arrival};
use super::payload::Payload;
use super::provider::Provider;
use super::reports;
use super::rules;
use super::SharedCard;
use crate::error::{Error, Result};

/// What processing one delivery did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Processed {
    /// A new text message (its id).
    Message(String),
    /// A reaction, edit or deletion changed this message.
    Updated(String),
    /// A member introduced themselves.
    Intro,
    /// A member's standing changed: they accepted the guidelines, or were timed out.
    Changed,
    /// A post the relay ordered inside its sender's timeout: every phone drops it.
    Dropped,
    /// A commit moved the circle to a new epoch.
    Commit(CommitEffect),
    /// A proposal was queued for a committer.
    Proposal,
    /// A letter about a one-to-one talk of ours: a request, or an answer to ours.
    Talk,
    /// A letter about a talk of ours opened its two-person circle (its group id).
    TalkOpened(Vec<u8>),
    /// Breakout groups of ours opened or ended, or a post arrived in one.
    Breakouts,
    /// Another facilitator gave us the circle's request inbox, closed it, or answered one.
    Requests,
    /// A letter sealed to another member (or from someone we blocked): nothing to do.
    NotForUs,
    /// Already processed (same relay sequence or payload id), or our own post coming back.
    Duplicate,
    /// From an epoch we have not reached: left for after the commit before it.
    Later,
    /// Skipped for good: it could not be processed. `violation` when a commit broke the
    /// circle's roles (the app should show it).
    Rejected {
        /// Why (no content).
        reason: &'static str,
        /// Whether it was a role violation.
        violation: bool,
    },
}

/// Moves the cursor to `relay_seq` (never back), forgetting our posts at or before it: every
/// delivery there is dropped as a duplicate before they are looked at.
fn set_cursor(tx: &Transaction<'_>, group_id: &[u8], relay_seq: u64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circles SET relay_cursor = MAX(relay_cursor, ?2) WHERE group_id = ?1",
    )?
    .execute(params![group_id, relay_seq as i64])?;
    // Looked for first: there is rarely anything to delete, and a DELETE that could match
    // several rows builds a temporary table even when it matches none.
    let passed = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circle_own_posts WHERE group_id = ?1 AND relay_seq <= ?2)",
        )?
        .query_row(params![group_id, relay_seq as i64], |r| r.get::<_, bool>(0))?;
    if passed {
        tx.prepare_cached("DELETE FROM circle_own_posts WHERE group_id = ?1 AND relay_seq <= ?2")?
            .execute(params![group_id, relay_seq as i64])?;
    }
    Ok(())
}

/// Processes one delivery exactly once.
pub(crate) fn receive(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    relay_seq: u64,
    received_at_s: u64,
    bytes: &[u8],
    now_ms: i64,
) -> Result<Processed> {
    let row = group::circle_row(tx, group_id)?;
    if relay_seq <= row.relay_cursor || !row.state.is_active() {
        return Ok(Processed::Duplicate);
    }
    let ours: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circle_own_posts WHERE group_id = ?1 AND relay_seq = ?2)",
        )?
        .query_row(params![group_id, relay_seq as i64], |r| r.get(0))?;
    if ours {
        set_cursor(tx, group_id, relay_seq)?;
        return Ok(Processed::Duplicate);
    }
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    if row.pending_commit_digest.as_deref() == Some(digest.as_ref()) {
        // Our own commit, accepted by the relay although its answer was lost: merge it.
        let effect = super::outbox::accepted_by_echo(tx, mls, group_id, relay_seq, now_ms)?;
        set_cursor(tx, group_id, relay_seq)?;
        return Ok(Processed::Commit(effect));
    }
    let provider = Provider::new(mls, tx);
    let mut group = group::load(&provider, group_id)?;
    tx.prepare_cached("SAVEPOINT receive")?.execute([])?;
    let delivery = Delivery {
        group_id,
        relay_seq,
        received_at_s,
        bytes,
        now_ms,
        disappear_after_s: row.disappear_after_s,
    };
    let outcome = process(tx, mls, &provider, &mut group, &delivery);
    let skipped = match &outcome {
        Err(Error::MessageRejected { reason }) => Some((*reason, false)),
        Err(Error::RoleViolation { reason }) => Some((*reason, true)),
        _ => None,
    };
    if outcome.is_ok() {
        tx.prepare_cached("RELEASE receive")?.execute([])?;
        // Only now: a group changed inside a savepoint that rolled back must not be cached.
        group::keep(&provider, group_id, group);
    } else {
        tx.prepare_cached("ROLLBACK TO receive")?.execute([])?;
        tx.prepare_cached("RELEASE receive")?.execute([])?;
    }
    let processed = match (outcome, skipped) {
        (_, Some((reason, violation))) => {
            tracing::warn!(reason, violation, "a circle delivery was skipped");
            Processed::Rejected { reason, violation }
        }
        (outcome, None) => outcome?,
    };
    // A future epoch's message leaves the cursor where it was, so it is fetched again.
    if processed != Processed::Later {
        set_cursor(tx, group_id, relay_seq)?;
    }
    Ok(processed)
}

fn rejected(reason: &'static str) -> Error {
    Error::MessageRejected { reason }
}

/// One delivery from the relay.
struct Delivery<'a> {
    group_id: &'a [u8],
    relay_seq: u64,
    /// The relay's clock when it received the message (Unix seconds).
    received_at_s: u64,
    bytes: &'a [u8],
    now_ms: i64,
    /// The circle's disappearing-messages timer.
    disappear_after_s: Option<u64>,
}

fn process(
    tx: &Transaction<'_>,
    mls: &Mls,
    provider: &Provider<'_>,
    group: &mut MlsGroup,
    delivery: &Delivery<'_>,
) -> Result<Processed> {
    let &Delivery {
        group_id,
        relay_seq,
        bytes,
        ..
    } = delivery;
    let message =
        MlsMessageIn::tls_deserialize_exact(bytes).map_err(|_| rejected("malformed message"))?;
    let protocol = message
        .try_into_protocol_message()
        .map_err(|_| rejected("not a group message"))?;
    let ours = group.epoch().as_u64();
    let theirs = protocol.epoch().as_u64();
    if theirs > ours {
        return Ok(Processed::Later);
    }
    if theirs + (PAST_EPOCHS as u64) < ours {
        return Err(rejected("from an epoch too old to read"));
    }
    if protocol.content_type() != ContentType::Application && theirs != ours {
        return Err(rejected("a change for an epoch that has passed"));
    }
    let processed = group
        .process_message(provider, protocol)
        .map_err(|_| rejected("the message could not be decrypted or verified"))?;
    let sender = match processed.sender() {
        Sender::Member(index) => member_key(group, *index),
        _ => None,
    }
    .ok_or(rejected("not sent by a member"))?;
    let epoch = processed.epoch().as_u64();
    match processed.into_content() {
        ProcessedMessageContent::ApplicationMessage(app) => {
            let payload: Payload = serde_json::from_slice(&app.into_bytes())
                .map_err(|_| rejected("unknown message format"))?;
            if !payload.ids_are_plausible() {
                return Err(rejected("an id that is not one"));
            }
            let arrival = Arrival {
                group_id,
                relay_seq,
                received_at_s: delivery.received_at_s,
                sender: &sender,
                now_ms: delivery.now_ms,
            };
            // A text that disappeared before it reached us (we were away longer than the
            // timer) is not kept. The relay's clock says when it arrived there and ours says
            // now, so a phone whose clock runs fast must not take a fresh text for an old
            // one: the two may differ by CLOCK_SKEW_S. (A text kept is timed from when it
            // reached this phone, on this phone's clock.)
            let gone = delivery.disappear_after_s.is_some_and(|after| {
                let arrived = delivery.received_at_s.saturating_add(after);
                (arrived.saturating_add(crate::moment::CLOCK_SKEW_S) as i64).saturating_mul(1000)
                    < delivery.now_ms
            });
            if gone && matches!(payload, Payload::Text { .. }) {
                return Ok(Processed::Dropped);
            }
            if payload.is_post()
                && moderation::inside_timeout(
                    tx,
                    group_id,
                    &sender,
                    relay_seq,
                    delivery.received_at_s,
                )?
            {
                return Ok(Processed::Dropped);
            }
            apply_payload(tx, mls, group, &arrival, epoch, payload)
        }
        ProcessedMessageContent::StagedCommitMessage(staged) => {
            // Every honest client checks commits against the roles, as the relay does.
            let summary = commit::read_staged(group, &staged, &sender)?;
            if let Some(reason) = commit::violation(&summary) {
                return Err(Error::RoleViolation { reason });
            }
            group
                .merge_staged_commit(provider, *staged)
                .map_err(|_| rejected("the commit could not be applied"))?;
            let at = commit::CommitAt {
                relay_seq,
                epoch: group.epoch().as_u64(),
                relay_time_s: delivery.received_at_s,
            };
            let effect = commit::record(tx, mls, group_id, at, &summary, delivery.now_ms)?;
            Ok(Processed::Commit(effect))
        }
        ProcessedMessageContent::ProposalMessage(proposal) => {
            group.store_pending_proposal(provider.storage(), *proposal)?;
            Ok(Processed::Proposal)
        }
        // Our own message, fanned back by the relay: we hold the plaintext already.
        ProcessedMessageContent::OwnPrivateMessage => Ok(Processed::Duplicate),
        // We send commits as PrivateMessages (recognised by digest above): not ours to merge.
        ProcessedMessageContent::OwnPendingCommit => Err(rejected("an unexpected own commit")),
        ProcessedMessageContent::ExternalJoinProposalMessage(_) => {
            Err(rejected("external joins are not allowed"))
        }
    }
}

/// Stores a post (a text, or a shared check-in's summary and card) once, judged by the
/// circle's rules.
#[allow(clippy::too_many_arguments)]
fn store_post(
    tx: &Transaction<'_>,
    group: &MlsGroup,
    arrival: &Arrival<'_>,
    epoch: u64,
    id: &str,
    body: &str,
    reply_to: Option<&str>,
    sent_at_ms: i64,
    card: Option<&str>,
) -> Result<Processed> {
    let stored = messages::store(
        tx,
        NewMessage {
            group_id: arrival.group_id,
            id,
            relay_seq: Some(arrival.relay_seq),
            epoch,
            sender: Some(arrival.sender),
            kind: super::messages::MessageKind::Text,
            body,
            reply_to,
            sent_at_ms,
            card,
            event: None,
        },
        arrival.now_ms,
    )?;
    if !stored {
        return Ok(Processed::Duplicate);
    }
    judge(tx, group, arrival, id, body, true)?;
    Ok(Processed::Message(id.to_string()))
}

/// Judges a post (or an edit's new words) by the circle's rules as every phone does, and
/// keeps what it broke with the message: the sender's phone should have held it or flagged
/// it; a modified one may not have.
fn judge(
    tx: &Transaction<'_>,
    group: &MlsGroup,
    arrival: &Arrival<'_>,
    message: &str,
    words: &str,
    new_post: bool,
) -> Result<()> {
    let judged = rules::store::Judged {
        group_id: arrival.group_id,
        sender: arrival.sender,
        at_s: arrival.received_at_s,
        words,
        new_post,
    };
    let circle = profile(group)?;
    let breach = rules::store::judge_post(tx, &circle, &judged, true)?;
    // A flag is for the facilitators: other members' phones keep only a post that should
    // have been held (everyone sees it collapsed).
    let moderating = circle
        .role_of(&super::group::our_key(tx, arrival.group_id)?)
        .commits();
    let kept = breach.filter(|b| b.collapsed() || moderating);
    rules::store::set_breach(tx, arrival.group_id, message, kept.as_ref())
}

/// Stores a shared card (a check-in's or a goal's week) with the summary every phone writes.
fn store_card(
    tx: &Transaction<'_>,
    group: &MlsGroup,
    arrival: &Arrival<'_>,
    epoch: u64,
    id: &str,
    card: SharedCard,
    sent_at_ms: i64,
) -> Result<Processed> {
    if !card.is_valid() {
        return Err(rejected("a shared card out of bounds"));
    }
    let json = serde_json::to_string(&card)?;
    store_post(
        tx,
        group,
        arrival,
        epoch,
        id,
        &card.summary(),
        None,
        sent_at_ms,
        Some(&json),
    )
}

/// Stores what an application message says.
fn apply_payload(
    tx: &Transaction<'_>,
    mls: &Mls,
    group: &MlsGroup,
    arrival: &Arrival<'_>,
    epoch: u64,
    payload: Payload,
) -> Result<Processed> {
    let &Arrival {
        group_id,
        relay_seq,
        sender,
        ..
    } = arrival;
    match payload {
        Payload::Text {
            id,
            body,
            reply_to,
            sent_at_ms,
        } => {
            if body.chars().count() > TEXT_MAX {
                return Err(rejected("a message longer than allowed"));
            }
            store_post(
                tx,
                group,
                arrival,
                epoch,
                &id,
                &body,
                reply_to.as_deref(),
                sent_at_ms,
                None,
            )
        }
        Payload::Checkin {
            id,
            card,
            sent_at_ms,
        } => store_card(
            tx,
            group,
            arrival,
            epoch,
            &id,
            SharedCard::Checkin(card),
            sent_at_ms,
        ),
        Payload::Goal {
            id,
            card,
            sent_at_ms,
        } => store_card(
            tx,
            group,
            arrival,
            epoch,
            &id,
            SharedCard::Goal(card),
            sent_at_ms,
        ),
        Payload::Intro {
            display_name,
            accepted,
            report_key,
            ..
        } => {
            let name = crate::identity::validate_display_name(&display_name)
                .map_err(|_| rejected("a display name was refused"))?;
            if accepted > 0 {
                let current = profile(group)?.guidelines_version;
                moderation::record_acceptance(
                    tx,
                    group_id,
                    sender,
                    accepted.min(current),
                    relay_seq,
                )?;
            }
            tx.prepare_cached("INSERT INTO circle_members (group_id, signature_key, display_name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (group_id, signature_key) DO UPDATE SET display_name = excluded.display_name")?.execute(params![group_id, sender, name],
            )?;
            if !report_key.is_empty() {
                let key = hex::decode(&report_key)
                    .map_err(|_| rejected("a report key that is not hex"))?;
                reports::record_key(tx, group_id, sender, &key)?;
            }
            let first_since_joining = tx
                .prepare_cached(
                    "DELETE FROM circle_joins_unannounced WHERE group_id = ?1 AND signature_key = ?2",
                )?
                .execute(params![group_id, sender])?
                > 0;
            if first_since_joining {
                let joined = super::events::CircleEvent::Joined { who: name.clone() };
                system(tx, mls, group_id, relay_seq, epoch, &joined, arrival.now_ms)?;
            }
            Ok(Processed::Intro)
        }
        Payload::Reaction {
            target,
            emoji,
            remove,
            ..
        } => {
            if emoji.is_empty() || emoji.chars().count() > EMOJI_MAX {
                return Err(rejected("a reaction that is not an emoji"));
            }
            if messages::sender_of(tx, group_id, &target)?.is_none() {
                return Err(rejected("a reaction to an unknown message"));
            }
            if !messages::react(tx, group_id, &target, sender, &emoji, remove)? {
                return Err(rejected(
                    "more reactions to one message than one member may make",
                ));
            }
            Ok(Processed::Updated(target))
        }
        Payload::Edit {
            target,
            body,
            sent_at_ms,
            ..
        } => {
            if body.trim().is_empty() || body.chars().count() > TEXT_MAX {
                return Err(rejected("an edit of a length not allowed"));
            }
            if !messages::edit(tx, group_id, &target, sender, &body, sent_at_ms)? {
                return Err(rejected("an edit of someone else's message"));
            }
            judge(tx, group, arrival, &target, &body, false)?;
            Ok(Processed::Updated(target))
        }
        Payload::Delete { target, .. } => {
            if !messages::delete(tx, group_id, &target, sender)? {
                return Err(rejected("a deletion of someone else's message"));
            }
            Ok(Processed::Updated(target))
        }
        Payload::Accept { version, .. } => {
            moderation::accept(tx, &profile(group)?, arrival, version)
        }
        Payload::Remove { target, .. } => {
            moderation::remove(tx, &profile(group)?, arrival, &target)
        }
        Payload::Pin { target, unpin, .. } => {
            moderation::pin(tx, &profile(group)?, arrival, &target, unpin)
        }
        Payload::Letter { sealed, .. } => {
            crate::talks::receive_letter(tx, mls, group_id, sender, &sealed, arrival.now_ms)
        }
        Payload::Breakouts { slots, .. } => {
            crate::breakouts::receive_notice(tx, mls, &profile(group)?, arrival, &slots)
        }
        Payload::RequestDesk { slots, .. } => {
            crate::finding::desk::receive(tx, mls, &profile(group)?, arrival, &slots)
        }
        Payload::BreakoutPost { sealed, .. } => crate::breakouts::receive_post(
            tx,
            &profile(group)?,
            group_id,
            sender,
            &sealed,
            arrival.now_ms,
        ),
        Payload::Timeout {
            member,
            seconds,
            reason,
            ..
        } => {
            let member = hex::decode(&member).map_err(|_| rejected("a timeout of nobody"))?;
            let timeout = moderation::Timeout {
                member: &member,
                seconds,
                reason: &reason,
            };
            moderation::timeout(tx, &profile(group)?, arrival, &timeout)
        }
    }
}

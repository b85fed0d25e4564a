//! The inviting phone's side: codes made for a circle, and the steps that carry each from
//! "made" to "used" (or declined, failed, expired, revoked). Each function is one step inside
//! the caller's transaction: here the facilitator's own (make, list, approve, decline,
//! revoke) and the admission's end; `claim` finishes the exchange with whoever used a code;
//! `relay` is what sync does at the relay for each code.
//!
//! The exchange is finished at most once per code: [`claim_found`] runs only on an open code
//! and, in the same transaction, deletes the code's secret and seed and stores what the
//! exchange gave (the answer key, the four words, the person's KeyPackage). So a crash either
//! leaves the claim to be read again or the admission recorded, never a lost person and never
//! a second run of the exchange.

mod claim;
mod relay;

use rusqlite::{params, OptionalExtension, Transaction};
use zeroize::Zeroizing;

use super::contents::{self, AnswerBody};
use super::pake::{new_seed, Seed, SEED_LEN};
use super::{
    random_bytes, seconds, stored_secret, Invite, InviteCode, InviteOptions, InviteStage,
    InviteState,
};
use crate::circles::group::{self, profile};
use crate::circles::intents::{self, Intent};
use crate::circles::provider::Mls;
use crate::circles::GroupId;
use crate::error::{Error, Result};
use crate::sealed as seal;

pub(crate) use claim::{claim_found, ClaimOutcome};
pub(crate) use relay::{
    gone_at_relay, not_published, published, relay_done, unclaimed, work, InviteWork,
};

fn check_options(options: &InviteOptions) -> Result<String> {
    if options.lifetime < super::MIN_LIFETIME || options.lifetime > super::MAX_LIFETIME {
        return Err(Error::invalid(
            "expires",
            "a code lasts from 5 minutes to 7 days",
        ));
    }
    let label = options.label.trim();
    if label.chars().count() > super::LABEL_MAX_CHARS || label.chars().any(char::is_control) {
        return Err(Error::invalid(
            "label",
            format!("at most {} characters, on one line", super::LABEL_MAX_CHARS),
        ));
    }
    Ok(label.to_string())
}

/// Makes a code for a circle we may add people to. It is registered at the relay by the next
/// sync; the code is usable from then until its expiry.
pub(crate) fn create(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    options: &InviteOptions,
    now_ms: i64,
) -> Result<(InviteCode, u64)> {
    let label = check_options(options)?;
    let (provider, group, signer) = group::active_group(tx, mls, group_id)?;
    let current = profile(&group)?;
    let may_invite = current.role_of(signer.public()).commits();
    group::keep(&provider, group_id, group);
    current.refuse_in_talk("invite anyone to a one-to-one talk")?;
    if !may_invite {
        return Err(Error::NotPermitted {
            action: "invite people to this circle",
        });
    }
    // A nameplate this phone already used is never reused (30 random bits: a repeat is rare).
    let code = loop {
        let code = InviteCode::generate()?;
        let taken: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM circle_invites WHERE nameplate = ?1)
                 OR EXISTS (SELECT 1 FROM invite_joins WHERE nameplate = ?1)",
            )?
            .query_row([code.nameplate()], |r| r.get(0))?;
        if !taken {
            break code;
        }
    };
    let expires_at = seconds(now_ms) + options.lifetime.as_secs();
    let seed = new_seed()?;
    let owner_token = random_bytes::<32>()?;
    tx.prepare_cached(
        "INSERT INTO circle_invites (nameplate, group_id, label, auto_admit, state, created_at_ms,
             updated_at_ms, expires_at, secret, seed, owner_token)
         VALUES (?1, ?2, ?3, ?4, ?10, ?5, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        code.nameplate(),
        group_id,
        label,
        options.auto_admit,
        now_ms,
        expires_at as i64,
        code.secret(),
        &seed[..],
        &owner_token[..],
        InviteStage::Unpublished,
    ])?;
    Ok((code, expires_at))
}

/// The codes made for a circle, newest first.
pub(crate) fn list(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<Invite>> {
    let mut stmt = tx.prepare_cached(
        "SELECT nameplate, group_id, label, auto_admit, state, created_at_ms, expires_at, secret,
                invitee_name, words
         FROM circle_invites WHERE group_id = ?1 ORDER BY created_at_ms DESC, nameplate",
    )?;
    let rows = stmt.query_map([group_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, GroupId>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, InviteStage>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, Option<Vec<u8>>>(7)?.map(Zeroizing::new),
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            nameplate,
            group_id,
            label,
            auto_admit,
            state,
            created_at_ms,
            expires_at,
            secret,
            name,
            words,
        ) = row?;
        let code = match (&secret, state.shown()) {
            (Some(secret), InviteState::Open) => Some(InviteCode::from_parts(&nameplate, secret)?),
            _ => None,
        };
        out.push(Invite {
            published: state != InviteStage::Unpublished,
            code: code.as_ref().map(|c| c.text().to_string()),
            link: code.as_ref().map(|c| c.link().to_string()),
            nameplate,
            group_id,
            label,
            auto_admit,
            state: state.shown(),
            invitee_name: name,
            words,
            created_at_ms,
            expires_at: u64::try_from(expires_at).unwrap_or(0),
        });
    }
    Ok(out)
}

/// A code's stored record, less what `list` alone reads.
struct Row {
    group_id: Vec<u8>,
    state: InviteStage,
    auto_admit: bool,
    expires_at: u64,
    secret: Option<Zeroizing<Vec<u8>>>,
    seed: Option<Zeroizing<Vec<u8>>>,
    answer_key: Option<Zeroizing<Vec<u8>>>,
    key_package: Option<Vec<u8>>,
}

fn row(tx: &Transaction<'_>, nameplate: &str) -> Result<Row> {
    tx.prepare_cached(
        "SELECT group_id, state, auto_admit, expires_at, secret, seed, answer_key, key_package
         FROM circle_invites WHERE nameplate = ?1",
    )?
    .query_row([nameplate], |r| {
        Ok(Row {
            group_id: r.get(0)?,
            state: r.get(1)?,
            auto_admit: r.get(2)?,
            expires_at: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            secret: r.get::<_, Option<Vec<u8>>>(4)?.map(Zeroizing::new),
            seed: r.get::<_, Option<Vec<u8>>>(5)?.map(Zeroizing::new),
            answer_key: r.get::<_, Option<Vec<u8>>>(6)?.map(Zeroizing::new),
            key_package: r.get(7)?,
        })
    })
    .optional()?
    .ok_or(Error::NotFound { what: "invite" })
}

/// The circle a code belongs to.
pub(crate) fn circle_of(tx: &Transaction<'_>, nameplate: &str) -> Result<Vec<u8>> {
    Ok(row(tx, nameplate)?.group_id)
}

fn seed_of(stored: &[u8]) -> Result<Seed> {
    stored_secret::<SEED_LEN>(stored, "invite seed")
}

fn key_of(stored: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    stored_secret::<32>(stored, "invite key")
}

/// Moves a code to a final or waiting state, wiping what that state no longer needs.
fn settle(
    tx: &Transaction<'_>,
    nameplate: &str,
    state: InviteStage,
    answer: Option<&[u8]>,
    now_ms: i64,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circle_invites SET state = ?2, answer = ?3, secret = NULL, seed = NULL,
             answer_key = NULL, key_package = NULL, updated_at_ms = ?4
         WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, state, answer, now_ms])?;
    Ok(())
}

/// Seals `body` as the answer and settles the code in `state`.
fn answer_with(
    tx: &Transaction<'_>,
    nameplate: &str,
    key: &[u8],
    body: &AnswerBody,
    state: InviteStage,
    now_ms: i64,
) -> Result<()> {
    let sealed = seal::seal_answer(
        &*key_of(key)?,
        nameplate.as_bytes(),
        &contents::encode(body)?,
    )?;
    settle(tx, nameplate, state, Some(&sealed), now_ms)
}

/// Withdraws a code. One that is waiting for approval is declined (the person is told).
pub(crate) fn revoke(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    match row.state {
        InviteStage::Unpublished | InviteStage::Open => {
            settle(tx, nameplate, InviteStage::Revoked, None, now_ms)
        }
        InviteStage::WaitingForApproval => decline(tx, nameplate, now_ms),
        InviteStage::Revoked => Ok(()),
        InviteStage::Claimed
        | InviteStage::Used
        | InviteStage::Declined
        | InviteStage::Failed
        | InviteStage::Expired => Err(Error::invalid("invite", "it was already used or has ended")),
    }
}

/// Admits the person waiting on a code: the Add is queued for the circle.
pub(crate) fn approve(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = waiting_row(tx, nameplate)?;
    admit(tx, nameplate, &row, now_ms)
}

/// The record of a code whose person waits for approval; `InvalidInput` for any other.
fn waiting_row(tx: &Transaction<'_>, nameplate: &str) -> Result<Row> {
    let row = row(tx, nameplate)?;
    if row.state != InviteStage::WaitingForApproval {
        return Err(Error::invalid(
            "invite",
            "nobody is waiting for approval on it",
        ));
    }
    Ok(row)
}

fn admit(tx: &Transaction<'_>, nameplate: &str, row: &Row, now_ms: i64) -> Result<()> {
    let key_package = row.key_package.as_ref().ok_or(Error::Corrupt {
        detail: "invite KeyPackage",
    })?;
    let intent = Intent::Admit {
        nameplate: nameplate.to_string(),
        key_package: hex::encode(key_package),
    };
    intents::queue(tx, &row.group_id, &intent, now_ms)?;
    tx.prepare_cached(
        "UPDATE circle_invites SET state = ?3, updated_at_ms = ?2 WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, now_ms, InviteStage::Claimed])?;
    Ok(())
}

/// Declines the person waiting on a code.
pub(crate) fn decline(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = waiting_row(tx, nameplate)?;
    let key = row.answer_key.as_ref().ok_or(Error::Corrupt {
        detail: "invite key",
    })?;
    answer_with(
        tx,
        nameplate,
        key,
        &AnswerBody::Declined,
        InviteStage::Declined,
        now_ms,
    )
}

/// The relay accepted the Add for a code's person: their Welcome becomes the sealed answer.
pub(crate) fn welcome_ready(
    tx: &Transaction<'_>,
    nameplate: &str,
    welcome: Vec<u8>,
    now_ms: i64,
) -> Result<()> {
    let welcome = AnswerBody::Welcome { welcome };
    end_admission(tx, nameplate, &welcome, InviteStage::Used, now_ms)
}

/// The Add for a code's person could not be made: they are told the code did not work.
pub(crate) fn admission_failed(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    end_admission(
        tx,
        nameplate,
        &AnswerBody::Invalid,
        InviteStage::Declined,
        now_ms,
    )
}

/// Answers the person a code is admitting with `body` and settles the code in `state`; a
/// code answered before (a repeated acknowledgement) is left as it is.
fn end_admission(
    tx: &Transaction<'_>,
    nameplate: &str,
    body: &AnswerBody,
    state: InviteStage,
    now_ms: i64,
) -> Result<()> {
    let row = row(tx, nameplate)?;
    match row.answer_key.as_ref() {
        Some(key) if row.state == InviteStage::Claimed => {
            answer_with(tx, nameplate, key, body, state, now_ms)
        }
        _ => Ok(()),
    }
}

//! What sync does at the relay for each code a facilitator made: publish it, look for a
//! claim, post the answer, delete the record; and what the relay's answers do to the code.

use hearth_protocol::{AnswerInvite, CreateInvite};
use rusqlite::{params, Transaction};
use zeroize::Zeroizing;

use super::{row, seed_of, settle};
use crate::error::{Error, Result};
use crate::invites::pake::{InvitePake, Spake2Ed25519};
use crate::invites::{seconds, token_hash, InviteStage};

/// What sync should do for one code.
#[derive(Clone)]
pub(crate) enum InviteWork {
    /// Open it at the relay.
    Publish {
        nameplate: String,
        owner_token: Vec<u8>,
        request: CreateInvite,
    },
    /// Look for a claim.
    Check {
        nameplate: String,
        owner_token: Vec<u8>,
    },
    /// Post the sealed answer.
    Answer {
        nameplate: String,
        owner_token: Vec<u8>,
        request: AnswerInvite,
    },
    /// Delete the relay's record (revoked or expired).
    Delete {
        nameplate: String,
        owner_token: Vec<u8>,
    },
}

/// The step and the code's nameplate only: the owner token (which lets its holder answer
/// or delete the code at the relay) and the requests never reach a log.
impl std::fmt::Debug for InviteWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (step, nameplate) = match self {
            InviteWork::Publish { nameplate, .. } => ("Publish", nameplate),
            InviteWork::Check { nameplate, .. } => ("Check", nameplate),
            InviteWork::Answer { nameplate, .. } => ("Answer", nameplate),
            InviteWork::Delete { nameplate, .. } => ("Delete", nameplate),
        };
        f.debug_struct(step).field("nameplate", nameplate).finish()
    }
}

/// What sync should do for every code. A code never registered whose time ran out expires
/// here; an open one is checked first, since it may have been used in time while this phone
/// was offline ([`unclaimed`] expires it if not).
pub(crate) fn work(tx: &Transaction<'_>, now_ms: i64) -> Result<Vec<InviteWork>> {
    tx.prepare_cached(
        "UPDATE circle_invites SET state = ?3, secret = NULL, seed = NULL, updated_at_ms = ?2
         WHERE state = ?4 AND expires_at < ?1",
    )?
    .execute(params![
        seconds(now_ms) as i64,
        now_ms,
        InviteStage::Expired,
        InviteStage::Unpublished
    ])?;
    // Open codes, pending answers, and what the relay still holds of withdrawn or expired ones.
    let mut stmt = tx.prepare_cached(
        "SELECT nameplate, state, owner_token, relay_open, answer, secret, seed, expires_at
         FROM circle_invites
         WHERE state IN (?1, ?2) OR answer IS NOT NULL
            OR (state IN (?3, ?4) AND relay_open = 1)
         ORDER BY created_at_ms",
    )?;
    let selected = params![
        InviteStage::Unpublished,
        InviteStage::Open,
        InviteStage::Revoked,
        InviteStage::Expired
    ];
    let rows = stmt.query_map(selected, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, InviteStage>(1)?,
            r.get::<_, Vec<u8>>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<Vec<u8>>>(4)?,
            r.get::<_, Option<Vec<u8>>>(5)?.map(Zeroizing::new),
            r.get::<_, Option<Vec<u8>>>(6)?.map(Zeroizing::new),
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (nameplate, state, owner_token, relay_open, answer, secret, seed, expires_at) = row?;
        out.push(match (state, answer) {
            (_, Some(sealed)) => InviteWork::Answer {
                nameplate,
                owner_token,
                request: AnswerInvite {
                    sealed: sealed.into(),
                },
            },
            (InviteStage::Unpublished, None) => {
                let (Some(secret), Some(seed)) = (secret, seed) else {
                    return Err(Error::Corrupt {
                        detail: "invite secret",
                    });
                };
                let message =
                    Spake2Ed25519.facilitator_message(&seed_of(&seed)?, &secret, &nameplate);
                InviteWork::Publish {
                    request: CreateInvite {
                        message: message.into(),
                        expires_at: u64::try_from(expires_at).unwrap_or(0),
                        owner_hash: token_hash(&owner_token).into(),
                    },
                    nameplate,
                    owner_token,
                }
            }
            (InviteStage::Open, None) => InviteWork::Check {
                nameplate,
                owner_token,
            },
            (_, None) if relay_open => InviteWork::Delete {
                nameplate,
                owner_token,
            },
            _ => continue,
        });
    }
    Ok(out)
}

/// The relay holds no claim for an open code: past its expiry, it is over (and its relay
/// record is deleted next).
pub(crate) fn unclaimed(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<bool> {
    let row = row(tx, nameplate)?;
    if row.state != InviteStage::Open || row.expires_at >= seconds(now_ms) {
        return Ok(false);
    }
    settle(tx, nameplate, InviteStage::Expired, None, now_ms)?;
    Ok(true)
}

/// The relay opened the code.
pub(crate) fn published(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circle_invites SET state = ?3, relay_open = 1, updated_at_ms = ?2
         WHERE nameplate = ?1 AND state = ?4",
    )?
    .execute(params![
        nameplate,
        now_ms,
        InviteStage::Open,
        InviteStage::Unpublished
    ])?;
    Ok(())
}

/// The relay would not open the code (its nameplate is in use there): it cannot work.
pub(crate) fn not_published(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    settle(tx, nameplate, InviteStage::Failed, None, now_ms)
}

/// The relay no longer has the code's record (it expired there, or was swept): an open code
/// is over, a pending answer or deletion has nothing left to act on.
pub(crate) fn gone_at_relay(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    if row.state == InviteStage::Open {
        settle(tx, nameplate, InviteStage::Expired, None, now_ms)?;
    }
    tx.prepare_cached(
        "UPDATE circle_invites SET relay_open = 0, answer = NULL, updated_at_ms = ?2
         WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, now_ms])?;
    Ok(())
}

/// The relay has the answer (the invitee deletes the record once read), or deleted the
/// record we asked it to.
pub(crate) fn relay_done(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circle_invites SET relay_open = 0, answer = NULL, updated_at_ms = ?2
         WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, now_ms])?;
    Ok(())
}

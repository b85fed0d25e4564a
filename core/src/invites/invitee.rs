//! The joining phone's side: codes entered here, and the steps that carry each from "entered"
//! to "joined" (or declined, did not work, unavailable). Each function is one step inside the
//! caller's transaction.
//!
//! The claim is sealed once and kept until the relay took it, so a claim whose answer was
//! lost is sent again byte for byte (the relay recognises it by the claim token's hash). The
//! code's secret and seed are wiped as soon as the claim is sealed.

use hearth_protocol::{Bytes, ClaimInvite, CLAIM_SIZE};
use rusqlite::{params, OptionalExtension, Transaction};
use zeroize::Zeroizing;

use super::contents::{self, AnswerBody, ClaimBody};
use super::pake::{new_seed, InvitePake, Purpose, Spake2Ed25519, SEED_LEN};
use super::{random_bytes, seconds, stored_secret, token_hash, InviteCode, InviteJoin, JoinStage};
use crate::circles::keys;
use crate::circles::membership;
use crate::circles::provider::Mls;
use crate::error::{Error, Result};
use crate::sealed as seal;

/// What sync should do for one code entered here.
#[derive(Clone)]
pub(crate) enum JoinWork {
    /// Fetch the invite's half of the exchange.
    Offer { nameplate: String },
    /// Send the sealed claim.
    Claim {
        nameplate: String,
        request: ClaimInvite,
    },
    /// Look for the facilitator's answer.
    Poll {
        nameplate: String,
        claim_token: Vec<u8>,
    },
    /// Delete the relay's record: we have the answer.
    Delete {
        nameplate: String,
        claim_token: Vec<u8>,
    },
}

/// The step and the nameplate only: the claim token and the sealed claim never reach a log.
impl std::fmt::Debug for JoinWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (step, nameplate) = match self {
            JoinWork::Offer { nameplate } => ("Offer", nameplate),
            JoinWork::Claim { nameplate, .. } => ("Claim", nameplate),
            JoinWork::Poll { nameplate, .. } => ("Poll", nameplate),
            JoinWork::Delete { nameplate, .. } => ("Delete", nameplate),
        };
        f.debug_struct(step).field("nameplate", nameplate).finish()
    }
}

/// What an answer did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answered {
    /// Not waiting for one (already answered).
    Ignored,
    /// Joined this circle.
    Joined(Vec<u8>),
    /// Declined, or the code did not work.
    NotJoined,
}

/// Records a code to join by, with the name wanted in the circle. Sync does the rest.
pub(crate) fn start(
    tx: &Transaction<'_>,
    code: &InviteCode,
    display_name: &str,
    now_ms: i64,
) -> Result<()> {
    let name = crate::identity::validate_display_name(display_name)?;
    let nameplate = code.nameplate();
    let ours: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM circle_invites WHERE nameplate = ?1)")?
        .query_row([&nameplate], |r| r.get(0))?;
    if ours {
        return Err(Error::invalid(
            "code",
            "this phone made that code; give it to the person you invite",
        ));
    }
    match stage(tx, &nameplate)? {
        Some(stage) if stage.under_way() => {
            return Err(Error::invalid(
                "code",
                "this code is already being used here",
            ))
        }
        Some(_) => {
            // Tried before and over: a fresh attempt (the relay decides if it is still open).
            tx.prepare_cached("DELETE FROM invite_joins WHERE nameplate = ?1")?
                .execute([&nameplate])?;
        }
        None => {}
    }
    let seed = new_seed()?;
    let claim_token = random_bytes::<32>()?;
    tx.prepare_cached(
        "INSERT INTO invite_joins (nameplate, display_name, state, created_at_ms, updated_at_ms,
             secret, seed, claim_token)
         VALUES (?1, ?2, ?7, ?3, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        nameplate,
        name,
        now_ms,
        code.secret(),
        &seed[..],
        &claim_token[..],
        JoinStage::Entered,
    ])?;
    Ok(())
}

/// Where joining by this code stands, if it was entered here.
fn stage(tx: &Transaction<'_>, nameplate: &str) -> Result<Option<JoinStage>> {
    Ok(tx
        .prepare_cached("SELECT state FROM invite_joins WHERE nameplate = ?1")?
        .query_row([nameplate], |r| r.get(0))
        .optional()?)
}

/// The codes entered here, newest first.
pub(crate) fn list(tx: &Transaction<'_>) -> Result<Vec<InviteJoin>> {
    let mut stmt = tx.prepare_cached(
        "SELECT nameplate, display_name, state, words, group_id, created_at_ms
         FROM invite_joins ORDER BY created_at_ms DESC, nameplate",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, JoinStage>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<crate::circles::GroupId>>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (nameplate, display_name, state, words, group_id, created_at_ms) = row?;
        out.push(InviteJoin {
            nameplate,
            display_name,
            state: state.shown(),
            words,
            group_id,
            created_at_ms,
        });
    }
    Ok(out)
}

/// What sync should do for every code entered here.
pub(crate) fn work(tx: &Transaction<'_>) -> Result<Vec<JoinWork>> {
    let mut stmt = tx.prepare_cached(
        "SELECT nameplate, state, claim_token, exchange_message, sealed_claim, relay_open
         FROM invite_joins
         WHERE state IN (?1, ?2, ?3) OR relay_open = 1
         ORDER BY created_at_ms",
    )?;
    let under_way = params![
        JoinStage::Entered,
        JoinStage::Claiming,
        JoinStage::WaitingForFacilitator
    ];
    let rows = stmt.query_map(under_way, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, JoinStage>(1)?,
            r.get::<_, Vec<u8>>(2)?,
            r.get::<_, Option<Vec<u8>>>(3)?,
            r.get::<_, Option<Vec<u8>>>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (nameplate, state, claim_token, message, sealed, relay_open) = row?;
        out.push(match state {
            JoinStage::Entered => JoinWork::Offer { nameplate },
            JoinStage::Claiming => {
                let (Some(message), Some(sealed)) = (message, sealed) else {
                    return Err(Error::Corrupt {
                        detail: "invite claim",
                    });
                };
                JoinWork::Claim {
                    request: ClaimInvite {
                        claim_hash: Bytes(token_hash(&claim_token)),
                        message: Bytes(message),
                        sealed: Bytes(sealed),
                    },
                    nameplate,
                }
            }
            JoinStage::WaitingForFacilitator => JoinWork::Poll {
                nameplate,
                claim_token,
            },
            JoinStage::Joined
            | JoinStage::Declined
            | JoinStage::CodeDidNotWork
            | JoinStage::Unavailable => {
                if !relay_open {
                    continue;
                }
                JoinWork::Delete {
                    nameplate,
                    claim_token,
                }
            }
        });
    }
    Ok(out)
}

/// Moves a code to a final state, wiping what the exchange left.
fn settle(tx: &Transaction<'_>, nameplate: &str, state: JoinStage, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE invite_joins SET state = ?2, secret = NULL, seed = NULL, exchange_message = NULL,
             sealed_claim = NULL, answer_key = NULL, updated_at_ms = ?3
         WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, state, now_ms])?;
    Ok(())
}

/// The invite's half of the exchange arrived: run ours, make a KeyPackage for this circle
/// alone, and seal the claim (kept until the relay takes it).
pub(crate) fn offer_received(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    facilitator_message: &[u8],
    now_ms: i64,
) -> Result<()> {
    // (display name, secret, seed) of a code still waiting for its offer.
    type Waiting = (String, Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);
    let waiting: Option<Waiting> = tx
        .prepare_cached(
            "SELECT display_name, secret, seed FROM invite_joins
             WHERE nameplate = ?1 AND state = ?2 AND secret IS NOT NULL AND seed IS NOT NULL",
        )?
        .query_row(params![nameplate, JoinStage::Entered], |r| {
            Ok((
                r.get(0)?,
                Zeroizing::new(r.get(1)?),
                Zeroizing::new(r.get(2)?),
            ))
        })
        .optional()?;
    let Some((name, secret, stored_seed)) = waiting else {
        return Ok(()); // not waiting for an offer
    };
    let seed = stored_secret::<SEED_LEN>(&stored_seed, "invite seed")?;
    let Ok((message, key)) =
        Spake2Ed25519.invitee_exchange(&seed, &secret, nameplate, facilitator_message)
    else {
        // Not a message any honest invite sends: this code cannot work.
        return settle(tx, nameplate, JoinStage::CodeDidNotWork, now_ms);
    };
    let key_package = keys::new_key_package(tx, mls, false, now_ms)?;
    let body = ClaimBody {
        key_package,
        name,
        claimed_at: seconds(now_ms),
    };
    let sealed = seal::seal(
        &*key.key_for(nameplate, Purpose::Claim)?,
        nameplate.as_bytes(),
        &contents::encode(&body)?,
        CLAIM_SIZE,
    )?;
    let answer_key = key.key_for(nameplate, Purpose::Answer)?;
    tx.prepare_cached(
        "UPDATE invite_joins SET state = ?7, secret = NULL, seed = NULL,
             exchange_message = ?2, sealed_claim = ?3, answer_key = ?4, words = ?5,
             updated_at_ms = ?6
         WHERE nameplate = ?1",
    )?
    .execute(params![
        nameplate,
        message,
        sealed,
        &answer_key[..],
        key.words(nameplate)?.join(" "),
        now_ms,
        JoinStage::Claiming,
    ])?;
    Ok(())
}

/// The relay took our claim: wait for the facilitator's phone.
pub(crate) fn claimed(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE invite_joins SET state = ?3, relay_open = 1, exchange_message = NULL,
             sealed_claim = NULL, updated_at_ms = ?2
         WHERE nameplate = ?1 AND state = ?4",
    )?
    .execute(params![
        nameplate,
        now_ms,
        JoinStage::WaitingForFacilitator,
        JoinStage::Claiming
    ])?;
    Ok(())
}

/// The relay has no open invite under this code for us (none, expired, revoked, or already
/// claimed by someone else), or no longer has ours.
pub(crate) fn unavailable(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    if stage(tx, nameplate)?.is_some_and(JoinStage::under_way) {
        settle(tx, nameplate, JoinStage::Unavailable, now_ms)?;
    }
    relay_done(tx, nameplate, now_ms)
}

/// The relay deleted the record (or has none left).
pub(crate) fn relay_done(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE invite_joins SET relay_open = 0, updated_at_ms = ?2 WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, now_ms])?;
    Ok(())
}

/// The facilitator's answer: join the circle from its Welcome, or record why not. An answer
/// that does not open under our key means the code's secret was wrong.
pub(crate) fn answer_received(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    sealed: &[u8],
    now_ms: i64,
) -> Result<Answered> {
    let row: Option<(JoinStage, String, Option<Vec<u8>>)> = tx
        .prepare_cached(
            "SELECT state, display_name, answer_key FROM invite_joins WHERE nameplate = ?1",
        )?
        .query_row([nameplate], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((JoinStage::WaitingForFacilitator, name, Some(key))) = row else {
        return Ok(Answered::Ignored);
    };
    let key = stored_secret::<32>(&key, "invite key")?;
    let body = match seal::open(&key, nameplate.as_bytes(), sealed) {
        Ok(plain) => contents::decode::<AnswerBody>(&plain).unwrap_or(AnswerBody::Invalid),
        Err(_) => {
            settle(tx, nameplate, JoinStage::CodeDidNotWork, now_ms)?;
            return Ok(Answered::NotJoined);
        }
    };
    match body {
        AnswerBody::Welcome { welcome } => {
            // A Welcome that cannot be joined must leave nothing half-written behind.
            tx.execute_batch("SAVEPOINT invite_join")?;
            let joined = membership::join(
                tx,
                mls,
                &welcome,
                &name,
                membership::Joining::ByCode,
                now_ms,
            );
            if joined.is_ok() {
                tx.execute_batch("RELEASE invite_join")?;
            } else {
                tx.execute_batch("ROLLBACK TO invite_join; RELEASE invite_join")?;
            }
            match joined {
                Ok(group_id) => {
                    settle(tx, nameplate, JoinStage::Joined, now_ms)?;
                    tx.prepare_cached(
                        "UPDATE invite_joins SET group_id = ?2 WHERE nameplate = ?1",
                    )?
                    .execute(params![nameplate, group_id])?;
                    Ok(Answered::Joined(group_id))
                }
                Err(Error::MessageRejected { .. }) => {
                    settle(tx, nameplate, JoinStage::CodeDidNotWork, now_ms)?;
                    Ok(Answered::NotJoined)
                }
                Err(e) => Err(e),
            }
        }
        AnswerBody::Declined => {
            settle(tx, nameplate, JoinStage::Declined, now_ms)?;
            Ok(Answered::NotJoined)
        }
        AnswerBody::Invalid => {
            settle(tx, nameplate, JoinStage::CodeDidNotWork, now_ms)?;
            Ok(Answered::NotJoined)
        }
    }
}

#[cfg(test)]
mod work_tests {
    use super::*;

    #[test]
    fn join_work_prints_without_its_claim_token() {
        let work = JoinWork::Poll {
            nameplate: "482913".into(),
            claim_token: vec![0xAB; 32],
        };
        let printed = format!("{work:?}");
        assert_eq!(printed, r#"Poll { nameplate: "482913" }"#);
    }
}

//! The inviting phone's side: codes made for a circle, and the steps that carry each from
//! "made" to "used" (or declined, burned, expired, revoked). Each function is one step inside
//! the caller's transaction.
//!
//! The exchange is finished at most once per code: [`claim_found`] runs only on an open code
//! and, in the same transaction, deletes the code's secret and seed and stores what the
//! exchange gave (the answer key, the four words, the person's KeyPackage). So a crash either
//! leaves the claim to be read again or the admission recorded, never a lost person and never
//! a second run of the exchange.

use hearth_protocol::{AnswerInvite, Claimed, CreateInvite, ANSWER_SIZES};
use rusqlite::{params, OptionalExtension, Transaction};
use zeroize::Zeroizing;

use super::contents::{self, AnswerBody, ClaimBody};
use super::pake::{new_seed, InvitePake, Purpose, Seed, Spake2Ed25519, SEED_LEN};
use super::{
    random_bytes, seconds, stored_secret, token_hash, Invite, InviteCode, InviteOptions,
    InviteState,
};
use crate::circles::group::{self, profile};
use crate::circles::intents::{self, Intent};
use crate::circles::keys;
use crate::circles::messages;
use crate::circles::provider::Mls;
use crate::error::{Error, Result};
use crate::sealed as seal;

/// How far ahead of the expiry the invitee's clock may be when it says it claimed.
const CLOCK_SKEW_SECS: u64 = 10 * 60;

/// What sync should do for one code.
#[derive(Clone, Debug)]
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

/// What reading a claim did, for the app's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClaimOutcome {
    /// Nothing: the code was not open any more (the exchange already ran).
    Ignored,
    /// Finished: the person is being admitted, or waits for approval.
    Accepted { group_id: Vec<u8> },
    /// A wrong secret (or a damaged claim): the code is burned and the circle says so.
    Burned { group_id: Vec<u8> },
    /// Claimed after the code's expiry (the relay should not have taken it).
    Expired,
}

fn state_name(state: InviteState) -> &'static str {
    match state {
        InviteState::Open => "open",
        InviteState::Claimed => "admitting",
        InviteState::WaitingForApproval => "waiting",
        InviteState::Used => "used",
        InviteState::Declined => "declined",
        InviteState::Failed => "burned",
        InviteState::Expired => "expired",
        InviteState::Revoked => "revoked",
    }
}

fn state_of(name: &str) -> Result<InviteState> {
    Ok(match name {
        "new" | "open" => InviteState::Open,
        "admitting" => InviteState::Claimed,
        "waiting" => InviteState::WaitingForApproval,
        "used" => InviteState::Used,
        "declined" => InviteState::Declined,
        "burned" => InviteState::Failed,
        "expired" => InviteState::Expired,
        "revoked" => InviteState::Revoked,
        _ => {
            return Err(Error::Corrupt {
                detail: "invite state",
            })
        }
    })
}

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
    let may_invite = profile(&group)?.role_of(signer.public()).commits();
    group::keep(&provider, group_id, group);
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
         VALUES (?1, ?2, ?3, ?4, 'new', ?5, ?5, ?6, ?7, ?8, ?9)",
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
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, String>(4)?,
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
        let state_enum = state_of(&state)?;
        let code = match (&secret, state_enum) {
            (Some(secret), InviteState::Open) => Some(InviteCode::from_parts(&nameplate, secret)?),
            _ => None,
        };
        out.push(Invite {
            published: state != "new",
            code: code.as_ref().map(|c| c.text().to_string()),
            link: code.as_ref().map(|c| c.link().to_string()),
            nameplate,
            group_id,
            label,
            auto_admit,
            state: state_enum,
            invitee_name: name,
            words,
            created_at_ms,
            expires_at: u64::try_from(expires_at).unwrap_or(0),
        });
    }
    Ok(out)
}

struct Row {
    group_id: Vec<u8>,
    state: String,
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
    state: &str,
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
    state: &str,
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
    match row.state.as_str() {
        "new" | "open" => settle(
            tx,
            nameplate,
            state_name(InviteState::Revoked),
            None,
            now_ms,
        ),
        "waiting" => decline(tx, nameplate, now_ms),
        "revoked" => Ok(()),
        _ => Err(Error::invalid("invite", "it was already used or has ended")),
    }
}

/// Admits the person waiting on a code: the Add is queued for the circle.
pub(crate) fn approve(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    if row.state != "waiting" {
        return Err(Error::invalid(
            "invite",
            "nobody is waiting for approval on it",
        ));
    }
    admit(tx, nameplate, &row, now_ms)
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
        "UPDATE circle_invites SET state = 'admitting', updated_at_ms = ?2 WHERE nameplate = ?1",
    )?
    .execute(params![nameplate, now_ms])?;
    Ok(())
}

/// Declines the person waiting on a code.
pub(crate) fn decline(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    if row.state != "waiting" {
        return Err(Error::invalid(
            "invite",
            "nobody is waiting for approval on it",
        ));
    }
    let key = row.answer_key.as_ref().ok_or(Error::Corrupt {
        detail: "invite key",
    })?;
    answer_with(
        tx,
        nameplate,
        key,
        &AnswerBody::Declined,
        "declined",
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
    let row = row(tx, nameplate)?;
    let Some(key) = row.answer_key.as_ref().filter(|_| row.state == "admitting") else {
        return Ok(()); // answered before (a repeated acknowledgement)
    };
    answer_with(
        tx,
        nameplate,
        key,
        &AnswerBody::Welcome { welcome },
        "used",
        now_ms,
    )
}

/// The Add for a code's person could not be made: they are told the code did not work.
pub(crate) fn admission_failed(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    let Some(key) = row.answer_key.as_ref().filter(|_| row.state == "admitting") else {
        return Ok(());
    };
    answer_with(tx, nameplate, key, &AnswerBody::Invalid, "declined", now_ms)
}

/// What sync should do for every code. A code never registered whose time ran out expires
/// here; an open one is checked first, since it may have been used in time while this phone
/// was offline ([`unclaimed`] expires it if not).
pub(crate) fn work(tx: &Transaction<'_>, now_ms: i64) -> Result<Vec<InviteWork>> {
    tx.prepare_cached(
        "UPDATE circle_invites SET state = 'expired', secret = NULL, seed = NULL, updated_at_ms = ?2
         WHERE state = 'new' AND expires_at < ?1",
    )?
    .execute(params![seconds(now_ms) as i64, now_ms])?;
    let mut stmt = tx.prepare_cached(
        "SELECT nameplate, state, owner_token, relay_open, answer, secret, seed, expires_at
         FROM circle_invites
         WHERE state IN ('new', 'open') OR answer IS NOT NULL
            OR (state IN ('revoked', 'expired') AND relay_open = 1)
         ORDER BY created_at_ms",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
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
        out.push(match (state.as_str(), answer) {
            (_, Some(sealed)) => InviteWork::Answer {
                nameplate,
                owner_token,
                request: AnswerInvite {
                    sealed: sealed.into(),
                },
            },
            ("new", None) => {
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
            ("open", None) => InviteWork::Check {
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
    if row.state != "open" || row.expires_at >= seconds(now_ms) {
        return Ok(false);
    }
    settle(tx, nameplate, "expired", None, now_ms)?;
    Ok(true)
}

/// The relay opened the code.
pub(crate) fn published(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circle_invites SET state = 'open', relay_open = 1, updated_at_ms = ?2
         WHERE nameplate = ?1 AND state = 'new'",
    )?
    .execute(params![nameplate, now_ms])?;
    Ok(())
}

/// The relay would not open the code (its nameplate is in use there): it cannot work.
pub(crate) fn not_published(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    settle(tx, nameplate, "burned", None, now_ms)
}

/// The relay no longer has the code's record (it expired there, or was swept): an open code
/// is over, a pending answer or deletion has nothing left to act on.
pub(crate) fn gone_at_relay(tx: &Transaction<'_>, nameplate: &str, now_ms: i64) -> Result<()> {
    let row = row(tx, nameplate)?;
    if row.state == "open" {
        settle(tx, nameplate, "expired", None, now_ms)?;
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

/// Someone claimed the code: finish the exchange (once), check what they sent, and admit
/// them, ask the facilitator, or burn the code.
pub(crate) fn claim_found(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    claimed: &Claimed,
    now_ms: i64,
) -> Result<ClaimOutcome> {
    let row = row(tx, nameplate)?;
    if row.state != "open" {
        return Ok(ClaimOutcome::Ignored);
    }
    if claimed.claimed_at > row.expires_at {
        settle(tx, nameplate, "expired", None, now_ms)?;
        return Ok(ClaimOutcome::Expired);
    }
    let (Some(secret), Some(seed)) = (&row.secret, &row.seed) else {
        return Err(Error::Corrupt {
            detail: "invite secret",
        });
    };
    let finished = Spake2Ed25519.facilitator_finish(
        &seed_of(seed)?,
        secret,
        nameplate,
        claimed.message.as_slice(),
    );
    let opened = finished.ok().and_then(|key| {
        let claim_key = key.key_for(nameplate, Purpose::Claim).ok()?;
        let plain = seal::open(&claim_key, nameplate.as_bytes(), claimed.sealed.as_slice()).ok()?;
        let body: ClaimBody = contents::decode(&plain).ok()?;
        Some((key, body))
    });
    let Some((key, body)) = opened else {
        return burn(tx, mls, nameplate, &row.group_id, now_ms);
    };
    if body.claimed_at > row.expires_at + CLOCK_SKEW_SECS {
        settle(tx, nameplate, "expired", None, now_ms)?;
        return Ok(ClaimOutcome::Expired);
    }
    let words = key.words(nameplate)?.join(" ");
    let answer_key = key.key_for(nameplate, Purpose::Answer)?;
    let name = crate::identity::validate_display_name(&body.name);
    let valid_kp = keys::read_key_package(mls, &body.key_package);
    tx.prepare_cached(
        "UPDATE circle_invites SET state = 'waiting', secret = NULL, seed = NULL, answer_key = ?2,
             words = ?3, invitee_name = ?4, key_package = ?5, updated_at_ms = ?6
         WHERE nameplate = ?1",
    )?
    .execute(params![
        nameplate,
        &answer_key[..],
        words,
        name.as_deref().unwrap_or("(no valid name)"),
        body.key_package,
        now_ms
    ])?;
    if name.is_err() || valid_kp.is_err() {
        // The claim is theirs (it opened under the code's key) but cannot be used.
        answer_with(
            tx,
            nameplate,
            &answer_key[..],
            &AnswerBody::Invalid,
            "declined",
            now_ms,
        )?;
        return Ok(ClaimOutcome::Accepted {
            group_id: row.group_id,
        });
    }
    if row.auto_admit {
        let row = self::row(tx, nameplate)?;
        admit(tx, nameplate, &row, now_ms)?;
    }
    Ok(ClaimOutcome::Accepted {
        group_id: row.group_id,
    })
}

/// A wrong secret or a damaged claim: the code is burned, the invitee's phone gets an answer
/// it cannot open ("this code did not work"), and the circle's history tells the facilitator.
fn burn(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    group_id: &[u8],
    now_ms: i64,
) -> Result<ClaimOutcome> {
    let noise = random_bytes::<{ ANSWER_SIZES[0] }>()?;
    settle(tx, nameplate, "burned", Some(&noise[..]), now_ms)?;
    messages::note(
        tx,
        mls,
        group_id,
        &format!(
            "Someone tried invite code {nameplate} with a wrong secret, so the code no longer \
             works. If it was a typo, make a new code."
        ),
        now_ms,
    )?;
    Ok(ClaimOutcome::Burned {
        group_id: group_id.to_vec(),
    })
}

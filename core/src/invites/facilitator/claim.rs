//! Finishing the exchange with whoever used a code: once per code, in one transaction that
//! also wipes the code's secret and seed and keeps what the exchange gave (the answer key,
//! the four words, the person's KeyPackage).

use hearth_protocol::{Claimed, ANSWER_SIZES};
use rusqlite::{params, Transaction};

use super::{admit, answer_with, row, seed_of, settle};
use crate::circles::keys;
use crate::circles::messages;
use crate::circles::provider::Mls;
use crate::error::{Error, Result};
use crate::invites::contents::{self, AnswerBody, ClaimBody};
use crate::invites::pake::{InvitePake, Purpose, Spake2Ed25519};
use crate::invites::{random_bytes, InviteStage};
use crate::sealed as seal;

/// How far the relay's clock (which stamps a claim) may be ahead of this phone's, whose
/// clock wrote the code's expiry.
const RELAY_SKEW_S: u64 = crate::moment::CLOCK_SKEW_S;
/// How far the invitee's clock (which says when it claimed) may be ahead of this phone's:
/// each may be off the relay's either way.
const PHONES_SKEW_S: u64 = 2 * crate::moment::CLOCK_SKEW_S;

/// What reading a claim did, for the app's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClaimOutcome {
    /// Nothing: the code was not open any more (the exchange already ran).
    Ignored,
    /// Finished: the person is being admitted, or waits for approval.
    Accepted { group_id: Vec<u8> },
    /// A wrong secret (or a damaged claim): the code failed for good and the circle says so.
    Failed { group_id: Vec<u8> },
    /// Claimed after the code's expiry (the relay should not have taken it).
    Expired,
}

/// Someone claimed the code: finish the exchange (once), check what they sent, and admit
/// them, ask the facilitator, or fail the code.
pub(crate) fn claim_found(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    claimed: &Claimed,
    now_ms: i64,
) -> Result<ClaimOutcome> {
    let row = row(tx, nameplate)?;
    if row.state != InviteStage::Open {
        return Ok(ClaimOutcome::Ignored);
    }
    if claimed.claimed_at > row.expires_at + RELAY_SKEW_S {
        settle(tx, nameplate, InviteStage::Expired, None, now_ms)?;
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
        return wrong_secret(tx, mls, nameplate, &row.group_id, now_ms);
    };
    if body.claimed_at > row.expires_at + PHONES_SKEW_S {
        settle(tx, nameplate, InviteStage::Expired, None, now_ms)?;
        return Ok(ClaimOutcome::Expired);
    }
    let words = key.words(nameplate)?.join(" ");
    let answer_key = key.key_for(nameplate, Purpose::Answer)?;
    let name = crate::identity::validate_display_name(&body.name);
    let valid_kp = keys::read_key_package(mls, &body.key_package);
    tx.prepare_cached(
        "UPDATE circle_invites SET state = ?7, secret = NULL, seed = NULL, answer_key = ?2,
             words = ?3, invitee_name = ?4, key_package = ?5, updated_at_ms = ?6
         WHERE nameplate = ?1",
    )?
    .execute(params![
        nameplate,
        &answer_key[..],
        words,
        name.as_deref().unwrap_or("(no valid name)"),
        body.key_package,
        now_ms,
        InviteStage::WaitingForApproval,
    ])?;
    if name.is_err() || valid_kp.is_err() {
        // The claim is theirs (it opened under the code's key) but cannot be used.
        answer_with(
            tx,
            nameplate,
            &answer_key[..],
            &AnswerBody::Invalid,
            InviteStage::Declined,
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

/// A wrong secret or a damaged claim: the code fails for good, the invitee's phone gets an
/// answer it cannot open ("this code did not work"), and the circle's history tells the
/// facilitator.
fn wrong_secret(
    tx: &Transaction<'_>,
    mls: &Mls,
    nameplate: &str,
    group_id: &[u8],
    now_ms: i64,
) -> Result<ClaimOutcome> {
    let noise = random_bytes::<{ ANSWER_SIZES[0] }>()?;
    settle(tx, nameplate, InviteStage::Failed, Some(&noise[..]), now_ms)?;
    messages::note(
        tx,
        mls,
        group_id,
        &crate::circles::CircleEvent::CodeFailed {
            nameplate: nameplate.to_string(),
        },
        now_ms,
    )?;
    Ok(ClaimOutcome::Failed {
        group_id: group_id.to_vec(),
    })
}

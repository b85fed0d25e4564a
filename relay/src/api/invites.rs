//! The invite mailbox: open an invite under a nameplate, let one invitee claim it, let the
//! owner read the claim and answer, let the claimer read the answer, and delete it.
//!
//! No call carries a device identity. The owner and the claimer prove themselves with tokens
//! whose hashes the invite keeps. Every invite that cannot be used by the caller (none, expired,
//! revoked, already claimed, or a token that does not match) gets the same refusal, byte for
//! byte ([`Refusal::unavailable`]). Nameplates are public, so they may appear in paths, but
//! nothing here logs them.

use crate::crypto;
use crate::error::Refusal;
use crate::extract::{Body, PathParam};
use crate::state::{now, AppState};
use crate::store::{AnswerLookup, ClaimLookup, NewClaim, NewInvite, Store};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearth_protocol::{
    is_nameplate, AnswerInvite, ApiError, Bytes, ClaimInvite, Claimed, CreateInvite, ErrorCode,
    InviteAnswer, InviteClaim, InviteOffer, ANSWER_SIZES, CLAIM_SIZE, CLOCK_SKEW_SECS,
    INVITE_TOKEN_HEADER, INVITE_TOKEN_LEN, MAX_INVITE_LIFETIME_SECS,
};
use std::sync::Arc;

/// Key-exchange messages are short (33 bytes for SPAKE2 over Ed25519); this leaves room for
/// another PAKE behind the same API.
const EXCHANGE_MESSAGE_LEN: std::ops::RangeInclusive<usize> = 16..=128;
/// SHA-256 hashes of tokens.
const HASH_LEN: usize = 32;

fn nameplate(text: String) -> Result<String, Refusal> {
    if is_nameplate(&text) {
        Ok(text)
    } else {
        Err(Refusal::bad(
            "a nameplate is six upper-case base32 characters",
        ))
    }
}

fn exchange_message(message: &Bytes) -> Result<Vec<u8>, Refusal> {
    if EXCHANGE_MESSAGE_LEN.contains(&message.len()) {
        Ok(message.0.clone())
    } else {
        Err(Refusal::bad(
            "the key-exchange message must be 16 to 128 bytes",
        ))
    }
}

fn token_hash(hash: &Bytes) -> Result<Vec<u8>, Refusal> {
    if hash.len() == HASH_LEN {
        Ok(hash.0.clone())
    } else {
        Err(Refusal::bad("token hashes are 32 bytes"))
    }
}

/// The hash of the token in the invite-token header. A missing or malformed token is treated
/// like a wrong one: the invite is unavailable to this caller.
fn presented_token(headers: &HeaderMap) -> Result<Vec<u8>, Refusal> {
    headers
        .get(INVITE_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| Bytes::from_text(v.trim()))
        .filter(|t| t.len() == INVITE_TOKEN_LEN)
        .map(|t| crypto::sha256(t.as_slice()))
        .ok_or_else(Refusal::unavailable)
}

/// Opens an invite.
#[utoipa::path(put, path = "/v1/invites/{nameplate}", request_body = CreateInvite,
    params(("nameplate" = String, Path, description = "The code's public part")),
    responses((status = 201), (status = 400, body = ApiError), (status = 409, body = ApiError)))]
pub async fn create<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    Body(req): Body<CreateInvite>,
) -> Result<StatusCode, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    let message = exchange_message(&req.message)?;
    let owner_hash = token_hash(&req.owner_hash)?;
    // The expiry is on the facilitator's phone clock, which may be off ours either way.
    let now = now();
    if req.expires_at + CLOCK_SKEW_SECS <= now
        || req.expires_at > now + MAX_INVITE_LIFETIME_SECS + CLOCK_SKEW_SECS
    {
        return Err(Refusal::bad("an invite expires within 7 days from now"));
    }
    let invite = NewInvite {
        nameplate,
        message,
        owner_hash,
        // Kept until the expiry has surely passed on that phone's clock too.
        expires_at: req.expires_at + CLOCK_SKEW_SECS,
    };
    if state.store.create_invite(invite).await? {
        Ok(StatusCode::CREATED)
    } else {
        Err(Refusal::new(
            ErrorCode::Conflict,
            "the nameplate is taken; make another code",
        ))
    }
}

/// An open invite's key-exchange message, which an invitee needs before claiming.
#[utoipa::path(get, path = "/v1/invites/{nameplate}",
    params(("nameplate" = String, Path, description = "The code's public part")),
    responses((status = 200, body = InviteOffer), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn offer<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
) -> Result<Json<InviteOffer>, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    match state.store.invite_offer(nameplate, now()).await? {
        Some(message) => Ok(Json(InviteOffer {
            message: Bytes(message),
        })),
        None => Err(Refusal::unavailable()),
    }
}

/// Claims an open invite; only the first claim is taken (or the same one repeated).
#[utoipa::path(post, path = "/v1/invites/{nameplate}/claim", request_body = ClaimInvite,
    params(("nameplate" = String, Path, description = "The code's public part")),
    responses((status = 204), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn claim<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    Body(req): Body<ClaimInvite>,
) -> Result<StatusCode, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    let claim = NewClaim {
        claim_hash: token_hash(&req.claim_hash)?,
        message: exchange_message(&req.message)?,
        sealed: req.sealed.0,
    };
    if claim.sealed.len() != CLAIM_SIZE {
        return Err(Refusal::bad("a sealed claim is exactly 4096 bytes"));
    }
    if state.store.claim_invite(nameplate, claim, now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Refusal::unavailable())
    }
}

/// The claim, for the invite's owner.
#[utoipa::path(get, path = "/v1/invites/{nameplate}/claim",
    params(("nameplate" = String, Path, description = "The code's public part"),
        ("x-hearth-invite-token" = String, Header, description = "The owner token")),
    responses((status = 200, body = InviteClaim), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn read_claim<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    headers: HeaderMap,
) -> Result<Json<InviteClaim>, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    let owner = presented_token(&headers)?;
    match state.store.invite_claim(nameplate, owner).await? {
        ClaimLookup::Claimed(claim) => Ok(Json(InviteClaim {
            claim: Some(Claimed {
                message: Bytes(claim.message),
                sealed: Bytes(claim.sealed),
                claimed_at: claim.claimed_at,
            }),
        })),
        ClaimLookup::Unclaimed => Ok(Json(InviteClaim { claim: None })),
        ClaimLookup::NoInvite => Err(Refusal::unavailable()),
    }
}

/// Leaves the owner's sealed answer for the claimer.
#[utoipa::path(post, path = "/v1/invites/{nameplate}/answer", request_body = AnswerInvite,
    params(("nameplate" = String, Path, description = "The code's public part"),
        ("x-hearth-invite-token" = String, Header, description = "The owner token")),
    responses((status = 204), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn answer<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    headers: HeaderMap,
    Body(req): Body<AnswerInvite>,
) -> Result<StatusCode, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    if !ANSWER_SIZES.contains(&req.sealed.len()) {
        return Err(Refusal::bad("a sealed answer is 4, 16, 64 or 256 KiB"));
    }
    let owner = presented_token(&headers)?;
    if state
        .store
        .answer_invite(nameplate, owner, req.sealed.0)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Refusal::unavailable())
    }
}

/// The answer, for the invite's claimer.
#[utoipa::path(get, path = "/v1/invites/{nameplate}/answer",
    params(("nameplate" = String, Path, description = "The code's public part"),
        ("x-hearth-invite-token" = String, Header, description = "The claim token")),
    responses((status = 200, body = InviteAnswer), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn read_answer<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    headers: HeaderMap,
) -> Result<Json<InviteAnswer>, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    let claimer = presented_token(&headers)?;
    match state.store.invite_answer(nameplate, claimer).await? {
        AnswerLookup::Answered(sealed) => Ok(Json(InviteAnswer {
            sealed: Some(Bytes(sealed)),
        })),
        AnswerLookup::Unanswered => Ok(Json(InviteAnswer { sealed: None })),
        AnswerLookup::NoInvite => Err(Refusal::unavailable()),
    }
}

/// Deletes the invite: its owner revokes it, or its claimer is done with the answer.
#[utoipa::path(delete, path = "/v1/invites/{nameplate}",
    params(("nameplate" = String, Path, description = "The code's public part"),
        ("x-hearth-invite-token" = String, Header, description = "The owner or claim token")),
    responses((status = 204), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn delete<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(nameplate_text): PathParam,
    headers: HeaderMap,
) -> Result<StatusCode, Refusal> {
    let nameplate = nameplate(nameplate_text)?;
    let token = presented_token(&headers)?;
    if state.store.delete_invite(nameplate, token).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Refusal::unavailable())
    }
}

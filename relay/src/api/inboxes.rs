//! Drop inboxes: anyone who knows an inbox's id leaves a sealed drop of the one size; only
//! the key that opened it reads or closes it, by a fresh signature. No device identity.

use crate::crypto::{self, ED25519_KEY_LEN};
use crate::error::Refusal;
use crate::extract::{Body, PathParam};
use crate::state::{now, AppState};
use crate::store::{DropRefusal, NewDrop, Store};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use hearth_protocol::{
    inbox_signing_input, ApiError, Bytes, DropLeft, Drops, ErrorCode, InboxCall, InboxOwnerCall,
    LeaveDrop, OpenInbox, DROP_SIZE, INBOX_SIGNATURE_WINDOW_S,
};
use std::sync::Arc;

/// The most drops one fetch returns.
const MAX_DROPS: u32 = 100;
/// Inbox ids the relay accepts, in bytes.
const INBOX_ID_LEN: std::ops::RangeInclusive<usize> = 16..=64;

fn inbox_id(text: &str) -> Result<Vec<u8>, Refusal> {
    Bytes::from_text(text)
        .filter(|b| INBOX_ID_LEN.contains(&b.len()))
        .map(|b| b.0)
        .ok_or_else(|| Refusal::bad("the inbox id must be 16 to 64 bytes of base64url"))
}

fn no_inbox() -> Refusal {
    Refusal::new(ErrorCode::NotFound, "no such inbox")
}

/// Opens an inbox for a key (again with the same key: no change).
#[utoipa::path(put, path = "/v1/inboxes/{inbox_id}", request_body = OpenInbox,
    params(("inbox_id" = String, Path, description = "16 to 64 random bytes, base64url")),
    responses((status = 204), (status = 400, body = ApiError), (status = 409, body = ApiError)))]
pub async fn open<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<OpenInbox>,
) -> Result<StatusCode, Refusal> {
    let inbox = inbox_id(&id)?;
    if req.owner.len() != ED25519_KEY_LEN {
        return Err(Refusal::bad("owner must be an Ed25519 public key"));
    }
    if state.store.open_inbox(inbox, req.owner.0, now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Refusal::new(
            ErrorCode::Conflict,
            "another key owns this inbox",
        ))
    }
}

/// Leaves a sealed drop, exactly [`DROP_SIZE`] bytes.
#[utoipa::path(post, path = "/v1/inboxes/{inbox_id}/drops", request_body = LeaveDrop,
    params(("inbox_id" = String, Path, description = "The inbox, base64url")),
    responses((status = 200, body = DropLeft), (status = 400, body = ApiError), (status = 404, body = ApiError),
        (status = 429, body = ApiError)))]
pub async fn leave<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<LeaveDrop>,
) -> Result<Json<DropLeft>, Refusal> {
    let inbox = inbox_id(&id)?;
    if !(8..=64).contains(&req.client_id.len()) {
        return Err(Refusal::bad("client_id must be 8 to 64 bytes"));
    }
    if req.drop.len() != DROP_SIZE {
        return Err(Refusal::bad(format!(
            "a drop must be exactly {DROP_SIZE} bytes"
        )));
    }
    let drop = NewDrop {
        client_id: req.client_id.0,
        drop: req.drop.0,
        now: now(),
        per_day_max: state.config.drops_per_day,
    };
    match state.store.leave_drop(inbox, drop).await? {
        Ok(placed) => Ok(Json(DropLeft {
            seq: placed.seq,
            duplicate: placed.duplicate,
        })),
        Err(DropRefusal::NoInbox) => Err(no_inbox()),
        Err(DropRefusal::QuotaExceeded) => Err(Refusal::new(
            ErrorCode::QuotaExceeded,
            "the inbox takes no more drops today",
        )),
    }
}

/// Checks the owner's fresh signature over `call`.
async fn owner_signed<S: Store>(
    state: &AppState<S>,
    inbox: &[u8],
    call: InboxCall,
    req: &InboxOwnerCall,
) -> Result<(), Refusal> {
    if now().abs_diff(req.signed_at) > INBOX_SIGNATURE_WINDOW_S {
        return Err(Refusal::new(
            ErrorCode::Unauthorized,
            "the signature is too old or from the future",
        ));
    }
    let owner = state
        .store
        .inbox_owner(inbox.to_vec())
        .await?
        .ok_or_else(no_inbox)?;
    let input = inbox_signing_input(call, inbox, req.after, req.signed_at);
    if !crypto::verify_ed25519(&owner, &input, req.signature.as_slice()) {
        return Err(Refusal::new(
            ErrorCode::Unauthorized,
            "the signature is not the inbox owner's",
        ));
    }
    Ok(())
}

/// Reads the inbox: its owner, signed within minutes.
#[utoipa::path(post, path = "/v1/inboxes/{inbox_id}/fetch", request_body = InboxOwnerCall,
    params(("inbox_id" = String, Path, description = "The inbox, base64url")),
    responses((status = 200, body = Drops), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn fetch<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<InboxOwnerCall>,
) -> Result<Json<Drops>, Refusal> {
    let inbox = inbox_id(&id)?;
    owner_signed(&state, &inbox, InboxCall::Fetch, &req).await?;
    let page = state
        .store
        .fetch_drops(inbox, req.after, MAX_DROPS, now())
        .await?
        .ok_or_else(no_inbox)?;
    Ok(Json(Drops {
        drops: page.drops,
        more: page.more,
    }))
}

/// Closes the inbox and deletes its drops: its owner, signed within minutes.
#[utoipa::path(post, path = "/v1/inboxes/{inbox_id}/close", request_body = InboxOwnerCall,
    params(("inbox_id" = String, Path, description = "The inbox, base64url")),
    responses((status = 204), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn close<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<InboxOwnerCall>,
) -> Result<StatusCode, Refusal> {
    let inbox = inbox_id(&id)?;
    owner_signed(&state, &inbox, InboxCall::Close, &req).await?;
    if state.store.close_inbox(inbox).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_inbox())
    }
}

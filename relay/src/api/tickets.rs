//! Wake tickets (`/v1/mailboxes/{mailbox_id}/tickets/{ticket_id}`): a member leaves one per
//! circle and epoch, under the epoch's capability (no device identity), so the relay can
//! have the member's phone woken when the circle gets a message; it withdraws it to stop
//! ("don't wake me for this circle"). The relay cannot open a ticket.

use super::mailboxes::{mailbox_id, refused};
use crate::crypto;
use crate::error::Refusal;
use crate::extract::{Body, PathPair};
use crate::state::{now, AppState};
use crate::store::{AppendRefusal, NewTicket, Store};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hearth_protocol::{
    ApiError, Bytes, ErrorCode, RegisterTicket, CAPABILITY_HEADER, TICKET_ID_SIZE, WAKE_TICKET_SIZE,
};
use std::sync::Arc;

fn ticket_id(text: &str) -> Result<Vec<u8>, Refusal> {
    Bytes::from_text(text)
        .filter(|b| b.len() == TICKET_ID_SIZE)
        .map(|b| b.0)
        .ok_or_else(|| Refusal::bad("the ticket id must be 16 bytes of base64url"))
}

/// The answer to a refused ticket: as for a post, but a full epoch says so.
async fn ticket_refused<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    refusal: AppendRefusal,
) -> Result<Refusal, Refusal> {
    if refusal == AppendRefusal::QuotaExceeded {
        return Ok(Refusal::new(
            ErrorCode::QuotaExceeded,
            "this circle's epoch holds as many wake tickets as it may",
        ));
    }
    refused(state, mailbox, refusal).await
}

/// Leaves (or replaces) a wake ticket for the mailbox's current epoch.
#[utoipa::path(put, path = "/v1/mailboxes/{mailbox_id}/tickets/{ticket_id}", request_body = RegisterTicket,
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url"),
        ("ticket_id" = String, Path, description = "The device's id for the ticket, 16 bytes base64url")),
    responses((status = 204), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 410, body = ApiError),
        (status = 413, body = ApiError)))]
pub async fn put<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathPair(mailbox_text, ticket_text): PathPair,
    Body(req): Body<RegisterTicket>,
) -> Result<StatusCode, Refusal> {
    let mailbox = mailbox_id(&mailbox_text)?;
    let ticket_id = ticket_id(&ticket_text)?;
    if req.ticket.len() != WAKE_TICKET_SIZE {
        return Err(Refusal::bad(format!(
            "a wake ticket is exactly {WAKE_TICKET_SIZE} bytes"
        )));
    }
    let ticket = NewTicket {
        ticket_id,
        epoch: req.epoch,
        capability_hash: crypto::sha256(req.capability.as_slice()),
        ticket: req.ticket.0,
        now: now(),
        max: state.config.tickets_per_mailbox,
    };
    match state.store.put_ticket(mailbox.clone(), ticket).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => Err(ticket_refused(&state, &mailbox, refusal).await?),
    }
}

/// Withdraws a wake ticket, with the capability of the epoch it is for, in the
/// `x-hearth-capability` header and the epoch in `x-hearth-epoch`.
#[utoipa::path(delete, path = "/v1/mailboxes/{mailbox_id}/tickets/{ticket_id}",
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url"),
        ("ticket_id" = String, Path, description = "The device's id for the ticket, 16 bytes base64url"),
        ("x-hearth-capability" = String, Header, description = "The epoch's capability, base64url"),
        ("x-hearth-epoch" = u64, Header, description = "The epoch")),
    responses((status = 204), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 410, body = ApiError)))]
pub async fn delete<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathPair(mailbox_text, ticket_text): PathPair,
    headers: HeaderMap,
) -> Result<StatusCode, Refusal> {
    let mailbox = mailbox_id(&mailbox_text)?;
    let ticket_id = ticket_id(&ticket_text)?;
    let capability = headers
        .get(CAPABILITY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(Bytes::from_text)
        .ok_or_else(|| Refusal::bad("the capability header is missing or malformed"))?;
    let epoch = headers
        .get(hearth_protocol::EPOCH_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Refusal::bad("the epoch header is missing or malformed"))?;
    let capability_hash = crypto::sha256(capability.as_slice());
    match state
        .store
        .delete_ticket(mailbox.clone(), ticket_id, epoch, capability_hash)
        .await?
    {
        // Withdrawn, or there was none: either way none is left.
        Ok(_) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => Err(ticket_refused(&state, &mailbox, refusal).await?),
    }
}

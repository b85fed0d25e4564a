//! Circle mailboxes: open one with its committers, post under a per-epoch capability with
//! commit authority enforced, fetch one epoch's messages, and delete a closed circle's.

use crate::crypto::{self, ED25519_KEY_LEN};
use crate::error::Refusal;
use crate::extract::{Body, PathParam, Query};
use crate::framing;
use crate::state::{now, AppState};
use crate::store::{Append, AppendRefusal, Close, CommitChange, Store};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use hearth_protocol::{
    close_signing_input, commit_signing_input, ApiError, Bytes, CloseMailbox, CreateMailbox,
    Delivery, ErrorCode, FetchQuery, Fetched, MessageKind, PostMessage, Posted, CAPABILITY_HEADER,
};
use std::sync::Arc;

/// Group ids the relay accepts as mailbox ids, in bytes.
const MAILBOX_ID_LEN: std::ops::RangeInclusive<usize> = 16..=64;
/// Capabilities and their hashes are 32 bytes.
const CAPABILITY_LEN: usize = 32;
/// The most committers a mailbox may have.
const MAX_COMMITTERS: usize = 64;

/// Parses a mailbox id from its path form.
pub fn mailbox_id(text: &str) -> Result<Vec<u8>, Refusal> {
    Bytes::from_text(text)
        .filter(|b| MAILBOX_ID_LEN.contains(&b.len()))
        .map(|b| b.0)
        .ok_or_else(|| Refusal::bad("the mailbox id must be 16 to 64 bytes of base64url"))
}

/// A post's client id (8 to 64 bytes) and capability (32 bytes), as messages and reports
/// carry them.
pub(super) fn check_post_ids(client_id: &Bytes, capability: &Bytes) -> Result<(), Refusal> {
    if !(8..=64).contains(&client_id.len()) || capability.len() != CAPABILITY_LEN {
        return Err(Refusal::bad(
            "client_id must be 8 to 64 bytes and capability 32",
        ));
    }
    Ok(())
}

fn committer_keys(keys: &[Bytes]) -> Result<Vec<Vec<u8>>, Refusal> {
    if keys.is_empty()
        || keys.len() > MAX_COMMITTERS
        || keys.iter().any(|k| k.len() != ED25519_KEY_LEN)
    {
        return Err(Refusal::bad(
            "committers must be 1 to 64 Ed25519 public keys",
        ));
    }
    Ok(keys.iter().map(|k| k.0.clone()).collect())
}

/// Opens a mailbox for a new circle.
#[utoipa::path(post, path = "/v1/mailboxes", request_body = CreateMailbox,
    responses((status = 201), (status = 400, body = ApiError), (status = 409, body = ApiError)))]
pub async fn create<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Body(req): Body<CreateMailbox>,
) -> Result<StatusCode, Refusal> {
    if !MAILBOX_ID_LEN.contains(&req.mailbox_id.len()) {
        return Err(Refusal::bad("mailbox_id must be 16 to 64 bytes"));
    }
    if req.capability_hash.len() != CAPABILITY_LEN {
        return Err(Refusal::bad("capability_hash must be 32 bytes"));
    }
    let committers = committer_keys(&req.committers)?;
    if state
        .store
        .create_mailbox(
            req.mailbox_id.0,
            req.epoch,
            req.capability_hash.0,
            committers,
            now(),
        )
        .await?
    {
        Ok(StatusCode::CREATED)
    } else {
        Err(Refusal::new(
            ErrorCode::Conflict,
            "that mailbox id is taken",
        ))
    }
}

/// Posts an MLS message to a mailbox. Commits must be signed by a committer and be for the
/// current epoch; the same `client_id` again returns the first answer.
#[utoipa::path(post, path = "/v1/mailboxes/{mailbox_id}/messages", request_body = PostMessage,
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url")),
    responses((status = 200, body = Posted), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 410, body = ApiError),
        (status = 413, body = ApiError)))]
pub async fn post<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<PostMessage>,
) -> Result<Json<Posted>, Refusal> {
    let mailbox = mailbox_id(&id)?;
    check_post_ids(&req.client_id, &req.capability)?;
    let framing = framing::read(req.message.as_slice()).map_err(|e| Refusal::bad(e.to_string()))?;
    if !framing.private {
        return Err(Refusal::bad("mailboxes take PrivateMessages only"));
    }
    if framing.group_id != mailbox {
        return Err(Refusal::bad("the message is for another group"));
    }
    let commit = match (framing.kind, req.commit) {
        (MessageKind::Commit, Some(auth)) => {
            if auth.next_capability_hash.len() != CAPABILITY_LEN {
                return Err(Refusal::bad("next_capability_hash must be 32 bytes"));
            }
            let committers = auth.committers.as_deref().map(committer_keys).transpose()?;
            let digest = crypto::sha256(req.message.as_slice());
            let input = commit_signing_input(
                &mailbox,
                framing.epoch,
                &digest,
                auth.next_capability_hash.as_slice(),
                auth.committers.as_deref(),
            );
            if !crypto::verify_ed25519(auth.committer.as_slice(), &input, auth.signature.as_slice())
            {
                return Err(Refusal::new(
                    ErrorCode::NotCommitter,
                    "the commit signature is not valid",
                ));
            }
            Some(CommitChange {
                committer: auth.committer.0,
                next_capability_hash: auth.next_capability_hash.0,
                committers,
            })
        }
        (MessageKind::Commit, None) => {
            return Err(Refusal::new(
                ErrorCode::NotCommitter,
                "a commit needs a committer's signature",
            ))
        }
        (_, Some(_)) => return Err(Refusal::bad("only commits carry commit authority")),
        (_, None) => None,
    };
    let received_at = now();
    let append = Append {
        client_id: req.client_id.0,
        epoch: framing.epoch,
        kind: framing.kind,
        capability_hash: crypto::sha256(req.capability.as_slice()),
        message: req.message.0.clone(),
        commit,
        now: received_at,
        bytes_max: state.config.mailbox_bytes_max,
    };
    let mailbox_for_wake = mailbox.clone();
    let skip_wake = req.skip_wake.clone();
    match state.store.append(mailbox.clone(), append).await? {
        Ok(done) => {
            if !done.duplicate {
                state.hub.publish(Delivery {
                    mailbox_id: Bytes(mailbox),
                    seq: done.seq,
                    epoch: done.epoch,
                    kind: framing.kind,
                    message: req.message,
                    received_at: done.received_at,
                });
                state
                    .waker
                    .appended(&mailbox_for_wake, done.epoch, skip_wake.map(|b| b.0));
            }
            Ok(Json(Posted {
                seq: done.seq,
                epoch: done.epoch,
                duplicate: done.duplicate,
                received_at: done.received_at,
            }))
        }
        Err(refusal) => Err(refused(&state, &mailbox, refusal).await?),
    }
}

/// The answer to a refused append or close: `closed` when the mailbox was closed, whatever
/// else failed.
pub(super) async fn refused<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    refusal: AppendRefusal,
) -> Result<Refusal, Refusal> {
    if matches!(
        refusal,
        AppendRefusal::NoMailbox | AppendRefusal::BadCapability
    ) {
        closed_or(state, mailbox, append_refusal(refusal)).await
    } else {
        Ok(append_refusal(refusal))
    }
}

/// `closed` when the mailbox was closed, otherwise `refusal`.
pub(super) async fn closed_or<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    refusal: Refusal,
) -> Result<Refusal, Refusal> {
    Ok(if state.store.mailbox_closed(mailbox.to_vec()).await? {
        Refusal::new(ErrorCode::Closed, "the circle was closed")
    } else {
        refusal
    })
}

/// Deletes the mailbox of a circle whose closing commit the relay accepted: signed by a
/// committer of the current epoch, with that epoch's capability.
#[utoipa::path(post, path = "/v1/mailboxes/{mailbox_id}/close", request_body = CloseMailbox,
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url")),
    responses((status = 204), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 410, body = ApiError)))]
pub async fn close<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<CloseMailbox>,
) -> Result<StatusCode, Refusal> {
    let mailbox = mailbox_id(&id)?;
    if req.capability.len() != CAPABILITY_LEN {
        return Err(Refusal::bad("capability must be 32 bytes"));
    }
    let input = close_signing_input(&mailbox, req.epoch);
    if !crypto::verify_ed25519(req.committer.as_slice(), &input, req.signature.as_slice()) {
        return Err(Refusal::new(
            ErrorCode::NotCommitter,
            "the closing signature is not valid",
        ));
    }
    let close = Close {
        epoch: req.epoch,
        capability_hash: crypto::sha256(req.capability.as_slice()),
        committer: req.committer.0,
        now: now(),
    };
    match state.store.close_mailbox(mailbox.clone(), close).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => Err(refused(&state, &mailbox, refusal).await?),
    }
}

fn append_refusal(r: AppendRefusal) -> Refusal {
    match r {
        AppendRefusal::NoMailbox => Refusal::new(ErrorCode::NotFound, "no such mailbox"),
        AppendRefusal::BadCapability => Refusal::new(
            ErrorCode::BadCapability,
            "the capability does not match the epoch",
        ),
        AppendRefusal::NotCommitter => Refusal::new(
            ErrorCode::NotCommitter,
            "the signer is not a committer of this circle",
        ),
        AppendRefusal::StaleEpoch { current } => {
            let mut e = ApiError::new(
                ErrorCode::StaleEpoch,
                "not the current epoch: fetch, process, retry",
            );
            e.current_epoch = Some(current);
            Refusal(e)
        }
        AppendRefusal::QuotaExceeded => Refusal::new(
            ErrorCode::QuotaExceeded,
            "the mailbox holds as much as it may until older messages expire",
        ),
    }
}

/// Checks a presented capability for a mailbox's epoch.
pub async fn authorize<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    epoch: u64,
    capability: &[u8],
) -> Result<(), Refusal> {
    if capability.len() != CAPABILITY_LEN
        || !state
            .store
            .capability_valid(mailbox.to_vec(), epoch, crypto::sha256(capability))
            .await?
    {
        let refusal = Refusal::new(
            ErrorCode::BadCapability,
            "the capability does not match the epoch",
        );
        return Err(closed_or(state, mailbox, refusal).await?);
    }
    Ok(())
}

/// Fetches one epoch's messages after a sequence number; the capability for that epoch goes
/// in the `x-hearth-capability` header.
#[utoipa::path(get, path = "/v1/mailboxes/{mailbox_id}/messages",
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url"), FetchQuery,
        ("x-hearth-capability" = String, Header, description = "The epoch's capability, base64url")),
    responses((status = 200, body = Fetched), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 410, body = ApiError)))]
pub async fn fetch<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Query(q): Query<FetchQuery>,
    headers: HeaderMap,
) -> Result<Json<Fetched>, Refusal> {
    let mailbox = mailbox_id(&id)?;
    let capability = headers
        .get(CAPABILITY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(Bytes::from_text)
        .ok_or_else(|| {
            Refusal::new(
                ErrorCode::BadCapability,
                "the capability header is missing or malformed",
            )
        })?;
    authorize(&state, &mailbox, q.epoch, capability.as_slice()).await?;
    let limit = q
        .limit
        .unwrap_or(state.config.max_fetch)
        .clamp(1, state.config.max_fetch);
    let id_bytes = mailbox.clone();
    match state.store.fetch(mailbox, q.epoch, q.after, limit).await? {
        Some(page) => Ok(Json(Fetched {
            messages: page.messages,
            current_epoch: page.current_epoch,
            more: page.more,
        })),
        None => Err(closed_or(
            &state,
            &id_bytes,
            Refusal::new(ErrorCode::NotFound, "no such mailbox"),
        )
        .await?),
    }
}

//! Device inboxes for MLS Welcomes: only a session that claimed one of the device's
//! KeyPackages may leave it one (one per claim, for a day), so nobody can push circles at a
//! device whose id they merely know; the inbox is capped and read in pages; only the device
//! reads and acknowledges.

use super::devices::check_device_id;
use crate::error::Refusal;
use crate::extract::{Body, Device, PathParam};
use crate::state::{now, AppState};
use crate::store::{NewWelcome, Store, WelcomePosted};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use hearth_protocol::{AckWelcomes, ApiError, Bytes, ErrorCode, Inbox, InboxWelcome, PostWelcome};
use std::sync::Arc;

/// Leaves a Welcome in a device's inbox.
#[utoipa::path(post, path = "/v1/devices/{device_id}/welcomes", request_body = PostWelcome,
    security(("device" = [])),
    params(("device_id" = String, Path, description = "The device to welcome")),
    responses((status = 204), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 413, body = ApiError)))]
pub async fn post<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(sender): Device,
    PathParam(device_id): PathParam,
    Body(req): Body<PostWelcome>,
) -> Result<StatusCode, Refusal> {
    check_device_id(&device_id)?;
    if !(8..=64).contains(&req.id.len()) || req.welcome.is_empty() {
        return Err(Refusal::bad(
            "id must be 8 to 64 bytes and welcome not empty",
        ));
    }
    match state
        .store
        .post_welcome(
            sender,
            device_id,
            NewWelcome {
                id: req.id.0,
                welcome: req.welcome.0,
            },
            now(),
            state.config.inbox_max,
        )
        .await?
    {
        WelcomePosted::Stored => Ok(StatusCode::NO_CONTENT),
        WelcomePosted::NoDevice => Err(Refusal::new(ErrorCode::NotFound, "no such device")),
        WelcomePosted::NotClaimed => Err(Refusal::new(
            ErrorCode::NotClaimed,
            "claim one of the device's KeyPackages before leaving it a Welcome",
        )),
        WelcomePosted::InboxFull => Err(Refusal::new(
            ErrorCode::QuotaExceeded,
            "the device's Welcome inbox is full",
        )),
    }
}

/// A page of the calling device's waiting Welcomes, oldest first.
#[utoipa::path(get, path = "/v1/welcomes", security(("device" = [])),
    responses((status = 200, body = Inbox), (status = 401, body = ApiError)))]
pub async fn inbox<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(device): Device,
) -> Result<Json<Inbox>, Refusal> {
    let page = state
        .store
        .welcomes(device, state.config.inbox_page)
        .await?;
    let welcomes = page
        .welcomes
        .into_iter()
        .map(|w| InboxWelcome {
            id: Bytes(w.id),
            welcome: Bytes(w.welcome),
            received_at: w.received_at,
        })
        .collect();
    Ok(Json(Inbox {
        welcomes,
        more: page.more,
    }))
}

/// Removes processed Welcomes from the calling device's inbox.
#[utoipa::path(post, path = "/v1/welcomes/ack", request_body = AckWelcomes, security(("device" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn ack<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(device): Device,
    Body(req): Body<AckWelcomes>,
) -> Result<StatusCode, Refusal> {
    state
        .store
        .ack_welcomes(device, req.ids.into_iter().map(|b| b.0).collect())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Device registration, challenge-response sessions, and deleting a device's records.

use crate::crypto::{self, ED25519_KEY_LEN};
use crate::error::Refusal;
use crate::extract::{Body, Device};
use crate::state::{now, AppState};
use crate::store::Store;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use hearth_protocol::{
    relay_authority, session_signing_input, ApiError, Bytes, Challenge, ChallengeRequest,
    DeviceRegistered, ErrorCode, RegisterDevice, Session, SessionRequest,
};
use std::sync::Arc;

/// Checks that `id` has the shape of a device id (32 lowercase hex characters).
pub fn check_device_id(id: &str) -> Result<(), Refusal> {
    let valid = id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if valid {
        Ok(())
    } else {
        Err(Refusal::bad(
            "device_id must be 32 lowercase hex characters",
        ))
    }
}

/// Registers a device's Ed25519 public key.
#[utoipa::path(post, path = "/v1/devices", request_body = RegisterDevice,
    responses((status = 200, body = DeviceRegistered), (status = 400, body = ApiError)))]
pub async fn register<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Body(req): Body<RegisterDevice>,
) -> Result<Json<DeviceRegistered>, Refusal> {
    if req.public_key.len() != ED25519_KEY_LEN {
        return Err(Refusal::bad("public_key must be 32 bytes"));
    }
    let device_id = crypto::device_id(req.public_key.as_slice());
    state
        .store
        .register_device(device_id.clone(), req.public_key.0)
        .await?;
    Ok(Json(DeviceRegistered { device_id }))
}

/// Issues a one-time nonce for a registered device to sign.
#[utoipa::path(post, path = "/v1/devices/challenge", request_body = ChallengeRequest,
    responses((status = 200, body = Challenge), (status = 400, body = ApiError), (status = 404, body = ApiError)))]
pub async fn challenge<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Body(req): Body<ChallengeRequest>,
) -> Result<Json<Challenge>, Refusal> {
    check_device_id(&req.device_id)?;
    if state
        .store
        .device_key(req.device_id.clone())
        .await?
        .is_none()
    {
        return Err(Refusal::new(ErrorCode::NotFound, "no such device"));
    }
    let nonce = crypto::random(32)?;
    let expires_at = now() + state.config.challenge_ttl.as_secs();
    state
        .store
        .put_challenge(req.device_id, nonce.clone(), expires_at)
        .await?;
    Ok(Json(Challenge {
        nonce: Bytes(nonce),
        expires_at,
    }))
}

/// Exchanges a signed nonce for a session token.
#[utoipa::path(post, path = "/v1/devices/session", request_body = SessionRequest,
    responses((status = 200, body = Session), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn session<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    headers: axum::http::HeaderMap,
    Body(req): Body<SessionRequest>,
) -> Result<Json<Session>, Refusal> {
    let refused = || {
        Refusal::new(
            ErrorCode::Unauthorized,
            "the challenge response is not valid",
        )
    };
    check_device_id(&req.device_id)?;
    let key = state
        .store
        .device_key(req.device_id.clone())
        .await?
        .ok_or_else(refused)?;
    // The relay the device signed for must be this one, as the request addressed it.
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(refused)?;
    let input = session_signing_input(&relay_authority(host), &req.device_id, req.nonce.as_slice());
    if !crypto::verify_ed25519(&key, &input, req.signature.as_slice()) {
        return Err(refused());
    }
    // The nonce is consumed only by a valid signature, so a forger cannot burn it.
    if !state
        .store
        .take_challenge(req.device_id.clone(), req.nonce.0, now())
        .await?
    {
        return Err(refused());
    }
    let token = hex::encode(crypto::random(32)?);
    let expires_at = now() + state.config.session_ttl.as_secs();
    state
        .store
        .put_session(crypto::sha256(token.as_bytes()), req.device_id, expires_at)
        .await?;
    Ok(Json(Session { token, expires_at }))
}

/// Deletes the calling device and everything the relay holds for it.
#[utoipa::path(delete, path = "/v1/devices/me", security(("device" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn delete_me<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(device): Device,
) -> Result<StatusCode, Refusal> {
    state.store.delete_device(device).await?;
    Ok(StatusCode::NO_CONTENT)
}

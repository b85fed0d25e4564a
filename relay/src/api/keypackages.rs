//! The KeyPackage directory: upload a batch (and a last resort), count, claim one.

use super::devices::check_device_id;
use crate::error::Refusal;
use crate::extract::{Body, Device, PathParam};
use crate::state::{now, AppState};
use crate::store::{Claim, ClaimLimits, SignedKeyPackage, Store};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearth_protocol::{
    key_package_signing_input, ApiError, Bytes, ClaimedKeyPackage, ErrorCode, KeyPackageCount,
    UploadKeyPackages,
};
use std::sync::Arc;

/// The smallest and largest KeyPackage the relay accepts, in bytes.
const KEY_PACKAGE_SIZE: std::ops::RangeInclusive<usize> = 64..=16 * 1024;

/// Uploads one-time KeyPackages and optionally a new last-resort one.
#[utoipa::path(post, path = "/v1/keypackages", request_body = UploadKeyPackages, security(("device" = [])),
    responses((status = 200, body = KeyPackageCount), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn upload<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(device): Device,
    Body(req): Body<UploadKeyPackages>,
) -> Result<Json<KeyPackageCount>, Refusal> {
    let all = req.key_packages.iter().chain(req.last_resort.iter());
    if all.clone().any(|kp| !KEY_PACKAGE_SIZE.contains(&kp.len())) {
        return Err(Refusal::bad("a KeyPackage has an implausible size"));
    }
    // Each signed by the device itself: what an adder checks, refused here already.
    let device_key = state
        .store
        .device_key(device.clone())
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "no such device"))?;
    let signed = |kp: &Bytes, signature: Option<&Bytes>| {
        signature.is_some_and(|s| {
            crate::crypto::verify_ed25519(
                &device_key,
                &key_package_signing_input(&device, kp.as_slice()),
                s.as_slice(),
            )
        })
    };
    let last_resort_signed = req
        .last_resort
        .as_ref()
        .is_none_or(|kp| signed(kp, req.last_resort_signature.as_ref()));
    if req.signatures.len() != req.key_packages.len()
        || !req
            .key_packages
            .iter()
            .zip(&req.signatures)
            .all(|(kp, s)| signed(kp, Some(s)))
        || !last_resort_signed
    {
        return Err(Refusal::bad(
            "every KeyPackage needs its device's signature (key_package_signing_input)",
        ));
    }
    let held = state
        .store
        .key_package_count(device.clone(), now())
        .await?
        .available;
    if held as usize + req.key_packages.len() > state.config.max_key_packages as usize {
        return Err(Refusal::bad(format!(
            "at most {} KeyPackages may be held",
            state.config.max_key_packages
        )));
    }
    let expires_at = now() + state.config.key_package_ttl.as_secs();
    let kps = req
        .key_packages
        .into_iter()
        .zip(req.signatures)
        .map(|(kp, s)| SignedKeyPackage {
            key_package: kp.0,
            signature: s.0,
        })
        .collect();
    let last_resort = req
        .last_resort
        .zip(req.last_resort_signature)
        .map(|(kp, s)| SignedKeyPackage {
            key_package: kp.0,
            signature: s.0,
        });
    state
        .store
        .add_key_packages(device.clone(), kps, last_resort, expires_at)
        .await?;
    count_for(&state, device).await.map(Json)
}

/// How many KeyPackages the calling device has left.
#[utoipa::path(get, path = "/v1/keypackages/count", security(("device" = [])),
    responses((status = 200, body = KeyPackageCount), (status = 401, body = ApiError)))]
pub async fn count<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(device): Device,
) -> Result<Json<KeyPackageCount>, Refusal> {
    count_for(&state, device).await.map(Json)
}

async fn count_for<S: Store>(
    state: &AppState<S>,
    device: String,
) -> Result<KeyPackageCount, Refusal> {
    let stock = state.store.key_package_count(device, now()).await?;
    Ok(KeyPackageCount {
        available: stock.available,
        has_last_resort: stock.has_last_resort,
        last_resort_used: stock.last_resort_used,
    })
}

/// Claims one KeyPackage of a device (each one-time KeyPackage is served once).
#[utoipa::path(post, path = "/v1/devices/{device_id}/keypackage", security(("device" = [])),
    params(("device_id" = String, Path, description = "The device whose KeyPackage to claim")),
    responses((status = 200, body = ClaimedKeyPackage), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn claim<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    Device(claimer): Device,
    PathParam(device_id): PathParam,
) -> Result<Response, Refusal> {
    check_device_id(&device_id)?;
    let device_key = state.store.device_key(device_id.clone()).await?;
    let Some(device_key) = device_key else {
        return Err(Refusal::new(ErrorCode::NotFound, "no such device"));
    };
    let config = &state.config;
    let limits = ClaimLimits {
        per_claimer_per_hour: config.claims_per_claimer_per_hour,
        per_device_per_hour: config.claims_per_device_per_hour,
        last_resort_per_day: config.last_resort_per_day,
        welcome_grant_secs: config.welcome_grant.as_secs(),
    };
    match state
        .store
        .claim_key_package(claimer, device_id, now(), limits)
        .await?
    {
        Claim::Claimed(claimed) => Ok(Json(ClaimedKeyPackage {
            key_package: Bytes(claimed.key_package),
            signature: Bytes(claimed.signature),
            device_key: Bytes(device_key),
            last_resort: claimed.last_resort,
        })
        .into_response()),
        Claim::NoneLeft => Err(Refusal::new(
            ErrorCode::NoKeyPackage,
            "no KeyPackage is available for that device",
        )),
        Claim::TooMany { retry_after } => Ok(crate::limits::too_many(
            "too many KeyPackage claims (by this device, or of that one) this hour",
            retry_after,
        )),
    }
}

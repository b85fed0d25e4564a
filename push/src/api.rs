//! The gateway's HTTP API under `/v1`: its keys, device registrations (add, change, delete
//! with the registration's secret), and wakes from relays (with a relay token).

use crate::gateway::Gateway;
use crate::providers::SendError;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hearth_protocol::{
    ApiError, Bytes, ErrorCode, GatewayInfo, PushEndpoint, PushRegistered, RegisterPush, WakeBatch,
    WakeTaken, REGISTRATION_SECRET_HEADER,
};
use hearth_wake_ticket::{RegistrationId, REGISTRATION_ID_SIZE};
use std::net::SocketAddr;
use std::sync::Arc;

/// A refused request, as the protocol's JSON error.
struct Refusal(StatusCode, ApiError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

fn refuse(status: StatusCode, code: ErrorCode, reason: &str) -> Refusal {
    Refusal(status, ApiError::new(code, reason))
}

fn bad(reason: &str) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, reason)
}

fn internal() -> Refusal {
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "the gateway could not complete the request",
    )
}

/// Every route (bodies of at most 64 KiB); registrations are rate limited per address.
pub fn router(gateway: Arc<Gateway>) -> Router {
    let registrations = Router::new()
        .route("/v1/registrations", post(register))
        .route("/v1/registrations/{id}", put(change).delete(unregister))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&gateway),
            limit_registrations,
        ));
    Router::new()
        .route("/v1/health", get(|| async { StatusCode::NO_CONTENT }))
        .route("/v1/gateway", get(info))
        .merge(registrations)
        .route("/v1/wake", post(wake))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .with_state(gateway)
}

/// Refuses with 429 and `Retry-After` once an address made too many registration requests.
/// The address is the peer's: behind a reverse proxy every device shares the proxy's quota,
/// so raise `--registrations-per-minute` there.
async fn limit_registrations(
    State(g): State<Arc<Gateway>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        if let Err(wait) = g.registrations_rate.check(addr.ip()) {
            let mut response = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "too many registration requests; retry later",
            )
            .into_response();
            response.headers_mut().insert(
                RETRY_AFTER,
                HeaderValue::from(hearth_rate_limit::retry_after_seconds(wait)),
            );
            return response;
        }
    }
    next.run(request).await
}

async fn info(State(g): State<Arc<Gateway>>) -> Json<GatewayInfo> {
    Json(GatewayInfo {
        ticket_key: Bytes(g.keys.tickets.public().to_vec()),
        vapid_key: Bytes(g.keys.vapid_public()),
    })
}

/// Checks an endpoint the way its provider will use it.
async fn check(g: &Gateway, endpoint: &PushEndpoint) -> Result<(), Refusal> {
    match endpoint {
        PushEndpoint::UnifiedPush { .. } => match g.unified_push.check(endpoint).await {
            Ok(()) => Ok(()),
            Err(SendError::Unreachable) => Err(bad("the endpoint's host does not resolve")),
            Err(_) => Err(bad(
                "the endpoint must be an https:// URL on a public address, with a P-256 key \
                 and a 16-byte auth secret",
            )),
        },
        PushEndpoint::Fcm { .. } if g.fcm.is_none() => {
            Err(bad("this gateway does not send through FCM"))
        }
        PushEndpoint::Apns { .. } if g.apns.is_none() => {
            Err(bad("this gateway does not send through APNs"))
        }
        PushEndpoint::Fcm { token }
            if !token.is_empty()
                && token.len() <= 4096
                && token.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            Ok(())
        }
        PushEndpoint::Apns { token }
            if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(())
        }
        PushEndpoint::Fcm { .. } | PushEndpoint::Apns { .. } => Err(bad("the token is malformed")),
    }
}

async fn register(
    State(g): State<Arc<Gateway>>,
    Json(req): Json<RegisterPush>,
) -> Result<(StatusCode, Json<PushRegistered>), Refusal> {
    check(&g, &req.endpoint).await?;
    let (id, secret) = g
        .store
        .add(req.endpoint, now())
        .await
        .map_err(|_| internal())?;
    Ok((
        StatusCode::CREATED,
        Json(PushRegistered {
            registration_id: Bytes(id.0.to_vec()),
            secret: Bytes(secret.to_vec()),
        }),
    ))
}

fn registration_id(text: &str) -> Result<RegistrationId, Refusal> {
    let bytes = Bytes::from_text(text).ok_or_else(|| bad("the registration id is malformed"))?;
    let id: [u8; REGISTRATION_ID_SIZE] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| bad("the registration id is malformed"))?;
    Ok(RegistrationId(id))
}

fn secret(headers: &HeaderMap) -> Result<Vec<u8>, Refusal> {
    headers
        .get(REGISTRATION_SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(Bytes::from_text)
        .map(|b| b.0)
        .ok_or_else(|| bad("the registration secret header is missing or malformed"))
}

/// The same answer for a wrong id and a wrong secret: a guess learns nothing.
fn unknown() -> Refusal {
    refuse(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such registration, or the secret does not match",
    )
}

async fn change(
    State(g): State<Arc<Gateway>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<RegisterPush>,
) -> Result<StatusCode, Refusal> {
    let id = registration_id(&id)?;
    let secret = secret(&headers)?;
    check(&g, &req.endpoint).await?;
    match g.store.replace(id, secret, req.endpoint).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        Ok(false) => Err(unknown()),
        Err(_) => Err(internal()),
    }
}

async fn unregister(
    State(g): State<Arc<Gateway>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Refusal> {
    let id = registration_id(&id)?;
    let secret = secret(&headers)?;
    match g.store.delete(id, secret).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT),
        Ok(false) => Err(unknown()),
        Err(_) => Err(internal()),
    }
}

async fn wake(
    State(g): State<Arc<Gateway>>,
    headers: HeaderMap,
    Json(batch): Json<WakeBatch>,
) -> Result<Json<WakeTaken>, Refusal> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as hashes, so the time taken says nothing about how much of a token matched.
    let presented = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    let known = g.config.relay_tokens.iter().any(|t| {
        ring::digest::digest(&ring::digest::SHA256, t.as_bytes()).as_ref() == presented.as_ref()
    });
    if !known {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "wakes are taken from known relays only",
        ));
    }
    if batch.tickets.len() > g.config.max_batch {
        return Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "too many tickets in one request",
        ));
    }
    let tickets: Vec<Vec<u8>> = batch.tickets.into_iter().map(|b| b.0).collect();
    let (opened, dropped) = g.take_tickets(&tickets);
    Ok(Json(WakeTaken { opened, dropped }))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

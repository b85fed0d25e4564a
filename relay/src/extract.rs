//! Request extractors whose refusals are the protocol's JSON errors: bodies, queries, paths,
//! and the device session behind `Authorization: Bearer`.

use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use hearth_protocol::ErrorCode;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A JSON body; a bad one is a 400 and an oversized one a 413, both with a JSON error.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(JsonRejection::BytesRejection(r))
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(Refusal::new(ErrorCode::TooLarge, "the body is too large"))
            }
            Err(r) => Err(Refusal::bad(rejection_text(
                r.status(),
                "the body is not the expected JSON",
            ))),
        }
    }
}

fn rejection_text(status: StatusCode, what: &str) -> String {
    // Axum's own rejection texts can quote input; say only what kind of thing was wrong.
    format!("{what} ({})", status.as_u16())
}

/// Query parameters; bad ones are a 400 with a JSON error.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|r: QueryRejection| {
                Refusal::bad(rejection_text(r.status(), "the query is malformed"))
            })
    }
}

/// A path parameter; a bad one is a 400 with a JSON error.
pub struct PathParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| PathParam(p.0))
            .map_err(|r: PathRejection| {
                Refusal::bad(rejection_text(r.status(), "the path is malformed"))
            })
    }
}

/// Two path parameters (`/v1/mailboxes/{mailbox_id}/tickets/{ticket_id}`), with the
/// protocol's JSON error when they are malformed.
pub struct PathPair(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathPair {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map(|p| PathPair(p.0 .0, p.0 .1))
            .map_err(|r: PathRejection| {
                Refusal::bad(rejection_text(r.status(), "the path is malformed"))
            })
    }
}

/// The device behind a valid session token.
pub struct Device(pub String);

impl<St: Store> FromRequestParts<Arc<AppState<St>>> for Device {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState<St>>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "a device session is required"))?;
        let hash = crate::crypto::sha256(token.trim().as_bytes());
        match state
            .store
            .session_device(hash, crate::state::now())
            .await?
        {
            Some(device) => Ok(Device(device)),
            None => Err(Refusal::new(
                ErrorCode::Unauthorized,
                "the session is unknown or expired",
            )),
        }
    }
}

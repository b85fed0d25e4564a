//! Turns every failure into a 4xx or 5xx with the protocol's JSON error body.
//!
//! Internal failures are logged by kind only; no payload, no id, no address reaches a log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hearth_protocol::{ApiError, ErrorCode};

/// A refused or failed request.
#[derive(Debug)]
pub struct Refusal(pub ApiError);

impl Refusal {
    /// A refusal with a code and a short reason.
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> Self {
        Refusal(ApiError::new(code, reason))
    }

    /// The one answer for every invite that cannot be used (see [`hearth_protocol::UNAVAILABLE_REASON`]).
    pub fn unavailable() -> Self {
        Self::new(ErrorCode::Unavailable, hearth_protocol::UNAVAILABLE_REASON)
    }

    /// Malformed input.
    pub fn bad(reason: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, reason)
    }
}

/// The HTTP status for an error code.
pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::BadCapability | ErrorCode::NotCommitter | ErrorCode::NotClaimed => {
            StatusCode::FORBIDDEN
        }
        ErrorCode::QuotaExceeded => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::StaleEpoch | ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::NotFound | ErrorCode::NoKeyPackage | ErrorCode::Unavailable => {
            StatusCode::NOT_FOUND
        }
        ErrorCode::Closed => StatusCode::GONE,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// How long a client waits after the store was busy.
const BUSY_RETRY_AFTER_S: &str = "1";

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let busy = self.0.code == ErrorCode::Busy;
        let mut response = (status(self.0.code), Json(self.0)).into_response();
        if busy {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(BUSY_RETRY_AFTER_S),
            );
        }
        response
    }
}

impl From<crate::store::StoreError> for Refusal {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::Retryable(_) => {
                tracing::warn!(error = %e, "store busy");
                Refusal::new(
                    ErrorCode::Busy,
                    "the relay is busy for a moment; retry shortly",
                )
            }
            crate::store::StoreError::Permanent(_) => {
                tracing::error!(error = %e, "store failure");
                Refusal::new(
                    ErrorCode::Internal,
                    "the relay could not complete the request",
                )
            }
        }
    }
}

impl From<ring::error::Unspecified> for Refusal {
    fn from(_: ring::error::Unspecified) -> Self {
        tracing::error!("the system random generator failed");
        Refusal::new(
            ErrorCode::Internal,
            "the relay could not complete the request",
        )
    }
}

//! The relay's error body: a stable code the client acts on, and a short reason for people.

use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What went wrong, as a client acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed (bad JSON, bad base64, wrong lengths, unparsable MLS framing).
    BadRequest,
    /// The body is larger than the relay accepts.
    TooLarge,
    /// Device authentication is missing, expired or wrong.
    Unauthorized,
    /// The mailbox capability does not match the epoch.
    BadCapability,
    /// A commit not signed by a registered committer of the mailbox.
    NotCommitter,
    /// The message is for an epoch that is not the mailbox's current one: fetch, process, retry.
    StaleEpoch,
    /// The thing asked for does not exist (or no longer does).
    NotFound,
    /// It already exists (for example a mailbox id).
    Conflict,
    /// No KeyPackage is available for that device.
    NoKeyPackage,
    /// The invite does not exist, has expired, was revoked or was already claimed (one answer
    /// for all of them, so nobody learns which).
    Unavailable,
    /// The circle was closed by its facilitator and its mailbox deleted.
    Closed,
    /// Too many requests; retry after a pause.
    RateLimited,
    /// A Welcome for a device from a session that did not claim one of its KeyPackages (in
    /// the last day): only whoever is adding the device may leave it one.
    NotClaimed,
    /// A store this request would add to is full (a device's Welcome inbox, a writer's
    /// share of the relay's storage): it will not be taken as it is.
    QuotaExceeded,
    /// The relay failed; retry later.
    Internal,
    /// The relay's store is busy for a moment (a lock, a lost connection): retry after
    /// `Retry-After`. Nothing was done.
    Busy,
}

impl ErrorCode {
    /// The code as it travels (the same text as its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::BadCapability => "bad_capability",
            ErrorCode::NotCommitter => "not_committer",
            ErrorCode::StaleEpoch => "stale_epoch",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::NoKeyPackage => "no_key_package",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Closed => "closed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::NotClaimed => "not_claimed",
            ErrorCode::QuotaExceeded => "quota_exceeded",
            ErrorCode::Internal => "internal",
            ErrorCode::Busy => "busy",
        }
    }
}

/// The JSON body of every 4xx and 5xx answer. Never carries payloads or identities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    /// What to do about it.
    pub code: ErrorCode,
    /// A short reason for logs and people.
    pub reason: String,
    /// For `stale_epoch`: the mailbox's current epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_epoch: Option<u64>,
}

impl ApiError {
    /// An error with a code and a reason.
    pub fn new(code: ErrorCode, reason: impl Into<String>) -> Self {
        ApiError {
            code,
            reason: reason.into(),
            current_epoch: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.reason)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_codes_text_is_its_json_form() {
        use ErrorCode::*;
        for code in [
            BadRequest,
            TooLarge,
            Unauthorized,
            BadCapability,
            NotCommitter,
            StaleEpoch,
            NotFound,
            Conflict,
            NoKeyPackage,
            Unavailable,
            Closed,
            RateLimited,
            Internal,
        ] {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}

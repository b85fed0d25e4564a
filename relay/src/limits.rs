//! The relay's per-address rate limit (`hearth-rate-limit`) as axum middleware, and the
//! 429 answer every refusal for too many requests gives.

use crate::client_addr::client_ip;
use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hearth_protocol::ErrorCode;
use std::net::SocketAddr;
use std::sync::Arc;

pub use hearth_rate_limit::RateLimit;

/// A 429 `rate_limited` answer whose `Retry-After` says when to try again (whole seconds, at
/// least one), as the phones' transport reads it.
pub fn too_many(reason: &str, retry_after_s: u64) -> Response {
    let mut response = Refusal::new(ErrorCode::RateLimited, reason).into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after_s.max(1)));
    response
}

/// Middleware: refuses with 429 once an address exceeds its quota, saying in `Retry-After`
/// (whole seconds, at least one) when the next request will be let through.
pub async fn rate_limit<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    request: Request,
    next: Next,
) -> Response {
    // Served without connection info (in-process router tests), there is no address to limit.
    if let Some(ConnectInfo(addr)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = client_ip(addr.ip(), request.headers(), &state.config.trusted_proxies);
        if let Err(wait) = state.rate.check(client) {
            let seconds = hearth_rate_limit::retry_after_seconds(wait);
            return too_many("too many requests; retry shortly", seconds);
        }
    }
    next.run(request).await
}

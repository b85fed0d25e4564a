//! Load shedding: at most [`crate::RelayConfig::max_in_flight`] requests are worked on at
//! once. Past that, a request is answered at once with 503 `busy` and `Retry-After`, rather
//! than queued behind the others: a relay offered more than it can do keeps serving what
//! it accepts at full speed and with short waits, and the phones come back a moment later
//! (their transport honours `Retry-After`). Without it, every request waited its turn, each
//! took longer, and throughput fell as the queue grew.
//!
//! Health and readiness are never shed (a balancer must not take a busy node for a dead
//! one), nor is the live socket's upgrade (it holds no store work).

use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hearth_protocol::ErrorCode;
use std::sync::Arc;

/// Routes that are never shed.
const NEVER_SHED: [&str; 3] = ["/v1/health", "/v1/ready", "/v1/live"];

/// Middleware: works on the request if a place is free, else answers 503 `busy` at once.
pub async fn shed<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    request: Request,
    next: Next,
) -> Response {
    if NEVER_SHED.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    match Arc::clone(&state.in_flight).try_acquire_owned() {
        Ok(_place) => next.run(request).await,
        Err(_) => {
            state.metrics.shed();
            Refusal::new(
                ErrorCode::Busy,
                "the relay is at capacity for a moment; retry shortly",
            )
            .into_response()
        }
    }
}

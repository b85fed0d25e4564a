//! The HTTP API under `/v1`: one module per resource, and the router that joins them.

pub mod devices;
pub mod inboxes;
pub mod invites;
pub mod keypackages;
pub mod live;
pub mod mailboxes;
pub mod meta;
pub mod reports;
pub mod tickets;
pub mod welcomes;

use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use axum::Router;
use hearth_protocol::ErrorCode;
use std::sync::Arc;

/// Every route, with the body limit, rate limit and JSON fallbacks.
pub fn router<S: Store>(state: Arc<AppState<S>>) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .route("/v1/health", get(meta::health))
        .route("/v1/ready", get(meta::ready::<S>))
        .route("/v1/openapi.json", get(meta::openapi))
        .route("/v1/directory", get(meta::directory::<S>))
        .route("/v1/devices", post(devices::register::<S>))
        .route("/v1/devices/challenge", post(devices::challenge::<S>))
        .route("/v1/devices/session", post(devices::session::<S>))
        .route("/v1/devices/me", delete(devices::delete_me::<S>))
        .route(
            "/v1/devices/{device_id}/keypackage",
            post(keypackages::claim::<S>),
        )
        .route(
            "/v1/devices/{device_id}/welcomes",
            post(welcomes::post::<S>),
        )
        .route("/v1/keypackages", post(keypackages::upload::<S>))
        .route("/v1/keypackages/count", get(keypackages::count::<S>))
        .route("/v1/welcomes", get(welcomes::inbox::<S>))
        .route("/v1/welcomes/ack", post(welcomes::ack::<S>))
        .route("/v1/mailboxes", post(mailboxes::create::<S>))
        .route(
            "/v1/mailboxes/{mailbox_id}/messages",
            post(mailboxes::post::<S>).get(mailboxes::fetch::<S>),
        )
        .route(
            "/v1/mailboxes/{mailbox_id}/close",
            post(mailboxes::close::<S>),
        )
        .route(
            "/v1/mailboxes/{mailbox_id}/reports",
            post(reports::post::<S>),
        )
        .route(
            "/v1/mailboxes/{mailbox_id}/reports/fetch",
            post(reports::fetch::<S>),
        )
        .route(
            "/v1/mailboxes/{mailbox_id}/tickets/{ticket_id}",
            put(tickets::put::<S>).delete(tickets::delete::<S>),
        )
        .route("/v1/inboxes/{inbox_id}", put(inboxes::open::<S>))
        .route("/v1/inboxes/{inbox_id}/drops", post(inboxes::leave::<S>))
        .route("/v1/inboxes/{inbox_id}/fetch", post(inboxes::fetch::<S>))
        .route("/v1/inboxes/{inbox_id}/close", post(inboxes::close::<S>))
        .route(
            "/v1/invites/{nameplate}",
            put(invites::create::<S>)
                .get(invites::offer::<S>)
                .delete(invites::delete::<S>),
        )
        .route(
            "/v1/invites/{nameplate}/claim",
            post(invites::claim::<S>).get(invites::read_claim::<S>),
        )
        .route(
            "/v1/invites/{nameplate}/answer",
            post(invites::answer::<S>).get(invites::read_answer::<S>),
        )
        .route("/v1/live", get(live::live::<S>))
        .fallback(|| async { Refusal::new(ErrorCode::NotFound, "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            Refusal::bad("method not allowed on this endpoint")
        })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            crate::limits::rate_limit::<S>,
        ))
        .layer(DefaultBodyLimit::max(max_body))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            crate::shed::shed::<S>,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state.metrics),
            crate::metrics::track,
        ))
        .with_state(state)
}

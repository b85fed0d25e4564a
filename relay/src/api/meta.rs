//! Health, the organisation's directory file, and the OpenAPI document generated from the
//! handlers.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use hearth_protocol::{ApiError, ErrorCode};

use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// The health answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always "ok" while the relay serves.
    pub status: &'static str,
    /// The relay's version.
    pub version: &'static str,
}

/// Whether the relay is up.
#[utoipa::path(get, path = "/v1/health", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The largest directory file served.
const DIRECTORY_MAX: u64 = 512 * 1024;

/// The organisation's signed circle directory, as given with `--directory` (phones check its
/// signature; the relay only serves the file).
#[utoipa::path(get, path = "/v1/directory",
    responses((status = 200, description = "The signed directory (JSON)"), (status = 404, body = ApiError)))]
pub async fn directory<S: Store>(
    State(state): State<Arc<AppState<S>>>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Vec<u8>), Refusal> {
    let none = || Refusal::new(ErrorCode::NotFound, "this relay serves no directory");
    let path = state.config.directory_file.as_ref().ok_or_else(none)?;
    let meta = tokio::fs::metadata(path).await.map_err(|_| none())?;
    if meta.len() > DIRECTORY_MAX {
        tracing::warn!("the directory file is larger than a directory can be");
        return Err(none());
    }
    let file = tokio::fs::read(path).await.map_err(|_| none())?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        file,
    ))
}

/// The readiness answer.
#[derive(Serialize, ToSchema)]
pub struct Ready {
    /// "ready" once the store answers.
    pub status: &'static str,
}

/// Whether the relay can serve now: its store answers (503 `busy` while it does not), so a
/// load balancer sends requests elsewhere.
#[utoipa::path(get, path = "/v1/ready", responses((status = 200, body = Ready), (status = 503, body = hearth_protocol::ApiError)))]
pub async fn ready<S: Store>(
    axum::extract::State(state): axum::extract::State<std::sync::Arc<AppState<S>>>,
) -> Result<Json<Ready>, Refusal> {
    state.store.ready().await?;
    Ok(Json(Ready { status: "ready" }))
}

struct DeviceAuth;

impl Modify for DeviceAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "device",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some(
                "A session token from POST /v1/devices/session (Ed25519 challenge-response)",
            )).build()),
        );
    }
}

/// The answers any route can give beside its own, written into every operation once so a
/// generated client never meets an undocumented one: 429 from the per-address rate limit
/// (with `Retry-After`), 500 when the store fails, 503 when it is busy for a moment (with
/// `Retry-After`), and for a route that takes a body, 400
/// for a body that is not the JSON it wants and 413 for one past the size limit.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, Response, ResponseBuilder};
        let answer = |description: &str| -> RefOr<Response> {
            RefOr::T(ResponseBuilder::new().description(description).build())
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let responses = &mut operation.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_string())
                        .or_insert_with(|| answer(description));
                };
                add(
                    "429",
                    "Too many requests from this address: try again after Retry-After.",
                );
                add(
                    "500",
                    "The relay could not complete the request: try again later.",
                );
                add(
                    "503",
                    "The relay's store is busy for a moment: try again after Retry-After.",
                );
                if operation.request_body.is_some() {
                    add("400", "The body is not the JSON this route takes.");
                    add("413", "The body is larger than the relay accepts.");
                }
            }
        }
    }
}

/// The relay's API, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Hearth relay", description = "Stores and forwards MLS ciphertext; never sees plaintext."),
    paths(
        health, ready, directory,
        super::devices::register, super::devices::challenge, super::devices::session, super::devices::delete_me,
        super::keypackages::upload, super::keypackages::count, super::keypackages::claim,
        super::welcomes::post, super::welcomes::inbox, super::welcomes::ack,
        super::mailboxes::create, super::mailboxes::post, super::mailboxes::fetch,
        super::mailboxes::close,
        super::reports::post, super::reports::fetch,
        super::tickets::put, super::tickets::delete,
        super::inboxes::open, super::inboxes::leave, super::inboxes::fetch, super::inboxes::close,
        super::invites::create, super::invites::offer, super::invites::claim,
        super::invites::read_claim, super::invites::answer, super::invites::read_answer,
        super::invites::delete,
        super::live::live,
    ),
    components(schemas(hearth_protocol::LiveRequest, hearth_protocol::LiveFrame)),
    modifiers(&DeviceAuth, &CommonAnswers)
)]
pub struct ApiDoc;

/// Serves the OpenAPI document.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

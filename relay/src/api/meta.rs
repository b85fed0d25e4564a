//! Health and the OpenAPI document generated from the handlers.

use axum::Json;
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

/// The relay's API, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Hearth relay", description = "Stores and forwards MLS ciphertext; never sees plaintext."),
    paths(
        health,
        super::devices::register, super::devices::challenge, super::devices::session, super::devices::delete_me,
        super::keypackages::upload, super::keypackages::count, super::keypackages::claim,
        super::welcomes::post, super::welcomes::inbox, super::welcomes::ack,
        super::mailboxes::create, super::mailboxes::post, super::mailboxes::fetch,
        super::mailboxes::close,
        super::reports::post, super::reports::fetch,
        super::invites::create, super::invites::offer, super::invites::claim,
        super::invites::read_claim, super::invites::answer, super::invites::read_answer,
        super::invites::delete,
        super::live::live,
    ),
    components(schemas(hearth_protocol::LiveRequest, hearth_protocol::LiveFrame)),
    modifiers(&DeviceAuth)
)]
pub struct ApiDoc;

/// Serves the OpenAPI document.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

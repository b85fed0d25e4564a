//! An in-process relay for fuzz targets (feature `fuzzing`): requests go through the real
//! routes over an in-memory SQLite store, and socket frames through the handler
//! a live socket uses. Nothing listens on a port, and no background task runs, so each
//! input is answered the same way every time it is replayed.

use crate::api::live::{on_text, Subscriptions};
use crate::state::AppState;
use crate::{RelayConfig, SqliteStore};
use axum::body::Body;
use axum::http::Request;
use axum::Router;
use std::sync::Arc;
use tokio::runtime::Runtime;
use tower::ServiceExt;

/// The most of an answer's body read back.
const BODY_MAX: usize = 4 * 1024 * 1024;

/// A relay answering in this process.
pub struct InProcess {
    runtime: Runtime,
    app: Router,
    state: Arc<AppState<SqliteStore>>,
}

impl InProcess {
    /// A relay with the default settings over a fresh store.
    pub fn new() -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let store = SqliteStore::in_memory().map_err(|e| e.to_string())?;
        let (state, _wakes) = runtime
            .block_on(async {
                crate::state(
                    store,
                    RelayConfig::default(),
                    tokio_util::sync::CancellationToken::new(),
                )
            })
            .map_err(|e| e.to_string())?;
        let app = crate::api::router(Arc::clone(&state));
        Ok(InProcess {
            runtime,
            app,
            state,
        })
    }

    /// Answers one request: its status and body. None when `method`, `path` or a header
    /// cannot make an HTTP request at all (the HTTP layer refuses those before the relay).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Option<(u16, Vec<u8>)> {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Body::from(body)).ok()?;
        let app = self.app.clone();
        self.runtime.block_on(async move {
            let response = app.oneshot(request).await.ok()?;
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), BODY_MAX)
                .await
                .ok()?;
            Some((status, body.to_vec()))
        })
    }

    /// Feeds `frames` to one socket's handler in order; returns the frames it sent back.
    pub fn live(&self, frames: &[&str]) -> Vec<String> {
        self.runtime.block_on(async {
            let (out, mut answers) = tokio::sync::mpsc::channel(1024);
            let mut subscriptions = Subscriptions::new();
            for frame in frames {
                on_text(&self.state, &mut subscriptions, frame, &out).await;
            }
            // Let subscriptions send what the store holds, then end them as a closed socket does.
            tokio::task::yield_now().await;
            for (_, task) in subscriptions {
                task.abort();
            }
            drop(out);
            let mut sent = Vec::new();
            while let Some(frame) = answers.recv().await {
                sent.push(frame.to_string());
            }
            sent
        })
    }
}

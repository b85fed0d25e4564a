//! Live push over WebSocket (`/v1/live`). A socket carries no device identity; each
//! subscription is authorized by its epoch's capability and ends with the epoch's commit.

use super::mailboxes::{authorize, mailbox_id};
use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use hearth_protocol::{ApiError, Bytes, Delivery, ErrorCode, LiveFrame, LiveRequest, MessageKind};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

/// Requests on the socket are small; anything bigger is refused by the WebSocket layer.
const MAX_REQUEST: usize = 16 * 1024;
/// Frames waiting for a slow socket before subscriptions pause.
const OUTGOING_DEPTH: usize = 256;

/// Upgrades to the live socket.
#[utoipa::path(get, path = "/v1/live",
    responses((status = 101, description = "WebSocket: LiveRequest frames in, LiveFrame frames out")))]
pub async fn live<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .max_message_size(MAX_REQUEST)
        .on_upgrade(move |socket| serve(state, socket))
}

async fn serve<S: Store>(state: Arc<AppState<S>>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (out, mut outgoing) = mpsc::channel::<LiveFrame>(OUTGOING_DEPTH);
    let writer = tokio::spawn(async move {
        while let Some(frame) = outgoing.recv().await {
            let Ok(text) = serde_json::to_string(&frame) else {
                continue;
            };
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let mut subscriptions: HashMap<Vec<u8>, JoinHandle<()>> = HashMap::new();
    loop {
        let next = tokio::select! {
            next = stream.next() => next,
            _ = state.shutdown.cancelled() => break,
        };
        let text = match next {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
            Some(Ok(_)) => continue, // pings are answered by the WebSocket layer; binary ignored
        };
        let request: LiveRequest = match serde_json::from_str(&text) {
            Ok(r) => r,
            Err(_) => {
                let error = ApiError::new(ErrorCode::BadRequest, "not a live request");
                refuse(&out, Bytes::default(), error).await;
                continue;
            }
        };
        match request {
            LiveRequest::Subscribe {
                mailbox_id: id,
                epoch,
                capability,
                after,
            } => {
                let started = subscribe(
                    &state,
                    &mut subscriptions,
                    &id,
                    epoch,
                    &capability,
                    after,
                    &out,
                )
                .await;
                if let Err(error) = started {
                    refuse(&out, id, error).await;
                }
            }
            LiveRequest::Unsubscribe { mailbox_id: id } => {
                if let Some(old) = subscriptions.remove(id.as_slice()) {
                    old.abort();
                }
            }
        }
    }
    for (_, task) in subscriptions {
        task.abort();
    }
    drop(out);
    let _ = writer.await;
}

/// Tells the client a subscription was refused or ended.
async fn refuse(out: &mpsc::Sender<LiveFrame>, mailbox_id: Bytes, error: ApiError) {
    let _ = out.send(LiveFrame::Refused { mailbox_id, error }).await;
}

/// Checks a subscription's capability and starts following it, replacing any earlier
/// subscription to the same mailbox.
async fn subscribe<S: Store>(
    state: &Arc<AppState<S>>,
    subscriptions: &mut HashMap<Vec<u8>, JoinHandle<()>>,
    id: &Bytes,
    epoch: u64,
    capability: &Bytes,
    after: u64,
    out: &mpsc::Sender<LiveFrame>,
) -> Result<(), ApiError> {
    let mailbox = mailbox_id(&id.to_text()).map_err(|Refusal(e)| e)?;
    if let Some(old) = subscriptions.remove(&mailbox) {
        old.abort();
    }
    authorize(state, &mailbox, epoch, capability.as_slice())
        .await
        .map_err(|Refusal(e)| e)?;
    let task = tokio::spawn(follow(
        Arc::clone(state),
        mailbox.clone(),
        epoch,
        after,
        out.clone(),
    ));
    subscriptions.insert(mailbox, task);
    Ok(())
}

/// Sends an epoch's stored messages after `after`, then new ones as they arrive, until the
/// epoch's commit.
async fn follow<S: Store>(
    state: Arc<AppState<S>>,
    mailbox: Vec<u8>,
    epoch: u64,
    mut after: u64,
    out: mpsc::Sender<LiveFrame>,
) {
    // Subscribe before reading the backlog, so nothing posted in between is missed; the
    // sequence number drops what the backlog already sent.
    let mut live = state.hub.subscribe(&mailbox);
    let id = Bytes(mailbox.clone());
    loop {
        match backlog(&state, &mailbox, epoch, &mut after, &out).await {
            Ok(true) => return, // the epoch ended
            Ok(false) => {}
            Err(error) => {
                refuse(&out, id, error).await;
                return;
            }
        }
        loop {
            match live.recv().await {
                Ok(d) => {
                    if d.epoch != epoch || d.seq <= after {
                        continue;
                    }
                    if d.seq > after + 1 {
                        break; // a gap: something was skipped, read it from the store
                    }
                    if send(&out, &d, &mut after).await {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => break, // refetch from the store
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}

/// Sends one delivery; true when it ended the epoch (the end is announced too).
async fn send(out: &mpsc::Sender<LiveFrame>, d: &Delivery, after: &mut u64) -> bool {
    *after = d.seq;
    let ended = d.kind == MessageKind::Commit;
    let _ = out.send(LiveFrame::Message(d.clone())).await;
    if ended {
        let _ = out
            .send(LiveFrame::EpochEnded {
                mailbox_id: d.mailbox_id.clone(),
                epoch: d.epoch,
            })
            .await;
    }
    ended
}

async fn backlog<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    epoch: u64,
    after: &mut u64,
    out: &mpsc::Sender<LiveFrame>,
) -> Result<bool, ApiError> {
    loop {
        let page = state
            .store
            .fetch(mailbox.to_vec(), epoch, *after, state.config.max_fetch)
            .await
            .map_err(|e| Refusal::from(e).0)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such mailbox"))?;
        for d in &page.messages {
            if send(out, d, after).await {
                return Ok(true);
            }
        }
        if !page.more {
            return Ok(false);
        }
    }
}

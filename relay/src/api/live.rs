//! Live push over WebSocket (`/v1/live`). A socket carries no device identity; each
//! subscription is authorized by its epoch's capability and ends with the epoch's commit.

use super::mailboxes::{authorize, mailbox_id};
use crate::error::Refusal;
use crate::hub::frame_text;
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
/// The live socket's read buffer, allocated for every socket up front: requests are a few
/// hundred bytes (a longer one is read in several goes), and 10,000 idle sockets pay it
/// 10,000 times (4 KiB made an idle connection cost 10.3 KiB; 1 KiB, 7.3 KiB).
const READ_BUFFER: usize = 1024;
/// Frames gathered before a write (a flush writes whatever is gathered).
const WRITE_BUFFER: usize = 16 * 1024;

/// Frames waiting for a slow socket before subscriptions pause.
const OUTGOING_DEPTH: usize = 256;
/// Subscriptions one socket may hold at once (a phone opens one socket per circle, each
/// with one subscription; a few more cover a subscription replaced at a new epoch).
pub const SUBSCRIPTIONS_PER_SOCKET: usize = 4;

/// Upgrades to the live socket.
#[utoipa::path(get, path = "/v1/live",
    responses((status = 101, description = "WebSocket: LiveRequest frames in, LiveFrame frames out"),
        (status = 400, description = "Not a WebSocket upgrade request"),
        (status = 426, description = "The connection cannot be upgraded")))]
pub async fn live<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    extensions: axum::http::Extensions,
    headers: axum::http::HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // Requests on the socket count against the address's rate, as HTTP requests do.
    let address = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| crate::client_addr::client_ip(c.0.ip(), &headers, &state.config.trusted_proxies));
    // Small buffers: a socket sits idle most of its life, and the defaults (128 KiB each way)
    // made an idle subscribed connection cost ~140 KiB of relay memory. Requests are tiny;
    // frames are written as soon as the outgoing queue is drained (see the writer below).
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(MAX_REQUEST)
        .on_upgrade(move |socket| serve(state, socket, address))
}

async fn serve<S: Store>(
    state: Arc<AppState<S>>,
    socket: WebSocket,
    address: Option<std::net::IpAddr>,
) {
    let _open = state.metrics.socket_opened();
    let (mut sink, mut stream) = socket.split();
    let (out, mut outgoing) = mpsc::channel::<Arc<str>>(OUTGOING_DEPTH);
    let writer = tokio::spawn(async move {
        // Everything already queued goes out in one flush: under load that is one write
        // for many frames instead of one each.
        'frames: while let Some(frame) = outgoing.recv().await {
            let mut next = Some(frame);
            while let Some(frame) = next.take() {
                if sink
                    .feed(Message::Text(frame.as_ref().into()))
                    .await
                    .is_err()
                {
                    break 'frames;
                }
                next = outgoing.try_recv().ok();
            }
            if sink.flush().await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let mut subscriptions = Subscriptions::new();
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
        if let Some(wait) = address.and_then(|a| state.rate.check(a).err()) {
            let reason = format!("too many requests; retry in {} s", wait.as_secs().max(1));
            refuse(
                &out,
                Bytes::default(),
                ApiError::new(ErrorCode::RateLimited, reason),
            )
            .await;
            continue;
        }
        on_text(&state, &mut subscriptions, &text, &out).await;
    }
    for (_, task) in subscriptions {
        task.abort();
    }
    drop(out);
    let _ = writer.await;
}

/// The subscriptions one socket holds, by mailbox.
pub(crate) type Subscriptions = HashMap<Vec<u8>, JoinHandle<()>>;

/// Handles one text frame from a socket: subscribe or unsubscribe, or refuse it with a
/// frame saying why. What a frame may do to the relay is decided here alone.
pub(crate) async fn on_text<S: Store>(
    state: &Arc<AppState<S>>,
    subscriptions: &mut Subscriptions,
    text: &str,
    out: &mpsc::Sender<Arc<str>>,
) {
    let request: LiveRequest = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(_) => {
            let error = ApiError::new(ErrorCode::BadRequest, "not a live request");
            refuse(out, Bytes::default(), error).await;
            return;
        }
    };
    match request {
        LiveRequest::Subscribe {
            mailbox_id: id,
            epoch,
            capability,
            after,
        } => {
            let started =
                subscribe(state, subscriptions, &id, epoch, &capability, after, out).await;
            if let Err(error) = started {
                refuse(out, id, error).await;
            }
        }
        LiveRequest::Unsubscribe { mailbox_id: id } => {
            if let Some(old) = subscriptions.remove(id.as_slice()) {
                old.abort();
            }
        }
    }
}

/// Tells the client a subscription was refused or ended.
async fn refuse(out: &mpsc::Sender<Arc<str>>, mailbox_id: Bytes, error: ApiError) {
    if let Some(frame) = frame_text(&LiveFrame::Refused { mailbox_id, error }) {
        let _ = out.send(frame).await;
    }
}

/// Checks a subscription's capability and starts following it, replacing any earlier
/// subscription to the same mailbox.
async fn subscribe<S: Store>(
    state: &Arc<AppState<S>>,
    subscriptions: &mut Subscriptions,
    id: &Bytes,
    epoch: u64,
    capability: &Bytes,
    after: u64,
    out: &mpsc::Sender<Arc<str>>,
) -> Result<(), ApiError> {
    let mailbox = mailbox_id(&id.to_text()).map_err(|Refusal(e)| e)?;
    if let Some(old) = subscriptions.remove(&mailbox) {
        old.abort();
    }
    subscriptions.retain(|_, task| !task.is_finished());
    if subscriptions.len() >= SUBSCRIPTIONS_PER_SOCKET {
        return Err(ApiError::new(
            ErrorCode::QuotaExceeded,
            format!("at most {SUBSCRIPTIONS_PER_SOCKET} subscriptions per socket"),
        ));
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
    out: mpsc::Sender<Arc<str>>,
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
                Ok(published) => {
                    let d = &published.delivery;
                    if d.epoch != epoch || d.seq <= after {
                        continue;
                    }
                    if d.seq > after + 1 {
                        break; // a gap: something was skipped, read it from the store
                    }
                    state.metrics.delivered(1);
                    if send(&out, d, Some(&published.frame), &mut after).await {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => break, // refetch from the store
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}

/// Sends one delivery (its frame written already, when it came live); true when it ended
/// the epoch (the end is announced too).
async fn send(
    out: &mpsc::Sender<Arc<str>>,
    d: &Delivery,
    frame: Option<&Arc<str>>,
    after: &mut u64,
) -> bool {
    *after = d.seq;
    let ended = d.kind == MessageKind::Commit;
    let frame = match frame {
        Some(frame) => Some(Arc::clone(frame)),
        None => frame_text(&LiveFrame::Message(d.clone())),
    };
    if let Some(frame) = frame {
        let _ = out.send(frame).await;
    }
    if ended {
        let end = LiveFrame::EpochEnded {
            mailbox_id: d.mailbox_id.clone(),
            epoch: d.epoch,
        };
        if let Some(frame) = frame_text(&end) {
            let _ = out.send(frame).await;
        }
    }
    ended
}

async fn backlog<S: Store>(
    state: &AppState<S>,
    mailbox: &[u8],
    epoch: u64,
    after: &mut u64,
    out: &mpsc::Sender<Arc<str>>,
) -> Result<bool, ApiError> {
    loop {
        let page = state
            .store
            .fetch(mailbox.to_vec(), epoch, *after, state.config.max_fetch)
            .await
            .map_err(|e| Refusal::from(e).0)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such mailbox"))?;
        for d in &page.messages {
            state.metrics.delivered(1);
            if send(out, d, None, after).await {
                return Ok(true);
            }
        }
        if !page.more {
            return Ok(false);
        }
    }
}

//! The relay API over HTTP (reqwest) and WebSocket (tokio-tungstenite), TLS by rustls.
//! Refusals arrive as JSON [`ApiError`]s; anything else that fails is a network error, which
//! sync retries (every call is safe to repeat).

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hearth_protocol::*;
use reqwest::{Method, RequestBuilder, StatusCode};

use super::RelayUrl;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message;

use super::transport::{Answer, LiveSubscription, Transport, TransportError};

/// How long one request may take before it counts as lost.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer read from the relay: a fetch page of small messages is well below it,
/// and a relay (or something in the way) that sends more cannot run the phone out of memory.
pub const RESPONSE_MAX: usize = 16 << 20;
/// The largest live frame read from the relay (one message, with its framing).
pub const LIVE_FRAME_MAX: usize = 2 << 20;

/// The wait after a 429 or 503 that named none (`Retry-After` missing or unreadable).
const BUSY_DEFAULT_WAIT: Duration = Duration::from_secs(5);
/// The longest `Retry-After` honoured: a longer one is read as this, so a misconfigured
/// proxy cannot park sync for days.
const BUSY_MAX_WAIT: Duration = Duration::from_secs(3600);

/// Paths whose calls name a device (by token, id or key): they use the device's pool.
const DEVICE_PATHS: [&str; 3] = ["/devices", "/keypackages", "/welcomes"];

/// How long a busy relay asked us to wait: its `Retry-After` in seconds (RFC 9110 §10.2.3;
/// an HTTP date is read as the default, as phones' clocks and the relay's may differ).
/// The answer's body, read as it comes, refused past `max` bytes (whatever its
/// `Content-Length` says): a transport failure, tried again later, never a huge buffer.
async fn read_capped(mut resp: reqwest::Response, max: usize) -> Answer<Vec<u8>> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        tracing::warn!("the relay's answer is larger than the phone reads");
        return Err(TransportError::Network);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|_| TransportError::Network)? {
        if body.len() + chunk.len() > max {
            tracing::warn!("the relay's answer is larger than the phone reads");
            return Err(TransportError::Network);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Fetches a public file (a circle directory) from `url` (`https://`, or `http://` on this
/// computer): its body, at most `max` bytes. Nothing identifying is sent with it.
pub(crate) async fn fetch_file(url: &str, max: usize) -> crate::error::Result<Vec<u8>> {
    use crate::error::Error;
    let url =
        RelayUrl::parse(url).map_err(|e| Error::invalid("directory address", e.to_string()))?;
    let tls = tls_config(public_roots()).map_err(|_| Error::Internal("TLS"))?;
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .use_preconfigured_tls((*tls).clone())
        .build()
        .map_err(|_| Error::Internal("the HTTP client could not start"))?;
    let resp = client
        .get(url.as_str())
        .send()
        .await
        .map_err(|_| Error::Network)?;
    let status = resp.status();
    if status == StatusCode::NOT_FOUND {
        return Err(Error::NotFound { what: "directory" });
    }
    if !status.is_success() {
        return Err(Error::Network);
    }
    read_capped(resp, max).await.map_err(|_| Error::Network)
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .map_or(BUSY_DEFAULT_WAIT, |wait| wait.min(BUSY_MAX_WAIT))
}

/// The relay at one base URL.
///
/// Calls that name this device (with its session token) and calls that must not (mailboxes,
/// reports, invites) use separate connection pools, so the relay cannot link the two by a
/// shared connection.
#[derive(Clone, Debug)]
pub struct HttpTransport {
    base: RelayUrl,
    device: reqwest::Client,
    anonymous: reqwest::Client,
    /// One TLS configuration (rustls on ring, the public roots) for requests and the live
    /// socket alike, so neither depends on a process-wide default.
    tls: Arc<rustls::ClientConfig>,
}

/// The public certificate authorities a relay's certificate must chain to.
pub(super) fn public_roots() -> rustls::RootCertStore {
    rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    }
}

/// TLS 1.2 and 1.3 on ring, trusting `roots`.
pub(super) fn tls_config(
    roots: rustls::RootCertStore,
) -> Result<Arc<rustls::ClientConfig>, TransportError> {
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|_| TransportError::Network)?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

impl HttpTransport {
    /// A transport to the relay at `base` (checked: `https://`, or `http://` to this computer).
    pub fn new(base: &RelayUrl) -> Result<Self, TransportError> {
        Self::with_roots(base, public_roots())
    }

    /// A transport that trusts only the certificate authority `ca` (DER): for tests with a CA
    /// of their own.
    #[cfg(feature = "test-hooks")]
    pub fn trusting(base: &str, ca: &[u8]) -> crate::error::Result<Self> {
        let url = RelayUrl::parse(base)?;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(ca.to_vec().into())
            .map_err(|_| crate::error::Error::invalid("ca", "not a certificate"))?;
        Self::with_roots(&url, roots).map_err(|_| crate::error::Error::Internal("TLS"))
    }

    fn with_roots(base: &RelayUrl, roots: rustls::RootCertStore) -> Result<Self, TransportError> {
        let tls = tls_config(roots)?;
        let client = || {
            reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .connect_timeout(CONNECT_TIMEOUT)
                .use_preconfigured_tls((*tls).clone())
                .build()
                .map_err(|_| TransportError::Network)
        };
        Ok(HttpTransport {
            base: base.clone(),
            device: client()?,
            anonymous: client()?,
            tls: Arc::clone(&tls),
        })
    }

    /// A transport to the relay at `url` as stored or typed: refused with
    /// `InvalidInput { field: "relay" }` unless it is `https://` (or `http://` to this
    /// computer), before anything is sent.
    pub fn for_relay(url: &str) -> crate::error::Result<Self> {
        let url = RelayUrl::parse(url)?;
        HttpTransport::new(&url)
            .map_err(|_| crate::error::Error::Internal("the HTTP client could not start"))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let names_a_device = token.is_some() || DEVICE_PATHS.iter().any(|p| path.starts_with(p));
        let pool = if names_a_device {
            &self.device
        } else {
            &self.anonymous
        };
        let req = pool.request(method, self.url(path));
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    async fn send(req: RequestBuilder) -> Answer<(StatusCode, bytes_body::Body)> {
        let resp = req.send().await.map_err(|_| TransportError::Network)?;
        let status = resp.status();
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            return Err(TransportError::Busy {
                retry_after: retry_after(resp.headers()),
            });
        }
        let body = read_capped(resp, RESPONSE_MAX).await?;
        if status.is_success() {
            return Ok((status, bytes_body::Body(body)));
        }
        match serde_json::from_slice::<ApiError>(&body) {
            Ok(e) if status.is_client_error() => Err(TransportError::Refused(e)),
            _ => Err(TransportError::Network), // 5xx or a proxy's page: try again later
        }
    }

    async fn json<T: DeserializeOwned>(req: RequestBuilder) -> Answer<T> {
        let (_, body) = Self::send(req).await?;
        serde_json::from_slice(&body.0).map_err(|_| TransportError::Network)
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Answer<T> {
        Self::json(self.request(method, path, token).json(body)).await
    }

    async fn call_empty<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Answer<()> {
        Self::send(self.request(method, path, token).json(body))
            .await
            .map(|_| ())
    }

    /// A request with an invite's owner or claim token.
    fn with_invite_token(&self, method: Method, path: &str, token: &[u8]) -> RequestBuilder {
        self.request(method, path, None)
            .header(INVITE_TOKEN_HEADER, Bytes(token.to_vec()).to_text())
    }

    fn ticket_path(mailbox: &[u8], ticket_id: &[u8]) -> String {
        format!(
            "/mailboxes/{}/tickets/{}",
            Bytes(mailbox.to_vec()).to_text(),
            Bytes(ticket_id.to_vec()).to_text()
        )
    }

    fn inbox_path(inbox: &[u8], tail: &str) -> String {
        format!("/inboxes/{}{tail}", Bytes(inbox.to_vec()).to_text())
    }

    fn mailbox_path(mailbox: &[u8]) -> String {
        format!("/mailboxes/{}/messages", Bytes(mailbox.to_vec()).to_text())
    }
}

/// A response body, kept apart so nothing logs it by accident.
mod bytes_body {
    pub struct Body(pub Vec<u8>);
}

impl Transport for HttpTransport {
    type Live = HttpLive;

    async fn register(&self, req: RegisterDevice) -> Answer<DeviceRegistered> {
        self.call(Method::POST, "/devices", None, &req).await
    }

    async fn challenge(&self, req: ChallengeRequest) -> Answer<Challenge> {
        self.call(Method::POST, "/devices/challenge", None, &req)
            .await
    }

    async fn session(&self, req: SessionRequest) -> Answer<Session> {
        self.call(Method::POST, "/devices/session", None, &req)
            .await
    }

    async fn upload_key_packages(&self, token: &str, req: UploadKeyPackages) -> Answer<()> {
        self.call_empty(Method::POST, "/keypackages", Some(token), &req)
            .await
    }

    async fn key_package_count(&self, token: &str) -> Answer<KeyPackageCount> {
        Self::json(self.request(Method::GET, "/keypackages/count", Some(token))).await
    }

    async fn claim_key_package(&self, token: &str, device_id: &str) -> Answer<ClaimedKeyPackage> {
        Self::json(self.request(
            Method::POST,
            &format!("/devices/{device_id}/keypackage"),
            Some(token),
        ))
        .await
    }

    async fn post_welcome(&self, token: &str, device_id: &str, req: PostWelcome) -> Answer<()> {
        self.call_empty(
            Method::POST,
            &format!("/devices/{device_id}/welcomes"),
            Some(token),
            &req,
        )
        .await
    }

    async fn inbox(&self, token: &str) -> Answer<Inbox> {
        Self::json(self.request(Method::GET, "/welcomes", Some(token))).await
    }

    async fn ack_welcomes(&self, token: &str, req: AckWelcomes) -> Answer<()> {
        self.call_empty(Method::POST, "/welcomes/ack", Some(token), &req)
            .await
    }

    async fn delete_device(&self, token: &str) -> Answer<()> {
        Self::send(self.request(Method::DELETE, "/devices/me", Some(token)))
            .await
            .map(|_| ())
    }

    async fn open_mailbox(&self, req: CreateMailbox) -> Answer<()> {
        self.call_empty(Method::POST, "/mailboxes", None, &req)
            .await
    }

    async fn post(&self, mailbox: &[u8], req: PostMessage) -> Answer<Posted> {
        self.call(Method::POST, &Self::mailbox_path(mailbox), None, &req)
            .await
    }

    async fn close_mailbox(&self, mailbox: &[u8], req: CloseMailbox) -> Answer<()> {
        let path = format!("/mailboxes/{}/close", Bytes(mailbox.to_vec()).to_text());
        self.call_empty(Method::POST, &path, None, &req).await
    }

    async fn post_report(&self, mailbox: &[u8], req: PostReport) -> Answer<ReportPosted> {
        let path = format!("/mailboxes/{}/reports", Bytes(mailbox.to_vec()).to_text());
        self.call(Method::POST, &path, None, &req).await
    }

    async fn put_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        req: RegisterTicket,
    ) -> Answer<()> {
        let path = Self::ticket_path(mailbox, ticket_id);
        self.call_empty(Method::PUT, &path, None, &req).await
    }

    async fn delete_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        epoch: u64,
        capability: &[u8],
    ) -> Answer<()> {
        let path = Self::ticket_path(mailbox, ticket_id);
        let request = self
            .request(Method::DELETE, &path, None)
            .header(CAPABILITY_HEADER, Bytes(capability.to_vec()).to_text())
            .header(EPOCH_HEADER, epoch.to_string());
        Self::send(request).await.map(|_| ())
    }

    async fn fetch_reports(&self, mailbox: &[u8], req: FetchReports) -> Answer<Reports> {
        let path = format!(
            "/mailboxes/{}/reports/fetch",
            Bytes(mailbox.to_vec()).to_text()
        );
        self.call(Method::POST, &path, None, &req).await
    }

    async fn fetch(&self, mailbox: &[u8], capability: &[u8], query: FetchQuery) -> Answer<Fetched> {
        let req = self
            .request(Method::GET, &Self::mailbox_path(mailbox), None)
            .header(CAPABILITY_HEADER, Bytes(capability.to_vec()).to_text())
            .query(&query);
        Self::json(req).await
    }

    async fn open_inbox(&self, inbox: &[u8], req: OpenInbox) -> Answer<()> {
        self.call_empty(Method::PUT, &Self::inbox_path(inbox, ""), None, &req)
            .await
    }

    async fn leave_drop(&self, inbox: &[u8], req: LeaveDrop) -> Answer<DropLeft> {
        self.call(Method::POST, &Self::inbox_path(inbox, "/drops"), None, &req)
            .await
    }

    async fn fetch_drops(&self, inbox: &[u8], req: InboxOwnerCall) -> Answer<Drops> {
        self.call(Method::POST, &Self::inbox_path(inbox, "/fetch"), None, &req)
            .await
    }

    async fn close_inbox(&self, inbox: &[u8], req: InboxOwnerCall) -> Answer<()> {
        self.call_empty(Method::POST, &Self::inbox_path(inbox, "/close"), None, &req)
            .await
    }

    async fn create_invite(&self, nameplate: &str, req: CreateInvite) -> Answer<()> {
        self.call_empty(Method::PUT, &format!("/invites/{nameplate}"), None, &req)
            .await
    }

    async fn invite_offer(&self, nameplate: &str) -> Answer<InviteOffer> {
        Self::json(self.request(Method::GET, &format!("/invites/{nameplate}"), None)).await
    }

    async fn claim_invite(&self, nameplate: &str, req: ClaimInvite) -> Answer<()> {
        self.call_empty(
            Method::POST,
            &format!("/invites/{nameplate}/claim"),
            None,
            &req,
        )
        .await
    }

    async fn invite_claim(&self, nameplate: &str, owner_token: &[u8]) -> Answer<InviteClaim> {
        let path = format!("/invites/{nameplate}/claim");
        Self::json(self.with_invite_token(Method::GET, &path, owner_token)).await
    }

    async fn answer_invite(
        &self,
        nameplate: &str,
        owner_token: &[u8],
        req: AnswerInvite,
    ) -> Answer<()> {
        let path = format!("/invites/{nameplate}/answer");
        Self::send(
            self.with_invite_token(Method::POST, &path, owner_token)
                .json(&req),
        )
        .await
        .map(|_| ())
    }

    async fn invite_answer(&self, nameplate: &str, claim_token: &[u8]) -> Answer<InviteAnswer> {
        let path = format!("/invites/{nameplate}/answer");
        Self::json(self.with_invite_token(Method::GET, &path, claim_token)).await
    }

    async fn delete_invite(&self, nameplate: &str, token: &[u8]) -> Answer<()> {
        let path = format!("/invites/{nameplate}");
        Self::send(self.with_invite_token(Method::DELETE, &path, token))
            .await
            .map(|_| ())
    }

    async fn live(&self, subscribe: LiveRequest) -> Answer<HttpLive> {
        let url = format!("{}{API_PREFIX}/live", self.base.websocket());
        let limits = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
            .max_message_size(Some(LIVE_FRAME_MAX))
            .max_frame_size(Some(LIVE_FRAME_MAX));
        let (mut socket, _) = tokio::time::timeout(
            CONNECT_TIMEOUT,
            tokio_tungstenite::connect_async_tls_with_config(
                url.as_str(),
                Some(limits),
                false,
                Some(tokio_tungstenite::Connector::Rustls(Arc::clone(&self.tls))),
            ),
        )
        .await
        .map_err(|_| TransportError::Network)?
        .map_err(|_| TransportError::Network)?;
        let text = serde_json::to_string(&subscribe).map_err(|_| TransportError::Network)?;
        socket
            .send(Message::text(text))
            .await
            .map_err(|_| TransportError::Network)?;
        Ok(HttpLive { socket })
    }
}

/// A live WebSocket subscription.
pub struct HttpLive {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl LiveSubscription for HttpLive {
    async fn next(&mut self) -> Option<LiveFrame> {
        loop {
            match self.socket.next().await? {
                Ok(Message::Text(text)) => match serde_json::from_str(text.as_str()) {
                    Ok(frame) => return Some(frame),
                    Err(_) => return None, // a relay we do not understand: fall back to fetching
                },
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue, // pings are answered by tungstenite
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    fn wait_for(value: Option<&str>) -> Duration {
        let mut headers = HeaderMap::new();
        if let Some(v) = value {
            headers.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        }
        retry_after(&headers)
    }

    #[test]
    fn a_busy_relay_is_waited_for_as_long_as_it_asks_within_bounds() {
        assert_eq!(wait_for(Some("7")), Duration::from_secs(7));
        assert_eq!(wait_for(Some(" 30 ")), Duration::from_secs(30));
        assert_eq!(wait_for(None), BUSY_DEFAULT_WAIT);
        // An HTTP date or nonsense: the default (clocks differ; nothing to trust).
        assert_eq!(
            wait_for(Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            BUSY_DEFAULT_WAIT
        );
        assert_eq!(wait_for(Some("-3")), BUSY_DEFAULT_WAIT);
        assert_eq!(wait_for(Some("999999999")), BUSY_MAX_WAIT);
    }

    /// A server on 127.0.0.1 that answers every connection with `head` and then `body_len`
    /// bytes streamed in chunks (a relay, or something in its place, sending too much).
    async fn flooding_server(head: &'static str, body_len: usize) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let _ = socket.write_all(head.as_bytes()).await;
                    let chunk = vec![b'x'; 64 * 1024];
                    let mut sent = 0;
                    while sent < body_len {
                        if socket.write_all(&chunk).await.is_err() {
                            return; // the phone hung up: what it should do
                        }
                        sent += chunk.len();
                    }
                });
            }
        });
        url
    }

    #[tokio::test]
    async fn a_huge_answer_is_refused_without_reading_it_all() {
        // Announced as huge: refused before reading.
        let announced = flooding_server(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000000\r\n\r\n",
            RESPONSE_MAX + (1 << 20),
        )
        .await;
        // Not announced (read to the end of the connection): refused once past the cap.
        let unannounced = flooding_server(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
            RESPONSE_MAX + (1 << 20),
        )
        .await;
        for url in [announced, unannounced] {
            let transport = HttpTransport::new(&RelayUrl::parse(&url).unwrap()).unwrap();
            let answer = transport.inbox("token").await;
            assert!(matches!(answer, Err(TransportError::Network)), "{answer:?}");
        }
    }
}

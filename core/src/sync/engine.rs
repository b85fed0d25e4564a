//! What sync does: register this device and keep a session, keep KeyPackages published,
//! join circles from Welcomes, and for each circle fetch what it missed, send its outbox in
//! order (handling conflicts and lost answers), and listen live for what comes next.
//!
//! [`SyncEngine::sync_once`] does one full pass and returns (the CLI's `hearth sync`, tests);
//! [`SyncEngine::run`] keeps going until cancelled: one task for the device and one per circle,
//! each with its own WebSocket (one shared socket would link the circles), reconnecting with
//! backoff. Every step is a client call that is one transaction, so nothing here needs
//! persisting of its own.

mod circle;
mod invites;
mod live;
mod requests;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use hearth_protocol::*;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use super::backoff::Backoff;
use super::transport::{Transport, TransportError};
use super::{SyncState, SyncSteps};
use crate::circles::GroupId;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::Client;

/// How sync paces itself.
#[derive(Clone, Debug)]
pub struct SyncConfig {
    /// KeyPackages to keep published.
    pub key_packages_target: u32,
    /// Publish more when fewer than this remain.
    pub key_packages_low: u32,
    /// How often the Welcome inbox is checked and every circle fetched as a safety net.
    pub poll_every: Duration,
    /// The first wait after a failure.
    pub backoff_min: Duration,
    /// The longest wait after failures.
    pub backoff_max: Duration,
    /// Messages per fetch.
    pub fetch_page: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            key_packages_target: 20,
            key_packages_low: 5,
            poll_every: Duration::from_secs(30),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            fetch_page: 500,
        }
    }
}

/// Refusals in a row after which a circle's outbox waits for the next pass.
const MAX_STALE_IN_A_ROW: u32 = 8;
/// Inbox pages taken in one pass (the rest wait for the next).
const INBOX_PAGES_PER_PASS: usize = 10;

/// The core error for a relay call that failed.
fn network(e: &TransportError) -> Error {
    match e {
        TransportError::Network => Error::Network,
        TransportError::Busy { retry_after } => Error::RelayBusy {
            retry_after_s: retry_after.as_secs().max(1),
        },
        TransportError::Refused(api) => match api.code {
            ErrorCode::StaleEpoch => Error::StaleEpoch,
            ErrorCode::Conflict => Error::Conflict,
            // A 429 without the status (a live frame): the relay's own short pause.
            ErrorCode::RateLimited | ErrorCode::Busy => Error::RelayBusy { retry_after_s: 1 },
            ErrorCode::Internal => Error::Network,
            code => Error::RelayRefused { code },
        },
    }
}

/// Whether trying again later may work without anything changing on this phone.
fn is_retryable(e: &Error) -> bool {
    matches!(
        e,
        Error::Network | Error::RelayBusy { .. } | Error::StaleEpoch | Error::Busy
    )
}

/// Sync for one profile over one transport.
pub struct SyncEngine<T: Transport> {
    inner: Arc<Inner<T>>,
}

impl<T: Transport> Clone for SyncEngine<T> {
    fn clone(&self) -> Self {
        SyncEngine {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner<T> {
    client: Arc<Client>,
    transport: T,
    config: SyncConfig,
    /// The device session: token and when it expires (Unix seconds).
    session: Mutex<Option<(String, u64)>>,
}

impl<T: Transport> SyncEngine<T> {
    /// Sync for `client` through `transport`. The client must have a relay set
    /// ([`Client::set_relay`]) for registration.
    pub fn new(client: Arc<Client>, transport: T, config: SyncConfig) -> Self {
        SyncEngine {
            inner: Arc::new(Inner {
                client,
                transport,
                config,
                session: Mutex::new(None),
            }),
        }
    }

    /// The transport sync uses.
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }

    /// Registers this device at the relay unless it is already, and makes sure it has
    /// KeyPackages there; returns its device id. The id is what a facilitator adds by, so the
    /// device can be added as soon as this returns: without the KeyPackages, an add made
    /// before the device's first sync pass would find none and fail.
    pub async fn register(&self) -> Result<String> {
        let _held = self.inner.client.sync_locks.device().lock().await;
        let device_id = self.inner.register().await?;
        self.inner.top_up_key_packages().await?;
        Ok(device_id)
    }

    /// One full pass: register, publish KeyPackages, join circles from Welcomes, then for
    /// every circle fetch what was missed and send everything waiting.
    pub async fn sync_once(&self) -> Result<()> {
        let inner = &self.inner;
        inner.publish(SyncState::Syncing);
        let result = async {
            inner.device_pass().await?;
            inner.invite_pass().await?;
            // Request inboxes given to facilitators go out with the circles' messages.
            inner.client.share_request_desks()?;
            for group in inner.steps().sync_circles()? {
                inner.sync_circle(&group).await?;
            }
            // Admissions the circles just committed have answers to post now.
            inner.invite_pass().await?;
            // Codes sent in answer to join requests go once their invites are published.
            inner.request_pass().await?;
            inner.client.expire_breakouts()
        }
        .await;
        match &result {
            Ok(()) => inner.publish(SyncState::Online),
            Err(e) if is_retryable(e) => inner.publish(SyncState::Offline { retry_in_ms: 0 }),
            Err(_) => {}
        }
        result
    }

    /// Keeps everything in step until `shutdown` is cancelled: live push per circle, fetch
    /// as fallback, reconnecting with backoff.
    pub async fn run(&self, shutdown: CancellationToken) {
        let inner = Arc::clone(&self.inner);
        let mut circles: HashMap<GroupId, tokio::task::JoinHandle<()>> = HashMap::new();
        let mut wake = inner.client.wake_receiver();
        let mut backoff = Backoff::new(inner.config.backoff_min, inner.config.backoff_max);
        loop {
            let pass = async {
                inner.device_pass().await?;
                inner.invite_pass().await?;
                inner.client.share_request_desks()?;
                inner.request_pass().await?;
                inner.client.expire_breakouts()
            };
            let wait = match pass.await {
                Ok(()) => {
                    backoff.reset();
                    inner.publish(SyncState::Online);
                    inner.config.poll_every
                }
                Err(e) => inner.wait_after(&e, &mut backoff),
            };
            circles.retain(|_, task| !task.is_finished());
            if let Ok(groups) = inner.steps().sync_circles() {
                for group in groups {
                    circles.entry(group.clone()).or_insert_with(|| {
                        let inner = Arc::clone(&inner);
                        let shutdown = shutdown.clone();
                        tokio::spawn(async move { inner.circle_task(group, shutdown).await })
                    });
                }
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(wait) => {}
                changed = wake.changed() => if changed.is_err() { break },
            }
        }
        for (_, task) in circles {
            let _ = task.await;
        }
    }

    /// "Delete everything" with circles: leaves every circle (a leave proposal per circle,
    /// sent now; a facilitator's phone commits it), deletes this device's records at the
    /// relay, then deletes the profile ([`Client::delete_everything`]). A circle's only
    /// facilitator cannot leave it (nobody would be left to commit); that circle stays with
    /// its members. If the relay cannot be reached, nothing is deleted and the error says so,
    /// so the user can choose to delete locally only.
    pub async fn delete_everything(&self) -> Result<()> {
        let inner = &self.inner;
        for group in inner.steps().sync_circles()? {
            match inner.client.leave_circle(&group) {
                Ok(()) | Err(Error::NotPermitted { .. }) => {}
                Err(e) => return Err(e),
            }
            inner.flush_circle(&group).await?;
        }
        self.delete_device().await?;
        inner.client.delete_everything()
    }

    /// Leaves nothing at the relay: deletes this device's records there (KeyPackages,
    /// Welcome inbox, sessions). Circles are left separately, by proposal.
    pub async fn delete_device(&self) -> Result<()> {
        let inner = &self.inner;
        if inner
            .client
            .relay_account()?
            .and_then(|a| a.device_id)
            .is_none()
        {
            return Ok(());
        }
        let token = inner.token().await?;
        match inner.transport.delete_device(&token).await {
            Ok(())
            | Err(TransportError::Refused(ApiError {
                code: ErrorCode::NotFound,
                ..
            })) => Ok(()),
            Err(e) => Err(network(&e)),
        }
    }
}

impl<T: Transport> Inner<T> {
    /// The transactions sync drives on this profile.
    fn steps(&self) -> SyncSteps<'_> {
        SyncSteps::of(&self.client)
    }

    fn publish(&self, state: SyncState) {
        self.client.circle_event(Event::Sync(state));
    }

    /// After a failed pass: how long to wait (backing off when trying again may help, the
    /// longest wait when it will not), told to the app as being offline.
    fn wait_after(&self, error: &Error, backoff: &mut Backoff) -> Duration {
        let wait = if let Error::RelayBusy { retry_after_s } = error {
            backoff.next_wait().max(Duration::from_secs(*retry_after_s))
        } else if is_retryable(error) {
            backoff.next_wait()
        } else {
            self.config.backoff_max
        };
        tracing::info!(error = %error, "sync failed; trying again later");
        self.publish(SyncState::Offline {
            retry_in_ms: wait.as_millis() as u64,
        });
        wait
    }

    async fn register(&self) -> Result<String> {
        let account = self
            .client
            .relay_account()?
            .ok_or(Error::invalid("relay", "set a relay first"))?;
        if let Some(id) = account.device_id {
            return Ok(id);
        }
        let public_key = self.client.identity()?.public_key;
        let registered = self
            .transport
            .register(RegisterDevice {
                public_key: Bytes(public_key),
            })
            .await
            .map_err(|e| network(&e))?;
        self.steps().set_device_id(&registered.device_id)?;
        Ok(registered.device_id)
    }

    /// A valid session token, making a new session when needed.
    async fn token(&self) -> Result<String> {
        let mut session = self.session.lock().await;
        let now = (self.client.now_ms() / 1000).max(0) as u64;
        if let Some((token, expires)) = session.as_ref() {
            // The expiry is on the relay's clock, which ours may trail by CLOCK_SKEW_S: a
            // session is renewed early rather than used after the relay ended it.
            if *expires > now + crate::moment::CLOCK_SKEW_S + 60 {
                return Ok(token.clone());
            }
        }
        let device_id = self.register().await?;
        // The relay this device means to talk to, as its profile names it.
        let relay = self
            .client
            .relay_account()?
            .map(|account| relay_authority(&account.url))
            .ok_or(Error::invalid("relay", "set a relay first"))?;
        let challenge = self
            .transport
            .challenge(ChallengeRequest {
                device_id: device_id.clone(),
            })
            .await
            .map_err(|e| network(&e))?;
        let signature = self.steps().sign_for_relay(&session_signing_input(
            &relay,
            &device_id,
            challenge.nonce.as_slice(),
        ))?;
        let made = self
            .transport
            .session(SessionRequest {
                device_id,
                nonce: challenge.nonce,
                signature: Bytes(signature),
            })
            .await
            .map_err(|e| network(&e))?;
        *session = Some((made.token.clone(), made.expires_at));
        Ok(made.token)
    }

    /// Forgets the session, so the next call makes a new one.
    async fn forget_session(&self) {
        *self.session.lock().await = None;
    }

    /// Forgets the session when the relay no longer knows it.
    async fn check_session<R>(&self, answer: std::result::Result<R, TransportError>) -> Result<R> {
        if let Err(TransportError::Refused(ApiError {
            code: ErrorCode::Unauthorized,
            ..
        })) = &answer
        {
            self.forget_session().await;
        }
        answer.map_err(|e| network(&e))
    }

    /// Device work: registration, KeyPackages, Welcomes.
    async fn device_pass(&self) -> Result<()> {
        let _held = self.client.sync_locks.device().lock().await;
        self.register().await?;
        self.top_up_key_packages().await?;
        self.process_inbox().await
    }

    async fn top_up_key_packages(&self) -> Result<()> {
        let forgotten = self.steps().forget_expired_key_packages()?;
        if forgotten > 0 {
            tracing::info!(forgotten, "expired KeyPackages deleted");
        }
        let token = self.token().await?;
        let count = self
            .check_session(self.transport.key_package_count(&token).await)
            .await?;
        let last_resort = !count.has_last_resort || count.last_resort_used;
        let wanted = if count.available < self.config.key_packages_low {
            self.config
                .key_packages_target
                .saturating_sub(count.available)
        } else {
            0
        };
        if wanted == 0 && !last_resort {
            return Ok(());
        }
        let mut made = self.steps().new_key_packages(wanted.max(1), last_resort)?;
        let last = if last_resort { made.pop() } else { None };
        let signatures = made.iter().map(|k| Bytes(k.signature.clone())).collect();
        let upload = UploadKeyPackages {
            key_packages: made.into_iter().map(|k| Bytes(k.key_package)).collect(),
            signatures,
            last_resort_signature: last.as_ref().map(|k| Bytes(k.signature.clone())),
            last_resort: last.map(|k| Bytes(k.key_package)),
        };
        let answer = self.transport.upload_key_packages(&token, upload).await;
        self.check_session(answer).await
    }

    /// Takes the Welcome inbox page by page: each Welcome becomes an invitation the person
    /// accepts or declines (nothing is sent meanwhile), and is then acknowledged.
    async fn process_inbox(&self) -> Result<()> {
        let token = self.token().await?;
        // Bounded: every page is acknowledged before the next, and the relay caps the inbox.
        for _ in 0..INBOX_PAGES_PER_PASS {
            let inbox = self
                .check_session(self.transport.inbox(&token).await)
                .await?;
            if inbox.welcomes.is_empty() {
                return Ok(());
            }
            let mut done = Vec::new();
            for welcome in inbox.welcomes {
                match self.steps().join_circle(welcome.welcome.as_slice()) {
                    Ok(_) => {}
                    // Not for us, or damaged: it will never work, so it is removed too.
                    Err(Error::MessageRejected { reason }) => {
                        tracing::info!(reason, "a Welcome was refused");
                    }
                    Err(e) => return Err(e),
                }
                done.push(welcome.id);
            }
            let answer = self
                .transport
                .ack_welcomes(&token, AckWelcomes { ids: done })
                .await;
            self.check_session(answer).await?;
            if !inbox.more {
                return Ok(());
            }
        }
        Ok(())
    }
}

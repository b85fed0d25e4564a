//! One circle at the relay: fetch what it missed (epoch by epoch), send its outbox in order
//! (handling conflicts and lost answers), and post and read reports.

use std::sync::Arc;

use hearth_protocol::*;
use tokio::sync::Mutex;

use super::{network, Inner, MAX_STALE_IN_A_ROW};
use crate::circles::GroupId;
use crate::circles::{Next, Post, Processed};
use crate::error::{Error, Result};
use crate::sync::transport::{Transport, TransportError};

impl<T: Transport> Inner<T> {
    /// The circle's lock (see [`super::SyncLocks`]).
    pub(super) fn circle_lock(&self, group: &GroupId) -> Arc<Mutex<()>> {
        self.client.sync_locks.circle(group)
    }

    /// Fetches and processes everything the relay holds for the circle after our position,
    /// epoch by epoch.
    pub(super) async fn fetch_circle(&self, group: &GroupId) -> Result<()> {
        let lock = self.circle_lock(group);
        let _held = lock.lock().await;
        self.fetch_circle_held(group).await
    }

    pub(super) async fn fetch_circle_held(&self, group: &GroupId) -> Result<()> {
        loop {
            let position = self.steps().circle_position(group)?;
            if !position.active {
                return Ok(());
            }
            let query = FetchQuery {
                epoch: position.epoch,
                after: position.cursor,
                limit: Some(self.config.fetch_page),
            };
            let fetched = match self
                .transport
                .fetch(group, &position.capability, query)
                .await
            {
                Ok(f) => f,
                // Not opened yet (ours, still in the outbox): nothing to fetch.
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::NotFound,
                    ..
                })) => return Ok(()),
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::BadCapability,
                    ..
                })) => {
                    // The relay no longer keeps our epoch: only a new code brings us back.
                    return self.steps().circle_stalled(group);
                }
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::Closed,
                    ..
                })) => {
                    // Closed while we were away (its closing commit is gone with it).
                    return self.steps().circle_closed_at_relay(group);
                }
                Err(e) => return Err(network(&e)),
            };
            let mut messages = fetched.messages;
            if messages.is_empty() {
                return Ok(());
            }
            // The relay's order decides; a page is processed in it, each delivery once.
            messages.sort_by_key(|d| d.seq);
            messages.dedup_by_key(|d| d.seq);
            let mut moved = false;
            for delivery in &messages {
                let processed = self.steps().receive_at(
                    group,
                    delivery.seq,
                    delivery.received_at,
                    delivery.message.as_slice(),
                )?;
                match processed {
                    Processed::Commit(_) => {
                        moved = true;
                        break; // the next epoch needs its own capability
                    }
                    Processed::Later => break,
                    _ => {}
                }
            }
            if !moved && !fetched.more {
                return Ok(());
            }
        }
    }

    /// Sends the circle's outbox in order until nothing more can go now.
    pub(super) async fn flush_circle(&self, group: &GroupId) -> Result<()> {
        let lock = self.circle_lock(group);
        let _held = lock.lock().await;
        self.flush_circle_held(group).await
    }

    pub(super) async fn flush_circle_held(&self, group: &GroupId) -> Result<()> {
        let mut stale_in_a_row = 0;
        loop {
            let item = match self.steps().next_post(group)? {
                Next::Idle => return Ok(()),
                Next::ClaimKeyPackage {
                    intent_id,
                    device_id,
                } => {
                    let token = self.token().await?;
                    match self.transport.claim_key_package(&token, &device_id).await {
                        Ok(claimed) => {
                            match self
                                .steps()
                                .key_package_claimed(group, intent_id, &device_id, &claimed)
                            {
                                // Dropped and told (the history, an event): the rest goes on.
                                Ok(()) | Err(Error::KeyPackageNotTheirs) => {}
                                Err(e) => return Err(e),
                            }
                        }
                        Err(TransportError::Refused(ApiError {
                            code: ErrorCode::NoKeyPackage | ErrorCode::NotFound,
                            ..
                        })) => self.steps().key_package_missing(group, intent_id)?,
                        // The device's KeyPackages were claimed too often this hour (maybe by
                        // someone draining them): the add waits for a later pass, and the
                        // other circles go on meanwhile.
                        Err(
                            TransportError::Busy { .. }
                            | TransportError::Refused(ApiError {
                                code: ErrorCode::RateLimited,
                                ..
                            }),
                        ) => {
                            tracing::info!("a KeyPackage claim must wait; the add stays queued");
                            return Ok(());
                        }
                        Err(e) => return self.check_session(Err(e)).await,
                    }
                    continue;
                }
                Next::Post(item) => item,
            };
            let answer = match item.post {
                Post::OpenMailbox(req) => match self.transport.open_mailbox(req).await {
                    Ok(()) => Ok((0, 0)),
                    // Opened before, and the answer was lost.
                    Err(TransportError::Refused(ApiError {
                        code: ErrorCode::Conflict,
                        ..
                    })) => Ok((0, 0)),
                    Err(e) => Err(e),
                },
                Post::Message(req) => self
                    .transport
                    .post(group, req)
                    .await
                    .map(|p| (p.seq, p.received_at)),
                Post::CloseMailbox(req) => match self.transport.close_mailbox(group, req).await {
                    // Closed before, and the answer was lost.
                    Err(TransportError::Refused(ApiError {
                        code: ErrorCode::Closed,
                        ..
                    })) => Ok((0, 0)),
                    other => other.map(|()| (0, 0)),
                },
                Post::Welcome { device_id, body } => {
                    // As the session that claimed the device's KeyPackage: the relay takes
                    // a Welcome from no one else.
                    let token = self.token().await?;
                    match self.transport.post_welcome(&token, &device_id, body).await {
                        // The session ended: a new one, and the same Welcome again.
                        Err(TransportError::Refused(ApiError {
                            code: ErrorCode::Unauthorized,
                            ..
                        })) if stale_in_a_row < MAX_STALE_IN_A_ROW => {
                            stale_in_a_row += 1;
                            self.forget_session().await;
                            continue;
                        }
                        answer => answer.map(|()| (0, 0)),
                    }
                }
            };
            match answer {
                Ok((seq, received_at)) => {
                    stale_in_a_row = 0;
                    self.steps()
                        .post_accepted_at(group, item.id, seq, received_at)?;
                }
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::StaleEpoch | ErrorCode::BadCapability,
                    ..
                })) => {
                    // The circle moved on first: catch up, then the outbox is remade.
                    stale_in_a_row += 1;
                    if stale_in_a_row > MAX_STALE_IN_A_ROW {
                        return Err(Error::StaleEpoch);
                    }
                    self.steps().post_stale(group, item.id)?;
                    self.fetch_circle_held(group).await?;
                }
                Err(TransportError::Refused(api))
                    if !matches!(
                        api.code,
                        ErrorCode::RateLimited | ErrorCode::Internal | ErrorCode::Busy
                    ) =>
                {
                    tracing::warn!(code = api.code.as_str(), "the relay refused a post");
                    self.steps().post_refused(group, item.id)?;
                }
                Err(e) => return Err(network(&e)),
            }
        }
    }

    /// Catches a circle up and sends what waits.
    pub(super) async fn sync_circle(&self, group: &GroupId) -> Result<()> {
        let lock = self.circle_lock(group);
        let _held = lock.lock().await;
        self.steps()
            .expire_past_epoch_secrets(group, crate::circles::PAST_EPOCH_MAX_AGE)?;
        self.steps().expire_disappearing(group)?;
        self.fetch_circle_held(group).await?;
        self.flush_circle_held(group).await?;
        // Sending may have merged our commit or queued intros: send until nothing is left.
        self.fetch_circle_held(group).await?;
        self.reports_held(group).await?;
        self.wake_ticket_held(group).await
    }

    /// Leaves this epoch's wake ticket at the relay, or withdraws it when the circle should
    /// not wake this phone. A refusal (the epoch just moved on, the circle's share is full)
    /// waits for the next pass: wakes are a convenience, never a reason to fail a sync.
    pub(super) async fn wake_ticket_held(&self, group: &GroupId) -> Result<()> {
        match self.steps().wake_ticket_step(group)? {
            crate::circles::TicketStep::Nothing => Ok(()),
            crate::circles::TicketStep::Leave { ticket_id, request } => {
                let epoch = request.epoch;
                match self.transport.put_ticket(group, &ticket_id, request).await {
                    Ok(()) => self.steps().wake_ticket_left(group, &ticket_id, epoch),
                    Err(TransportError::Refused(api)) => {
                        tracing::info!(
                            code = api.code.as_str(),
                            "the relay did not take a wake ticket"
                        );
                        Ok(())
                    }
                    Err(e) => Err(network(&e)),
                }
            }
            crate::circles::TicketStep::Withdraw {
                ticket_id,
                epoch,
                capability,
            } => {
                match self
                    .transport
                    .delete_ticket(group, &ticket_id, epoch, &capability)
                    .await
                {
                    // Gone either way: a closed mailbox or a past epoch holds no ticket.
                    Ok(()) | Err(TransportError::Refused(_)) => {
                        self.steps().wake_ticket_withdrawn(group)
                    }
                    Err(e) => Err(network(&e)),
                }
            }
        }
    }

    /// Posts our waiting reports to the circle's facilitator inbox and, on a facilitator's
    /// phone, reads what arrived there.
    pub(super) async fn reports_held(&self, group: &GroupId) -> Result<()> {
        let mut stale = 0;
        while let Some((id, req)) = self.steps().next_report(group)? {
            match self.transport.post_report(group, req).await {
                Ok(_) => self.steps().report_posted(group, &id)?,
                // Sealed under an epoch that just ended: catch up and seal it again.
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::BadCapability,
                    ..
                })) if stale < MAX_STALE_IN_A_ROW => {
                    stale += 1;
                    self.fetch_circle_held(group).await?;
                }
                // The circle's inbox took its day's share (someone may be flooding it): ours
                // waits for a later pass, and this pass goes on to the other circles.
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::QuotaExceeded,
                    ..
                })) => {
                    tracing::info!("the facilitator inbox is full for today; the report waits");
                    break;
                }
                Err(e) => return Err(network(&e)),
            }
        }
        while let Some(req) = self.steps().report_inbox_request(group)? {
            let page = match self.transport.fetch_reports(group, req).await {
                Ok(page) => page,
                // The relay learns of a new committer with the commit: until then, wait.
                Err(TransportError::Refused(ApiError {
                    code: ErrorCode::NotCommitter,
                    ..
                })) => break,
                Err(e) => return Err(network(&e)),
            };
            self.steps().reports_arrived(group, &page.reports)?;
            if !page.more {
                break;
            }
        }
        Ok(())
    }
}

//! One circle, live: a WebSocket per circle (one shared socket would link the circles),
//! fetching as fallback, resubscribing at each new epoch, backing off after failures.

use std::sync::Arc;

use hearth_protocol::*;
use tokio_util::sync::CancellationToken;

use super::{network, Inner};
use crate::circles::GroupId;
use crate::circles::Processed;
use crate::error::{Error, Result};
use crate::sync::backoff::Backoff;
use crate::sync::transport::{LiveSubscription as _, Transport, TransportError};

impl<T: Transport> Inner<T> {
    /// One circle, live, until we leave it or shutdown.
    pub(super) async fn circle_task(self: Arc<Self>, group: GroupId, shutdown: CancellationToken) {
        let mut backoff = Backoff::new(self.config.backoff_min, self.config.backoff_max);
        loop {
            match self.circle_live(&group, &shutdown, &mut backoff).await {
                Ok(()) => return,
                Err(e) => {
                    let wait = self.wait_after(&e, &mut backoff);
                    tokio::select! {
                        _ = shutdown.cancelled() => return,
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            }
        }
    }

    pub(super) async fn circle_live(
        &self,
        group: &GroupId,
        shutdown: &CancellationToken,
        backoff: &mut Backoff,
    ) -> Result<()> {
        let mut wake = self.client.wake_receiver();
        self.sync_circle(group).await?;
        loop {
            let position = self.steps().circle_position(group)?;
            if !position.active {
                return Ok(());
            }
            let subscribe = LiveRequest::Subscribe {
                mailbox_id: Bytes(group.to_vec()),
                epoch: position.epoch,
                capability: Bytes(position.capability),
                after: position.cursor,
            };
            let mut live = self
                .transport
                .live(subscribe)
                .await
                .map_err(|e| network(&e))?;
            backoff.reset();
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => return Ok(()),
                    changed = wake.changed() => {
                        if changed.is_err() {
                            return Ok(()); // the client is gone
                        }
                        self.flush_circle(group).await?
                    }
                    _ = tokio::time::sleep(self.config.poll_every) => self.sync_circle(group).await?,
                    frame = live.next() => match frame {
                        None => return Err(Error::Network),
                        Some(LiveFrame::Message(d)) => {
                            let cursor = self.steps().circle_cursor(group)?;
                            if d.seq <= cursor {
                                continue;
                            }
                            let processed = if d.seq == cursor + 1 {
                                Some(self.steps().receive_at(group, d.seq, d.received_at, d.message.as_slice())?)
                            } else {
                                None // frames were missed: fetch them in order
                            };
                            if matches!(processed, None | Some(Processed::Later)) {
                                self.fetch_circle(group).await?;
                            }
                            if matches!(processed, Some(Processed::Commit(_) | Processed::Proposal)) {
                                self.flush_circle(group).await?;
                            }
                        }
                        Some(LiveFrame::EpochEnded { .. }) => {
                            self.sync_circle(group).await?;
                            break; // subscribe again for the new epoch
                        }
                        Some(LiveFrame::Refused { error, .. }) => {
                            self.sync_circle(group).await?;
                            if error.code == ErrorCode::BadCapability {
                                break;
                            }
                            return Err(network(&TransportError::Refused(error)));
                        }
                    }
                }
            }
        }
    }
}

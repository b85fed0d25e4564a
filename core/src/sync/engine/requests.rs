//! Sync's part of finding a circle: for each request this phone sent, open its reply inbox,
//! leave the sealed request, read the reply inbox until an answer comes and close it; for each
//! circle this phone opened to requests, open its inbox, read what arrived, leave the answers
//! and close it when asked. Each result is one client call (one transaction); a lost answer
//! repeats the step, which the relay and each call tolerate (drops carry a client id).

use hearth_protocol::{Bytes, ErrorCode, InboxOwnerCall, LeaveDrop, OpenInbox};

use super::{is_retryable, network, Inner};
use crate::circles::GroupId;
use crate::error::Result;
use crate::finding::{AnswerWork, AskWork};
use crate::sync::transport::{Transport, TransportError};

/// Pages of drops read from one inbox in one pass (the rest wait for the next).
const PAGES_PER_PASS: usize = 5;

/// The relay holds no such inbox (it was closed, or swept).
fn is_gone(e: &TransportError) -> bool {
    e.code() == Some(ErrorCode::NotFound)
}

/// The relay will never take this drop (no such inbox, or a drop it refuses as made): as
/// opposed to a quota, a busy relay or a lost connection, which are tried again later.
fn is_undeliverable(e: &TransportError) -> bool {
    matches!(e.code(), Some(ErrorCode::NotFound | ErrorCode::BadRequest))
}

/// A step that failed for a reason trying again soon may mend (the network, a busy relay)
/// ends the pass; any other refusal is logged and the next step goes ahead, so one request
/// the relay will not take holds up nothing else.
fn keep_going(step: Result<()>) -> Result<()> {
    match step {
        Err(e) if is_retryable(&e) => Err(e),
        Err(e) => {
            tracing::warn!(error = %e, "a join request step was refused");
            Ok(())
        }
        Ok(()) => Ok(()),
    }
}

impl<T: Transport> Inner<T> {
    /// One pass over every request sent and every circle open to requests.
    pub(super) async fn request_pass(&self) -> Result<()> {
        let _held = self.client.sync_locks.device().lock().await;
        // An inbox opened in this pass is read in the same pass: two rounds.
        for _ in 0..2 {
            for work in self.client.ask_work()? {
                keep_going(self.ask_step(work).await)?;
            }
        }
        for work in self.client.answer_work()? {
            keep_going(self.answer_step(work).await)?;
        }
        Ok(())
    }

    /// Opens an inbox for its owner's key.
    async fn open_inbox(&self, inbox: &[u8], owner: Vec<u8>) -> Result<()> {
        let req = OpenInbox {
            owner: Bytes(owner),
        };
        self.transport
            .open_inbox(inbox, req)
            .await
            .map_err(|e| network(&e))
    }

    /// Leaves a sealed drop: whether it was taken (`false`: it never will be).
    async fn leave(&self, inbox: &[u8], client_id: Vec<u8>, sealed: Vec<u8>) -> Result<bool> {
        let req = LeaveDrop {
            client_id: Bytes(client_id),
            drop: Bytes(sealed),
        };
        match self.transport.leave_drop(inbox, req).await {
            Ok(_) => Ok(true),
            Err(e) if is_undeliverable(&e) => Ok(false),
            Err(e) => Err(network(&e)),
        }
    }

    /// Closes an inbox of ours (one the relay no longer holds counts as closed).
    async fn close(&self, inbox: &[u8], call: InboxOwnerCall) -> Result<()> {
        match self.transport.close_inbox(inbox, call).await {
            Ok(()) => Ok(()),
            Err(e) if is_gone(&e) => Ok(()),
            Err(e) => Err(network(&e)),
        }
    }

    async fn ask_step(&self, work: AskWork) -> Result<()> {
        let client = &self.client;
        match work {
            AskWork::OpenReply { id, inbox, owner } => {
                self.open_inbox(&inbox, owner).await?;
                client.reply_inbox_opened(id)
            }
            AskWork::Leave {
                id,
                inbox,
                client_id,
                sealed,
            } => {
                let delivered = self.leave(&inbox, client_id, sealed).await?;
                client.request_left(id, delivered)
            }
            AskWork::Fetch { id, inbox, call } => {
                match self.transport.fetch_drops(&inbox, call).await {
                    Ok(page) => client.replies_read(id, &page.drops),
                    Err(e) if is_gone(&e) => client.reply_inbox_closed(id),
                    Err(e) => Err(network(&e)),
                }
            }
            AskWork::Close { id, inbox, call } => {
                self.close(&inbox, call).await?;
                client.reply_inbox_closed(id)
            }
        }
    }

    async fn answer_step(&self, work: AnswerWork) -> Result<()> {
        let client = &self.client;
        match work {
            AnswerWork::Open { inbox, owner } => {
                self.open_inbox(&inbox, owner).await?;
                client.request_inbox_opened(&inbox)
            }
            AnswerWork::Fetch {
                group_id,
                inbox,
                call,
            } => self.read_requests(&group_id, &inbox, call).await,
            AnswerWork::Close {
                group_id,
                inbox,
                call,
            } => {
                self.close(&inbox, call).await?;
                client.request_inbox_closed(&group_id, &inbox)
            }
            // Not taken for good: the asker withdrew (their inbox is gone); done either way.
            AnswerWork::Answer {
                id,
                inbox,
                client_id,
                sealed,
            } => {
                self.leave(&inbox, client_id, sealed).await?;
                client.answer_left(id)
            }
        }
    }

    /// Reads a circle's request inbox, a few pages at most.
    async fn read_requests(
        &self,
        group_id: &GroupId,
        inbox: &[u8],
        mut call: InboxOwnerCall,
    ) -> Result<()> {
        let client = &self.client;
        for _ in 0..PAGES_PER_PASS {
            let page = match self.transport.fetch_drops(inbox, call.clone()).await {
                Ok(page) => page,
                // Swept after a long time unread (or closed by another facilitator whose
                // word has not come): no longer open to requests here.
                Err(e) if is_gone(&e) => return client.request_inbox_closed(group_id, inbox),
                Err(e) => return Err(network(&e)),
            };
            client.requests_read(group_id, inbox, &page.drops)?;
            if !page.more {
                break;
            }
            // The next page is signed afresh from where this phone now stands.
            let next = client.answer_work()?.into_iter().find_map(|w| match w {
                AnswerWork::Fetch {
                    group_id: g, call, ..
                } if &g == group_id => Some(call),
                _ => None,
            });
            match next {
                Some(next) if next.after > call.after => call = next,
                _ => break,
            }
        }
        Ok(())
    }
}

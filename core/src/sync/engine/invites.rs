//! Sync's part of invite codes: carries each code this device made, and each code it joins
//! with, one step further through the relay's invite mailbox. Every step's result is one
//! client call (one transaction); a lost answer repeats the step, which each call tolerates.

use hearth_protocol::{ApiError, ErrorCode};

use super::{network, Inner};
use crate::error::Result;
use crate::invites::facilitator::InviteWork;
use crate::invites::invitee::JoinWork;
use crate::sync::transport::{Transport, TransportError};

/// How many rounds one pass takes a join through (offer, claim, answer, done).
const JOIN_ROUNDS: usize = 4;

/// The relay's refusal of an invite that is not (or no longer) there for us, or of a request
/// it will never take; anything else (a network failure, rate limit) is tried again later.
fn is_final(answer: &TransportError) -> bool {
    match answer {
        TransportError::Refused(ApiError { code, .. }) => !matches!(
            code,
            ErrorCode::RateLimited | ErrorCode::Internal | ErrorCode::Busy
        ),
        TransportError::Network | TransportError::Busy { .. } => false,
    }
}

impl<T: Transport> Inner<T> {
    /// One pass over every code: the facilitator's steps, then the invitee's. A step repeated
    /// after a lost answer is tolerated; two passes side by side are not, so this one holds
    /// the device lock ([`crate::sync::SyncLocks`] says why).
    pub(super) async fn invite_pass(&self) -> Result<()> {
        let _held = self.client.sync_locks.device().lock().await;
        self.facilitator_steps().await?;
        for _ in 0..JOIN_ROUNDS {
            if !self.join_steps().await? {
                break;
            }
        }
        Ok(())
    }

    async fn facilitator_steps(&self) -> Result<()> {
        let client = &self.client;
        for work in client.invite_work()? {
            match work {
                InviteWork::Publish {
                    nameplate,
                    owner_token,
                    request,
                } => {
                    match self.transport.create_invite(&nameplate, request).await {
                        Ok(()) => client.invite_published(&nameplate)?,
                        // Taken: by us if an earlier answer was lost (our token reads it),
                        // else by someone else's invite.
                        Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                            match self.transport.invite_claim(&nameplate, &owner_token).await {
                                Ok(_) => client.invite_published(&nameplate)?,
                                Err(e) if is_final(&e) => {
                                    client.invite_not_published(&nameplate)?
                                }
                                Err(e) => return Err(network(&e)),
                            }
                        }
                        Err(e) if is_final(&e) => client.invite_not_published(&nameplate)?,
                        Err(e) => return Err(network(&e)),
                    }
                }
                InviteWork::Check {
                    nameplate,
                    owner_token,
                } => match self.transport.invite_claim(&nameplate, &owner_token).await {
                    Ok(found) => match found.claim {
                        Some(claimed) => client.invite_claimed(&nameplate, &claimed)?,
                        None => client.invite_unclaimed(&nameplate)?,
                    },
                    Err(e) if is_final(&e) => client.invite_gone(&nameplate)?,
                    Err(e) => return Err(network(&e)),
                },
                InviteWork::Answer {
                    nameplate,
                    owner_token,
                    request,
                } => match self
                    .transport
                    .answer_invite(&nameplate, &owner_token, request)
                    .await
                {
                    Ok(()) => client.invite_relay_done(&nameplate)?,
                    Err(e) if is_final(&e) => client.invite_gone(&nameplate)?,
                    Err(e) => return Err(network(&e)),
                },
                InviteWork::Delete {
                    nameplate,
                    owner_token,
                } => match self.transport.delete_invite(&nameplate, &owner_token).await {
                    Ok(()) => client.invite_relay_done(&nameplate)?,
                    Err(e) if is_final(&e) => client.invite_relay_done(&nameplate)?,
                    Err(e) => return Err(network(&e)),
                },
            }
        }
        Ok(())
    }

    /// One round of the invitee's steps; true when one moved a join on (so another round may
    /// take it further now).
    async fn join_steps(&self) -> Result<bool> {
        let client = &self.client;
        let mut moved = false;
        for work in client.join_work()? {
            match work {
                JoinWork::Offer { nameplate } => {
                    match self.transport.invite_offer(&nameplate).await {
                        Ok(offer) => client.join_offer(&nameplate, offer.message.as_slice())?,
                        Err(e) if is_final(&e) => client.join_unavailable(&nameplate)?,
                        Err(e) => return Err(network(&e)),
                    }
                    moved = true;
                }
                JoinWork::Claim { nameplate, request } => {
                    match self.transport.claim_invite(&nameplate, request).await {
                        Ok(()) => client.join_claimed(&nameplate)?,
                        Err(e) if is_final(&e) => client.join_unavailable(&nameplate)?,
                        Err(e) => return Err(network(&e)),
                    }
                    moved = true;
                }
                JoinWork::Poll {
                    nameplate,
                    claim_token,
                } => match self.transport.invite_answer(&nameplate, &claim_token).await {
                    Ok(answer) => {
                        if let Some(sealed) = answer.sealed {
                            client.join_answered(&nameplate, sealed.as_slice())?;
                            moved = true;
                        }
                    }
                    Err(e) if is_final(&e) => client.join_unavailable(&nameplate)?,
                    Err(e) => return Err(network(&e)),
                },
                JoinWork::Delete {
                    nameplate,
                    claim_token,
                } => match self.transport.delete_invite(&nameplate, &claim_token).await {
                    Ok(()) => client.join_relay_done(&nameplate)?,
                    Err(e) if is_final(&e) => client.join_relay_done(&nameplate)?,
                    Err(e) => return Err(network(&e)),
                },
            }
        }
        Ok(moved)
    }
}

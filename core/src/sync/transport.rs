//! The relay's API as sync uses it. [`super::HttpTransport`] speaks it over HTTP and
//! WebSocket; tests wrap it to drop, repeat, reorder and lose answers.

use std::future::Future;

use hearth_protocol::*;

/// Why a relay call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The relay answered with a refusal (a 4xx and its JSON body).
    Refused(ApiError),
    /// The relay could not be reached, or the answer was lost: try again later (the call may
    /// or may not have taken effect; every call is safe to repeat).
    Network,
    /// The relay (or a proxy before it) is busy: too many requests. Try again after
    /// `retry_after` (its `Retry-After`, or a short default when it gave none).
    Busy {
        /// How long to wait before the next try.
        retry_after: std::time::Duration,
    },
}

impl TransportError {
    /// The refusal's code, if the relay answered.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            TransportError::Refused(e) => Some(e.code),
            TransportError::Network | TransportError::Busy { .. } => None,
        }
    }
}

/// Result of a relay call.
pub type Answer<T> = Result<T, TransportError>;

/// One live subscription to a mailbox epoch.
pub trait LiveSubscription: Send + 'static {
    /// The next frame; `None` when the connection ended.
    fn next(&mut self) -> impl Future<Output = Option<LiveFrame>> + Send;
}

/// The relay API. Device calls carry a session token; mailbox calls carry none (only the
/// epoch's capability), so the relay cannot link a device to its circles.
pub trait Transport: Send + Sync + 'static {
    /// A live subscription.
    type Live: LiveSubscription;

    /// Registers a device key.
    fn register(
        &self,
        req: RegisterDevice,
    ) -> impl Future<Output = Answer<DeviceRegistered>> + Send;
    /// Asks for a session challenge.
    fn challenge(&self, req: ChallengeRequest) -> impl Future<Output = Answer<Challenge>> + Send;
    /// Answers the challenge.
    fn session(&self, req: SessionRequest) -> impl Future<Output = Answer<Session>> + Send;
    /// Publishes KeyPackages.
    fn upload_key_packages(
        &self,
        token: &str,
        req: UploadKeyPackages,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// How many KeyPackages the relay still holds for this device.
    fn key_package_count(
        &self,
        token: &str,
    ) -> impl Future<Output = Answer<KeyPackageCount>> + Send;
    /// Claims one of another device's KeyPackages.
    fn claim_key_package(
        &self,
        token: &str,
        device_id: &str,
    ) -> impl Future<Output = Answer<ClaimedKeyPackage>> + Send;
    /// Delivers a Welcome to a device's inbox: as the session that claimed one of its
    /// KeyPackages.
    fn post_welcome(
        &self,
        token: &str,
        device_id: &str,
        req: PostWelcome,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// This device's Welcome inbox.
    fn inbox(&self, token: &str) -> impl Future<Output = Answer<Inbox>> + Send;
    /// Removes Welcomes from the inbox.
    fn ack_welcomes(
        &self,
        token: &str,
        req: AckWelcomes,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Deletes this device and everything the relay holds for it.
    fn delete_device(&self, token: &str) -> impl Future<Output = Answer<()>> + Send;
    /// Opens a circle's mailbox.
    fn open_mailbox(&self, req: CreateMailbox) -> impl Future<Output = Answer<()>> + Send;
    /// Posts to a mailbox.
    fn post(&self, mailbox: &[u8], req: PostMessage)
        -> impl Future<Output = Answer<Posted>> + Send;
    /// Deletes the mailbox of a circle we closed.
    fn close_mailbox(
        &self,
        mailbox: &[u8],
        req: CloseMailbox,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Leaves (or replaces) this device's wake ticket for a mailbox's current epoch.
    fn put_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        req: RegisterTicket,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Withdraws a wake ticket, with the capability of the epoch it was left for.
    fn delete_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        epoch: u64,
        capability: &[u8],
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Leaves a sealed report in a mailbox's facilitator inbox.
    fn post_report(
        &self,
        mailbox: &[u8],
        req: PostReport,
    ) -> impl Future<Output = Answer<ReportPosted>> + Send;
    /// Reads a mailbox's facilitator inbox (committers only).
    fn fetch_reports(
        &self,
        mailbox: &[u8],
        req: FetchReports,
    ) -> impl Future<Output = Answer<Reports>> + Send;
    /// Fetches one epoch's messages after a position.
    fn fetch(
        &self,
        mailbox: &[u8],
        capability: &[u8],
        query: FetchQuery,
    ) -> impl Future<Output = Answer<Fetched>> + Send;
    /// Opens an invite under its nameplate.
    fn create_invite(
        &self,
        nameplate: &str,
        req: CreateInvite,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// An open invite's key-exchange message.
    fn invite_offer(&self, nameplate: &str) -> impl Future<Output = Answer<InviteOffer>> + Send;
    /// Claims an open invite.
    fn claim_invite(
        &self,
        nameplate: &str,
        req: ClaimInvite,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// The invite's claim, for its owner.
    fn invite_claim(
        &self,
        nameplate: &str,
        owner_token: &[u8],
    ) -> impl Future<Output = Answer<InviteClaim>> + Send;
    /// Leaves the owner's sealed answer.
    fn answer_invite(
        &self,
        nameplate: &str,
        owner_token: &[u8],
        req: AnswerInvite,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// The answer, for the invite's claimer.
    fn invite_answer(
        &self,
        nameplate: &str,
        claim_token: &[u8],
    ) -> impl Future<Output = Answer<InviteAnswer>> + Send;
    /// Deletes an invite (its owner's or its claimer's token).
    fn delete_invite(
        &self,
        nameplate: &str,
        token: &[u8],
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Opens a drop inbox for its owner's key.
    fn open_inbox(&self, inbox: &[u8], req: OpenInbox) -> impl Future<Output = Answer<()>> + Send;
    /// Leaves a sealed drop in an inbox.
    fn leave_drop(
        &self,
        inbox: &[u8],
        req: LeaveDrop,
    ) -> impl Future<Output = Answer<DropLeft>> + Send;
    /// Reads an inbox (its owner, by signature).
    fn fetch_drops(
        &self,
        inbox: &[u8],
        req: InboxOwnerCall,
    ) -> impl Future<Output = Answer<Drops>> + Send;
    /// Closes an inbox (its owner, by signature).
    fn close_inbox(
        &self,
        inbox: &[u8],
        req: InboxOwnerCall,
    ) -> impl Future<Output = Answer<()>> + Send;
    /// Opens a live subscription (its own connection: circles are never linked by one).
    fn live(&self, subscribe: LiveRequest) -> impl Future<Output = Answer<Self::Live>> + Send;
}

//! Where the relay keeps its records, behind one trait so a PostgreSQL store can follow
//! without touching the handlers. The SQLite store (`sqlite.rs`) is the embedded default.
//!
//! What is stored: device public keys, hashes of session tokens, KeyPackages, Welcomes in
//! device inboxes, mailboxes with their committer keys and capability hashes per epoch, and
//! the mailbox messages (opaque MLS bytes), and invites (a nameplate, the key-exchange
//! messages, token hashes and sealed blobs; no device identity). Never an IP address, and no
//! link between a device and a mailbox or an invite.

mod sqlite;

pub use sqlite::SqliteStore;

use hearth_protocol::{Delivery, MessageKind, SealedReport};
use std::future::Future;

/// A store failure the handlers cannot fix (the answer is a 500 and a retry).
#[derive(Debug, thiserror::Error)]
#[error("relay storage failed: {0}")]
pub enum StoreError {
    /// Worth trying again in a moment: the database is locked or busy, a transaction lost a
    /// serialisation race or a deadlock, the connection was lost. Nothing was done.
    #[error("the store is busy: {0}")]
    Retryable(String),
    /// Will fail again as it is: a broken constraint, a damaged or unreadable database, a
    /// failed task.
    #[error("the store failed: {0}")]
    Permanent(String),
}

/// The result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// A Welcome waiting in an inbox: (id, welcome, received at in Unix seconds).
pub type StoredWelcome = (Vec<u8>, Vec<u8>, u64);

/// A KeyPackage and its device's signature of it.
pub type SignedKeyPackage = (Vec<u8>, Vec<u8>);

/// A claimed KeyPackage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedKp {
    /// The KeyPackage.
    pub key_package: Vec<u8>,
    /// The device's signature of it.
    pub signature: Vec<u8>,
    /// Whether it is the device's last resort (served again until replaced).
    pub last_resort: bool,
}

/// What became of a Welcome posted for a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WelcomePosted {
    /// In the inbox (or it was already).
    Stored,
    /// No such device.
    NoDevice,
    /// The sender holds no unused claim on one of the device's KeyPackages from the last
    /// [`crate::RelayConfig::welcome_grant`].
    NotClaimed,
    /// The device's inbox is full ([`crate::RelayConfig::inbox_max`]).
    InboxFull,
}

/// What limits a KeyPackage claim (see [`crate::RelayConfig`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimLimits {
    /// Claims one claimer may make per hour.
    pub per_claimer_per_hour: u32,
    /// Claims of one device's KeyPackages per hour.
    pub per_device_per_hour: u32,
    /// Times a last resort is served per day.
    pub last_resort_per_day: u32,
    /// How long a claim lets the claimer leave the device a Welcome, in seconds.
    pub welcome_grant_secs: u64,
}

/// What a KeyPackage claim got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// A KeyPackage.
    Claimed(ClaimedKp),
    /// The device has none to give (or its last resort was served enough today).
    NoneLeft,
    /// The claimer, or the device, reached its hourly limit: try after this many seconds.
    TooMany {
        /// Seconds until the window turns.
        retry_after: u64,
    },
}

/// A message to append to a mailbox, already checked for shape and signature.
#[derive(Clone, Debug)]
pub struct Append {
    /// Client-chosen id for idempotency.
    pub client_id: Vec<u8>,
    /// The message's epoch (from its framing).
    pub epoch: u64,
    /// From its framing.
    pub kind: MessageKind,
    /// Hash of the capability presented.
    pub capability_hash: Vec<u8>,
    /// The opaque MLS message.
    pub message: Vec<u8>,
    /// For commits: the committer that signed, the next capability hash and the new
    /// committer set if it changes.
    pub commit: Option<CommitChange>,
    /// Unix seconds.
    pub now: u64,
    /// Bytes of messages the mailbox may hold ([`crate::RelayConfig::mailbox_bytes_max`]).
    pub bytes_max: u64,
}

/// What a commit changes at the relay.
#[derive(Clone, Debug)]
pub struct CommitChange {
    /// The signer's key, which must be a committer in the message's epoch.
    pub committer: Vec<u8>,
    /// SHA-256 of the next epoch's capability.
    pub next_capability_hash: Vec<u8>,
    /// The committer set from the next epoch, when it changes.
    pub committers: Option<Vec<Vec<u8>>>,
}

/// A committer's request to delete a closed circle's mailbox, already signature-checked.
#[derive(Clone, Debug)]
pub struct Close {
    /// The epoch it is for (must be the current one).
    pub epoch: u64,
    /// Hash of the capability presented.
    pub capability_hash: Vec<u8>,
    /// The committer that signed.
    pub committer: Vec<u8>,
    /// Unix seconds.
    pub now: u64,
}

/// Why an append was refused (checked atomically with the append).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppendRefusal {
    /// No such mailbox.
    NoMailbox,
    /// The capability does not match the epoch.
    BadCapability,
    /// Not the current epoch.
    StaleEpoch {
        /// The mailbox's current epoch.
        current: u64,
    },
    /// The commit's signer is not a committer of the epoch.
    NotCommitter,
    /// The mailbox holds as much as it may (bytes of messages, or reports today).
    QuotaExceeded,
}

/// Where an append landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appended {
    /// Sequence number.
    pub seq: u64,
    /// Epoch.
    pub epoch: u64,
    /// Whether the client id was seen before (nothing was added).
    pub duplicate: bool,
    /// When the relay first received it (Unix seconds).
    pub received_at: u64,
}

/// One page of an epoch's messages.
#[derive(Clone, Debug)]
pub struct Page {
    /// In sequence order.
    pub messages: Vec<Delivery>,
    /// The mailbox's current epoch.
    pub current_epoch: u64,
    /// Whether more follow.
    pub more: bool,
}

/// A sealed report for a mailbox's facilitator inbox.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// Client-chosen id; the same id again returns the first answer.
    pub client_id: Vec<u8>,
    /// The epoch whose capability was presented: the current one or the one before (a
    /// report sealed just before a commit).
    pub epoch: u64,
    /// SHA-256 of that capability.
    pub capability_hash: Vec<u8>,
    /// The sealed bytes.
    pub report: Vec<u8>,
    /// Unix seconds.
    pub now: u64,
    /// Reports the mailbox takes in a day ([`crate::RelayConfig::reports_per_day`]).
    pub per_day_max: u32,
}

/// One page of a facilitator inbox.
#[derive(Clone, Debug)]
pub struct ReportPage {
    /// In sequence order.
    pub reports: Vec<SealedReport>,
    /// Whether more follow.
    pub more: bool,
}

/// What a retention sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Mailbox messages older than the retention time.
    pub messages: u64,
    /// Capability hashes of epochs with no messages left (never the current epoch's).
    pub capabilities: u64,
    /// KeyPackages past their expiry.
    pub key_packages: u64,
    /// Welcomes older than the retention time (and claims that may no longer leave one).
    pub welcomes: u64,
    /// Sealed reports older than the retention time.
    pub reports: u64,
    /// Expired challenges and sessions.
    pub sessions: u64,
}

/// An invite as the store opens it.
#[derive(Clone, Debug)]
pub struct NewInvite {
    /// Its public nameplate.
    pub nameplate: String,
    /// The facilitator's key-exchange message.
    pub message: Vec<u8>,
    /// SHA-256 of the owner token.
    pub owner_hash: Vec<u8>,
    /// Unix seconds after which no claim is taken.
    pub expires_at: u64,
}

/// A claim as the store takes it.
#[derive(Clone, Debug)]
pub struct NewClaim {
    /// SHA-256 of the claim token.
    pub claim_hash: Vec<u8>,
    /// The invitee's key-exchange message.
    pub message: Vec<u8>,
    /// The sealed claim.
    pub sealed: Vec<u8>,
}

/// A stored claim: (the invitee's message, the sealed claim, claimed at in Unix seconds).
pub type StoredClaim = (Vec<u8>, Vec<u8>, u64);

/// The relay's storage. Every method is one atomic step.
pub trait Store: Send + Sync + 'static {
    /// Whether the database can take a write now (for `/v1/ready`): `Retryable` while it is
    /// busy or unreachable.
    fn ready(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// Records a device's public key under its id (idempotent).
    fn register_device(
        &self,
        device_id: String,
        public_key: Vec<u8>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A registered device's public key.
    fn device_key(
        &self,
        device_id: String,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;
    /// Deletes a device and everything it owns (KeyPackages, inbox, sessions).
    fn delete_device(&self, device_id: String) -> impl Future<Output = StoreResult<()>> + Send;

    /// Stores a one-time challenge nonce.
    fn put_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        expires_at: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Consumes a challenge: true only once, and only before it expires.
    fn take_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        now: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Stores a session by the hash of its token.
    fn put_session(
        &self,
        token_hash: Vec<u8>,
        device_id: String,
        expires_at: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The device of an unexpired session.
    fn session_device(
        &self,
        token_hash: Vec<u8>,
        now: u64,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;

    /// Adds one-time KeyPackages, and replaces the last-resort one when given (each with the
    /// device's signature, already checked).
    fn add_key_packages(
        &self,
        device_id: String,
        key_packages: Vec<SignedKeyPackage>,
        last_resort: Option<SignedKeyPackage>,
        expires_at: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Claims a KeyPackage for `claimer`, within `limits`: a one-time one (deleted as it is
    /// served) or else the last resort. A claim lets the claimer leave the device one
    /// Welcome within `limits.welcome_grant_secs`.
    fn claim_key_package(
        &self,
        claimer: String,
        device_id: String,
        now: u64,
        limits: ClaimLimits,
    ) -> impl Future<Output = StoreResult<Claim>> + Send;
    /// One-time KeyPackages left, whether a last resort is on file and whether it was used.
    fn key_package_count(
        &self,
        device_id: String,
        now: u64,
    ) -> impl Future<Output = StoreResult<(u32, bool, bool)>> + Send;

    /// Leaves `sender`'s Welcome in a device's inbox (idempotent by id), using up one of
    /// the sender's claims on that device; an inbox holds at most `inbox_max`.
    fn post_welcome(
        &self,
        sender: String,
        device_id: String,
        welcome: (Vec<u8>, Vec<u8>),
        now: u64,
        inbox_max: u32,
    ) -> impl Future<Output = StoreResult<WelcomePosted>> + Send;
    /// A page of a device's inbox, oldest first: (id, welcome, received_at), and whether
    /// more wait after it.
    fn welcomes(
        &self,
        device_id: String,
        limit: u32,
    ) -> impl Future<Output = StoreResult<(Vec<StoredWelcome>, bool)>> + Send;
    /// Removes Welcomes from a device's inbox.
    fn ack_welcomes(
        &self,
        device_id: String,
        ids: Vec<Vec<u8>>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Opens a mailbox; false when the id is taken.
    fn create_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
        committers: Vec<Vec<u8>>,
        now: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Whether `capability_hash` is the mailbox's capability for `epoch`.
    fn capability_valid(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Appends a message after checking, atomically, the capability, the epoch and (for a
    /// commit) the committer; a repeated client id returns the first answer.
    fn append(
        &self,
        mailbox_id: Vec<u8>,
        append: Append,
    ) -> impl Future<Output = StoreResult<Result<Appended, AppendRefusal>>> + Send;
    /// Messages of one epoch after a sequence number.
    fn fetch(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Option<Page>>> + Send;

    /// Deletes a closed circle's mailbox (its messages, capabilities and committers) after
    /// checking, atomically, the capability, the current epoch and the committer; a
    /// tombstone answers `closed` from then on.
    fn close_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        close: Close,
    ) -> impl Future<Output = StoreResult<Result<(), AppendRefusal>>> + Send;
    /// Whether the mailbox was closed (its tombstone is kept as long as messages would be).
    fn mailbox_closed(&self, mailbox_id: Vec<u8>)
        -> impl Future<Output = StoreResult<bool>> + Send;

    /// Adds a sealed report to the mailbox's facilitator inbox after checking, atomically,
    /// the capability; returns its place and whether the client id was seen before.
    fn post_report(
        &self,
        mailbox_id: Vec<u8>,
        report: NewReport,
    ) -> impl Future<Output = StoreResult<Result<(u64, bool), AppendRefusal>>> + Send;
    /// The facilitator inbox after a position, for one of the mailbox's committers.
    fn fetch_reports(
        &self,
        mailbox_id: Vec<u8>,
        committer: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Result<ReportPage, AppendRefusal>>> + Send;

    /// Opens an invite; false when the nameplate is taken (by an invite in any state).
    fn create_invite(&self, invite: NewInvite) -> impl Future<Output = StoreResult<bool>> + Send;
    /// An open invite's key-exchange message: unclaimed and not expired at `now`.
    fn invite_offer(
        &self,
        nameplate: String,
        now: u64,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;
    /// Claims an open invite atomically. True when this claim holds: it was taken now, or
    /// the invite was claimed before under the same claim hash (a lost answer, repeated).
    fn claim_invite(
        &self,
        nameplate: String,
        claim: NewClaim,
        now: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The invite's claim for its owner: `None` when there is no such invite or the owner
    /// hash does not match; `Some(None)` while unclaimed.
    fn invite_claim(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<Option<Option<StoredClaim>>>> + Send;
    /// Leaves the sealed answer on a claimed invite; false when there is no such claimed
    /// invite of this owner.
    fn answer_invite(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
        sealed: Vec<u8>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The answer for the invite's claimer: `None` when there is no such invite or the claim
    /// hash does not match; `Some(None)` while unanswered.
    fn invite_answer(
        &self,
        nameplate: String,
        claim_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<Option<Option<Vec<u8>>>>> + Send;
    /// Deletes an invite for its owner (revocation) or its claimer (done); false when there
    /// is no such invite or the hash matches neither.
    fn delete_invite(
        &self,
        nameplate: String,
        token_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes invites that expired before `expired_before`; returns how many.
    fn sweep_invites(&self, expired_before: u64) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Deletes what retention says is old: messages received before `messages_before`,
    /// KeyPackages expired at `now`, stale sessions and challenges.
    fn sweep(
        &self,
        now: u64,
        messages_before: u64,
    ) -> impl Future<Output = StoreResult<Swept>> + Send;
}

//! Where the relay keeps its records, behind one trait so a PostgreSQL store can follow
//! without touching the handlers. The SQLite store (`sqlite.rs`) is the embedded default.
//!
//! What is stored: device public keys, hashes of session tokens, KeyPackages, Welcomes in
//! device inboxes, mailboxes with their committer keys and capability hashes per epoch, and
//! the mailbox messages (opaque MLS bytes). Never an IP address, and no link between a
//! device and a mailbox.

mod sqlite;

pub use sqlite::SqliteStore;

use hearth_protocol::{Delivery, MessageKind};
use std::future::Future;

/// A store failure the handlers cannot fix (the answer is a 500 and a retry).
#[derive(Debug, thiserror::Error)]
#[error("relay storage failed: {0}")]
pub struct StoreError(pub String);

/// The result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// A Welcome waiting in an inbox: (id, welcome, received at in Unix seconds).
pub type StoredWelcome = (Vec<u8>, Vec<u8>, u64);

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

/// What a retention sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Mailbox messages older than the retention time.
    pub messages: u64,
    /// Capability hashes of epochs with no messages left (never the current epoch's).
    pub capabilities: u64,
    /// KeyPackages past their expiry.
    pub key_packages: u64,
    /// Welcomes older than the retention time.
    pub welcomes: u64,
    /// Expired challenges and sessions.
    pub sessions: u64,
}

/// The relay's storage. Every method is one atomic step.
pub trait Store: Send + Sync + 'static {
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

    /// Adds one-time KeyPackages, and replaces the last-resort one when given.
    fn add_key_packages(
        &self,
        device_id: String,
        key_packages: Vec<Vec<u8>>,
        last_resort: Option<Vec<u8>>,
        expires_at: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Claims a KeyPackage: a one-time one (deleted as it is served) or else the last resort.
    fn claim_key_package(
        &self,
        device_id: String,
        now: u64,
    ) -> impl Future<Output = StoreResult<Option<(Vec<u8>, bool)>>> + Send;
    /// One-time KeyPackages left, whether a last resort is on file and whether it was used.
    fn key_package_count(
        &self,
        device_id: String,
        now: u64,
    ) -> impl Future<Output = StoreResult<(u32, bool, bool)>> + Send;

    /// Leaves a Welcome in a device's inbox (idempotent by id). False when no such device.
    fn post_welcome(
        &self,
        device_id: String,
        id: Vec<u8>,
        welcome: Vec<u8>,
        now: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A device's inbox, oldest first: (id, welcome, received_at).
    fn welcomes(
        &self,
        device_id: String,
    ) -> impl Future<Output = StoreResult<Vec<StoredWelcome>>> + Send;
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

    /// Deletes what retention says is old: messages received before `messages_before`,
    /// KeyPackages expired at `now`, stale sessions and challenges.
    fn sweep(
        &self,
        now: u64,
        messages_before: u64,
    ) -> impl Future<Output = StoreResult<Swept>> + Send;
}

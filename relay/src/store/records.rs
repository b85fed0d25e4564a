//! The records the store takes and gives: named types rather than tuples, so a handler
//! cannot swap two byte strings.

use hearth_protocol::{Delivery, MessageKind, SealedReport};

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

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The database was written by a newer relay: its schema is unknown here. Run that relay
    /// (or a newer one); this one will not touch it.
    #[error(
        "the relay database has schema version {found}, newer than this relay knows ({supported}): \
         run the newer relay, or restore a backup made for this one"
    )]
    NewerSchema {
        /// The database's version.
        found: i64,
        /// The newest version this relay knows.
        supported: i64,
    },
    /// The address of the database is not one this store can use.
    #[error("the database address is not usable: {0}")]
    Address(String),
    /// The database could not be reached, or refused us (the reason, with its causes).
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// The database could not be reached or read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A Welcome waiting in an inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredWelcome {
    /// The sender's id for it (idempotency).
    pub id: Vec<u8>,
    /// The Welcome.
    pub welcome: Vec<u8>,
    /// When the relay took it, Unix seconds.
    pub received_at: u64,
}

/// A Welcome to leave in a device's inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWelcome {
    /// The sender's id for it (the same id again is a repeat).
    pub id: Vec<u8>,
    /// The Welcome.
    pub welcome: Vec<u8>,
}

/// One page of a device's inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WelcomePage {
    /// Oldest first.
    pub welcomes: Vec<StoredWelcome>,
    /// Whether more wait after these.
    pub more: bool,
}

/// A KeyPackage and its device's signature of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedKeyPackage {
    /// The KeyPackage.
    pub key_package: Vec<u8>,
    /// The device's signature of it.
    pub signature: Vec<u8>,
}

/// What KeyPackages a device has on file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPackageStock {
    /// One-time KeyPackages left (unexpired).
    pub available: u32,
    /// Whether a last resort is on file.
    pub has_last_resort: bool,
    /// Whether it was served since it was uploaded.
    pub last_resort_used: bool,
}

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

/// A sealed drop for an inbox.
#[derive(Clone, Debug)]
pub struct NewDrop {
    /// Client-chosen id; the same id again returns the first answer.
    pub client_id: Vec<u8>,
    /// The sealed bytes.
    pub drop: Vec<u8>,
    /// Unix seconds.
    pub now: u64,
    /// Drops the inbox takes in a day ([`crate::RelayConfig::drops_per_day`]).
    pub per_day_max: u32,
}

/// Where a drop landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropPlaced {
    /// Its place in the inbox, from 1.
    pub seq: u64,
    /// Whether the client id was seen before (this is the first answer again).
    pub duplicate: bool,
}

/// Why a drop was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropRefusal {
    /// No inbox has this id (never opened, closed, or swept).
    NoInbox,
    /// The inbox took its day's drops.
    QuotaExceeded,
}

/// One page of an inbox.
#[derive(Clone, Debug)]
pub struct DropPage {
    /// In sequence order.
    pub drops: Vec<hearth_protocol::InboxDrop>,
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
    /// Inbox drops older than the retention time, and inboxes their owner left that long.
    pub drops: u64,
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

/// A claim on an invite, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredClaim {
    /// The invitee's key-exchange message.
    pub message: Vec<u8>,
    /// The sealed claim.
    pub sealed: Vec<u8>,
    /// When it was claimed, Unix seconds.
    pub claimed_at: u64,
}

/// An invite's claim, as its owner asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimLookup {
    /// No such invite, or the owner token does not match (the same answer, so a guess
    /// learns nothing).
    NoInvite,
    /// Nobody claimed it yet.
    Unclaimed,
    /// Claimed.
    Claimed(StoredClaim),
}

/// An invite's answer, as its claimer asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerLookup {
    /// No such invite, or the claim token does not match.
    NoInvite,
    /// The owner has not answered yet.
    Unanswered,
    /// The sealed answer.
    Answered(Vec<u8>),
}

/// Where a report landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPosted {
    /// Its place in the mailbox's facilitator inbox (from 1, no gaps).
    pub seq: u64,
    /// Whether the client id was seen before (nothing was added).
    pub duplicate: bool,
}

/// The newest message of a mailbox (for nodes catching up on what others appended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The mailbox.
    pub mailbox_id: Vec<u8>,
    /// Its last sequence number (0: none yet).
    pub seq: u64,
}

/// What a store shared by several relay processes tells this one of the others' work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Nodes (this one among them) appended up to these positions.
    Appended {
        /// The mailboxes and their new heads.
        heads: Vec<Head>,
        /// How long after the sending node committed the notice arrived.
        lag: std::time::Duration,
    },
    /// Notices may have been missed (the listening connection was lost and is back): re-read
    /// the heads of every mailbox that has listeners.
    Resync,
}

/// A wake ticket to keep for a mailbox's epoch.
#[derive(Clone, Debug)]
pub struct NewTicket {
    /// The device's id for it (16 bytes), to replace or withdraw it.
    pub ticket_id: Vec<u8>,
    /// The epoch it is for (must be the current one).
    pub epoch: u64,
    /// Hash of that epoch's capability, as presented.
    pub capability_hash: Vec<u8>,
    /// The sealed ticket (opaque here).
    pub ticket: Vec<u8>,
    /// Unix seconds.
    pub now: u64,
    /// Tickets one mailbox's epoch holds at most ([`crate::RelayConfig::tickets_per_mailbox`]).
    pub max: u32,
}

/// A wake ticket as kept.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WakeTicket {
    /// The device's id for it.
    pub ticket_id: Vec<u8>,
    /// The sealed ticket.
    pub ticket: Vec<u8>,
}

/// Background work that should run once per period across all nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The retention sweep.
    Sweep,
}

impl Job {
    /// Its name in the store.
    pub fn name(self) -> &'static str {
        match self {
            Job::Sweep => "sweep",
        }
    }
}

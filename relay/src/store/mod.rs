//! Where the relay keeps its records, behind one trait, [`Store`], with two implementations:
//! [`SqliteStore`] (one file, the embedded default) and [`PostgresStore`] (several relay
//! nodes on one database). The handlers see only the trait.
//!
//! What is stored: device public keys, hashes of session tokens, KeyPackages, Welcomes in
//! device inboxes, mailboxes with their committer keys and capability hashes per epoch, and
//! the mailbox messages (opaque MLS bytes), and invites (a nameplate, the key-exchange
//! messages, token hashes and sealed blobs; no device identity). Never an IP address, and no
//! link between a device and a mailbox or an invite.
//!
//! # The contract every store keeps
//!
//! One conformance suite holds every store to this ([`conformance`], run by
//! `relay/tests/store_sqlite.rs` and `relay/tests/store_postgres.rs`).
//!
//! - **Atomic steps.** Every method is one transaction: it happens whole or not at all, and
//!   checks (capability, epoch, committer, quota) are made in the same transaction as the
//!   write they guard, whatever other relay nodes do at the same moment.
//! - **Order per mailbox.** Sequence numbers start at 1 and have no gaps. A message becomes
//!   visible only after every message before it is visible, so a reader that has `seq = n`
//!   can trust that `n + 1` is the next one it will ever see (clients check
//!   `seq == cursor + 1`). Appends to one mailbox are serialised (SQLite: one writer;
//!   PostgreSQL: a row lock on the mailbox's head row, held to the commit).
//! - **Idempotent posts.** A client id already in the mailbox gets the first answer back
//!   (`duplicate`), even after the epoch has moved on, and adds nothing.
//! - **Epochs and commit authority.** A message is taken only in the current epoch, with
//!   that epoch's capability; a commit only from a committer of the epoch. A commit moves the
//!   mailbox to the next epoch, records the next capability and, when given, the new
//!   committer set, in the same step. Of two commits for one epoch exactly one is taken.
//! - **Capabilities per epoch.** A capability opens exactly its epoch; old epochs' hashes
//!   are kept while their messages are (retention), so a member behind can catch up.
//! - **KeyPackages** are served at most once each (deleted in the claim's transaction); the
//!   last resort is served again, a few times a day. Claims are counted per claimer and per
//!   device, and each grants one Welcome.
//! - **Reports** are numbered per mailbox from 1 without gaps, from the mailbox's own
//!   counter, and are idempotent by client id.
//! - **Inboxes** belong to the key that opened them; drops are numbered per inbox from 1
//!   without gaps, idempotent by client id, and counted against a day's quota in the step
//!   that takes them.
//! - **Invites** are claimed once: the first claim holds, the same claim again holds, any
//!   other is refused; an answer is written once.
//! - **Retention** deletes what is older than asked and nothing newer; it never deletes the
//!   current epoch's capability. Run from several nodes, a sweep runs once per period
//!   ([`Store::claim_job`]).
//! - **Wake tickets** are kept per mailbox and epoch, under that epoch's capability, at most
//!   a set number per epoch; they lapse with their epoch (a message wakes only the tickets
//!   of its own epoch) and go with the mailbox when it is closed.
//! - **Closing** deletes a mailbox's messages, reports, capabilities and committers, and
//!   keeps a tombstone so the mailbox answers `closed` and cannot be opened again.
//! - **Errors are typed.** [`StoreError::Retryable`]: nothing was done and the same call may
//!   succeed shortly (busy, locked, serialisation failure, deadlock, connection lost).
//!   [`StoreError::Permanent`]: it will fail again as it is. No error text carries a payload.
//! - **Versioned schema.** A store records its schema version and applies the missing
//!   migrations when it opens; a database written by a newer relay is refused
//!   ([`OpenError::NewerSchema`]) rather than misread.

mod columns;
#[cfg(feature = "testing")]
pub mod conformance;
mod postgres;
mod records;
mod sqlite;

pub use postgres::{PostgresOptions, PostgresStore};
pub use records::*;
pub use sqlite::{SqliteStore, SCHEMA_VERSION as SQLITE_SCHEMA_VERSION};

use hearth_protocol::Delivery;
use std::future::Future;
use tokio::sync::mpsc;

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
    /// What KeyPackages the device has on file.
    fn key_package_count(
        &self,
        device_id: String,
        now: u64,
    ) -> impl Future<Output = StoreResult<KeyPackageStock>> + Send;

    /// Leaves `sender`'s Welcome in a device's inbox (idempotent by id), using up one of
    /// the sender's claims on that device; an inbox holds at most `inbox_max`.
    fn post_welcome(
        &self,
        sender: String,
        device_id: String,
        welcome: NewWelcome,
        now: u64,
        inbox_max: u32,
    ) -> impl Future<Output = StoreResult<WelcomePosted>> + Send;
    /// A page of a device's inbox, oldest first.
    fn welcomes(
        &self,
        device_id: String,
        limit: u32,
    ) -> impl Future<Output = StoreResult<WelcomePage>> + Send;
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
    ) -> impl Future<Output = StoreResult<Result<ReportPosted, AppendRefusal>>> + Send;
    /// The facilitator inbox after a position, for one of the mailbox's committers.
    fn fetch_reports(
        &self,
        mailbox_id: Vec<u8>,
        committer: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Result<ReportPage, AppendRefusal>>> + Send;

    /// Opens a drop inbox for `owner`: true when it is theirs (opened now, or before by the
    /// same key, which marks it used at `now`), false when another key owns the id.
    fn open_inbox(
        &self,
        inbox_id: Vec<u8>,
        owner: Vec<u8>,
        now: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The owner key of an open inbox.
    fn inbox_owner(
        &self,
        inbox_id: Vec<u8>,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;
    /// Leaves a drop after checking, atomically, the inbox and its day's quota; numbered per
    /// inbox from 1 without gaps; a repeated client id returns the first answer.
    fn leave_drop(
        &self,
        inbox_id: Vec<u8>,
        drop: NewDrop,
    ) -> impl Future<Output = StoreResult<Result<DropPlaced, DropRefusal>>> + Send;
    /// An inbox's drops after a position (none: no such inbox), for its owner (the caller
    /// checked the signature); marks the inbox used at `now`.
    fn fetch_drops(
        &self,
        inbox_id: Vec<u8>,
        after: u64,
        limit: u32,
        now: u64,
    ) -> impl Future<Output = StoreResult<Option<DropPage>>> + Send;
    /// Deletes an inbox and its drops; false when there was none.
    fn close_inbox(&self, inbox_id: Vec<u8>) -> impl Future<Output = StoreResult<bool>> + Send;

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
    /// The invite's claim, for its owner.
    fn invite_claim(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<ClaimLookup>> + Send;
    /// Leaves the sealed answer on a claimed invite; false when there is no such claimed
    /// invite of this owner.
    fn answer_invite(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
        sealed: Vec<u8>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The invite's answer, for its claimer.
    fn invite_answer(
        &self,
        nameplate: String,
        claim_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<AnswerLookup>> + Send;
    /// Deletes an invite for its owner (revocation) or its claimer (done); false when there
    /// is no such invite or the hash matches neither.
    fn delete_invite(
        &self,
        nameplate: String,
        token_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes invites that expired before `expired_before`; returns how many.
    fn sweep_invites(&self, expired_before: u64) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Deletes what retention says is old: messages, reports and inbox drops received before
    /// `messages_before` (and inboxes not used since), KeyPackages expired at `now`, stale
    /// sessions and challenges.
    fn sweep(
        &self,
        now: u64,
        messages_before: u64,
    ) -> impl Future<Output = StoreResult<Swept>> + Send;

    /// Keeps a wake ticket for the mailbox's current epoch, after checking, atomically, the
    /// capability and the epoch; the same ticket id again replaces it.
    fn put_ticket(
        &self,
        mailbox_id: Vec<u8>,
        ticket: NewTicket,
    ) -> impl Future<Output = StoreResult<Result<(), AppendRefusal>>> + Send;
    /// Withdraws a ticket, for a holder of the epoch's capability; true when there was one.
    fn delete_ticket(
        &self,
        mailbox_id: Vec<u8>,
        ticket_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> impl Future<Output = StoreResult<Result<bool, AppendRefusal>>> + Send;
    /// The tickets registered for one epoch of a mailbox (a message of that epoch wakes
    /// them; a member removed at its end holds none for the next).
    fn tickets(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
    ) -> impl Future<Output = StoreResult<Vec<WakeTicket>>> + Send;

    /// Claims the next run of `job` across every node sharing the store: true for exactly
    /// one caller per period of `every_secs` (the others skip it).
    fn claim_job(
        &self,
        job: Job,
        now: u64,
        every_secs: u64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// The last sequence number of each of these mailboxes that exists.
    fn heads(
        &self,
        mailbox_ids: Vec<Vec<u8>>,
    ) -> impl Future<Output = StoreResult<Vec<Head>>> + Send;
    /// A mailbox's messages after a sequence number, of any epoch, in order (for nodes
    /// forwarding what another node appended).
    fn deliveries_after(
        &self,
        mailbox_id: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<Delivery>>> + Send;
    /// Notices of appends made by other processes sharing the store, for the relay to
    /// forward to its live sockets; `None` for a store only this process writes. Taken once.
    fn notices(&self) -> Option<mpsc::Receiver<Notice>>;
    /// How often to re-read heads even without notices, in case one was lost; `None` when
    /// every append is made in this process.
    fn poll_every(&self) -> Option<std::time::Duration>;
    /// Where the store records how long its calls take.
    fn latency(&self) -> &crate::metrics::StoreLatency;
}

//! [`Client`]: the one way into Hearth's capabilities for a profile. The CLI, the bindings
//! and the shells all call these methods; none of them holds product logic of its own.
//!
//! A `Client` is `Send + Sync` and meant to live behind an `Arc`. Its methods take and return
//! owned values and fail with [`Error`].

mod breakouts;
mod circles;
mod clock;
mod data;
mod finding;
mod goals;
mod invites;
mod journal;
mod moderation;
mod programmes;
mod reports;
mod rules;
mod safety;
mod sessions;
mod surveys;
mod sync;
mod talks;
#[cfg(feature = "test-hooks")]
mod test_hooks;
#[cfg(feature = "test-hooks")]
pub use test_hooks::{HandedOver, InviteExchangeForTest};
mod wakes;

pub use circles::{KEY_PACKAGES_MAX, MESSAGES_PAGE_MAX};
pub use finding::TopicCount;
pub use journal::{EmotionVocabulary, TagUsage, SEARCH_LIMIT_MAX};
pub use sync::RelayAccount;

use std::path::Path;

use crate::error::{Error, Result};
use crate::events::{Event, EventHub, EventStream};
use crate::identity::{self, DeviceIdentity};
use crate::secret::{KdfParams, ProfileSecret};
use crate::store::{RekeyStep, Store};

/// How a profile is opened or created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileOptions {
    /// Argon2id costs for passphrase profiles and backups. At least [`KdfParams::MINIMUM`].
    pub kdf: KdfParams,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            kdf: KdfParams::DEFAULT,
        }
    }
}

/// One open profile.
pub struct Client {
    pub(crate) store: Store,
    options: ProfileOptions,
    pub(crate) events: EventHub,
    /// openmls's crypto and randomness (its RNG is seeded once per client) and the circles'
    /// groups loaded in memory.
    pub(crate) mls: crate::circles::Mls,
    /// Wakes sync when something is queued to send (a counter sync watches).
    wake: tokio::sync::watch::Sender<u64>,
    /// The locks every sync pass over this client shares.
    pub(crate) sync_locks: crate::sync::SyncLocks,
    clock: clock::Clock,
}

impl Client {
    /// Creates a profile in `dir` with a new device identity named `display_name`.
    /// Refuses ([`Error::ProfileExists`]) if a database is already there.
    pub fn create(
        dir: &Path,
        secret: &ProfileSecret,
        display_name: &str,
        options: ProfileOptions,
    ) -> Result<Client> {
        let name = identity::validate_display_name(display_name)?;
        options.kdf.validate()?;
        let store = Store::create(dir, secret, options.kdf)?;
        store.write(|tx| identity::ensure(tx, &name, clock::system_now_ms()))?;
        Ok(Client::new(store, options))
    }

    /// Opens an existing profile. A wrong secret gives [`Error::WrongKey`] and changes no file.
    pub fn open(dir: &Path, secret: &ProfileSecret, options: ProfileOptions) -> Result<Client> {
        options.kdf.validate()?;
        let store = Store::open(dir, secret)?;
        // An identity is made on first open; a crash during `create` may have left none.
        store.write(|tx| identity::ensure(tx, "Me", clock::system_now_ms()))?;
        Ok(Client::new(store, options))
    }

    /// An unencrypted profile, only for the benchmark that measures encryption's cost.
    #[cfg(feature = "bench-plaintext")]
    #[doc(hidden)]
    pub fn open_plaintext_for_benchmark(dir: &Path) -> Result<Client> {
        let store = Store::open_plaintext(dir)?;
        store.write(|tx| identity::ensure(tx, "Bench", clock::system_now_ms()))?;
        Ok(Client::new(store, ProfileOptions::default()))
    }

    fn new(store: Store, options: ProfileOptions) -> Client {
        let mls = crate::circles::Mls::default();
        Client {
            store: store.observed_by(mls.groups().clone()),
            options,
            events: EventHub::new(),
            mls,
            wake: tokio::sync::watch::Sender::new(0),
            sync_locks: Default::default(),
            clock: clock::Clock::default(),
        }
    }

    /// Hears every change made through this client from now on.
    pub fn subscribe(&self) -> EventStream {
        self.events.subscribe()
    }

    /// This device's identity.
    pub fn identity(&self) -> Result<DeviceIdentity> {
        self.store.read(identity::load)
    }

    /// Changes the display name.
    pub fn set_display_name(&self, name: &str) -> Result<DeviceIdentity> {
        let name = identity::validate_display_name(name)?;
        let identity = self.store.write(|tx| {
            identity::set_display_name(tx, &name)?;
            identity::load(tx)
        })?;
        self.events.publish(Event::IdentityChanged);
        Ok(identity)
    }

    /// Re-encrypts the profile under a new key or passphrase. A crash at any point leaves a
    /// profile that opens with the old secret or the new one. `progress` hears each step.
    pub fn rekey(
        &self,
        new_secret: &ProfileSecret,
        progress: &mut dyn FnMut(RekeyStep),
    ) -> Result<()> {
        self.store.rekey(new_secret, self.options.kdf, progress)?;
        self.events.publish(Event::Rekeyed);
        Ok(())
    }

    /// Closes the profile; every later call gets [`Error::Closed`].
    pub fn close(&self) {
        self.store.close();
        self.mls.groups().clear();
        self.events.publish(Event::Closed);
    }

    /// Deletes the profile: the database, its write-ahead log and shared memory, the key
    /// file, and the directory if nothing else is in it. The client is closed afterwards.
    /// This is the local part: with a relay, [`crate::sync::SyncEngine::delete_everything`] first
    /// leaves every circle and deletes the device's relay records, then calls this.
    pub fn delete_everything(&self) -> Result<()> {
        let deleted = self.store.delete_everything();
        self.mls.groups().clear();
        // Closed even when a file could not be removed: the client is unusable either way.
        self.events.publish(Event::Closed);
        deleted
    }
}

impl Client {
    /// Now on this phone's clock, in Unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// Checks a limit argument.
pub(crate) fn check_limit(limit: u32, max: u32) -> Result<u32> {
    if limit == 0 || limit > max {
        return Err(Error::invalid("limit", format!("from 1 to {max}")));
    }
    Ok(limit)
}

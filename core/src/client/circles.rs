//! Circles on the client: each call is one transaction holding the MLS state change and the
//! rows it produces. These are the steps sync drives (it posts each [`Outgoing`] and feeds
//! deliveries back); the CLI and tests may drive them directly.

use super::{now_ms, Client};
use crate::circles::group::{self, Created};
use crate::circles::{keys, profile, CircleMessage, CircleSummary, Outgoing, Processed};
use crate::error::{Error, Result};

/// Most KeyPackages made in one call.
pub const KEY_PACKAGES_MAX: u32 = 100;

impl Client {
    /// Makes `count` one-time KeyPackages (and a last-resort one if asked) to publish.
    pub fn new_key_packages(&self, count: u32, last_resort: bool) -> Result<Vec<Vec<u8>>> {
        let count = super::check_limit(count, KEY_PACKAGES_MAX)?;
        self.store.write(|tx| {
            let mut out = Vec::with_capacity(count as usize + 1);
            for _ in 0..count {
                out.push(keys::new_key_package(tx, &self.crypto, false, now_ms())?);
            }
            if last_resort {
                out.push(keys::new_key_package(tx, &self.crypto, true, now_ms())?);
            }
            Ok(out)
        })
    }

    /// Creates a circle with this device as its facilitator, under the device's display name.
    pub fn create_circle(
        &self,
        name: &str,
        description: &str,
        guidelines: &str,
    ) -> Result<Created> {
        let name = profile::validate_text(name, description, guidelines)?;
        self.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            group::create(
                tx,
                &self.crypto,
                &name,
                description,
                guidelines,
                &me.display_name,
                now_ms(),
            )
        })
    }

    /// Adds the member whose KeyPackage was claimed; post the returned commit, then call
    /// [`Client::commit_accepted`] (and send its Welcome) or [`Client::commit_refused`].
    pub fn add_member(&self, group_id: &[u8], key_package: &[u8]) -> Result<Outgoing> {
        self.store
            .write(|tx| group::add_member(tx, &self.crypto, group_id, key_package))
    }

    /// The relay accepted our pending commit at `relay_seq`: merge it. Returns the new epoch.
    pub fn commit_accepted(&self, group_id: &[u8], relay_seq: u64) -> Result<u64> {
        self.store.write(|tx| {
            group::posted(tx, group_id, relay_seq, None)?;
            group::confirm_commit(tx, &self.crypto, group_id, relay_seq, now_ms())
        })
    }

    /// The relay refused our pending commit: forget it (fetch, process, and try again).
    pub fn commit_refused(&self, group_id: &[u8]) -> Result<()> {
        self.store
            .write(|tx| group::discard_commit(tx, &self.crypto, group_id))
    }

    /// Joins a circle from a Welcome; returns its id and our introduction to post.
    pub fn join_circle(&self, welcome: &[u8]) -> Result<(Vec<u8>, Outgoing)> {
        self.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            group::join(tx, &self.crypto, welcome, &me.display_name, now_ms())
        })
    }

    /// Our introduction (display name) to post, e.g. after members were added.
    pub fn introduce(&self, group_id: &[u8]) -> Result<Outgoing> {
        self.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            group::intro(tx, &self.crypto, group_id, &me.display_name, now_ms())
        })
    }

    /// Sends a text message (1 to 10,000 characters); returns its id and what to post.
    pub fn send_text(
        &self,
        group_id: &[u8],
        body: &str,
        reply_to: Option<&str>,
    ) -> Result<(String, Outgoing)> {
        let len = body.chars().count();
        if body.trim().is_empty() || len > crate::circles::TEXT_MAX {
            return Err(Error::invalid(
                "body",
                format!("must be 1 to {} characters", crate::circles::TEXT_MAX),
            ));
        }
        self.store
            .write(|tx| group::send_text(tx, &self.crypto, group_id, body, reply_to, now_ms()))
    }

    /// Records the relay sequence number of one of our posts (and of our text message with
    /// `message_id`), so its echo from the relay is skipped.
    pub fn posted(&self, group_id: &[u8], relay_seq: u64, message_id: Option<&str>) -> Result<()> {
        self.store
            .write(|tx| group::posted(tx, group_id, relay_seq, message_id))
    }

    /// Processes one delivery from the relay (with its sequence number), exactly once.
    pub fn receive(&self, group_id: &[u8], relay_seq: u64, message: &[u8]) -> Result<Processed> {
        self.store
            .write(|tx| group::receive(tx, &self.crypto, group_id, relay_seq, message, now_ms()))
    }

    /// A circle as this device sees it.
    pub fn circle(&self, group_id: &[u8]) -> Result<CircleSummary> {
        self.store
            .read(|tx| group::summary(tx, &self.crypto, group_id))
    }

    /// Every circle this device belongs to.
    pub fn circles(&self) -> Result<Vec<CircleSummary>> {
        self.store.read(|tx| {
            let ids: Vec<Vec<u8>> = {
                let mut stmt = tx.prepare(
                    "SELECT group_id FROM circles WHERE state = 'active' ORDER BY joined_at_ms",
                )?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            ids.iter()
                .map(|id| group::summary(tx, &self.crypto, id))
                .collect()
        })
    }

    /// A circle's messages in the relay's order after relay position `after` (0 for all),
    /// then our own still waiting for the relay.
    pub fn circle_messages(
        &self,
        group_id: &[u8],
        after: u64,
        limit: u32,
    ) -> Result<Vec<CircleMessage>> {
        let limit = super::check_limit(limit, 500)?;
        self.store
            .read(|tx| crate::circles::messages::list(tx, group_id, after, limit))
    }

    /// The epoch authenticator all members share at the current epoch.
    pub fn epoch_authenticator(&self, group_id: &[u8]) -> Result<Vec<u8>> {
        self.store
            .read(|tx| group::epoch_authenticator(tx, &self.crypto, group_id))
    }

    /// The current epoch and its relay capability.
    pub fn circle_capability(&self, group_id: &[u8]) -> Result<(u64, Vec<u8>)> {
        self.store
            .read(|tx| group::current_capability(tx, &self.crypto, group_id))
    }
}

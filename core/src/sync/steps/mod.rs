//! The steps sync drives for one profile, each one transaction, so a crash between two
//! leaves nothing half-done; events follow each change. They are not the app's API (that is
//! [`Client`]): [`super::SyncEngine`] calls them over the network, and tests and benchmarks
//! that stand in for the relay call them directly.
//!
//! Here the device's own steps (registration, KeyPackages, Welcomes); `circle` a circle's
//! outbox and deliveries; `reports` the facilitator inbox.

mod circle;
mod reports;
mod wakes;

use rusqlite::params;

use crate::circles::membership;
use crate::circles::{keys, GroupId};
use crate::client::{Client, KEY_PACKAGES_MAX};
use crate::error::{Error, Result};
use crate::events::Event;

/// A KeyPackage and the device's signature of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedKeyPackage {
    /// The TLS-serialized KeyPackage.
    pub key_package: Vec<u8>,
    /// The device's Ed25519 signature of `key_package_signing_input`.
    pub signature: Vec<u8>,
}

/// The steps sync drives for one profile.
#[derive(Clone, Copy)]
pub struct SyncSteps<'a> {
    client: &'a Client,
}

impl<'a> SyncSteps<'a> {
    /// The steps for `client`'s profile.
    pub fn of(client: &'a Client) -> Self {
        SyncSteps { client }
    }

    /// Records the device id the relay gave this device.
    pub fn set_device_id(&self, device_id: &str) -> Result<()> {
        self.client.store.write(|tx| {
            let changed = tx.execute(
                "UPDATE relay_account SET device_id = ?1, registered_at_ms = ?2 WHERE id = 1",
                params![device_id, self.client.now_ms()],
            )?;
            if changed == 0 {
                return Err(Error::invalid("relay", "set a relay first"));
            }
            Ok(())
        })
    }

    /// Signs the relay's session challenge with the device key.
    pub fn sign_for_relay(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.client
            .store
            .read(|tx| crate::identity::sign(tx, message))
    }

    /// Makes `count` one-time KeyPackages (and a last-resort one, last, if asked) to
    /// publish, each signed by the device key (`key_package_signing_input`), so an adder can
    /// tell they are this device's.
    pub fn new_key_packages(&self, count: u32, last_resort: bool) -> Result<Vec<SignedKeyPackage>> {
        let count = crate::client::check_limit(count, KEY_PACKAGES_MAX)?;
        let mls = &self.client.mls;
        self.client.store.write(|tx| {
            let device_id = hearth_protocol::device_id_of(&crate::identity::load(tx)?.public_key);
            let mut out = Vec::with_capacity(count as usize + 1);
            for n in 0..=count {
                let is_last_resort = n == count;
                if is_last_resort && !last_resort {
                    break;
                }
                let key_package =
                    keys::new_key_package(tx, mls, is_last_resort, self.client.now_ms())?;
                let input = hearth_protocol::key_package_signing_input(&device_id, &key_package);
                let signature = crate::identity::sign(tx, &input)?;
                out.push(SignedKeyPackage {
                    key_package,
                    signature,
                });
            }
            Ok(out)
        })
    }

    /// Deletes what this device's KeyPackages leave behind once they have expired and no
    /// Welcome made with one can still arrive: the record, its private keys, and its signing
    /// key unless a circle still uses it. Sync runs it before topping KeyPackages up. Returns
    /// how many went.
    pub fn forget_expired_key_packages(&self) -> Result<usize> {
        self.client.store.write(|tx| {
            keys::forget_expired_key_packages(tx, &self.client.mls, self.client.now_ms())
        })
    }

    /// Takes a Welcome from the device's inbox: whoever sent it added this device by its
    /// id, so the circle waits as an invitation (`CircleState::Invited`) until the person
    /// accepts it ([`Client::accept_invitation`]); nothing is sent before. Returns its id.
    pub fn join_circle(&self, welcome: &[u8]) -> Result<GroupId> {
        let client = self.client;
        let id = client.store.write(|tx| {
            let me = crate::identity::load(tx)?;
            let how = membership::Joining::Invited;
            membership::join(
                tx,
                &client.mls,
                welcome,
                &me.display_name,
                how,
                self.client.now_ms(),
            )
        })?;
        client.circle_event(Event::CircleInvited {
            group_id: hex::encode(&id),
        });
        Ok(GroupId::from_bytes(id))
    }

    /// Circles sync looks after: those we are in (not invitations still waiting), and those
    /// we closed whose mailbox is still to be deleted.
    pub fn sync_circles(&self) -> Result<Vec<GroupId>> {
        self.client.store.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT group_id FROM circles WHERE state = ?1 AND stalled_at_ms IS NULL
                   AND invited_at_ms IS NULL
                   AND (closed_at_ms IS NULL OR mailbox_delete_pending = 1)
                 ORDER BY joined_at_ms",
            )?;
            let rows = stmt.query_map([crate::CircleState::Active], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

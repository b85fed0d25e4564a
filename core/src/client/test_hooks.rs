//! What tests need to play a misbehaving phone or let time pass, compiled only with the
//! `test-hooks` feature (never outside tests).

use super::{now_ms, Client};
use crate::circles::GroupId;
use crate::circles::{outbox, Payload};
use crate::error::{Error, Result};

impl Client {
    /// Tests only: queues a key-update commit although our role may not commit (a forged
    /// commit, as a misbehaving member's phone would make).
    #[doc(hidden)]
    pub fn forge_commit_for_test(&self, group_id: &GroupId) -> Result<()> {
        self.store.write(|tx| {
            crate::circles::commit::commit(
                tx,
                &self.mls,
                group_id,
                crate::circles::commit::Change {
                    self_update: true,
                    ignore_roles: true,
                    ..Default::default()
                },
                None,
                None,
                now_ms(),
            )
        })
    }

    /// Tests only: queues an application message with this JSON payload although our role,
    /// a timeout or the guidelines would stop it (what a misbehaving phone would send), so
    /// tests can check that every other phone refuses or drops it.
    #[doc(hidden)]
    pub fn send_unchecked_for_test(&self, group_id: &GroupId, payload_json: &str) -> Result<()> {
        let payload: Payload = serde_json::from_str(payload_json)
            .map_err(|_| Error::invalid("payload", "not a payload"))?;
        self.store.write(|tx| {
            outbox::queue_payload(tx, group_id, &payload, now_ms())?;
            // Not marked as a post, so nothing on this phone holds it back.
            tx.execute(
                "UPDATE circle_outbox SET is_post = 0 WHERE id = ?1",
                [tx.last_insert_rowid()],
            )?;
            Ok(())
        })?;
        self.sync_wanted();
        Ok(())
    }

    /// Tests only: moves every stored message of a circle `seconds` into the past on this
    /// phone, as if that long had passed since it arrived.
    #[doc(hidden)]
    pub fn age_messages_for_test(&self, group_id: &GroupId, seconds: u64) -> Result<()> {
        self.store.write(|tx| {
            tx.execute(
                "UPDATE circle_messages SET received_at_ms = received_at_ms - ?2 WHERE group_id = ?1",
                rusqlite::params![group_id, (seconds as i64) * 1000],
            )?;
            Ok(())
        })
    }

    /// Tests only: every text and blob value in every table of the decrypted profile,
    /// concatenated, so a test can show that something left no trace on a phone.
    #[doc(hidden)]
    pub fn decrypted_dump_for_test(&self) -> Result<Vec<u8>> {
        self.store.read(|tx| {
            let tables: Vec<String> = tx
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::new();
            for table in tables {
                let mut stmt = tx.prepare(&format!("SELECT * FROM \"{table}\""))?;
                let columns = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..columns {
                        match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Text(t)
                            | rusqlite::types::ValueRef::Blob(t) => {
                                out.extend_from_slice(t);
                                out.push(0);
                            }
                            _ => {}
                        }
                    }
                }
            }
            Ok(out)
        })
    }

    /// Tests only: moves a code's expiry on this phone `seconds` into the past, as if that
    /// much time had gone by (the relay's own expiry is not touched).
    #[doc(hidden)]
    pub fn age_invite_for_test(&self, nameplate: &str, seconds: u64) -> Result<()> {
        self.store.write(|tx| {
            tx.execute(
                "UPDATE circle_invites SET expires_at = ?2 WHERE nameplate = ?1",
                rusqlite::params![nameplate, (now_ms() / 1000) - seconds as i64],
            )?;
            Ok(())
        })
    }
}

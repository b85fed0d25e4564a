//! What tests need to play a misbehaving phone or let time pass, compiled only with the
//! `test-hooks` feature (never outside tests).

use super::Client;
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
                self.now_ms(),
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
            outbox::queue_payload(tx, group_id, &payload, self.now_ms())?;
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

    /// Tests only: sets this phone's clock `seconds` ahead of the system's (behind when
    /// negative), as a person who set their phone's clock wrong would.
    #[doc(hidden)]
    pub fn set_clock_skew_for_test(&self, seconds: i64) {
        self.clock.set_skew_ms(seconds.saturating_mul(1000));
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

    /// Tests only: moves every join this phone knows of in a circle (its own and the other
    /// members') `seconds` into the past, as if they had all been there that much longer.
    #[doc(hidden)]
    pub fn age_membership_for_test(&self, group_id: &GroupId, seconds: u64) -> Result<()> {
        self.store.write(|tx| {
            tx.execute(
                "UPDATE circle_member_since SET joined_at_s = joined_at_s - ?2 WHERE group_id = ?1",
                rusqlite::params![group_id, seconds as i64],
            )?;
            tx.execute(
                "UPDATE circles SET joined_at_ms = joined_at_ms - ?2 WHERE group_id = ?1",
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
                rusqlite::params![nameplate, (self.now_ms() / 1000) - seconds as i64],
            )?;
            Ok(())
        })
    }
}

/// One post handed from a phone to another by [`Client::hand_over_for_test`]: its bytes,
/// the position it was taken at, and what the receiving phone made of it.
#[doc(hidden)]
#[derive(Debug)]
pub struct HandedOver {
    /// The MLS message.
    pub message: Vec<u8>,
    /// Its position in the mailbox.
    pub seq: u64,
    /// What the receiving phone made of it.
    pub processed: Result<crate::circles::Processed>,
}

impl Client {
    /// Tests only: this phone's waiting posts to a circle go to `to`'s phone as the relay
    /// would hand them over, each at `to`'s next mailbox position, with the relay's clock
    /// `relay_behind_s` seconds behind `to`'s; each counts as taken there. Returns every
    /// post with what `to` made of it. A post other than a message is an error.
    #[doc(hidden)]
    pub fn hand_over_for_test(
        &self,
        group_id: &GroupId,
        to: &Client,
        relay_behind_s: u64,
    ) -> Result<Vec<HandedOver>> {
        let ours = crate::sync::SyncSteps::of(self);
        let theirs = crate::sync::SyncSteps::of(to);
        let mut handed = Vec::new();
        while let crate::circles::Next::Post(item) = ours.next_post(group_id)? {
            let crate::circles::Post::Message(m) = item.post else {
                return Err(Error::Internal("only messages are handed over"));
            };
            let seq = theirs.circle_cursor(group_id)? + 1;
            let received_at = u64::try_from(to.now_ms() / 1000)
                .unwrap_or(0)
                .saturating_sub(relay_behind_s);
            let processed = theirs.receive_at(group_id, seq, received_at, m.message.as_slice());
            ours.post_accepted(group_id, item.id, seq)?;
            handed.push(HandedOver {
                message: m.message.0,
                seq,
                processed,
            });
        }
        Ok(handed)
    }
}

/// The three messages of one invite exchange, as they crossed the relay: the facilitator's
/// half of the key exchange (the offer), the invitee's claim, and the facilitator's sealed
/// answer.
#[doc(hidden)]
pub struct InviteExchangeForTest {
    /// The code's nameplate.
    pub nameplate: String,
    /// The facilitator's key-exchange message.
    pub offer: Vec<u8>,
    /// The invitee's claim.
    pub claim: hearth_protocol::Claimed,
    /// The facilitator's sealed answer.
    pub answer: Vec<u8>,
}

impl Client {
    /// Tests only: a fresh code for `group_id`, open as if the relay had published it;
    /// returns the code and the facilitator's key-exchange message the relay would hold.
    #[doc(hidden)]
    pub fn open_invite_for_test(&self, group_id: &GroupId) -> Result<(String, Vec<u8>)> {
        use crate::invites::facilitator::InviteWork;
        let invite = self.create_invite(
            group_id,
            &crate::invites::InviteOptions {
                lifetime: std::time::Duration::from_secs(86_400),
                auto_admit: true,
                label: String::new(),
            },
        )?;
        let offer = self
            .invite_work()?
            .into_iter()
            .find_map(|w| match w {
                InviteWork::Publish {
                    nameplate, request, ..
                } if nameplate == invite.nameplate => Some(request.message.0),
                _ => None,
            })
            .ok_or(Error::Internal("a new code waits to be published"))?;
        self.invite_published(&invite.nameplate)?;
        let code = invite.code.ok_or(Error::Internal("a new code is shown"))?;
        Ok((code, offer))
    }

    /// Tests only: the facilitator's side takes a claim as sync would hand it over.
    #[doc(hidden)]
    pub fn claim_for_test(&self, nameplate: &str, claim: &hearth_protocol::Claimed) -> Result<()> {
        self.invite_claimed(nameplate, claim)
    }

    /// Tests only: the invitee's side takes the facilitator's key-exchange message.
    #[doc(hidden)]
    pub fn offer_for_test(&self, nameplate: &str, message: &[u8]) -> Result<()> {
        self.join_offer(nameplate, message)
    }

    /// Tests only: the invitee's side, its claim posted, takes the facilitator's answer.
    #[doc(hidden)]
    pub fn answer_for_test(&self, nameplate: &str, sealed: &[u8]) -> Result<()> {
        self.join_claimed(nameplate)?;
        self.join_answered(nameplate, sealed)
    }

    /// Tests only: one whole invite exchange between this facilitator's phone and
    /// `invitee`'s, without a relay, returning what crossed it. The invitee is admitted.
    #[doc(hidden)]
    pub fn invite_exchange_for_test(
        &self,
        invitee: &Client,
        group_id: &GroupId,
    ) -> Result<InviteExchangeForTest> {
        use crate::invites::facilitator::InviteWork;
        use crate::invites::invitee::JoinWork;
        let (code, offer) = self.open_invite_for_test(group_id)?;
        let nameplate = crate::invites::InviteCode::parse(&code)?.nameplate();
        invitee.join_with_code(&code, "Sam")?;
        invitee.join_offer(&nameplate, &offer)?;
        let claim = invitee
            .join_work()?
            .into_iter()
            .find_map(|w| match w {
                JoinWork::Claim { request, .. } => Some(hearth_protocol::Claimed {
                    message: request.message,
                    sealed: request.sealed,
                    claimed_at: (self.now_ms() / 1000) as u64,
                }),
                _ => None,
            })
            .ok_or(Error::Internal("the invitee has a claim to send"))?;
        self.invite_claimed(&nameplate, &claim)?;
        // The admission: the circle's posts go out as if the relay took each in turn.
        let steps = crate::sync::SyncSteps::of(self);
        let mut seq = steps.circle_cursor(group_id)?;
        for _ in 0..16 {
            let crate::circles::Next::Post(item) = steps.next_post(group_id)? else {
                break;
            };
            let at = match item.post {
                crate::circles::Post::Message(_) => {
                    seq += 1;
                    seq
                }
                _ => 0,
            };
            steps.post_accepted(group_id, item.id, at)?;
        }
        let answer = self
            .invite_work()?
            .into_iter()
            .find_map(|w| match w {
                InviteWork::Answer { request, .. } => Some(request.sealed.0),
                _ => None,
            })
            .ok_or(Error::Internal("the facilitator has an answer to post"))?;
        Ok(InviteExchangeForTest {
            nameplate,
            offer,
            claim,
            answer,
        })
    }
}

//! The relay's part for phones in one process, in memory: one mailbox's ordered log and the
//! Welcomes it carried. Shared by the circle tests and the circles benchmark (which includes
//! this file by path), so both drive the outbox the way sync does.
#![allow(dead_code, clippy::unwrap_used)]

use hearth_core::circles::{Next, Post};
use hearth_core::sync::SignedKeyPackage;
use hearth_core::sync::SyncSteps;
use hearth_core::GroupId;
use hearth_core::{Client, Processed};
use hearth_protocol::{Bytes, ClaimedKeyPackage};

#[derive(Default)]
pub struct Loopback {
    /// The mailbox's messages in relay order (sequence number = index + 1).
    pub log: Vec<Vec<u8>>,
    /// Welcomes posted, with the device each was for.
    pub welcomes: Vec<(String, Vec<u8>)>,
}

impl Loopback {
    /// Posts everything `client` has waiting for `group`, in order; KeyPackages come from
    /// `claim` (given the device id), as the relay hands them out.
    pub fn drain(
        &mut self,
        client: &Client,
        group: &GroupId,
        claim: &mut dyn FnMut(&str) -> ClaimedKeyPackage,
    ) {
        loop {
            match SyncSteps::of(client).next_post(group).unwrap() {
                Next::Post(item) => {
                    let seq = match item.post {
                        Post::OpenMailbox(_) | Post::CloseMailbox(_) => 0,
                        Post::Message(m) => self.post(m.message.0),
                        Post::Welcome { device_id, body } => {
                            self.welcomes.push((device_id, body.welcome.0));
                            0
                        }
                    };
                    SyncSteps::of(client)
                        .post_accepted(group, item.id, seq)
                        .unwrap();
                }
                Next::ClaimKeyPackage {
                    intent_id,
                    device_id,
                } => SyncSteps::of(client)
                    .key_package_claimed(group, intent_id, &device_id, &claim(&device_id))
                    .unwrap(),
                Next::Idle => return,
            }
        }
    }

    /// A member and a committer each send three messages and read each other's: the first
    /// send of each also proposes a key update, which the committer commits, so afterwards
    /// a message is just a message.
    pub fn settle(&mut self, member: &Client, committer: &Client, group: &GroupId) {
        for _ in 0..3 {
            member.send_text(group, "hello", None).unwrap();
            committer.send_text(group, "hello", None).unwrap();
            self.drain(member, group, &mut |_| unreachable!());
            self.deliver(committer, group);
            self.drain(committer, group, &mut |_| unreachable!());
            self.deliver(member, group);
        }
    }

    /// Posts `client`'s next item, which must be a mailbox message, and reports it accepted,
    /// as sync would; returns its sequence number.
    pub fn post_next(&mut self, client: &Client, group: &GroupId) -> u64 {
        let Next::Post(item) = SyncSteps::of(client).next_post(group).unwrap() else {
            panic!("nothing to post")
        };
        let Post::Message(m) = item.post else {
            panic!("not a mailbox message")
        };
        let seq = self.post(m.message.0);
        SyncSteps::of(client)
            .post_accepted(group, item.id, seq)
            .unwrap();
        seq
    }

    /// Appends one message; returns its sequence number.
    pub fn post(&mut self, message: Vec<u8>) -> u64 {
        self.log.push(message);
        self.log.len() as u64
    }

    /// Delivers to `client` everything after its cursor; returns what each delivery did.
    pub fn deliver(&self, client: &Client, group: &GroupId) -> Vec<Processed> {
        let cursor = SyncSteps::of(client).circle_cursor(group).unwrap() as usize;
        (cursor..self.log.len())
            .map(|i| {
                SyncSteps::of(client)
                    .receive(group, i as u64 + 1, &self.log[i])
                    .unwrap()
            })
            .collect()
    }
}

/// `client`'s device id: what a facilitator adds it by.
pub fn device_id(client: &Client) -> String {
    hearth_protocol::device_id_of(&client.identity().unwrap().public_key)
}

/// One of `client`'s signed KeyPackages as the relay hands it to an adder.
pub fn claimed(client: &Client, signed: SignedKeyPackage) -> ClaimedKeyPackage {
    ClaimedKeyPackage {
        key_package: Bytes(signed.key_package),
        signature: Bytes(signed.signature),
        device_key: Bytes(client.identity().unwrap().public_key),
        last_resort: false,
    }
}

/// A new one-time KeyPackage of `client`'s, as the relay hands it to an adder.
pub fn fresh_claim(client: &Client) -> ClaimedKeyPackage {
    let signed = SyncSteps::of(client)
        .new_key_packages(1, false)
        .unwrap()
        .remove(0);
    claimed(client, signed)
}

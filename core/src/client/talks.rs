//! One-to-one talks on the client: asking a member of a circle for a private talk, answering,
//! ending, blocking. The letters, the two-person circle and the blocks live in
//! `crate::talks`.

use super::Client;
use crate::circles::intents::Intent;
use crate::circles::{GroupId, Role};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::talks::{self, BlockedPerson, Talk, TalkId};

impl Client {
    /// Asks the member with per-circle key `member` of `circle` for a one-to-one talk, with
    /// an optional note (up to 500 characters); returns the talk's id (the request already
    /// waiting, when we asked them before). Facilitators and co-facilitators can always be
    /// asked and can always ask; members ask members only where the circle allows it. The
    /// request goes with the next sync, sealed so only they can read it.
    pub fn ask_to_talk(&self, circle: &GroupId, member: &[u8], note: &str) -> Result<TalkId> {
        let id = self
            .store
            .write(|tx| talks::ask(tx, &self.mls, circle, member, note, self.now_ms()))?;
        self.talks_changed();
        Ok(id)
    }

    /// Takes back a request of ours that has not been answered.
    pub fn withdraw_talk_request(&self, id: &TalkId) -> Result<()> {
        self.store
            .write(|tx| talks::withdraw(tx, &self.mls, id, self.now_ms()))?;
        self.talks_changed();
        Ok(())
    }

    /// Accepts a request: the two-person circle is made now (both of us facilitators, so
    /// either can end it) and the asker joins once sync has sent them its Welcome. Returns
    /// the new circle's id.
    pub fn accept_talk(&self, id: &TalkId) -> Result<GroupId> {
        let group_id = self
            .store
            .write(|tx| talks::accept(tx, &self.mls, id, self.now_ms()))?;
        self.circle_event(Event::CircleJoined {
            group_id: hex::encode(&group_id),
        });
        self.talks_changed();
        Ok(GroupId::from_bytes(group_id))
    }

    /// Declines a request; the asker's phone shows it kindly.
    pub fn decline_talk(&self, id: &TalkId) -> Result<()> {
        self.store
            .write(|tx| talks::decline(tx, &self.mls, id, self.now_ms()))?;
        self.talks_changed();
        Ok(())
    }

    /// Ends a one-to-one talk (either person may): both phones show it ended, and the
    /// relay deletes its mailbox.
    pub fn end_talk(&self, talk_circle: &GroupId) -> Result<()> {
        if self.circle(talk_circle)?.talk_with.is_none() {
            return Err(Error::invalid("circle", "not a one-to-one talk"));
        }
        self.queue_change(talk_circle, Intent::Close, Role::Facilitator)?;
        self.store
            .write(|tx| talks::ended_here(tx, talk_circle, self.now_ms()))?;
        self.talks_changed();
        Ok(())
    }

    /// Blocks the other person of a talk (asked, open or over): they cannot ask for a talk
    /// again from any circle we share, an open talk with them ends, and nobody is told.
    pub fn block_talker(&self, id: &TalkId) -> Result<()> {
        let open = self.store.write(|tx| talks::block(tx, id, self.now_ms()))?;
        if let Some(group_id) = open {
            self.end_talk(&GroupId::from_bytes(group_id))?;
        }
        self.talks_changed();
        Ok(())
    }

    /// Lets someone we blocked ask again (by the key [`Client::blocked_talkers`] gives).
    pub fn unblock_talker(&self, key: &[u8]) -> Result<()> {
        if !self.store.write(|tx| talks::unblock(tx, key))? {
            return Err(Error::NotFound {
                what: "blocked person",
            });
        }
        self.talks_changed();
        Ok(())
    }

    /// The people we blocked from asking for talks, most recent first.
    pub fn blocked_talkers(&self) -> Result<Vec<BlockedPerson>> {
        self.store.read(talks::blocked)
    }

    /// Every talk this phone knows (asked, open, answered, ended), newest first; with
    /// `circle`, those asked for in that circle only.
    pub fn talks(&self, circle: Option<&GroupId>) -> Result<Vec<Talk>> {
        let origin = circle.map(|c| c.as_bytes());
        self.store.read(|tx| {
            talks::list(tx, origin, |group_id| {
                crate::circles::group::open_profile(tx, &self.mls, group_id)
                    .map(|(profile, _)| profile.name)
                    .unwrap_or_default()
            })
        })
    }

    /// Lets members of a circle ask each other for one-to-one talks, or only its
    /// facilitators (the default; facilitators only).
    pub fn set_members_may_talk(&self, circle: &GroupId, allowed: bool) -> Result<()> {
        self.queue_change(
            circle,
            Intent::MembersMayTalk { allowed },
            Role::Facilitator,
        )
    }

    fn talks_changed(&self) {
        self.circle_event(Event::TalksChanged);
        self.sync_wanted();
    }
}

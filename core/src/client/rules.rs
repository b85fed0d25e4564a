//! A circle's own rules on the client: a facilitator sets them (a profile change every
//! phone agrees on); facilitators and co-facilitators look through the posts they flagged.
//! Judging posts happens where posts are sent and received (`circles::rules`).

use super::Client;
use crate::circles::intents::Intent;
use crate::circles::{group, messages, rules, CircleMessage, CircleRule, GroupId, MessageId, Role};
use crate::error::{Error, Result};
use crate::events::Event;

impl Client {
    /// Replaces the circle's rules with `rules` (none turns them off); facilitators. They
    /// apply to posts the relay orders after the change; the typed error names the first
    /// thing wrong with a rule.
    pub fn set_circle_rules(&self, group_id: &GroupId, rules: Vec<CircleRule>) -> Result<()> {
        let rules = rules::validated(rules)?;
        self.queue_change(group_id, Intent::Rules { rules }, Role::Facilitator)
    }

    /// The circle's rules as its profile holds them now (every member may read them).
    pub fn circle_rules(&self, group_id: &GroupId) -> Result<Vec<CircleRule>> {
        self.store
            .read(|tx| Ok(group::open_profile(tx, &self.mls, group_id)?.0.rules))
    }

    /// The posts that broke one of the rules and wait for a look, newest first
    /// (facilitators and co-facilitators).
    pub fn flagged_posts(&self, group_id: &GroupId) -> Result<Vec<CircleMessage>> {
        self.require_moderator(group_id, None)?;
        self.store.read(|tx| messages::flagged(tx, group_id))
    }

    /// Takes a flagged post off the list on this phone, after a look (the post and its mark
    /// stay; facilitators and co-facilitators).
    pub fn dismiss_flag(&self, group_id: &GroupId, message_id: &MessageId) -> Result<()> {
        self.require_moderator(group_id, None)?;
        if !self
            .store
            .write(|tx| rules::store::dismiss(tx, group_id, message_id))?
        {
            return Err(Error::NotFound {
                what: "flagged post",
            });
        }
        self.message_updated(group_id, message_id);
        self.circle_event(Event::CircleChanged {
            group_id: hex::encode(group_id),
        });
        Ok(())
    }
}

//! Breakout groups on the client: a facilitator starts and ends them; everyone in one reads
//! and posts there until time is up, when every phone deletes it ([`crate::breakouts`]).

use super::Client;
use crate::breakouts::{self, Breakout, BreakoutMessage, BreakoutPlan};
use crate::circles::GroupId;
use crate::error::Result;
use crate::events::Event;

impl Client {
    fn breakouts_changed(&self, group_id: &[u8]) {
        self.circle_event(Event::BreakoutsChanged {
            group_id: hex::encode(group_id),
        });
    }

    /// Splits a circle into breakout groups for `minutes` (facilitators and co-facilitators):
    /// at random into groups of about a size, or by hand. Each member's phone learns only its
    /// own group; facilitators' phones learn every group. Returns the groups.
    pub fn start_breakouts(
        &self,
        group_id: &GroupId,
        plan: &BreakoutPlan,
        minutes: u32,
    ) -> Result<Vec<Breakout>> {
        let groups = self
            .store
            .write(|tx| breakouts::start(tx, &self.mls, group_id, plan, minutes, self.now_ms()))?;
        self.breakouts_changed(group_id);
        self.sync_wanted();
        Ok(groups)
    }

    /// Ends a circle's breakout groups now, on every phone.
    pub fn end_breakouts(&self, group_id: &GroupId) -> Result<()> {
        self.store
            .write(|tx| breakouts::end(tx, &self.mls, group_id, self.now_ms()))?;
        self.breakouts_changed(group_id);
        self.sync_wanted();
        Ok(())
    }

    /// The breakout groups of a circle this phone holds (ours first), deleting any whose time
    /// is up.
    pub fn breakouts(&self, group_id: &GroupId) -> Result<Vec<Breakout>> {
        self.expire_breakouts()?;
        self.store
            .read(|tx| breakouts::list(tx, group_id, self.now_ms()))
    }

    /// The posts in a running group, oldest first.
    pub fn breakout_messages(
        &self,
        group_id: &GroupId,
        breakout: &str,
    ) -> Result<Vec<BreakoutMessage>> {
        self.expire_breakouts()?;
        self.store
            .read(|tx| breakouts::messages(tx, group_id, breakout, self.now_ms()))
    }

    /// Posts in a running group whose key this phone holds.
    pub fn post_in_breakout(
        &self,
        group_id: &GroupId,
        breakout: &str,
        body: &str,
    ) -> Result<BreakoutMessage> {
        let message = self
            .store
            .write(|tx| breakouts::post(tx, &self.mls, group_id, breakout, body, self.now_ms()))?;
        self.breakouts_changed(group_id);
        self.sync_wanted();
        Ok(message)
    }

    /// Deletes every breakout group whose time is up, with its posts (sync calls this on each
    /// pass; reading them does too).
    pub(crate) fn expire_breakouts(&self) -> Result<()> {
        let swept = self.store.write(|tx| breakouts::sweep(tx, self.now_ms()))?;
        for group_id in swept {
            self.breakouts_changed(&group_id);
        }
        Ok(())
    }
}

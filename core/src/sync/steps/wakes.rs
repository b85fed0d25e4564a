//! Wake tickets as sync leaves and withdraws them (see [`crate::circles::wakes`]).

use super::SyncSteps;
use crate::circles::views;
use crate::circles::wakes::{self, TicketStep};
use crate::circles::GroupId;
use crate::error::Result;

impl SyncSteps<'_> {
    /// What to do about a circle's wake ticket now.
    pub fn wake_ticket_step(&self, group_id: &GroupId) -> Result<TicketStep> {
        self.client.store.write(|tx| {
            let position = views::position(tx, &self.client.mls, group_id)?;
            if !position.active {
                return Ok(TicketStep::Nothing);
            }
            wakes::next_step(tx, group_id, position.epoch, &position.capability)
        })
    }

    /// The relay took the circle's ticket for `epoch`.
    pub fn wake_ticket_left(&self, group_id: &GroupId, ticket_id: &[u8], epoch: u64) -> Result<()> {
        self.client
            .store
            .write(|tx| wakes::ticket_left(tx, group_id, ticket_id, epoch))
    }

    /// The relay no longer holds the circle's ticket.
    pub fn wake_ticket_withdrawn(&self, group_id: &GroupId) -> Result<()> {
        self.client
            .store
            .write(|tx| wakes::ticket_withdrawn(tx, group_id))
    }
}

//! Breakout groups across the FFI: a facilitator splits a circle into small groups for a set
//! time; each member's phone holds only its own group and every phone deletes them when time
//! is up. `BreakoutsChanged` says when to reload.

use hearth_core::breakouts as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;

/// Someone in a breakout group.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BreakoutMember {
    /// Their per-circle key (hex).
    pub key: String,
    /// Their name in the circle.
    pub name: String,
}

/// A breakout group this phone holds.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Breakout {
    /// Its id.
    pub id: String,
    /// Its name ("Group 1").
    pub name: String,
    /// Who is in it.
    pub members: Vec<BreakoutMember>,
    /// When time is up (Unix ms, the relay's clock).
    pub ends_at_ms: i64,
    /// Whether we are in it (facilitators hold every group).
    pub mine: bool,
}

impl From<core::Breakout> for Breakout {
    fn from(b: core::Breakout) -> Self {
        Breakout {
            id: b.id,
            name: b.name,
            members: b
                .members
                .into_iter()
                .map(|m| BreakoutMember {
                    key: m.key,
                    name: m.name,
                })
                .collect(),
            ends_at_ms: b.ends_at_ms,
            mine: b.mine,
        }
    }
}

/// A post in a breakout group.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BreakoutMessage {
    /// Its id.
    pub id: String,
    /// Who sent it.
    pub sender_name: String,
    /// Whether we sent it.
    pub is_mine: bool,
    /// The text.
    pub body: String,
    /// When it was written (Unix ms, the sender's clock).
    pub sent_at_ms: i64,
}

impl From<core::BreakoutMessage> for BreakoutMessage {
    fn from(m: core::BreakoutMessage) -> Self {
        BreakoutMessage {
            id: m.id,
            sender_name: m.sender_name,
            is_mine: m.is_mine,
            body: m.body,
            sent_at_ms: m.sent_at_ms,
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Splits a circle at random into groups of about `size` (2 to 5) people for `minutes`
    /// (facilitators and co-facilitators).
    pub async fn start_breakouts_at_random(
        &self,
        circle_id: String,
        size: u32,
        minutes: u32,
    ) -> Result<Vec<Breakout>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let plan = core::BreakoutPlan::Random { size };
        let groups = self
            .call(move |c| c.start_breakouts(&id, &plan, minutes))
            .await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// Splits a circle by hand (each group's members by per-circle key, hex) for `minutes`.
    pub async fn start_breakouts_by_hand(
        &self,
        circle_id: String,
        groups: Vec<Vec<String>>,
        minutes: u32,
    ) -> Result<Vec<Breakout>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let groups = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|k| crate::circles::bytes("member_key", k))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let plan = core::BreakoutPlan::ByHand { groups };
        let made = self
            .call(move |c| c.start_breakouts(&id, &plan, minutes))
            .await?;
        Ok(made.into_iter().map(Into::into).collect())
    }

    /// Ends a circle's breakout groups now, on every phone.
    pub async fn end_breakouts(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.end_breakouts(&id)).await
    }

    /// The breakout groups of a circle this phone holds (its own first).
    pub async fn breakouts(&self, circle_id: String) -> Result<Vec<Breakout>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let groups = self.call(move |c| c.breakouts(&id)).await?;
        Ok(groups.into_iter().map(Into::into).collect())
    }

    /// The posts in a running group, oldest first.
    pub async fn breakout_messages(
        &self,
        circle_id: String,
        breakout_id: String,
    ) -> Result<Vec<BreakoutMessage>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let messages = self
            .call(move |c| c.breakout_messages(&id, &breakout_id))
            .await?;
        Ok(messages.into_iter().map(Into::into).collect())
    }

    /// Posts in a running group.
    pub async fn post_in_breakout(
        &self,
        circle_id: String,
        breakout_id: String,
        body: String,
    ) -> Result<BreakoutMessage, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message = self
            .call(move |c| c.post_in_breakout(&id, &breakout_id, &body))
            .await?;
        Ok(message.into())
    }
}

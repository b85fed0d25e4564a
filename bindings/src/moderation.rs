//! Guidelines and moderation across the FFI: accepting a circle's guidelines, the
//! facilitators' tools (remove for everyone, pin, pause a member, hand over, close) and local
//! mutes. Each is checked against our role by the core, and again by every member's phone.

use crate::circles::{bytes, circle_id, CircleMessage, Role};
use crate::client::HearthClient;
use crate::error::HearthError;

#[uniffi::export]
impl HearthClient {
    /// Accepts the circle's guidelines at `version` (the one shown). Posting waits for it;
    /// refused with `InvalidInput { field: "version" }` if they changed meanwhile.
    pub async fn accept_guidelines(
        &self,
        circle_id: String,
        version: u32,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.accept_guidelines(&id, version)).await
    }

    /// Removes a message for everyone (facilitators and co-facilitators); a tombstone stays.
    pub async fn remove_message_for_everyone(
        &self,
        circle_id: String,
        message_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.remove_message_for_everyone(&id, &message_id))
            .await
    }

    /// Pins a message for everyone, or unpins it (facilitators and co-facilitators).
    pub async fn pin_message(
        &self,
        circle_id: String,
        message_id: String,
        pinned: bool,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.pin_message(&id, &message_id, pinned))
            .await
    }

    /// The pinned messages, most recently pinned first.
    pub async fn pinned_messages(
        &self,
        circle_id: String,
    ) -> Result<Vec<CircleMessage>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let pinned = self.call(move |c| c.pinned_messages(&id)).await?;
        Ok(pinned.into_iter().map(Into::into).collect())
    }

    /// Pauses a member's posting for `seconds` (at most 30 days) with an optional reason
    /// their phone shows; 0 ends a pause early. Judged by the relay's order on every phone.
    pub async fn time_out_member(
        &self,
        circle_id: String,
        member_key: String,
        seconds: u64,
        reason: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let key = bytes("member_key", &member_key)?;
        self.call(move |c| c.time_out_member(&id, &key, seconds, &reason))
            .await
    }

    /// Mutes (or unmutes) a member on this phone only.
    pub async fn mute_member(
        &self,
        circle_id: String,
        member_key: String,
        muted: bool,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let key = bytes("member_key", &member_key)?;
        self.call(move |c| c.mute_member(&id, &key, muted)).await
    }

    /// Hands the facilitator role to another member (facilitators only); we stay on as
    /// `stay` (co-facilitator or member). The last facilitator leaves only after this.
    pub async fn hand_over_circle(
        &self,
        circle_id: String,
        member_key: String,
        stay: Role,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let key = bytes("member_key", &member_key)?;
        self.call(move |c| c.hand_over_circle(&id, &key, stay.into()))
            .await
    }

    /// Sets the disappearing-messages timer (facilitators only; 5 minutes to a year), or
    /// turns it off with none. Every phone deletes texts that long after they arrived.
    pub async fn set_disappearing(
        &self,
        circle_id: String,
        seconds: Option<u64>,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.set_disappearing(&id, seconds)).await
    }

    /// Closes the circle for good (facilitators only): every phone shows it closed, and the
    /// relay deletes its mailbox.
    pub async fn close_circle(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.close_circle(&id)).await
    }
}

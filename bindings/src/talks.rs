//! One-to-one talks across the FFI: asking someone in a circle for a private talk,
//! answering, ending, blocking. An open talk is a circle of two (`talk_with` in its
//! summary names the other person): messages, reports and support work there as anywhere.

use hearth_core::talks as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;

/// Where a talk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum TalkState {
    /// Asked, not answered yet.
    Asked,
    /// Accepted: its circle of two is open (or opening).
    Open,
    /// The person asked said not now.
    Declined,
    /// The asker took the request back.
    Withdrawn,
    /// Ended by either person, or by a block.
    Ended,
}

impl From<core::TalkState> for TalkState {
    fn from(s: core::TalkState) -> Self {
        match s {
            core::TalkState::Asked => TalkState::Asked,
            core::TalkState::Open => TalkState::Open,
            core::TalkState::Declined => TalkState::Declined,
            core::TalkState::Withdrawn => TalkState::Withdrawn,
            core::TalkState::Ended => TalkState::Ended,
        }
    }
}

/// A talk as this phone knows it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Talk {
    /// Its id (hex).
    pub id: String,
    /// The circle it was asked for in (hex id).
    pub circle_id: String,
    /// That circle's name (empty once this phone no longer has it).
    pub circle_name: String,
    /// The other person's name in that circle.
    pub with_name: String,
    /// Whether we asked (or were asked).
    pub asked_by_me: bool,
    /// Where it stands.
    pub state: TalkState,
    /// The asker's note (may be empty).
    pub note: String,
    /// Its circle of two once accepted (hex id): open it as any circle.
    pub talk_circle_id: Option<String>,
    /// When it was asked for (Unix ms).
    pub asked_at_ms: i64,
    /// When it was answered, withdrawn or ended.
    pub answered_at_ms: Option<i64>,
}

impl From<core::Talk> for Talk {
    fn from(t: core::Talk) -> Self {
        Talk {
            id: t.id.to_string(),
            circle_id: t.circle.to_hex(),
            circle_name: t.circle_name,
            with_name: t.with_name,
            asked_by_me: t.asked_by_me,
            state: t.state.into(),
            note: t.note,
            talk_circle_id: t.talk_circle.map(|g| g.to_hex()),
            asked_at_ms: t.asked_at_ms,
            answered_at_ms: t.answered_at_ms,
        }
    }
}

/// Someone we blocked from asking for talks.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BlockedPerson {
    /// Their talk key (hex): what `unblock_talker` takes.
    pub key: String,
    /// Their name when they were blocked.
    pub display_name: String,
    /// When (Unix ms).
    pub blocked_at_ms: i64,
}

fn talk_id(id: &str) -> Result<core::TalkId, HearthError> {
    Ok(core::TalkId::parse(id)?)
}

#[uniffi::export]
impl HearthClient {
    /// Asks the member with per-circle key `member_key` (hex) for a one-to-one talk, with
    /// an optional note (up to 500 characters); returns the talk's id. Only they can read
    /// it. Facilitators can always be asked; members only where the circle allows it.
    pub async fn ask_to_talk(
        &self,
        circle_id: String,
        member_key: String,
        note: String,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let member = crate::circles::bytes("member_key", &member_key)?;
        let talk = self
            .call(move |c| c.ask_to_talk(&id, &member, &note))
            .await?;
        Ok(talk.to_string())
    }

    /// Takes back a request of ours not answered yet.
    pub async fn withdraw_talk_request(&self, talk_id: String) -> Result<(), HearthError> {
        let id = self::talk_id(&talk_id)?;
        self.call(move |c| c.withdraw_talk_request(&id)).await
    }

    /// Accepts a request: returns the new circle of two (hex id); the asker joins once sync
    /// has sent them in.
    pub async fn accept_talk(&self, talk_id: String) -> Result<String, HearthError> {
        let id = self::talk_id(&talk_id)?;
        let circle = self.call(move |c| c.accept_talk(&id)).await?;
        Ok(circle.to_hex())
    }

    /// Declines a request; the asker sees it kindly.
    pub async fn decline_talk(&self, talk_id: String) -> Result<(), HearthError> {
        let id = self::talk_id(&talk_id)?;
        self.call(move |c| c.decline_talk(&id)).await
    }

    /// Ends a one-to-one talk (its circle's hex id); either person may.
    pub async fn end_talk(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.end_talk(&id)).await
    }

    /// Blocks the other person of a talk: they cannot ask again from any circle we share;
    /// an open talk with them ends; nobody is told.
    pub async fn block_talker(&self, talk_id: String) -> Result<(), HearthError> {
        let id = self::talk_id(&talk_id)?;
        self.call(move |c| c.block_talker(&id)).await
    }

    /// Lets someone we blocked ask again (their key from `blocked_talkers`).
    pub async fn unblock_talker(&self, key: String) -> Result<(), HearthError> {
        let key = crate::circles::bytes("key", &key)?;
        self.call(move |c| c.unblock_talker(&key)).await
    }

    /// The people we blocked, most recent first.
    pub async fn blocked_talkers(&self) -> Result<Vec<BlockedPerson>, HearthError> {
        let blocked = self.call(|c| c.blocked_talkers()).await?;
        Ok(blocked
            .into_iter()
            .map(|p| BlockedPerson {
                key: hex::encode(p.key),
                display_name: p.display_name,
                blocked_at_ms: p.blocked_at_ms,
            })
            .collect())
    }

    /// Every talk this phone knows, newest first; with `circle_id`, those asked for in that
    /// circle only.
    pub async fn talks(&self, circle_id: Option<String>) -> Result<Vec<Talk>, HearthError> {
        let circle = circle_id.as_deref().map(self::circle_id).transpose()?;
        let talks = self.call(move |c| c.talks(circle.as_ref())).await?;
        Ok(talks.into_iter().map(Into::into).collect())
    }

    /// Lets members of a circle ask each other for talks, or only its facilitators
    /// (facilitators only).
    pub async fn set_members_may_talk(
        &self,
        circle_id: String,
        allowed: bool,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.set_members_may_talk(&id, allowed))
            .await
    }
}

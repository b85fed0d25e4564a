//! Sharing a check-in to a circle as a card: which parts to share, and the card every
//! member's phone shows.

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;

/// Which parts of a check-in to share beside its mood (all off: the mood alone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct ShareChoice {
    /// Energy.
    #[uniffi(default = false)]
    pub energy: bool,
    /// Emotion words.
    #[uniffi(default = false)]
    pub emotions: bool,
    /// Tags.
    #[uniffi(default = false)]
    pub tags: bool,
    /// Hours slept.
    #[uniffi(default = false)]
    pub sleep: bool,
    /// The note: only when the person ticked it.
    #[uniffi(default = false)]
    pub note: bool,
}

impl From<ShareChoice> for hearth_core::circles::ShareChoice {
    fn from(c: ShareChoice) -> Self {
        hearth_core::circles::ShareChoice {
            energy: c.energy,
            emotions: c.emotions,
            tags: c.tags,
            sleep: c.sleep,
            note: c.note,
        }
    }
}

/// A shared check-in as a card (the message's `body` holds its one-line summary).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CheckinCard {
    /// The check-in's local date, `YYYY-MM-DD`.
    pub day: String,
    /// Mood 1–5.
    pub mood: u8,
    /// Energy 1–5, when shared.
    pub energy: Option<u8>,
    /// Emotion words, when shared.
    pub emotions: Vec<String>,
    /// Tags, when shared.
    pub tags: Vec<String>,
    /// Minutes slept, when shared.
    pub sleep_minutes: Option<u32>,
    /// The note, when the person ticked it.
    pub note: Option<String>,
}

impl From<hearth_core::circles::CheckinCard> for CheckinCard {
    fn from(c: hearth_core::circles::CheckinCard) -> Self {
        CheckinCard {
            day: c.day,
            mood: c.mood,
            energy: c.energy,
            emotions: c.emotions,
            tags: c.tags,
            sleep_minutes: c.sleep_minutes,
            note: c.note,
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Shares one of our check-ins to the circle as a card: the mood, and the parts
    /// `choice` allows. Returns the message's id.
    pub async fn share_checkin(
        &self,
        circle_id: String,
        checkin_id: String,
        choice: ShareChoice,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.share_checkin(&id, &checkin_id, choice.into()))
            .await
            .map(String::from)
    }
}

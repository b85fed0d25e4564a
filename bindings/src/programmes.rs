//! A circle's programme across the FFI: the examples that ship, attaching one to a
//! repeating meeting (facilitators), taking it off, and each coming meeting's topic.

use hearth_core::circles as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;
use crate::time::Moment;

/// One week of a programme.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProgrammeWeek {
    /// The topic, in a few words.
    pub topic: String,
    /// A short text read at the meeting.
    pub text: String,
    /// Questions to answer, in the journal or in the circle.
    pub prompts: Vec<String>,
}

/// A programme as written: one of the examples, or the facilitator's own.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProgrammeTemplate {
    /// A stable name.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its weeks, in order.
    pub weeks: Vec<ProgrammeWeek>,
}

/// One meeting's topic.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProgrammeTopic {
    /// Which week, from 1.
    pub week: u32,
    /// Of how many.
    pub weeks: u32,
    /// The programme's title.
    pub programme: String,
    /// The week's topic, text and prompts.
    pub content: ProgrammeWeek,
    /// The meeting's session id.
    pub session_id: String,
    /// When the meeting starts.
    pub starts_at: Moment,
    /// When it ends.
    pub ends_at: Moment,
}

fn week_from(w: core::ProgrammeWeek) -> ProgrammeWeek {
    ProgrammeWeek {
        topic: w.topic,
        text: w.text,
        prompts: w.prompts,
    }
}

impl From<core::ProgrammeTemplate> for ProgrammeTemplate {
    fn from(p: core::ProgrammeTemplate) -> Self {
        ProgrammeTemplate {
            id: p.id,
            title: p.title,
            weeks: p.weeks.into_iter().map(week_from).collect(),
        }
    }
}

impl From<ProgrammeTemplate> for core::ProgrammeTemplate {
    fn from(p: ProgrammeTemplate) -> Self {
        core::ProgrammeTemplate {
            id: p.id,
            title: p.title,
            weeks: p
                .weeks
                .into_iter()
                .map(|w| core::ProgrammeWeek {
                    topic: w.topic,
                    text: w.text,
                    prompts: w.prompts,
                })
                .collect(),
        }
    }
}

/// The example programmes that ship with Hearth.
#[uniffi::export]
pub fn example_programmes() -> Vec<ProgrammeTemplate> {
    core::example_programmes()
        .into_iter()
        .map(Into::into)
        .collect()
}

#[uniffi::export]
impl HearthClient {
    /// Attaches a programme to the circle's repeating meeting `session_id` (facilitators):
    /// week one is its next meeting.
    pub async fn attach_programme(
        &self,
        circle_id: String,
        programme: ProgrammeTemplate,
        session_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.attach_programme(&id, programme.into(), &session_id))
            .await
    }

    /// Takes the circle's programme off (facilitators).
    pub async fn detach_programme(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.detach_programme(&id)).await
    }

    /// The topics of the coming meetings (the one under way first), at most `count`; none
    /// when the circle follows no programme.
    pub async fn programme_topics(
        &self,
        circle_id: String,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<ProgrammeTopic>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let topics = self
            .call(move |c| c.programme_topics(&id, after_ms, count))
            .await?;
        Ok(topics
            .into_iter()
            .map(|t| ProgrammeTopic {
                week: t.week,
                weeks: t.weeks,
                programme: t.programme,
                content: week_from(t.content),
                session_id: t.session_id,
                starts_at: t.starts_at.into(),
                ends_at: t.ends_at.into(),
            })
            .collect())
    }
}

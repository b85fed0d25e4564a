//! Programmes on the client: a facilitator attaches one to a repeating meeting (a profile
//! change every phone agrees on) or takes it off; every phone works out each meeting's topic
//! itself.

use jiff::Timestamp;

use super::Client;
use crate::circles::intents::Intent;
use crate::circles::programme::can_follow;
use crate::circles::{
    group, GroupId, Programme, ProgrammeTemplate, ProgrammeTopic, Role, OCCURRENCES_MAX,
};
use crate::error::{Error, Result};

impl Client {
    /// Attaches `template` to the circle's repeating meeting `session_id` (facilitators):
    /// week one is that meeting's next occurrence (the one under way, if it is). Replaces a
    /// programme already attached.
    pub fn attach_programme(
        &self,
        group_id: &GroupId,
        template: ProgrammeTemplate,
        session_id: &str,
    ) -> Result<()> {
        let template = template.validated()?;
        let session = self
            .circle_sessions(group_id)?
            .into_iter()
            .find(|s| s.id == session_id)
            .ok_or(Error::NotFound { what: "session" })?
            .validated()?;
        can_follow(&session)?;
        let now =
            Timestamp::from_millisecond(self.now_ms()).map_err(|_| Error::Internal("clock"))?;
        let (first_meeting, _, _) = session
            .numbered_occurrences(now, 1)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("session", "it has no meetings ahead"))?;
        let programme = Programme {
            title: template.title,
            weeks: template.weeks,
            session_id: session.id,
            first_meeting,
        }
        .validated()?;
        self.queue_change(
            group_id,
            Intent::Programme {
                programme: Some(programme),
            },
            Role::Facilitator,
        )
    }

    /// Takes the circle's programme off (facilitators).
    pub fn detach_programme(&self, group_id: &GroupId) -> Result<()> {
        if self.circle_programme(group_id)?.is_none() {
            return Err(Error::NotFound { what: "programme" });
        }
        self.queue_change(
            group_id,
            Intent::Programme { programme: None },
            Role::Facilitator,
        )
    }

    /// The circle's programme, as its profile holds it now (one another phone wrote that
    /// breaks the rules reads as none).
    pub fn circle_programme(&self, group_id: &GroupId) -> Result<Option<Programme>> {
        let programme = self
            .store
            .read(|tx| Ok(group::open_profile(tx, &self.mls, group_id)?.0.programme))?;
        Ok(programme.and_then(|p| p.validated().ok()))
    }

    /// The topics of the programme's meetings that end after `after_ms` (now when none), at
    /// most `count`: the meeting under way first, then the next ones.
    pub fn programme_topics(
        &self,
        group_id: &GroupId,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<ProgrammeTopic>> {
        let count = super::check_limit(count, OCCURRENCES_MAX)? as usize;
        let after = Timestamp::from_millisecond(after_ms.unwrap_or_else(|| self.now_ms()))
            .map_err(|_| Error::invalid("after_ms", "outside the calendar"))?;
        let Some(programme) = self.circle_programme(group_id)? else {
            return Ok(Vec::new());
        };
        let Some(session) = self
            .circle_sessions(group_id)?
            .into_iter()
            .find(|s| s.id == programme.session_id)
            .and_then(|s| s.validated().ok())
        else {
            return Ok(Vec::new());
        };
        programme.topics(&session, after, count)
    }
}

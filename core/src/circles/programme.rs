//! A programme (as PeerTECH and WHAM run them): a sequence of weekly topics, each with a
//! short text and prompts, that a facilitator attaches to one of the circle's repeating
//! meetings. It travels in the circle's encrypted profile, so every phone agrees on it; each
//! phone works out which topic belongs to which meeting itself, on the meeting's own
//! calendar (its zone and repeat), so a topic stays with its meeting across daylight-saving
//! changes. Two example programmes, written for Hearth, ship as data (`core/programmes/`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::sessions::{CircleSession, Repeat};
use crate::error::{Error, Result};
use crate::moment::Moment;

/// Longest programme title and topic, in characters.
pub const PROGRAMME_TITLE_MAX: usize = 80;
/// Longest text of a week.
pub const PROGRAMME_TEXT_MAX: usize = 2_000;
/// Longest prompt.
pub const PROGRAMME_PROMPT_MAX: usize = 300;
/// The most prompts a week.
pub const PROGRAMME_PROMPTS_MAX: usize = 5;
/// The most weeks.
pub const PROGRAMME_WEEKS_MAX: usize = 16;

/// One week of a programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeWeek {
    /// The topic, in a few words.
    pub topic: String,
    /// A short text read at the meeting.
    pub text: String,
    /// Questions to answer, in the journal or in the circle.
    pub prompts: Vec<String>,
}

/// A programme as written, before it is attached to a circle's meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeTemplate {
    /// A stable name (`steady-ground`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its weeks, in order.
    pub weeks: Vec<ProgrammeWeek>,
}

/// A programme attached to a circle: week one is the meeting numbered `first_meeting` of
/// the session `session_id`, week two the next one, and so on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    /// Its title.
    pub title: String,
    /// Its weeks.
    pub weeks: Vec<ProgrammeWeek>,
    /// The repeating meeting it follows.
    pub session_id: String,
    /// The number (from the session's first start, 0) of the meeting of week one.
    pub first_meeting: u32,
}

/// One meeting's topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeTopic {
    /// Which week, from 1.
    pub week: u32,
    /// Of how many.
    pub weeks: u32,
    /// The programme's title.
    pub programme: String,
    /// The week's topic, text and prompts.
    pub content: ProgrammeWeek,
    /// The meeting it belongs to.
    pub session_id: String,
    /// When that meeting starts.
    pub starts_at: Moment,
    /// When it ends.
    pub ends_at: Moment,
}

fn text_ok(text: &str, max: usize, one_line: bool) -> bool {
    let empty = text.trim().is_empty();
    let long = text.chars().count() > max;
    let lines_ok = !one_line || !text.contains('\n');
    // Line breaks are the only control characters a week's text may hold.
    let visible = text
        .split('\n')
        .all(|line| !crate::identity::has_hidden_characters(line));
    !empty && !long && lines_ok && visible
}

fn check_weeks(weeks: &[ProgrammeWeek]) -> Result<()> {
    if weeks.is_empty() || weeks.len() > PROGRAMME_WEEKS_MAX {
        return Err(Error::invalid(
            "weeks",
            format!("1 to {PROGRAMME_WEEKS_MAX} weeks"),
        ));
    }
    for (i, w) in weeks.iter().enumerate() {
        let bad = |what: &str| Error::invalid("weeks", format!("week {}: {what}", i + 1));
        if !text_ok(&w.topic, PROGRAMME_TITLE_MAX, true) {
            return Err(bad("the topic must be 1 to 80 characters, one line"));
        }
        if !text_ok(&w.text, PROGRAMME_TEXT_MAX, false) {
            return Err(bad("the text must be 1 to 2,000 characters"));
        }
        if w.prompts.is_empty()
            || w.prompts.len() > PROGRAMME_PROMPTS_MAX
            || !w
                .prompts
                .iter()
                .all(|p| text_ok(p, PROGRAMME_PROMPT_MAX, true))
        {
            return Err(bad("1 to 5 prompts of 1 to 300 characters, one line each"));
        }
    }
    Ok(())
}

/// The largest programme file read, in bytes.
pub const PROGRAMME_FILE_MAX_BYTES: usize = 256 * 1024;

impl ProgrammeTemplate {
    /// A programme written as JSON (`id`, `title`, `weeks` of `topic`, `text`, `prompts`),
    /// checked.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        if bytes.len() > PROGRAMME_FILE_MAX_BYTES {
            return Err(Error::invalid("file", "larger than 256 KB"));
        }
        serde_json::from_slice::<ProgrammeTemplate>(bytes)
            .map_err(|_| {
                Error::invalid(
                    "file",
                    "JSON with id, title and weeks (each: topic, text and prompts)",
                )
            })?
            .validated()
    }

    /// Checks a programme as written (the examples pass; one from a file must too).
    pub fn validated(self) -> Result<Self> {
        if !text_ok(&self.title, PROGRAMME_TITLE_MAX, true) {
            return Err(Error::invalid("title", "1 to 80 characters, one line"));
        }
        check_weeks(&self.weeks)?;
        Ok(self)
    }
}

impl Programme {
    /// Checks a programme as a facilitator attaches it (and as every phone reads it).
    pub(crate) fn validated(self) -> Result<Self> {
        if !text_ok(&self.title, PROGRAMME_TITLE_MAX, true) || self.session_id.len() > 64 {
            return Err(Error::invalid(
                "programme",
                "not a programme this app can show",
            ));
        }
        check_weeks(&self.weeks)?;
        Ok(self)
    }

    /// The topics of `session`'s meetings that end after `after`, at most `count`, in order.
    pub(crate) fn topics(
        &self,
        session: &CircleSession,
        after: Timestamp,
        count: usize,
    ) -> Result<Vec<ProgrammeTopic>> {
        let weeks = self.weeks.len() as u32;
        let last = self.first_meeting.saturating_add(weeks);
        let mut out = Vec::new();
        for (n, starts_at, ends_at) in session.numbered_occurrences(after, last as usize)? {
            if n < self.first_meeting || n >= last {
                continue;
            }
            let index = (n - self.first_meeting) as usize;
            let Some(content) = self.weeks.get(index) else {
                continue;
            };
            out.push(ProgrammeTopic {
                week: index as u32 + 1,
                weeks,
                programme: self.title.clone(),
                content: content.clone(),
                session_id: session.id.clone(),
                starts_at,
                ends_at,
            });
            if out.len() >= count {
                break;
            }
        }
        Ok(out)
    }
}

/// Whether `session` can carry a programme (it must repeat).
pub(crate) fn can_follow(session: &CircleSession) -> Result<()> {
    if session.repeat == Repeat::Never {
        return Err(Error::invalid(
            "session",
            "a programme follows a repeating meeting",
        ));
    }
    Ok(())
}

/// The example programmes that ship with Hearth.
pub fn example_programmes() -> Vec<ProgrammeTemplate> {
    [
        include_str!("../../programmes/steady-ground.json"),
        include_str!("../../programmes/after-a-loss.json"),
    ]
    .into_iter()
    .filter_map(|json| ProgrammeTemplate::from_json(json.as_bytes()).ok())
    .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn both_examples_ship_and_pass_the_rules() {
        let examples = example_programmes();
        let ids: Vec<&str> = examples.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["steady-ground", "after-a-loss"]);
        assert!(examples.iter().all(|p| p.weeks.len() == 6));
    }

    #[test]
    fn a_programme_outside_the_limits_is_refused_with_the_week_named() {
        let mut p = example_programmes().remove(0);
        p.weeks[2].prompts.clear();
        match p.clone().validated() {
            Err(Error::InvalidInput { field, reason }) => {
                assert_eq!(field, "weeks");
                assert!(reason.starts_with("week 3:"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        p.weeks.clear();
        assert!(p.validated().is_err());
    }
}

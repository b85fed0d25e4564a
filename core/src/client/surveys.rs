//! Client methods for questionnaires and reminders.

use jiff::Timestamp;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::events::Event;
use crate::instruments::{results, safety_concern, Instrument, SurveyOutcome, SurveyResult};
use crate::journal::checkins::validate_time;
use crate::moment::Moment;
use crate::reminders::{self, ReminderSettings};
use crate::settings;

impl Client {
    /// Scores and saves a questionnaire. A positive PHQ-9 item 9 gives
    /// [`SurveyOutcome::SafetyConcern`], which the caller must answer with the safety flow.
    pub fn record_survey(
        &self,
        instrument: Instrument,
        answers: &[u8],
        at: Option<Moment>,
    ) -> Result<SurveyOutcome> {
        let now = Moment::now();
        let at = validate_time(at.unwrap_or(now), now)?;
        let result = results::build(
            Uuid::new_v4().to_string(),
            instrument,
            at,
            answers.to_vec(),
            Timestamp::now(),
        )?;
        self.store.write(|tx| results::insert(tx, &result))?;
        self.events.publish(Event::SurveyRecorded {
            id: result.id.clone(),
        });
        Ok(match safety_concern(instrument, answers) {
            Some(concern) => SurveyOutcome::SafetyConcern { result, concern },
            None => SurveyOutcome::Recorded(result),
        })
    }

    /// Saved results, oldest first, of one instrument or all.
    pub fn survey_results(&self, instrument: Option<Instrument>) -> Result<Vec<SurveyResult>> {
        self.store
            .read(|tx| results::list(tx, instrument, None, None))
    }

    /// The reminder settings, if set.
    pub fn reminder_settings(&self) -> Result<Option<ReminderSettings>> {
        self.store.read(settings::reminders)
    }

    /// Saves reminder settings.
    pub fn set_reminder_settings(&self, settings: ReminderSettings) -> Result<ReminderSettings> {
        let valid = settings.validated()?;
        self.store.write(|tx| settings::set_reminders(tx, &valid))?;
        self.events.publish(Event::RemindersChanged);
        Ok(valid)
    }

    /// The next `count` reminder times after `after`; empty when reminders are off or unset.
    pub fn next_reminders(&self, after: Timestamp, count: u32) -> Result<Vec<Moment>> {
        let (settings, seed) = self
            .store
            .write(|tx| Ok((settings::reminders(tx)?, settings::reminder_seed(tx)?)))?;
        match settings {
            Some(s) => reminders::next_reminders(&s, &seed, after, count),
            None => Ok(Vec::new()),
        }
    }
}

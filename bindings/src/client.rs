//! [`HearthClient`]: one open profile. Every method converts its arguments, runs the core
//! call on the client's runtime, and converts the answer back.

use std::sync::Arc;

use zeroize::Zeroizing;

use hearth_core::Client;

use crate::checkin::{Checkin, CheckinDraft, EmotionVocabulary, JournalQuery, TagUsage};
use crate::entry::{Entry, EntryDraft, SearchHit};
use crate::error::HearthError;
use crate::events::{HearthListener, Subscription};
use crate::export::{ImportSummary, SampleSummary};
use crate::identity::DeviceIdentity;
use crate::insights::{Insights, InsightsRequest};
use crate::open::{passphrase, raw_key};
use crate::reminders::ReminderSettings;
use crate::runtime::Runtime;
use crate::survey::{answers_to_core, Instrument, SurveyOutcome, SurveyResult};
use crate::time::{moment_to_core, LocalDate, Moment};

/// One open, encrypted profile: the journal, questionnaires, reminders and exports.
/// Get one from `create_profile_with_key`, `open_profile_with_key` or their passphrase twins.
#[derive(uniffi::Object)]
pub struct HearthClient {
    core: Arc<Client>,
    // Shared with the client's RelaySync, which keeps it alive while sync runs.
    runtime: Arc<Runtime>,
}

impl HearthClient {
    pub(crate) fn new(core: Client, runtime: Runtime) -> Self {
        HearthClient {
            core: Arc::new(core),
            runtime: Arc::new(runtime),
        }
    }

    pub(crate) fn core(&self) -> Arc<Client> {
        Arc::clone(&self.core)
    }

    pub(crate) fn runtime(&self) -> Arc<Runtime> {
        Arc::clone(&self.runtime)
    }

    /// Runs one core call off the caller's thread.
    pub(crate) async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Client) -> hearth_core::Result<T> + Send + 'static,
    ) -> Result<T, HearthError> {
        let core = self.core.clone();
        self.runtime.run(move || work(&core)).await
    }
}

#[uniffi::export]
impl HearthClient {
    // ---- The profile ----

    /// This device's identity: display name and fingerprint.
    pub async fn identity(&self) -> Result<DeviceIdentity, HearthError> {
        Ok(self.call(Client::identity).await?.into())
    }

    /// Changes the display name (1 to 64 characters).
    pub async fn set_display_name(&self, name: String) -> Result<DeviceIdentity, HearthError> {
        Ok(self.call(move |c| c.set_display_name(&name)).await?.into())
    }

    /// Re-encrypts the profile under a new 32-byte key. A crash at any point leaves a profile
    /// that opens with the old key or the new one; store the new key before calling.
    pub async fn rekey_to_key(&self, key: Vec<u8>) -> Result<(), HearthError> {
        let secret = raw_key(key)?;
        self.call(move |c| c.rekey(&secret, &mut |_| {})).await
    }

    /// Re-encrypts the profile under a passphrase.
    pub async fn rekey_to_passphrase(&self, passphrase: String) -> Result<(), HearthError> {
        let secret = self::passphrase(passphrase)?;
        self.call(move |c| c.rekey(&secret, &mut |_| {})).await
    }

    /// Closes the profile; later calls fail with `Closed`. (Not `close`: Kotlin's
    /// `AutoCloseable.close` on every object frees the native handle instead.)
    pub async fn close_profile(&self) -> Result<(), HearthError> {
        self.call(|c| {
            c.close();
            Ok(())
        })
        .await
    }

    /// Deletes the profile and every file it owns. The client is closed afterwards.
    pub async fn delete_everything(&self) -> Result<(), HearthError> {
        self.call(Client::delete_everything).await
    }

    /// Starts delivering change events to `listener` until the returned handle is cancelled
    /// or dropped.
    pub fn subscribe(
        &self,
        listener: Arc<dyn HearthListener>,
    ) -> Result<Arc<Subscription>, HearthError> {
        let runtime = self.runtime.handle()?;
        Ok(Arc::new(Subscription::start(
            runtime,
            self.core.subscribe(),
            listener,
        )))
    }

    // ---- Check-ins ----

    /// Saves a new check-in.
    pub async fn add_checkin(&self, draft: CheckinDraft) -> Result<Checkin, HearthError> {
        let draft = draft.try_into()?;
        Ok(self.call(move |c| c.add_checkin(&draft)).await?.into())
    }

    /// Replaces a check-in's fields (no time in the draft keeps the old time).
    pub async fn update_checkin(
        &self,
        id: String,
        draft: CheckinDraft,
    ) -> Result<Checkin, HearthError> {
        let draft = draft.try_into()?;
        Ok(self
            .call(move |c| c.update_checkin(&id, &draft))
            .await?
            .into())
    }

    /// Deletes a check-in; entries linked to it stay, without the link.
    pub async fn delete_checkin(&self, id: String) -> Result<(), HearthError> {
        self.call(move |c| c.delete_checkin(&id)).await
    }

    /// One check-in.
    pub async fn checkin(&self, id: String) -> Result<Checkin, HearthError> {
        Ok(self.call(move |c| c.checkin(&id)).await?.into())
    }

    /// The whole id of the one check-in whose id starts with `prefix` (4 characters or more);
    /// `AmbiguousId` lists the candidates when several match.
    pub async fn resolve_checkin_id(&self, prefix: String) -> Result<String, HearthError> {
        self.call(move |c| c.resolve_checkin_id(&prefix)).await
    }

    /// The whole id of the one journal entry whose id starts with `prefix`.
    pub async fn resolve_entry_id(&self, prefix: String) -> Result<String, HearthError> {
        self.call(move |c| c.resolve_entry_id(&prefix)).await
    }

    /// Check-ins matching `query`, newest first.
    pub async fn checkins(&self, query: JournalQuery) -> Result<Vec<Checkin>, HearthError> {
        let query = query.try_into()?;
        Ok(convert(self.call(move |c| c.checkins(&query)).await?))
    }

    // ---- Journal entries and search ----

    /// Saves a new journal entry.
    pub async fn add_entry(&self, draft: EntryDraft) -> Result<Entry, HearthError> {
        let draft = draft.try_into()?;
        Ok(self.call(move |c| c.add_entry(&draft)).await?.into())
    }

    /// Replaces an entry's fields (no time in the draft keeps the old time).
    pub async fn update_entry(&self, id: String, draft: EntryDraft) -> Result<Entry, HearthError> {
        let draft = draft.try_into()?;
        Ok(self
            .call(move |c| c.update_entry(&id, &draft))
            .await?
            .into())
    }

    /// Deletes a journal entry.
    pub async fn delete_entry(&self, id: String) -> Result<(), HearthError> {
        self.call(move |c| c.delete_entry(&id)).await
    }

    /// One journal entry.
    pub async fn entry(&self, id: String) -> Result<Entry, HearthError> {
        Ok(self.call(move |c| c.entry(&id)).await?.into())
    }

    /// Journal entries in the query's days, newest first.
    pub async fn entries(&self, query: JournalQuery) -> Result<Vec<Entry>, HearthError> {
        let query = query.try_into()?;
        Ok(convert(self.call(move |c| c.entries(&query)).await?))
    }

    /// Full-text search over notes and entries; `limit` from 1 to 500.
    pub async fn search(&self, text: String, limit: u32) -> Result<Vec<SearchHit>, HearthError> {
        Ok(convert(self.call(move |c| c.search(&text, limit)).await?))
    }

    /// The emotion words to offer: built in, then the person's own.
    pub async fn emotions(&self) -> Result<EmotionVocabulary, HearthError> {
        Ok(self.call(Client::emotions).await?.into())
    }

    /// Tags in use, most used first.
    pub async fn tags(&self) -> Result<Vec<TagUsage>, HearthError> {
        Ok(convert(self.call(Client::tags).await?))
    }

    /// Insights over the requested days.
    pub async fn insights(&self, request: InsightsRequest) -> Result<Insights, HearthError> {
        let request = request.try_into()?;
        Ok(self.call(move |c| c.insights(&request)).await?.into())
    }

    // ---- Questionnaires and reminders ----

    /// Scores and saves a questionnaire. `SurveyOutcome::SafetyConcern` means the safety
    /// screen must be shown now.
    pub async fn record_survey(
        &self,
        instrument: Instrument,
        answers: Vec<u32>,
        at: Option<Moment>,
    ) -> Result<SurveyOutcome, HearthError> {
        let answers = answers_to_core(answers)?;
        let at = moment_to_core(at)?;
        Ok(self
            .call(move |c| c.record_survey(instrument.into(), &answers, at))
            .await?
            .into())
    }

    /// Saved questionnaire results, oldest first, of one questionnaire or all.
    pub async fn survey_results(
        &self,
        instrument: Option<Instrument>,
    ) -> Result<Vec<SurveyResult>, HearthError> {
        Ok(convert(
            self.call(move |c| c.survey_results(instrument.map(Into::into)))
                .await?,
        ))
    }

    /// The reminder settings, if any were saved.
    pub async fn reminder_settings(&self) -> Result<Option<ReminderSettings>, HearthError> {
        Ok(self.call(Client::reminder_settings).await?.map(Into::into))
    }

    /// Saves reminder settings; fixed times come back sorted and without repeats.
    pub async fn set_reminder_settings(
        &self,
        settings: ReminderSettings,
    ) -> Result<ReminderSettings, HearthError> {
        let settings = settings.try_into()?;
        Ok(self
            .call(move |c| c.set_reminder_settings(settings))
            .await?
            .into())
    }

    /// The next `count` (1 to 1000) reminder times after `after_ms`; empty when reminders are
    /// off. Schedule local notifications at them.
    pub async fn next_reminders(
        &self,
        after_ms: i64,
        count: u32,
    ) -> Result<Vec<Moment>, HearthError> {
        let after = jiff::Timestamp::from_millisecond(after_ms)
            .map_err(|_| HearthError::invalid("after_ms", "out of range"))?;
        Ok(convert(
            self.call(move |c| c.next_reminders(after, count)).await?,
        ))
    }

    // ---- Exports, backup and sample data ----

    /// The whole journal as pretty JSON (for the person to keep or move elsewhere).
    pub async fn export_json(&self) -> Result<String, HearthError> {
        self.call(Client::export_json).await
    }

    /// The check-ins as CSV (UTF-8), oldest first.
    pub async fn export_csv(&self) -> Result<Vec<u8>, HearthError> {
        self.call(Client::export_csv).await
    }

    /// An encrypted backup of the whole journal under `passphrase` (at least 8 characters).
    pub async fn export_backup(&self, passphrase: String) -> Result<Vec<u8>, HearthError> {
        let passphrase = Zeroizing::new(passphrase);
        self.call(move |c| c.export_backup(&passphrase)).await
    }

    /// Imports a backup, all or nothing; records already here are not duplicated.
    pub async fn import_backup(
        &self,
        file: Vec<u8>,
        passphrase: String,
    ) -> Result<ImportSummary, HearthError> {
        let passphrase = Zeroizing::new(passphrase);
        Ok(self
            .call(move |c| c.import_backup(&file, &passphrase))
            .await?
            .into())
    }

    /// Imports a JSON export (from `export_json`, on this device or another), all or
    /// nothing; records already here are not duplicated. Anything else is `InvalidInput`.
    pub async fn import_json(&self, json: Vec<u8>) -> Result<ImportSummary, HearthError> {
        Ok(self.call(move |c| c.import_json(&json)).await?.into())
    }

    /// Adds `days` days (1 to 2000) of realistic sample journal ending on `today`, in the
    /// IANA `time_zone`; the same `seed` gives the same data. For trying the app out.
    pub async fn add_sample_data(
        &self,
        time_zone: String,
        today: LocalDate,
        days: u32,
        seed: u64,
    ) -> Result<SampleSummary, HearthError> {
        let zone = jiff::tz::TimeZone::get(&time_zone)
            .map_err(|_| HearthError::invalid("time_zone", "not a known IANA time zone"))?;
        let today = today.to_core("today")?;
        Ok(self
            .call(move |c| c.add_sample_data(&zone, today, days, seed))
            .await?
            .into())
    }
}

fn convert<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

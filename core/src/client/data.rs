//! Client methods that move the whole journal: exports, backup and import.

use jiff::Timestamp;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::export::{
    backup, csv, foreign, import, ForeignApp, ForeignImportOptions, ForeignImportSummary,
    ForeignPreview, ImportSummary, JournalDocument, FORMAT_NAME, FORMAT_VERSION,
};
use crate::goals::store as goal_store;
use crate::goals::GoalRecord;
use crate::identity;
use crate::instruments::results;
use crate::journal::{checkins, entries, vocabulary, JournalQuery};
use crate::moment::Moment;
use crate::settings;

impl Client {
    /// The whole journal as a document, oldest records first, from one snapshot.
    pub fn export_document(&self) -> Result<JournalDocument> {
        self.store.read(|tx| {
            let all = JournalQuery::default();
            let mut checkins = checkins::list(tx, &all)?;
            checkins.reverse();
            let mut entries = entries::list(tx, &all)?;
            entries.reverse();
            Ok(JournalDocument {
                format: FORMAT_NAME.to_owned(),
                version: FORMAT_VERSION,
                exported_at: Timestamp::now(),
                display_name: identity::load(tx)?.display_name,
                checkins,
                entries,
                surveys: results::list(tx, None, None, None)?,
                custom_emotions: vocabulary::custom_emotions(tx)?,
                reminders: settings::reminders(tx)?,
                goals: goal_store::list(tx)?
                    .into_iter()
                    .map(|goal| {
                        let log = goal_store::log(tx, &goal.id)?;
                        Ok(GoalRecord { goal, log })
                    })
                    .collect::<Result<_>>()?,
            })
        })
    }

    /// The whole journal as pretty JSON.
    pub fn export_json(&self) -> Result<String> {
        serde_json::to_string_pretty(&self.export_document()?)
            .map_err(|_| Error::Internal("json export"))
    }

    /// The check-ins as CSV, oldest first, one row each.
    pub fn export_csv(&self) -> Result<Vec<u8>> {
        csv::write(&self.export_document()?.checkins)
    }

    /// An encrypted backup of the whole journal under `passphrase` (at least 8 characters).
    pub fn export_backup(&self, passphrase: &str) -> Result<Vec<u8>> {
        let json = zeroize::Zeroizing::new(
            serde_json::to_vec(&self.export_document()?).map_err(|_| Error::Internal("backup"))?,
        );
        backup::seal(&json, passphrase, self.options.kdf)
    }

    /// Imports a JSON export made by [`Client::export_json`] (on this device or another),
    /// all or nothing, as a backup is: records already here are not duplicated, and a newer
    /// edit replaces an older one. A file that is not a Hearth JSON export is refused with
    /// `InvalidInput` and nothing is written.
    pub fn import_json(&self, json: &[u8]) -> Result<ImportSummary> {
        let doc: JournalDocument = serde_json::from_slice(json)
            .map_err(|_| Error::invalid("file", "not a Hearth JSON export"))?;
        self.import_document(&doc)
    }

    fn import_document(&self, doc: &JournalDocument) -> Result<ImportSummary> {
        let summary = self
            .store
            .write(|tx| import::import(tx, doc, Moment::now()))?;
        self.events.publish(Event::JournalReplaced {
            import: Some(summary),
        });
        Ok(summary)
    }

    /// What importing another app's export (`file`, its CSV) would bring, with nothing
    /// written: how many check-ins and entries, which days, what each mood word becomes
    /// (a word the app does not define shows with no mood: the person says, in
    /// `options.moods`), the tags, what Hearth has no place for, and each unreadable row
    /// with its line. A file that is not that app's export is refused.
    pub fn preview_foreign_import(
        &self,
        app: ForeignApp,
        file: &[u8],
        options: &ForeignImportOptions,
    ) -> Result<ForeignPreview> {
        let read = foreign::read(app, file, options, Moment::now())?;
        let here = self
            .store
            .read(|tx| import::already_present(tx, &read.document))?;
        Ok(read.preview(app, here))
    }

    /// Imports another app's export into the journal, in one transaction: every readable
    /// row, none twice (a second import of the same export adds nothing). Refused while a
    /// mood word has no meaning, and when the file is not that app's export; rows that
    /// cannot be read are left out and listed with their lines.
    pub fn import_foreign(
        &self,
        app: ForeignApp,
        file: &[u8],
        options: &ForeignImportOptions,
    ) -> Result<ForeignImportSummary> {
        let read = foreign::read(app, file, options, Moment::now())?;
        read.check_moods_known()?;
        let summary = self.import_document(&read.document)?;
        Ok(ForeignImportSummary {
            summary,
            problems: read.problems,
        })
    }

    /// Imports a backup made by [`Client::export_backup`], all or nothing. Records already
    /// here are not duplicated; a newer edit in the backup replaces an older one here.
    pub fn import_backup(&self, file: &[u8], passphrase: &str) -> Result<ImportSummary> {
        let json = backup::open(file, passphrase)?;
        let doc: JournalDocument =
            serde_json::from_slice(&json).map_err(|_| Error::BackupDamaged)?;
        self.import_document(&doc)
    }
}

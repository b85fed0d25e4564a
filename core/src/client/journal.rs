//! Client methods for check-ins, journal entries, vocabulary, search and insights.

use crate::client::{check_limit, Client};
use crate::error::Result;
use crate::events::Event;
use crate::insights::{self, Insights, InsightsRequest};
use crate::journal::checkins::{self, ValidCheckin};
use crate::journal::entries::{self, ValidEntry};
use crate::journal::ids;
use crate::journal::{
    search, vocabulary, Checkin, CheckinDraft, Entry, EntryDraft, JournalQuery, SearchHit,
    BUILT_IN_EMOTIONS,
};
use crate::moment::Moment;

/// The most search hits one call returns.
pub const SEARCH_LIMIT_MAX: u32 = 500;

/// The emotion words to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmotionVocabulary {
    /// Built in, in display order.
    pub built_in: Vec<String>,
    /// The user's own, alphabetically.
    pub custom: Vec<String>,
}

/// A tag and how many check-ins carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagUsage {
    /// The tag.
    pub tag: String,
    /// How many check-ins carry it.
    pub count: u32,
}

impl Client {
    /// Saves a new check-in.
    pub fn add_checkin(&self, draft: &CheckinDraft) -> Result<Checkin> {
        let valid = ValidCheckin::from_draft(draft, Moment::now())?;
        let saved = self
            .store
            .write(|tx| checkins::insert(tx, &valid, self.now_ms()))?;
        self.events.publish(Event::CheckinSaved {
            id: saved.id.clone(),
        });
        Ok(saved)
    }

    /// Replaces a check-in's fields with `draft` (a missing time keeps the old one).
    pub fn update_checkin(&self, id: &str, draft: &CheckinDraft) -> Result<Checkin> {
        let saved = self.store.write(|tx| {
            let mut draft = draft.clone();
            if draft.at.is_none() {
                draft.at = Some(checkins::get(tx, id)?.at);
            }
            let valid = ValidCheckin::from_draft(&draft, Moment::now())?;
            checkins::update(tx, id, &valid, self.now_ms())
        })?;
        self.events.publish(Event::CheckinSaved {
            id: saved.id.clone(),
        });
        Ok(saved)
    }

    /// Deletes a check-in. Entries linked to it stay, without the link.
    pub fn delete_checkin(&self, id: &str) -> Result<()> {
        self.store.write(|tx| checkins::delete(tx, id))?;
        self.events
            .publish(Event::CheckinDeleted { id: id.to_owned() });
        Ok(())
    }

    /// One check-in.
    pub fn checkin(&self, id: &str) -> Result<Checkin> {
        self.store.read(|tx| checkins::get(tx, id))
    }

    /// The whole id of the one check-in whose id starts with `prefix` (at least
    /// [`crate::journal::ID_PREFIX_MIN`] characters): [`Error::AmbiguousId`] when several do,
    /// [`Error::NotFound`] when none does.
    ///
    /// [`Error::AmbiguousId`]: crate::Error::AmbiguousId
    /// [`Error::NotFound`]: crate::Error::NotFound
    pub fn resolve_checkin_id(&self, prefix: &str) -> Result<String> {
        self.store
            .read(|tx| ids::resolve(tx, ids::Record::Checkin, prefix))
    }

    /// Check-ins matching `query`, newest first.
    pub fn checkins(&self, query: &JournalQuery) -> Result<Vec<Checkin>> {
        self.store.read(|tx| checkins::list(tx, query))
    }

    /// Saves a new journal entry.
    pub fn add_entry(&self, draft: &EntryDraft) -> Result<Entry> {
        let valid = ValidEntry::from_draft(draft, Moment::now())?;
        let saved = self
            .store
            .write(|tx| entries::insert(tx, &valid, self.now_ms()))?;
        self.events.publish(Event::EntrySaved {
            id: saved.id.clone(),
        });
        Ok(saved)
    }

    /// Replaces an entry's fields with `draft` (a missing time keeps the old one).
    pub fn update_entry(&self, id: &str, draft: &EntryDraft) -> Result<Entry> {
        let saved = self.store.write(|tx| {
            let mut draft = draft.clone();
            if draft.at.is_none() {
                draft.at = Some(entries::get(tx, id)?.at);
            }
            let valid = ValidEntry::from_draft(&draft, Moment::now())?;
            entries::update(tx, id, &valid, self.now_ms())
        })?;
        self.events.publish(Event::EntrySaved {
            id: saved.id.clone(),
        });
        Ok(saved)
    }

    /// Deletes an entry.
    pub fn delete_entry(&self, id: &str) -> Result<()> {
        self.store.write(|tx| entries::delete(tx, id))?;
        self.events
            .publish(Event::EntryDeleted { id: id.to_owned() });
        Ok(())
    }

    /// One entry.
    pub fn entry(&self, id: &str) -> Result<Entry> {
        self.store.read(|tx| entries::get(tx, id))
    }

    /// The whole id of the one entry whose id starts with `prefix`; as
    /// [`Client::resolve_checkin_id`].
    pub fn resolve_entry_id(&self, prefix: &str) -> Result<String> {
        self.store
            .read(|tx| ids::resolve(tx, ids::Record::Entry, prefix))
    }

    /// Entries in the date range of `query`, newest first.
    pub fn entries(&self, query: &JournalQuery) -> Result<Vec<Entry>> {
        self.store.read(|tx| entries::list(tx, query))
    }

    /// Full-text search over check-in notes and entries.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let limit = check_limit(limit, SEARCH_LIMIT_MAX)?;
        self.store.read(|tx| search::search(tx, text, limit))
    }

    /// The emotion words to offer: built in, then the user's own.
    pub fn emotions(&self) -> Result<EmotionVocabulary> {
        let custom = self.store.read(vocabulary::custom_emotions)?;
        Ok(EmotionVocabulary {
            built_in: BUILT_IN_EMOTIONS.iter().map(|e| (*e).to_owned()).collect(),
            custom,
        })
    }

    /// Tags in use, most used first.
    pub fn tags(&self) -> Result<Vec<TagUsage>> {
        let tags = self.store.read(vocabulary::tags_in_use)?;
        Ok(tags
            .into_iter()
            .map(|(tag, count)| TagUsage { tag, count })
            .collect())
    }

    /// Insights over the requested days.
    pub fn insights(&self, request: &InsightsRequest) -> Result<Insights> {
        let data = self.store.read(|tx| insights::load(tx, request))?;
        Ok(insights::compute(&data, request))
    }
}

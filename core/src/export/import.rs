//! Bringing a journal document into a profile, in one transaction, without duplicates:
//! records are matched by id, and an existing record is replaced only by a newer edit.
//! Every record passes the same rules as one typed in by hand.

use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::export::document::{ImportSummary, JournalDocument, FORMAT_NAME, FORMAT_VERSION};
use crate::goals::store::{self as goal_store, ValidGoal};
use crate::goals::{GoalDraft, GoalRecord};
use crate::instruments::results;
use crate::journal::checkins::{self, ValidCheckin};
use crate::journal::entries::{self, ValidEntry};
use crate::journal::{validate, vocabulary, CheckinDraft, EntryDraft};
use crate::moment::Moment;
use crate::settings;

fn check_id(id: &str) -> Result<()> {
    Uuid::parse_str(id)
        .map(|_| ())
        .map_err(|_| Error::invalid("id", "not a record id"))
}

fn updated_at(tx: &Transaction<'_>, table: &str, id: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached(&format!("SELECT updated_at_ms FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn import(
    tx: &Transaction<'_>,
    doc: &JournalDocument,
    now: Moment,
) -> Result<ImportSummary> {
    if doc.format != FORMAT_NAME {
        return Err(Error::invalid("document", "not a Hearth journal"));
    }
    if doc.version > FORMAT_VERSION {
        return Err(Error::BackupUnsupportedVersion {
            version: u8::try_from(doc.version).unwrap_or(u8::MAX),
        });
    }
    let mut summary = ImportSummary::default();

    for c in &doc.checkins {
        check_id(&c.id)?;
        let draft = CheckinDraft {
            at: Some(c.at),
            mood: Some(c.mood),
            energy: c.energy,
            emotions: c.emotions.clone(),
            tags: c.tags.clone(),
            sleep_hours: c.sleep_hours,
            note: c.note.clone(),
        };
        let valid = ValidCheckin::from_draft(&draft, now)?;
        let (created, updated) = (c.created_at.as_millisecond(), c.updated_at.as_millisecond());
        match updated_at(tx, "checkins", &c.id)? {
            None => {
                checkins::insert_with(tx, &c.id, &valid, created, updated)?;
                summary.checkins_added += 1;
            }
            Some(mine) if updated > mine => {
                checkins::update(tx, &c.id, &valid, updated)?;
                summary.checkins_updated += 1;
            }
            Some(_) => summary.unchanged += 1,
        }
    }

    for e in &doc.entries {
        check_id(&e.id)?;
        let mut draft = EntryDraft {
            at: Some(e.at),
            body: e.body.clone(),
            prompt: e.prompt.clone(),
            checkin_id: e.checkin_id.clone(),
        };
        // A link to a check-in that is not here is dropped rather than failing the import.
        if let Some(link) = &draft.checkin_id {
            if !checkins::exists(tx, link)? {
                draft.checkin_id = None;
            }
        }
        let valid = ValidEntry::from_draft(&draft, now)?;
        let (created, updated) = (e.created_at.as_millisecond(), e.updated_at.as_millisecond());
        match updated_at(tx, "journal_entries", &e.id)? {
            None => {
                entries::insert_with(tx, &e.id, &valid, created, updated)?;
                summary.entries_added += 1;
            }
            Some(mine) if updated > mine => {
                entries::update(tx, &e.id, &valid, updated)?;
                summary.entries_updated += 1;
            }
            Some(_) => summary.unchanged += 1,
        }
    }

    for s in &doc.surveys {
        check_id(&s.id)?;
        // Rebuilt from the answers, so the score and band are recomputed, never trusted.
        let rebuilt = results::build(
            s.id.clone(),
            s.instrument,
            s.at,
            s.answers.clone(),
            s.created_at,
        )?;
        if results::insert(tx, &rebuilt)? {
            summary.surveys_added += 1;
        } else {
            summary.unchanged += 1;
        }
    }

    for record in &doc.goals {
        import_goal(tx, record, &mut summary)?;
    }

    let custom = validate::labels("emotion", &doc.custom_emotions)?;
    vocabulary::remember_custom(tx, &custom, now.unix_ms())?;

    if let Some(reminders) = &doc.reminders {
        if settings::reminders(tx)?.is_none() {
            settings::set_reminders(tx, &reminders.clone().validated()?)?;
        }
    }
    Ok(summary)
}

/// Brings in one goal and its log: a goal or a day is replaced only by a newer edit.
fn import_goal(
    tx: &Transaction<'_>,
    record: &GoalRecord,
    summary: &mut ImportSummary,
) -> Result<()> {
    let g = &record.goal;
    check_id(&g.id)?;
    let draft = GoalDraft {
        title: g.title.clone(),
        why: g.why.clone(),
        plan: g.plan,
        reminder: g.reminder.clone(),
        starts_on: Some(g.starts_on),
    };
    let valid = ValidGoal::from_draft(&draft, g.starts_on)?;
    if g.ended_on.is_some_and(|end| end < g.starts_on) {
        return Err(Error::invalid("goal", "ends before it starts"));
    }
    let (created, updated) = (g.created_at.as_millisecond(), g.updated_at.as_millisecond());
    let existed = goal_store::updated_at(tx, &g.id)?;
    let mut changed = false;
    match existed {
        None => {
            goal_store::check_room(tx)?;
            goal_store::insert_with(tx, &g.id, &valid, g.ended_on, created, updated)?;
            summary.goals_added += 1;
        }
        Some(mine) if updated > mine => {
            goal_store::update(tx, &g.id, &valid, g.ended_on, updated)?;
            changed = true;
        }
        Some(_) => {}
    }
    for day in &record.log {
        let note = goal_store::valid_note(day.note.as_deref())?;
        let updated = day.updated_at.as_millisecond();
        if goal_store::log_updated_at(tx, &g.id, day.day)?.is_none_or(|mine| updated > mine) {
            goal_store::put_log(tx, &g.id, day.day, day.outcome, note.as_deref(), updated)?;
            changed = true;
        }
    }
    // A new goal's days are part of adding it.
    if existed.is_some() {
        if changed {
            summary.goals_updated += 1;
        } else {
            summary.unchanged += 1;
        }
    }
    Ok(())
}

/// How many of a document's check-ins and entries are here already (by id).
pub(crate) fn already_present(tx: &Transaction<'_>, doc: &JournalDocument) -> Result<u32> {
    let mut n = 0u32;
    for c in &doc.checkins {
        n += u32::from(updated_at(tx, "checkins", &c.id)?.is_some());
    }
    for e in &doc.entries {
        n += u32::from(updated_at(tx, "journal_entries", &e.id)?.is_some());
    }
    Ok(n)
}

//! The directories this phone trusts: each organisation's key, pinned when the person added
//! it, where its file is fetched from, and the newest listing that checked out. Browsing
//! reads only what is stored here; nothing is fetched while someone looks.

use rusqlite::{params, OptionalExtension, Transaction};

use super::directory::{self, Directory, ListedCircle};
use crate::error::{Error, Result};
use crate::sync::RelayUrl;

/// The most directories one phone keeps.
pub const DIRECTORIES_MAX: usize = 20;

/// A directory this phone trusts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectorySource {
    /// Where its file is fetched from.
    pub url: String,
    /// The organisation's key, as pinned.
    pub org_key: Vec<u8>,
    /// Who publishes it (empty until its first file arrived).
    pub organisation: String,
    /// How many circles its newest listing holds.
    pub circles: u32,
    /// When its file last checked out (Unix ms).
    pub fetched_at_ms: Option<i64>,
}

/// A circle some trusted directory lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundCircle {
    /// Who lists it.
    pub organisation: String,
    /// Their key (names the directory in [`crate::Client::ask_to_join`]).
    pub org_key: Vec<u8>,
    /// The listing.
    pub circle: ListedCircle,
}

/// Pins an organisation's key and where its directory is (again: the address is updated).
pub(crate) fn add(tx: &Transaction<'_>, url: &str, org_key: &[u8], now_ms: i64) -> Result<()> {
    RelayUrl::parse(url)?; // https://, or http:// only to this computer
    let count: usize = tx.query_row("SELECT COUNT(*) FROM directories", [], |r| r.get(0))?;
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM directories WHERE org_key = ?1)",
        [org_key],
        |r| r.get(0),
    )?;
    if !known && count >= DIRECTORIES_MAX {
        return Err(Error::invalid(
            "directory",
            format!("at most {DIRECTORIES_MAX} directories"),
        ));
    }
    tx.execute(
        "INSERT INTO directories (org_key, url, added_at_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (org_key) DO UPDATE SET url = excluded.url",
        params![org_key, url, now_ms],
    )?;
    Ok(())
}

/// Forgets a directory.
pub(crate) fn remove(tx: &Transaction<'_>, org_key: &[u8]) -> Result<()> {
    if tx.execute("DELETE FROM directories WHERE org_key = ?1", [org_key])? == 0 {
        return Err(Error::NotFound { what: "directory" });
    }
    Ok(())
}

/// Where a pinned directory's file is.
pub(crate) fn url_of(tx: &Transaction<'_>, org_key: &[u8]) -> Result<String> {
    tx.query_row(
        "SELECT url FROM directories WHERE org_key = ?1",
        [org_key],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "directory" })
}

/// Takes a fetched file: verified against the pinned key, and kept unless it is older than
/// the listing already kept (a replayed old file cannot bring back a closed circle).
pub(crate) fn take(tx: &Transaction<'_>, org_key: &[u8], file: &[u8], now_ms: i64) -> Result<()> {
    url_of(tx, org_key)?;
    let fresh = directory::verify(file, org_key)?;
    let kept: i64 = tx.query_row(
        "SELECT published_at FROM directories WHERE org_key = ?1",
        [org_key],
        |r| r.get(0),
    )?;
    let published = i64::try_from(fresh.published_at)
        .map_err(|_| Error::invalid("directory", "published in an impossible year"))?;
    if published < kept {
        return Err(Error::invalid(
            "directory",
            "older than the listing already here",
        ));
    }
    tx.execute(
        "UPDATE directories SET organisation = ?2, published_at = ?3, listing = ?4,
           fetched_at_ms = ?5 WHERE org_key = ?1",
        params![
            org_key,
            fresh.organisation,
            published,
            serde_json::to_string(&fresh.circles)?,
            now_ms
        ],
    )?;
    Ok(())
}

fn stored_circles(listing: Option<String>) -> Result<Vec<ListedCircle>> {
    match listing {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|_| Error::Corrupt {
            detail: "directory listing",
        }),
    }
}

/// Every directory kept, with its newest listing.
pub(crate) fn all(tx: &Transaction<'_>) -> Result<Vec<(DirectorySource, Directory)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT url, org_key, organisation, published_at, listing, fetched_at_ms
         FROM directories ORDER BY added_at_ms, org_key",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<i64>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (url, org_key, organisation, published_at, listing, fetched_at_ms) = row?;
        let circles = stored_circles(listing)?;
        out.push((
            DirectorySource {
                url,
                org_key: org_key.clone(),
                organisation: organisation.clone(),
                circles: circles.len() as u32,
                fetched_at_ms,
            },
            Directory {
                organisation,
                org_key,
                published_at: published_at.max(0) as u64,
                circles,
            },
        ));
    }
    Ok(out)
}

/// The circles every kept directory lists, with `topic` and in `language` when given (both
/// matched without regard to case), in the order the directories list them.
pub(crate) fn find(
    tx: &Transaction<'_>,
    topic: Option<&str>,
    language: Option<&str>,
) -> Result<Vec<FoundCircle>> {
    let matches = |wanted: Option<&str>, values: &[String]| {
        wanted.is_none_or(|w| {
            values
                .iter()
                .any(|v| v.trim().eq_ignore_ascii_case(w.trim()))
        })
    };
    Ok(all(tx)?
        .into_iter()
        .flat_map(|(_, directory)| {
            let org_key = directory.org_key;
            let organisation = directory.organisation;
            directory
                .circles
                .into_iter()
                .map(move |circle| FoundCircle {
                    organisation: organisation.clone(),
                    org_key: org_key.clone(),
                    circle,
                })
        })
        .filter(|found| {
            matches(topic, &found.circle.topics) && matches(language, &found.circle.languages)
        })
        .collect())
}

/// One listed circle, by its directory and id.
pub(crate) fn listed(tx: &Transaction<'_>, org_key: &[u8], circle_id: &str) -> Result<FoundCircle> {
    find(tx, None, None)?
        .into_iter()
        .find(|f| f.org_key == org_key && f.circle.id == circle_id)
        .ok_or(Error::NotFound {
            what: "listed circle",
        })
}

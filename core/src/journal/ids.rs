//! Finding a check-in, a journal entry or a goal by the start of its id, as people type back the
//! short ids a list shows (git does the same with commits): a unique prefix resolves, an
//! ambiguous one is an error naming the candidates.

use rusqlite::Transaction;

use crate::error::{Error, Result, AMBIGUOUS_CANDIDATES_MAX};

/// The fewest characters a prefix needs: shorter ones match too much to be meant.
pub const ID_PREFIX_MIN: usize = 4;

/// Which kind of record a prefix names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Record {
    /// A check-in.
    Checkin,
    /// A journal entry.
    Entry,
    /// A goal.
    Goal,
}

impl Record {
    fn what(self) -> &'static str {
        match self {
            Record::Checkin => "check-in",
            Record::Entry => "entry",
            Record::Goal => "goal",
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Record::Checkin => {
                "SELECT id FROM checkins WHERE substr(id, 1, ?2) = ?1 ORDER BY id LIMIT ?3"
            }
            Record::Entry => {
                "SELECT id FROM journal_entries WHERE substr(id, 1, ?2) = ?1 ORDER BY id LIMIT ?3"
            }
            Record::Goal => {
                "SELECT id FROM goals WHERE substr(id, 1, ?2) = ?1 ORDER BY id LIMIT ?3"
            }
        }
    }
}

/// The whole id of the one record of kind `record` whose id starts with `prefix` (any case;
/// a whole id is its own prefix).
pub(crate) fn resolve(tx: &Transaction<'_>, record: Record, prefix: &str) -> Result<String> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.chars().count() < ID_PREFIX_MIN {
        return Err(Error::invalid(
            "id",
            format!("give at least {ID_PREFIX_MIN} characters of it"),
        ));
    }
    if !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::invalid("id", "ids are hex digits and dashes"));
    }
    let mut found: Vec<String> = tx
        .prepare_cached(record.sql())?
        .query_map(
            rusqlite::params![prefix, prefix.len() as i64, AMBIGUOUS_CANDIDATES_MAX as i64],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    match found.len() {
        0 => Err(Error::NotFound {
            what: record.what(),
        }),
        1 => Ok(found.remove(0)),
        _ => Err(Error::AmbiguousId {
            what: record.what(),
            candidates: found,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::checkins::{self, ValidCheckin};
    use crate::journal::CheckinDraft;
    use crate::Moment;

    fn with_checkins(ids: &[&str]) -> rusqlite::Connection {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        let draft = CheckinDraft {
            mood: Some(3),
            ..Default::default()
        };
        let valid = ValidCheckin::from_draft(&draft, Moment::now()).unwrap();
        let tx = conn.transaction().unwrap();
        for id in ids {
            checkins::insert_with(&tx, id, &valid, 0, 0).unwrap();
        }
        tx.commit().unwrap();
        conn
    }

    #[test]
    fn a_unique_prefix_resolves_and_an_ambiguous_one_names_the_candidates() {
        let a = "abcd1234-0000-4000-8000-000000000001";
        let b = "abcd5678-0000-4000-8000-000000000002";
        let mut conn = with_checkins(&[a, b]);
        let tx = conn.transaction().unwrap();
        assert_eq!(resolve(&tx, Record::Checkin, "abcd1").unwrap(), a);
        assert_eq!(resolve(&tx, Record::Checkin, " ABCD5678 ").unwrap(), b);
        assert_eq!(resolve(&tx, Record::Checkin, a).unwrap(), a, "a whole id");
        match resolve(&tx, Record::Checkin, "abcd") {
            Err(Error::AmbiguousId { what, candidates }) => {
                assert_eq!(what, "check-in");
                assert_eq!(candidates, [a, b]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve(&tx, Record::Checkin, "ffff"),
            Err(Error::NotFound { what: "check-in" })
        ));
        assert!(matches!(
            resolve(&tx, Record::Entry, "abcd"),
            Err(Error::NotFound { what: "entry" })
        ));
        for bad in ["abc", "", "abcd%", "ab_d"] {
            assert!(
                matches!(
                    resolve(&tx, Record::Checkin, bad),
                    Err(Error::InvalidInput { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_ambiguous_prefix_lists_at_most_the_cap() {
        let ids: Vec<String> = (0..AMBIGUOUS_CANDIDATES_MAX + 5)
            .map(|i| format!("beef{i:04}-0000-4000-8000-000000000000"))
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut conn = with_checkins(&refs);
        let tx = conn.transaction().unwrap();
        match resolve(&tx, Record::Checkin, "beef") {
            Err(Error::AmbiguousId { candidates, .. }) => {
                assert_eq!(candidates.len(), AMBIGUOUS_CANDIDATES_MAX)
            }
            other => panic!("{other:?}"),
        }
    }
}

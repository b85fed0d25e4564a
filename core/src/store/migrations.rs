//! Ordered, embedded schema migrations. Each runs in its own transaction that also records the
//! new version (`PRAGMA user_version`), so a crash leaves the schema at a whole version.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// One schema step.
struct Migration {
    version: u32,
    sql: &'static str,
}

/// Every schema version, oldest first. Never edit a released step; add a new one.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../migrations/V1__journal.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/V2__search.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../../migrations/V3__lean_label_indexes.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("../../migrations/V4__circles.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("../../migrations/V5__sync.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("../../migrations/V6__invites.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("../../migrations/V7__moderation.sql"),
    },
    Migration {
        version: 8,
        sql: include_str!("../../migrations/V8__disappearing.sql"),
    },
    Migration {
        version: 9,
        sql: include_str!("../../migrations/V9__reports.sql"),
    },
    Migration {
        version: 10,
        sql: include_str!("../../migrations/V10__lean_sync_tables.sql"),
    },
    Migration {
        version: 11,
        sql: include_str!("../../migrations/V11__messages_one_index.sql"),
    },
    Migration {
        version: 12,
        sql: include_str!("../../migrations/V12__outbox_tickets.sql"),
    },
    Migration {
        version: 13,
        sql: include_str!("../../migrations/V13__key_package_refs.sql"),
    },
    Migration {
        version: 14,
        sql: include_str!("../../migrations/V14__joins_unannounced.sql"),
    },
    Migration {
        version: 15,
        sql: include_str!("../../migrations/V15__invite_states_one_vocabulary.sql"),
    },
    Migration {
        version: 16,
        sql: include_str!("../../migrations/V16__circle_invitations.sql"),
    },
    Migration {
        version: 17,
        sql: include_str!("../../migrations/V17__structured_circle_events.sql"),
    },
    Migration {
        version: 18,
        sql: include_str!("../../migrations/V18__wakes.sql"),
    },
    Migration {
        version: 19,
        sql: include_str!("../../migrations/V19__wake_notices.sql"),
    },
    Migration {
        version: 20,
        sql: include_str!("../../migrations/V20__goals.sql"),
    },
    Migration {
        version: 21,
        sql: include_str!("../../migrations/V21__talks.sql"),
    },
    Migration {
        version: 22,
        sql: include_str!("../../migrations/V22__circle_rules.sql"),
    },
    Migration {
        version: 23,
        sql: include_str!("../../migrations/V23__finding_circles.sql"),
    },
    Migration {
        version: 24,
        sql: include_str!("../../migrations/V24__breakouts.sql"),
    },
    Migration {
        version: 25,
        sql: include_str!("../../migrations/V25__request_desk.sql"),
    },
];

/// The newest schema this build knows.
pub(crate) const LATEST: u32 = 25;

/// The schema version recorded in the database.
pub(crate) fn current_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Brings the schema up to [`LATEST`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)?;
    // openmls's tables follow their own migrations, recorded in their own table.
    crate::circles::storage::migrate(conn)
}

/// Brings the schema up to `target` (tests build fixtures of old versions with it).
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let found = current_version(conn)?;
    if found > LATEST {
        return Err(Error::SchemaTooNew {
            found,
            supported: LATEST,
        });
    }
    for step in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step.sql)?;
        tx.pragma_update(None, "user_version", step.version)?;
        tx.commit()?;
        tracing::info!(version = step.version, "schema migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Column `index` of every row `sql` returns.
    fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, index: usize) -> Vec<T> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(index))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// A database at schema `version`, foreign keys on, holding one circle (x'01').
    fn with_circle(version: u32) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrate_to(&mut conn, version).unwrap();
        conn.execute(
            "INSERT INTO circles (group_id, signature_key, pseudonym, display_name, joined_at_ms)
                 VALUES (x'01', x'02', x'03', 'Fern', 0)",
            [],
        )
        .unwrap();
        conn
    }

    #[test]
    fn versions_are_ordered_and_latest_matches() {
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<u32> = (1..=LATEST).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn migrating_twice_is_a_no_op_and_a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST);
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(Error::SchemaTooNew { found, .. }) if found == LATEST + 1
        ));
    }

    #[test]
    fn own_posts_keep_their_rows_when_rebuilt_without_rowid() {
        let mut conn = with_circle(9);
        conn.execute_batch(
            "INSERT INTO circle_own_posts (group_id, relay_seq) VALUES (x'01', 4), (x'01', 9);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let seqs: Vec<i64> = column(
            &conn,
            "SELECT relay_seq FROM circle_own_posts WHERE group_id = x'01' ORDER BY 1",
            0,
        );
        assert_eq!(seqs, [4, 9]);
        let definition: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'circle_own_posts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(definition.ends_with("WITHOUT ROWID"), "{definition}");
        // Still removed with its circle.
        conn.execute("DELETE FROM circles", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM circle_own_posts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn a_circles_messages_are_found_through_the_unique_index_once_the_seq_index_is_gone() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let indexes: Vec<String> = column(
            &conn,
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'circle_messages'",
            0,
        );
        assert_eq!(indexes, ["sqlite_autoindex_circle_messages_1"]);
        // Reading one circle, and deleting it (the cascade), never scan every circle's rows.
        for sql in [
            "SELECT seq FROM circle_messages WHERE group_id = x'01' AND relay_seq > 3",
            "DELETE FROM circle_messages WHERE group_id = x'01' AND received_at_ms < 5",
        ] {
            // The plan's fourth column describes each step.
            let plan: Vec<String> = column(&conn, &format!("EXPLAIN QUERY PLAN {sql}"), 3);
            assert!(
                plan.iter().any(|step| step
                    .contains("USING INDEX sqlite_autoindex_circle_messages_1 (group_id=?)")),
                "{sql}: {plan:?}"
            );
        }
    }

    #[test]
    fn queued_posts_keep_their_ids_as_tickets_and_new_ones_draw_theirs() {
        let mut conn = with_circle(11);
        conn.execute_batch(
            "INSERT INTO circle_outbox (id, group_id, kind, payload, is_post, created_at_ms)
                 VALUES (7, x'01', 'payload', '{}', 1, 5), (9, x'01', 'welcome', NULL, 0, 6);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let kept: Vec<(i64, i64)> = conn
            .prepare("SELECT id, ticket FROM circle_outbox ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(kept, [(7, 7), (9, 9)]);
        let is_post: Vec<i64> = column(&conn, "SELECT is_post FROM circle_outbox ORDER BY id", 0);
        assert_eq!(is_post, [1, 0]);
        // Nothing keeps a sequence for the queue any more.
        let sequences: Vec<String> = column(&conn, "SELECT name FROM sqlite_sequence", 0);
        assert!(!sequences.iter().any(|name| name == "circle_outbox"));
        // New rows draw positive tickets (never an id the outbox gives its own requests).
        conn.execute("DELETE FROM circle_outbox", []).unwrap();
        for _ in 0..50 {
            conn.execute(
                "INSERT INTO circle_outbox (group_id, kind, created_at_ms) VALUES (x'01', 'payload', 1)",
                [],
            )
            .unwrap();
        }
        let tickets: std::collections::HashSet<i64> =
            column::<i64>(&conn, "SELECT ticket FROM circle_outbox", 0)
                .into_iter()
                .collect();
        assert_eq!(tickets.len(), 50);
        assert!(tickets.iter().all(|&t| t > 0));
        // Still removed with its circle.
        conn.execute("DELETE FROM circles", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM circle_outbox", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn invite_and_join_states_take_the_apps_names_and_keep_their_rows() {
        let mut conn = with_circle(14);
        for (i, state) in [
            "new",
            "open",
            "waiting",
            "admitting",
            "used",
            "declined",
            "burned",
            "expired",
            "revoked",
        ]
        .iter()
        .enumerate()
        {
            conn.execute(
                "INSERT INTO circle_invites (nameplate, group_id, label, auto_admit, state,
                     created_at_ms, updated_at_ms, expires_at, owner_token, words)
                 VALUES (?1, x'01', 'for Ash', 1, ?2, ?3, ?3, 99, x'07', 'four calm words')",
                rusqlite::params![format!("{i}"), state, i as i64],
            )
            .unwrap();
        }
        for (i, state) in [
            "new",
            "claiming",
            "waiting",
            "joined",
            "declined",
            "failed",
            "unavailable",
        ]
        .iter()
        .enumerate()
        {
            conn.execute(
                "INSERT INTO invite_joins (nameplate, display_name, state, created_at_ms,
                     updated_at_ms, claim_token)
                 VALUES (?1, 'Ash', ?2, ?3, ?3, x'08')",
                rusqlite::params![format!("{i}"), state, i as i64],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let invites: Vec<crate::invites::InviteStage> = column(
            &conn,
            "SELECT state FROM circle_invites ORDER BY created_at_ms",
            0,
        );
        use crate::invites::{InviteStage as I, JoinStage as J};
        assert_eq!(
            invites,
            [
                I::Unpublished,
                I::Open,
                I::WaitingForApproval,
                I::Claimed,
                I::Used,
                I::Declined,
                I::Failed,
                I::Expired,
                I::Revoked
            ]
        );
        let joins: Vec<J> = column(
            &conn,
            "SELECT state FROM invite_joins ORDER BY created_at_ms",
            0,
        );
        assert_eq!(
            joins,
            [
                J::Entered,
                J::Claiming,
                J::WaitingForFacilitator,
                J::Joined,
                J::Declined,
                J::CodeDidNotWork,
                J::Unavailable
            ]
        );
        // The other columns came across, and a code still goes with its circle.
        let words: Vec<String> = column(&conn, "SELECT words FROM circle_invites", 0);
        assert!(words.iter().all(|w| w == "four calm words"));
        conn.execute("DELETE FROM circles", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM circle_invites", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn every_sentence_earlier_versions_wrote_comes_back_as_its_event() {
        use crate::circles::events::{CircleEvent as E, DroppedChange, Undelivered, Who};
        use crate::circles::Role;
        let cases: Vec<(&str, E)> = vec![
            ("You created the circle.", E::Created),
            ("You joined. Messages sent before you joined cannot be read.", E::YouJoined),
            ("Ash joined. They can't read what was sent before.", E::Joined { who: "Ash".into() }),
            ("You left the circle.", E::Left { who: Who::You }),
            ("Ash left the circle.", E::Left { who: Who::Member("Ash".into()) }),
            ("You were removed from the circle.", E::Removed { who: Who::You }),
            ("Sam O'Neil was removed from the circle.", E::Removed { who: Who::Member("Sam O'Neil".into()) }),
            ("The circle was renamed to \u{201c}Evening \"quiet\"\u{201d}.", E::Renamed { name: "Evening \"quiet\"".into() }),
            ("The circle's description changed.", E::DescriptionChanged),
            ("The guidelines changed (version 12).", E::GuidelinesChanged { version: 12 }),
            ("Ash is now a co-facilitator.", E::RoleGiven { who: Who::Member("Ash".into()), role: Role::CoFacilitator }),
            ("Ash is now a facilitator.", E::RoleGiven { who: Who::Member("Ash".into()), role: Role::Facilitator }),
            ("Ash is now a member.", E::RoleGiven { who: Who::Member("Ash".into()), role: Role::Member }),
            ("Ash is no longer a co-facilitator.", E::RoleEnded { who: Who::Member("Ash".into()), role: Role::CoFacilitator }),
            ("Messages now disappear 7 days after they arrive.", E::DisappearingOn { after_s: 7 * 86_400 }),
            ("Messages now disappear 1 hour after they arrive.", E::DisappearingOn { after_s: 3_600 }),
            ("Messages now disappear 5 minutes after they arrive.", E::DisappearingOn { after_s: 300 }),
            ("Messages no longer disappear.", E::DisappearingOff),
            ("A meeting was scheduled: Tuesday check-in.", E::MeetingScheduled { title: "Tuesday check-in".into() }),
            ("A meeting was cancelled: Tuesday check-in.", E::MeetingCancelled { title: "Tuesday check-in".into() }),
            ("The facilitator closed this circle.", E::Closed),
            ("A change could not be made: not permitted: only facilitators may do that.", E::ChangeDropped { why: DroppedChange::Unknown }),
            ("A member could not be added: their device has no invitation keys at the relay.", E::ChangeDropped { why: DroppedChange::NoInvitationKeys }),
            ("A member could not be added: the relay's copy of their device's invitation keys was not signed by their device.", E::ChangeDropped { why: DroppedChange::KeysNotTheirs }),
            ("A new member's invitation could not be delivered.", E::NotDelivered { what: Undelivered::Invitation }),
            ("A message could not be sent.", E::NotDelivered { what: Undelivered::Message }),
            ("A change to the circle was refused by the relay.", E::NotDelivered { what: Undelivered::Change }),
            ("Someone tried invite code 7KQ2M9 with a wrong secret, so the code no longer works. If it was a typo, make a new code.", E::CodeFailed { nameplate: "7KQ2M9".into() }),
            ("Something nobody wrote any more.", E::Legacy { text: "Something nobody wrote any more.".into() }),
        ];
        let mut conn = with_circle(16);
        for (i, (sentence, _)) in cases.iter().enumerate() {
            conn.execute(
                "INSERT INTO circle_messages (group_id, id, relay_seq, epoch, kind, body, sent_at_ms, received_at_ms)
                 VALUES (x'01', ?1, ?2, 1, 'system', ?3, 0, 0)",
                rusqlite::params![format!("m{i}"), i as i64, sentence],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO circle_messages (group_id, id, relay_seq, epoch, kind, body, sent_at_ms, received_at_ms)
             VALUES (x'01', 'text', 999, 1, 'text', 'You created the circle.', 0, 0)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let events: Vec<E> = column(
            &conn,
            "SELECT event FROM circle_messages WHERE kind = 'system' ORDER BY relay_seq",
            0,
        );
        let expected: Vec<E> = cases.into_iter().map(|(_, e)| e).collect();
        assert_eq!(events, expected);
        let bodies: Vec<String> = column(
            &conn,
            "SELECT body FROM circle_messages WHERE kind = 'system'",
            0,
        );
        assert!(
            bodies.iter().all(String::is_empty),
            "no English sentence is left behind"
        );
        let text: Vec<(String, Option<String>)> = conn
            .prepare("SELECT body, event FROM circle_messages WHERE kind = 'text'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            text,
            vec![("You created the circle.".to_string(), None)],
            "a member's words stay as written"
        );
    }

    #[test]
    fn requests_received_are_known_by_their_inbox_once_numbers_start_again() {
        let mut conn = with_circle(24);
        conn.execute_batch(
            "INSERT INTO request_inboxes (group_id, inbox_id, owner_seed, hpke_seed, state,
               opened_at_ms) VALUES (x'01', x'aa', x'00', x'00', 'open', 0);
             INSERT INTO requests_received (group_id, seq, circle_ref, name, note, reply_inbox,
               reply_key, state, received_at_ms) VALUES
               (x'01', 1, 'c', 'Robin', 'hello', x'10', x'11', 'waiting', 5),
               (x'09', 1, 'c', 'Sky', '', x'12', x'13', 'declined', 6);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let inboxes: Vec<Vec<u8>> = column(
            &conn,
            "SELECT inbox_id FROM requests_received ORDER BY name",
            0,
        );
        // The circle's inbox where one is held; the circle's id (still unique) where not.
        assert_eq!(inboxes, [vec![0xaa], vec![0x09]]);
        // A new inbox's first request sits beside the old inbox's.
        conn.execute(
            "INSERT INTO requests_received (group_id, inbox_id, seq, circle_ref, name, note,
               reply_inbox, reply_key, state, received_at_ms)
             VALUES (x'01', x'bb', 1, 'c', 'Tam', '', x'14', x'15', 'waiting', 7)",
            [],
        )
        .unwrap();
        let again = conn.execute(
            "INSERT INTO requests_received (group_id, inbox_id, seq, circle_ref, name, note,
               reply_inbox, reply_key, state, received_at_ms)
             VALUES (x'01', x'aa', 1, 'c', 'Robin', '', x'14', x'15', 'waiting', 8)",
            [],
        );
        assert!(again.is_err(), "one request per inbox and number");
        // The inbox is kept; one being closed and a new one stand side by side, one open.
        let inboxes: Vec<Vec<u8>> = column(&conn, "SELECT inbox_id FROM request_inboxes", 0);
        assert_eq!(inboxes, [vec![0xaa]]);
        conn.execute_batch(
            "UPDATE request_inboxes SET state = 'closing';
             INSERT INTO request_inboxes (group_id, inbox_id, owner_seed, hpke_seed, state,
               opened_at_ms) VALUES (x'01', x'bb', x'00', x'00', 'opening', 0);",
        )
        .unwrap();
        let second_open = conn.execute(
            "INSERT INTO request_inboxes (group_id, inbox_id, owner_seed, hpke_seed, state,
               opened_at_ms) VALUES (x'01', x'cc', x'00', x'00', 'open', 0)",
            [],
        );
        assert!(second_open.is_err(), "one open inbox per circle");
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // Make step 2 fail half-way: its second virtual table already exists.
        conn.execute_batch("CREATE TABLE entry_search (x)").unwrap();
        assert!(migrate(&mut conn).is_err());
        assert_eq!(current_version(&conn).unwrap(), 1);
        let has_checkin_search: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'checkin_search'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has_checkin_search, 0, "step 2 was rolled back whole");
    }
}

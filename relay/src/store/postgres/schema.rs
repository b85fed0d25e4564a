//! The PostgreSQL schema, as numbered migrations applied at start. Nodes starting together
//! take turns on an advisory lock, so each migration runs once; a database from a newer
//! relay is refused.

use super::{err, OpenError};

/// The schema's steps, in order: version `n` is `MIGRATIONS[n - 1]`. Never edit one that has
/// shipped; add the next.
const MIGRATIONS: &[&str] = &[
    // 1: what the SQLite store's version 2 holds.
    "
CREATE TABLE devices (
    device_id text PRIMARY KEY, public_key bytea NOT NULL, created_at bigint NOT NULL);
CREATE TABLE challenges (
    device_id text NOT NULL, nonce bytea NOT NULL, expires_at bigint NOT NULL,
    PRIMARY KEY (device_id, nonce));
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY, device_id text NOT NULL, expires_at bigint NOT NULL);
CREATE TABLE key_packages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, device_id text NOT NULL,
    key_package bytea NOT NULL, signature bytea NOT NULL, expires_at bigint NOT NULL);
CREATE INDEX key_packages_by_device ON key_packages (device_id, id);
CREATE INDEX key_packages_by_expiry ON key_packages (expires_at);
CREATE TABLE last_resort (
    device_id text PRIMARY KEY, key_package bytea NOT NULL, signature bytea NOT NULL,
    used boolean NOT NULL, served_day bigint NOT NULL DEFAULT 0, served integer NOT NULL DEFAULT 0);
CREATE TABLE welcomes (
    device_id text NOT NULL, id bytea NOT NULL, welcome bytea NOT NULL,
    received_at bigint NOT NULL, arrival bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (device_id, id));
CREATE INDEX welcomes_by_age ON welcomes (received_at);
CREATE TABLE claim_counts (
    subject text NOT NULL, role smallint NOT NULL, window_start bigint NOT NULL,
    count integer NOT NULL, PRIMARY KEY (subject, role));
CREATE TABLE welcome_grants (
    claimer text NOT NULL, device_id text NOT NULL, grants integer NOT NULL,
    expires_at bigint NOT NULL, PRIMARY KEY (claimer, device_id));
CREATE TABLE mailboxes (
    mailbox_id bytea PRIMARY KEY, current_epoch bigint NOT NULL, next_seq bigint NOT NULL,
    stored_bytes bigint NOT NULL DEFAULT 0, next_report bigint NOT NULL DEFAULT 1);
CREATE TABLE committers (
    mailbox_id bytea NOT NULL, public_key bytea NOT NULL, PRIMARY KEY (mailbox_id, public_key));
CREATE TABLE capabilities (
    mailbox_id bytea NOT NULL, epoch bigint NOT NULL, hash bytea NOT NULL,
    created_at bigint NOT NULL, PRIMARY KEY (mailbox_id, epoch));
CREATE TABLE messages (
    mailbox_id bytea NOT NULL, seq bigint NOT NULL, epoch bigint NOT NULL,
    kind smallint NOT NULL, client_id bytea NOT NULL, message bytea NOT NULL,
    received_at bigint NOT NULL,
    PRIMARY KEY (mailbox_id, seq), UNIQUE (mailbox_id, client_id));
CREATE INDEX messages_by_epoch ON messages (mailbox_id, epoch, seq);
CREATE INDEX messages_by_age ON messages (received_at);
CREATE TABLE invites (
    nameplate text PRIMARY KEY, message bytea NOT NULL, owner_hash bytea NOT NULL,
    expires_at bigint NOT NULL, claim_hash bytea, claim_message bytea, sealed_claim bytea,
    claimed_at bigint, answer bytea);
CREATE INDEX invites_by_expiry ON invites (expires_at);
CREATE TABLE reports (
    mailbox_id bytea NOT NULL, seq bigint NOT NULL, client_id bytea NOT NULL,
    report bytea NOT NULL, received_at bigint NOT NULL,
    PRIMARY KEY (mailbox_id, seq), UNIQUE (mailbox_id, client_id));
CREATE INDEX reports_by_age ON reports (received_at);
CREATE TABLE closed_mailboxes (mailbox_id bytea PRIMARY KEY, closed_at bigint NOT NULL);
CREATE TABLE jobs (name text PRIMARY KEY, last_run bigint NOT NULL);
",
    // 2: an append in one round trip. The checks and writes are those the contract names,
    // in this order: lock the head row, capability, repeated client id, epoch, quota,
    // committer; then the next epoch's capability and committers for a commit, the message,
    // the head. Outcomes: 0 appended, 1 repeated, 2 no mailbox, 3 bad capability, 4 stale
    // epoch, 5 not a committer, 6 over quota.
    "
CREATE FUNCTION hearth_append(
    p_mailbox bytea, p_epoch bigint, p_kind smallint, p_capability bytea, p_client bytea,
    p_message bytea, p_now bigint, p_bytes_max bigint,
    p_committer bytea, p_next_capability bytea, p_committers bytea[])
RETURNS TABLE (outcome smallint, seq bigint, epoch bigint, received_at bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    head mailboxes%ROWTYPE;
    earlier messages%ROWTYPE;
BEGIN
    SELECT * INTO head FROM mailboxes WHERE mailbox_id = p_mailbox FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 2::smallint, 0::bigint, 0::bigint, 0::bigint; RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM capabilities c WHERE c.mailbox_id = p_mailbox
                   AND c.epoch = p_epoch AND c.hash = p_capability) THEN
        RETURN QUERY SELECT 3::smallint, 0::bigint, head.current_epoch, 0::bigint; RETURN;
    END IF;
    SELECT * INTO earlier FROM messages m WHERE m.mailbox_id = p_mailbox AND m.client_id = p_client;
    IF FOUND THEN
        RETURN QUERY SELECT 1::smallint, earlier.seq, earlier.epoch, earlier.received_at; RETURN;
    END IF;
    IF p_epoch <> head.current_epoch THEN
        RETURN QUERY SELECT 4::smallint, 0::bigint, head.current_epoch, 0::bigint; RETURN;
    END IF;
    IF head.stored_bytes + octet_length(p_message) > p_bytes_max THEN
        RETURN QUERY SELECT 6::smallint, 0::bigint, head.current_epoch, 0::bigint; RETURN;
    END IF;
    IF p_committer IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM committers k WHERE k.mailbox_id = p_mailbox
                       AND k.public_key = p_committer) THEN
            RETURN QUERY SELECT 5::smallint, 0::bigint, head.current_epoch, 0::bigint; RETURN;
        END IF;
        INSERT INTO capabilities (mailbox_id, epoch, hash, created_at)
            VALUES (p_mailbox, head.current_epoch + 1, p_next_capability, p_now)
            ON CONFLICT (mailbox_id, epoch) DO UPDATE
            SET hash = excluded.hash, created_at = excluded.created_at;
        IF p_committers IS NOT NULL THEN
            DELETE FROM committers k WHERE k.mailbox_id = p_mailbox;
            INSERT INTO committers (mailbox_id, public_key)
                SELECT p_mailbox, k FROM unnest(p_committers) AS k ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    INSERT INTO messages (mailbox_id, seq, epoch, kind, client_id, message, received_at)
        VALUES (p_mailbox, head.next_seq, head.current_epoch, p_kind, p_client, p_message, p_now);
    UPDATE mailboxes SET next_seq = head.next_seq + 1,
        stored_bytes = head.stored_bytes + octet_length(p_message),
        current_epoch = head.current_epoch + CASE WHEN p_committer IS NULL THEN 0 ELSE 1 END
        WHERE mailbox_id = p_mailbox;
    RETURN QUERY SELECT 0::smallint, head.next_seq, head.current_epoch, p_now;
END
$$;
",
    // 3: wake tickets, per mailbox and epoch.
    "
CREATE TABLE wake_tickets (
    mailbox_id bytea NOT NULL, ticket_id bytea NOT NULL, epoch bigint NOT NULL,
    ticket bytea NOT NULL, created_at bigint NOT NULL, PRIMARY KEY (mailbox_id, ticket_id));
CREATE INDEX wake_tickets_by_epoch ON wake_tickets (mailbox_id, epoch);
",
    // 4: drop inboxes (`hearth_protocol::inboxes`), as the SQLite store's version 4.
    "
CREATE TABLE inboxes (
    inbox_id bytea PRIMARY KEY, owner bytea NOT NULL, next_seq bigint NOT NULL DEFAULT 1,
    used_at bigint NOT NULL);
CREATE TABLE drops (
    inbox_id bytea NOT NULL, seq bigint NOT NULL, client_id bytea NOT NULL, sealed bytea NOT NULL,
    received_at bigint NOT NULL,
    PRIMARY KEY (inbox_id, seq), UNIQUE (inbox_id, client_id));
CREATE INDEX drops_by_age ON drops (received_at);
",
];

/// The newest schema version this relay knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The advisory lock nodes take while migrating (an arbitrary constant: "hearth" in ASCII).
const MIGRATION_LOCK: i64 = 0x6865_6172_7468;

/// Applies the missing migrations, each in the transaction that records its number.
pub async fn migrate(client: &mut deadpool_postgres::Object) -> Result<(), OpenError> {
    let tx = client.transaction().await.map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
           only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version bigint NOT NULL);
         INSERT INTO schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;",
    )
    .await
    .map_err(err)?;
    let found: i64 = tx
        .query_one("SELECT version FROM schema_version", &[])
        .await
        .map_err(err)?
        .try_get(0)
        .map_err(err)?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (version, step) in (1i64..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(found).unwrap_or(0))
    {
        tx.batch_execute(step).await.map_err(err)?;
        tx.execute("UPDATE schema_version SET version = $1", &[&version])
            .await
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    Ok(())
}

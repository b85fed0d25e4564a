-- Circles: what Hearth keeps beside openmls's own tables (created by openmls_sqlite_storage's
-- migrations on the same connection).

-- Our KeyPackages: which per-circle signature key and pseudonym each one carries, so the
-- signer is found again when a Welcome for it arrives.
CREATE TABLE circle_key_packages (
    signature_key BLOB PRIMARY KEY,
    pseudonym BLOB NOT NULL,
    last_resort INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
);

-- One row per circle this device belongs to (or belonged to: `state`).
CREATE TABLE circles (
    group_id BLOB PRIMARY KEY,
    signature_key BLOB NOT NULL,
    pseudonym BLOB NOT NULL,
    display_name TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'left', 'removed')),
    joined_at_ms INTEGER NOT NULL,
    relay_cursor INTEGER NOT NULL DEFAULT 0,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    -- SHA-256 of our commit waiting for the relay: if its acknowledgement is lost, the commit
    -- coming back is recognised by it (openmls cannot decrypt our own PrivateMessages).
    pending_commit_digest BLOB
);

-- Members' display names as they introduced themselves (end-to-end encrypted), by their
-- per-circle signature key.
CREATE TABLE circle_members (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key BLOB NOT NULL,
    display_name TEXT NOT NULL,
    PRIMARY KEY (group_id, signature_key)
);

-- Messages: text and system events, in the relay's order once it is known.
CREATE TABLE circle_messages (
    seq INTEGER PRIMARY KEY,
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    relay_seq INTEGER,
    epoch INTEGER NOT NULL,
    sender BLOB,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    reply_to TEXT,
    sent_at_ms INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    UNIQUE (group_id, id)
);
CREATE INDEX circle_messages_by_circle ON circle_messages (group_id, seq);

-- Relay sequence numbers of our own posts: when they come back they are skipped, because we
-- hold their plaintext already (and openmls cannot decrypt our own messages).
CREATE TABLE circle_own_posts (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    relay_seq INTEGER NOT NULL,
    PRIMARY KEY (group_id, relay_seq)
);

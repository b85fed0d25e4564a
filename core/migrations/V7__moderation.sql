-- Safety and moderation: guidelines acceptance, facilitators' tools, local mutes, closing.

-- Which guidelines version we accepted here (0: none yet; posting waits for the current one).
ALTER TABLE circles ADD COLUMN guidelines_accepted INTEGER NOT NULL DEFAULT 0;
-- When the circle was closed by its facilitator (every phone stops; nothing more is sent).
ALTER TABLE circles ADD COLUMN closed_at_ms INTEGER;
-- Whether the closing facilitator's phone still has to delete the mailbox at the relay.
ALTER TABLE circles ADD COLUMN mailbox_delete_pending INTEGER NOT NULL DEFAULT 0;

-- A facilitator removed the message for everyone: a tombstone stays in its place.
ALTER TABLE circle_messages ADD COLUMN removed_by_facilitator INTEGER NOT NULL DEFAULT 0;
-- Pinned by a facilitator, at this relay position (NULL: not pinned).
ALTER TABLE circle_messages ADD COLUMN pinned_at_seq INTEGER;

-- Outbox payloads that are posts (text, share, reaction, edit): they wait while our
-- guidelines acceptance is due or we are timed out, while others (acceptance, introduction,
-- deletion of our own message) go ahead.
ALTER TABLE circle_outbox ADD COLUMN is_post INTEGER NOT NULL DEFAULT 0;

-- Who accepted which guidelines version, by per-circle key (every phone records it; the
-- facilitators' screens show it).
CREATE TABLE circle_acceptances (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key BLOB NOT NULL,
    version INTEGER NOT NULL,
    relay_seq INTEGER NOT NULL,
    PRIMARY KEY (group_id, signature_key)
);

-- Timeouts: a member's posts that the relay ordered after `from_seq` and received before
-- `until_relay_s` (the relay's clock) are dropped by every phone. `until_ms` is when the
-- member's own phone lets them post again, measured on its own clock from when it learned
-- of the timeout (never earlier than the relay's end).
CREATE TABLE circle_timeouts (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key BLOB NOT NULL,
    from_seq INTEGER NOT NULL,
    until_relay_s INTEGER NOT NULL,
    until_ms INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (group_id, signature_key)
);

-- Members this phone muted (local only: nobody else learns of it).
CREATE TABLE circle_mutes (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key BLOB NOT NULL,
    PRIMARY KEY (group_id, signature_key)
);

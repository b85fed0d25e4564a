-- One page fewer for every message sent: AUTOINCREMENT kept the outbox's highest id in
-- sqlite_sequence, whose page every insert wrote again.
--
-- It was there so that an id would never name two items: the relay's answer names the item it
-- answers, and an answer that arrives late (another process's sync, say) must never settle a
-- newer post. Now `id` only orders the queue and is used again once the queue has emptied,
-- and a random `ticket` names the item to the relay's answer. 62 random bits: two tickets
-- are never expected to meet. Rows queued before keep their id as their ticket.
CREATE TABLE circle_outbox_ticketed (
    id INTEGER PRIMARY KEY,
    ticket INTEGER NOT NULL DEFAULT ((random() & 4611686018427387903) + 1),
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('payload', 'proposal', 'commit', 'welcome')),
    payload TEXT,
    message_id TEXT,
    epoch INTEGER,
    client_id BLOB,
    message BLOB,
    -- For commits: the relay's CommitAuth (JSON), the Welcome it makes and whose inbox gets it.
    commit_auth TEXT,
    welcome BLOB,
    welcome_to TEXT,
    intent_id INTEGER,
    created_at_ms INTEGER NOT NULL,
    is_post INTEGER NOT NULL DEFAULT 0
);
INSERT INTO circle_outbox_ticketed (id, ticket, group_id, kind, payload, message_id, epoch,
        client_id, message, commit_auth, welcome, welcome_to, intent_id, created_at_ms, is_post)
    SELECT id, id, group_id, kind, payload, message_id, epoch,
        client_id, message, commit_auth, welcome, welcome_to, intent_id, created_at_ms, is_post
    FROM circle_outbox;
DROP TABLE circle_outbox;
ALTER TABLE circle_outbox_ticketed RENAME TO circle_outbox;

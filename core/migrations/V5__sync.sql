-- Sync: what waits for the relay, survives restarts, and is retried in order.

-- Posts to a circle's mailbox, oldest first. A row starts as a plaintext payload (our text,
-- reaction, edit...) and is sealed (encrypted for the epoch current at sealing) just before it
-- is posted; proposals and commits are sealed when made. A sealed row is posted again with the
-- same client_id after a crash, so the relay recognises it. `kind` 'welcome' rows carry a
-- Welcome to a device's inbox, queued when the relay accepted the commit that made it.
CREATE TABLE circle_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX circle_outbox_by_circle ON circle_outbox (group_id, id);

-- Changes this device wants made to a circle, kept until the relay has ordered them: a
-- committer's add, remove, role or profile change (retried after a conflict), and a member's
-- leave or key update (proposed again if an epoch passes without them).
CREATE TABLE circle_intents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('add', 'remove', 'set_role', 'profile', 'leave', 'update', 'commit')),
    argument TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent')),
    epoch INTEGER,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX circle_intents_by_circle ON circle_intents (group_id, id);

-- The relay this profile syncs with, and the device id it registered there.
CREATE TABLE relay_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL,
    device_id TEXT,
    registered_at_ms INTEGER
);

-- Whether the circle's mailbox exists at the relay (we open it for circles we create), and
-- when we last proposed or committed a key update of our own.
ALTER TABLE circles ADD COLUMN mailbox_open INTEGER NOT NULL DEFAULT 1;
ALTER TABLE circles ADD COLUMN last_update_ms INTEGER;

-- Edited and deleted messages keep their place; the text is replaced, or emptied.
ALTER TABLE circle_messages ADD COLUMN edited_at_ms INTEGER;
ALTER TABLE circle_messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

-- Reactions: one emoji per member per message may appear once.
CREATE TABLE circle_reactions (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    sender BLOB NOT NULL,
    emoji TEXT NOT NULL,
    PRIMARY KEY (group_id, message_id, sender, emoji)
);

-- A circle's request inbox shared by its facilitators and co-facilitators. An inbox is
-- known by its id, so one being closed at the relay and its successor stand side by side
-- (one open per circle); a request is known by the inbox it arrived in and its number there
-- (numbers start again in an inbox opened anew); and each phone remembers whom it gave an
-- inbox's keys to.

CREATE TABLE request_inboxes_v25 (
    inbox_id BLOB PRIMARY KEY,
    group_id BLOB NOT NULL,
    owner_seed BLOB NOT NULL,            -- Ed25519: reads and closes it at the relay
    hpke_seed BLOB NOT NULL,             -- X25519: opens the requests
    state TEXT NOT NULL,                 -- opening | open | closing
    cursor INTEGER NOT NULL DEFAULT 0,
    opened_at_ms INTEGER NOT NULL
);
INSERT INTO request_inboxes_v25 (inbox_id, group_id, owner_seed, hpke_seed, state, cursor,
    opened_at_ms)
SELECT inbox_id, group_id, owner_seed, hpke_seed, state, cursor, opened_at_ms
FROM request_inboxes;

CREATE TABLE requests_received_v25 (
    id INTEGER PRIMARY KEY,
    group_id BLOB NOT NULL,
    inbox_id BLOB NOT NULL,
    seq INTEGER NOT NULL,
    circle_ref TEXT NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL,
    reply_inbox BLOB NOT NULL,           -- empty when another facilitator answered it
    reply_key BLOB NOT NULL,
    state TEXT NOT NULL,                 -- waiting | invited | declined
    nameplate TEXT,                      -- the code sent, once invited
    answer BLOB,                         -- the sealed answer, until the relay took it
    answer_client_id BLOB,
    received_at_ms INTEGER NOT NULL,
    answered_at_ms INTEGER,
    answered_by BLOB,                    -- another facilitator's per-circle key (NULL: us)
    UNIQUE (inbox_id, seq)
);

INSERT INTO requests_received_v25 (id, group_id, inbox_id, seq, circle_ref, name, note,
    reply_inbox, reply_key, state, nameplate, answer, answer_client_id, received_at_ms,
    answered_at_ms)
SELECT r.id, r.group_id,
    COALESCE((SELECT i.inbox_id FROM request_inboxes i WHERE i.group_id = r.group_id),
             r.group_id),
    r.seq, r.circle_ref, r.name, r.note, r.reply_inbox, r.reply_key, r.state, r.nameplate,
    r.answer, r.answer_client_id, r.received_at_ms, r.answered_at_ms
FROM requests_received r;

DROP TABLE request_inboxes;
ALTER TABLE request_inboxes_v25 RENAME TO request_inboxes;
CREATE UNIQUE INDEX request_inboxes_one_per_circle ON request_inboxes (group_id)
    WHERE state <> 'closing';

DROP TABLE requests_received;
ALTER TABLE requests_received_v25 RENAME TO requests_received;
CREATE INDEX requests_received_by_circle ON requests_received (group_id, state);

CREATE TABLE request_inbox_given (
    inbox_id BLOB NOT NULL,
    member BLOB NOT NULL,                -- a facilitator's per-circle key
    PRIMARY KEY (inbox_id, member)
);

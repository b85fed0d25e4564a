-- Finding a circle: organisations' signed directories this phone trusts, the request inbox
-- of each circle this phone opened to requests (facilitator), the requests that arrived
-- there, and the requests this phone sent (with the reply inbox each waits on).

CREATE TABLE directories (
    org_key BLOB PRIMARY KEY,            -- the organisation's Ed25519 key, pinned when added
    url TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    published_at INTEGER NOT NULL DEFAULT 0,   -- of the newest listing taken (Unix s)
    listing TEXT,                        -- that listing's JSON, verified
    fetched_at_ms INTEGER,
    added_at_ms INTEGER NOT NULL
);

CREATE TABLE request_inboxes (
    group_id BLOB PRIMARY KEY,
    inbox_id BLOB NOT NULL UNIQUE,
    owner_seed BLOB NOT NULL,            -- Ed25519: reads and closes it at the relay
    hpke_seed BLOB NOT NULL,             -- X25519: opens the requests
    state TEXT NOT NULL,                 -- opening | open | closing
    cursor INTEGER NOT NULL DEFAULT 0,
    opened_at_ms INTEGER NOT NULL
);

CREATE TABLE requests_received (
    id INTEGER PRIMARY KEY,
    group_id BLOB NOT NULL,
    seq INTEGER NOT NULL,
    circle_ref TEXT NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL,
    reply_inbox BLOB NOT NULL,
    reply_key BLOB NOT NULL,
    state TEXT NOT NULL,                 -- waiting | invited | declined
    nameplate TEXT,                      -- the code sent, once invited
    answer BLOB,                         -- the sealed answer, until the relay took it
    answer_client_id BLOB,
    received_at_ms INTEGER NOT NULL,
    answered_at_ms INTEGER,
    UNIQUE (group_id, seq)
);

CREATE TABLE requests_sent (
    id INTEGER PRIMARY KEY,
    org_key BLOB NOT NULL,
    organisation TEXT NOT NULL,
    circle_ref TEXT NOT NULL,
    circle_name TEXT NOT NULL,
    note TEXT NOT NULL,
    sealed BLOB NOT NULL,                -- the drop, sealed once: a retry leaves the same bytes
    client_id BLOB NOT NULL,
    target_inbox BLOB NOT NULL,
    reply_inbox BLOB NOT NULL UNIQUE,
    reply_owner_seed BLOB NOT NULL,
    reply_hpke_seed BLOB NOT NULL,
    reply_state TEXT NOT NULL,           -- opening | open | closing | closed
    reply_cursor INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,                 -- sending | waiting | invited | declined | undeliverable
    code TEXT,
    message TEXT,
    sent_at_ms INTEGER NOT NULL,
    answered_at_ms INTEGER,
    forgotten INTEGER NOT NULL DEFAULT 0   -- kept only until its reply inbox is closed
);

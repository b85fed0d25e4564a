-- Breakout groups this phone holds the key of (its own group, or every group on a
-- facilitator's phone), and the posts in them. Both are deleted when time is up.
CREATE TABLE breakouts (
    id TEXT PRIMARY KEY,
    group_id BLOB NOT NULL,
    name TEXT NOT NULL,
    key BLOB NOT NULL,
    members TEXT NOT NULL,          -- JSON: [{key, name}]
    ends_at_ms INTEGER NOT NULL,    -- the relay's clock
    mine INTEGER NOT NULL
);
CREATE INDEX breakouts_by_circle ON breakouts (group_id, ends_at_ms);

CREATE TABLE breakout_messages (
    breakout_id TEXT NOT NULL,
    id TEXT NOT NULL,
    sender BLOB NOT NULL,
    body TEXT NOT NULL,
    sent_at_ms INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    PRIMARY KEY (breakout_id, id)
);

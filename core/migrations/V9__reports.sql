-- Reports to a circle's facilitators, sealed (HPKE) to their per-circle report keys and left
-- in the circle's facilitator inbox at the relay; and shared check-in cards.

-- The seed of our per-circle report key (X25519; its public half goes out in every
-- introduction, so whoever becomes a facilitator can be reported to).
ALTER TABLE circles ADD COLUMN report_seed BLOB;
-- How far this phone read the circle's facilitator inbox (facilitators only).
ALTER TABLE circles ADD COLUMN reports_cursor INTEGER NOT NULL DEFAULT 0;
-- A member's report key, as their introduction announced it.
ALTER TABLE circle_members ADD COLUMN report_key BLOB;

-- Reports we made: waiting to be sealed and posted (sent_at_ms NULL), then kept as a record
-- for the person who made them.
CREATE TABLE circle_reports_sent (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    message_id TEXT,
    reason TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    sent_at_ms INTEGER,
    PRIMARY KEY (group_id, id)
);

-- Reports a facilitator's phone received and could open: the reporter (verified by their
-- per-circle signature), what they named, and whether a facilitator here handled it. The
-- message itself is never copied from the report: it is read from our own stored copy.
CREATE TABLE circle_reports (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    reporter BLOB NOT NULL,
    message_id TEXT,
    reason TEXT NOT NULL,
    comment TEXT NOT NULL,
    sent_at_ms INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    handled_at_ms INTEGER,
    PRIMARY KEY (group_id, id)
);

-- A check-in shared as a card (JSON of the mood and the parts chosen); `body` holds the
-- summary every phone writes from it.
ALTER TABLE circle_messages ADD COLUMN card TEXT;

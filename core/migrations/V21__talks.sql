-- One-to-one talks: requests asked and received inside a circle, and the two-person circle
-- each becomes once accepted.
CREATE TABLE talks (
    id              TEXT    PRIMARY KEY,        -- 32 hex digits the asker chose
    origin          BLOB    NOT NULL,           -- the circle it was asked in (group id)
    peer            BLOB    NOT NULL,           -- the other person's key in that circle
    peer_name       TEXT    NOT NULL,           -- their name there, when asked
    asked_by_us     INTEGER NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('asked', 'open', 'declined', 'withdrawn', 'ended')),
    note            TEXT    NOT NULL DEFAULT '',
    peer_talk_key   BLOB,                       -- their talk key, once a letter of theirs told it
    key_package     BLOB,                       -- the asker's, until the request is answered
    talk_group      BLOB,                       -- the two-person circle, once accepted
    created_at_ms   INTEGER NOT NULL,
    answered_at_ms  INTEGER
);
CREATE INDEX talks_by_peer ON talks (origin, peer);
CREATE INDEX talks_by_group ON talks (talk_group);

-- People this profile blocked from asking for talks, by their talk key.
CREATE TABLE talk_blocks (
    talk_key        BLOB    PRIMARY KEY,
    display_name    TEXT    NOT NULL,
    blocked_at_ms   INTEGER NOT NULL
) WITHOUT ROWID;

-- Our talk key's seed (Ed25519), made when first needed.
CREATE TABLE talk_identity (
    only            INTEGER PRIMARY KEY CHECK (only = 1),
    seed            BLOB    NOT NULL
);

-- A report made from inside a talk goes to the facilitators of the circle the talk began
-- in, who have no copy of the message: the reporter quotes it (shown as their quote), and
-- the other person of the talk is never among its recipients.
ALTER TABLE circle_reports_sent ADD COLUMN talk_quote TEXT;   -- JSON: the TalkQuote
ALTER TABLE circle_reports_sent ADD COLUMN not_to BLOB;       -- that person's key here
ALTER TABLE circle_reports ADD COLUMN talk_quote TEXT;

-- Schema 1: the device identity, the mood journal, instrument results and settings.
-- Every table with an external reference uses an explicit INTEGER PRIMARY KEY, so rowids are
-- stable across VACUUM and export (the search index of schema 2 relies on that).

CREATE TABLE device_identity (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    signing_key      BLOB    NOT NULL,   -- Ed25519 PKCS#8 document
    public_key       BLOB    NOT NULL,
    display_name     TEXT    NOT NULL,
    created_at_ms    INTEGER NOT NULL
);

CREATE TABLE checkins (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    at_ms            INTEGER NOT NULL,   -- the instant, Unix milliseconds
    offset_seconds   INTEGER NOT NULL,   -- the user's UTC offset at that instant
    local_date       TEXT    NOT NULL,   -- YYYY-MM-DD in that offset
    mood             INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
    energy           INTEGER CHECK (energy BETWEEN 1 AND 5),
    sleep_hours      REAL    CHECK (sleep_hours BETWEEN 0 AND 24),
    note             TEXT,
    created_at_ms    INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
);
CREATE INDEX checkins_by_date ON checkins (local_date, at_ms);

CREATE TABLE checkin_emotions (
    checkin_seq      INTEGER NOT NULL REFERENCES checkins (seq) ON DELETE CASCADE,
    emotion          TEXT    NOT NULL,
    PRIMARY KEY (checkin_seq, emotion)
) WITHOUT ROWID;
CREATE INDEX checkin_emotions_by_emotion ON checkin_emotions (emotion, checkin_seq);

CREATE TABLE checkin_tags (
    checkin_seq      INTEGER NOT NULL REFERENCES checkins (seq) ON DELETE CASCADE,
    tag              TEXT    NOT NULL,
    PRIMARY KEY (checkin_seq, tag)
) WITHOUT ROWID;
CREATE INDEX checkin_tags_by_tag ON checkin_tags (tag, checkin_seq);

-- The user's own emotion words, beside the built-in vocabulary.
CREATE TABLE custom_emotions (
    name             TEXT    PRIMARY KEY,
    created_at_ms    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE journal_entries (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    at_ms            INTEGER NOT NULL,
    offset_seconds   INTEGER NOT NULL,
    local_date       TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    prompt           TEXT,
    checkin_id       TEXT    REFERENCES checkins (id) ON DELETE SET NULL,
    created_at_ms    INTEGER NOT NULL,
    updated_at_ms    INTEGER NOT NULL
);
CREATE INDEX journal_entries_by_date ON journal_entries (local_date, at_ms);
CREATE INDEX journal_entries_by_checkin ON journal_entries (checkin_id);

CREATE TABLE survey_results (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    instrument       TEXT    NOT NULL,
    at_ms            INTEGER NOT NULL,
    offset_seconds   INTEGER NOT NULL,
    local_date       TEXT    NOT NULL,
    answers          TEXT    NOT NULL,   -- JSON array of item answers
    score            INTEGER NOT NULL,
    created_at_ms    INTEGER NOT NULL
);
CREATE INDEX survey_results_by_instrument ON survey_results (instrument, at_ms);

-- Small documents: reminder settings, the reminder seed.
CREATE TABLE settings (
    key              TEXT    PRIMARY KEY,
    value            BLOB    NOT NULL
) WITHOUT ROWID;

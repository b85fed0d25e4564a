-- Schema 2: full-text search over check-in notes and journal entries (FTS5, inside the
-- encrypted database). External-content tables index the rows in place; triggers keep the
-- index in the same transaction as every change, and existing rows are indexed here.

CREATE VIRTUAL TABLE checkin_search USING fts5 (
    note,
    content = 'checkins', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER checkins_search_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO checkin_search (rowid, note) VALUES (new.seq, new.note);
END;
CREATE TRIGGER checkins_search_delete AFTER DELETE ON checkins BEGIN
    INSERT INTO checkin_search (checkin_search, rowid, note) VALUES ('delete', old.seq, old.note);
END;
CREATE TRIGGER checkins_search_update AFTER UPDATE OF note ON checkins BEGIN
    INSERT INTO checkin_search (checkin_search, rowid, note) VALUES ('delete', old.seq, old.note);
    INSERT INTO checkin_search (rowid, note) VALUES (new.seq, new.note);
END;
INSERT INTO checkin_search (checkin_search) VALUES ('rebuild');

CREATE VIRTUAL TABLE entry_search USING fts5 (
    body, prompt,
    content = 'journal_entries', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_search_insert AFTER INSERT ON journal_entries BEGIN
    INSERT INTO entry_search (rowid, body, prompt) VALUES (new.seq, new.body, new.prompt);
END;
CREATE TRIGGER entries_search_delete AFTER DELETE ON journal_entries BEGIN
    INSERT INTO entry_search (entry_search, rowid, body, prompt)
        VALUES ('delete', old.seq, old.body, old.prompt);
END;
CREATE TRIGGER entries_search_update AFTER UPDATE OF body, prompt ON journal_entries BEGIN
    INSERT INTO entry_search (entry_search, rowid, body, prompt)
        VALUES ('delete', old.seq, old.body, old.prompt);
    INSERT INTO entry_search (rowid, body, prompt) VALUES (new.seq, new.body, new.prompt);
END;
INSERT INTO entry_search (entry_search) VALUES ('rebuild');

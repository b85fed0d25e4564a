-- Schema 3: drop the by-label secondary indexes. Label filters probe each check-in's primary
-- key (checkin_seq, label) instead, which a journal's size makes cheap, and every check-in
-- write saves two encrypted page updates (measured in benches/journal.rs).
DROP INDEX checkin_emotions_by_emotion;
DROP INDEX checkin_tags_by_tag;

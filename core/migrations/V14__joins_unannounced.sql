-- Members a commit added whose introduction has not arrived yet. When it does, the circle's
-- history says who joined, by the name they chose ("Ash joined."), in the relay's order of
-- that introduction.
CREATE TABLE circle_joins_unannounced (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key BLOB NOT NULL,
    PRIMARY KEY (group_id, signature_key)
) WITHOUT ROWID;

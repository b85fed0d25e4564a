-- Fewer pages written per message: every page a transaction touches is encrypted,
-- authenticated and written again at commit, so each b-tree a message passes through costs.

-- Our own posts' relay sequence numbers, kept as the key alone. The rowid table held a second
-- b-tree (its primary key index), one more page for every post the relay accepts.
CREATE TABLE circle_own_posts_keyed (
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    relay_seq INTEGER NOT NULL,
    PRIMARY KEY (group_id, relay_seq)
) WITHOUT ROWID;
INSERT INTO circle_own_posts_keyed (group_id, relay_seq)
    SELECT group_id, relay_seq FROM circle_own_posts;
DROP TABLE circle_own_posts;
ALTER TABLE circle_own_posts_keyed RENAME TO circle_own_posts;

-- The outbox is a queue that is empty almost always and holds a few rows otherwise; reading
-- it in id order is as quick as through an index, which cost a page on every queue and every
-- acceptance.
DROP INDEX circle_outbox_by_circle;

-- One b-tree fewer for every message stored (sent or received): each page a transaction
-- touches is encrypted, authenticated and written again at commit.
--
-- The (group_id, seq) index only narrowed a circle's rows: every list orders by the relay's
-- sequence and sorts anyway. The unique (group_id, id) index narrows them as well, and the
-- foreign key's cascade from `circles` finds the rows through it too.
DROP INDEX circle_messages_by_circle;

-- Disappearing messages: the circle's timer as its profile says (NULL: messages stay), kept
-- here so reads can leave out what has expired before the next sweep deletes it.
ALTER TABLE circles ADD COLUMN disappear_after_s INTEGER;

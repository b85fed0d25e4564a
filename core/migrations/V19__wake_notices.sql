-- What a wake told the person: the newest message of each circle a notification already
-- covered, so the next wake speaks only of what is new since.
ALTER TABLE circle_wakes ADD COLUMN notified_seq INTEGER NOT NULL DEFAULT 0;

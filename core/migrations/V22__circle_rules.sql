-- A circle's own rules (`circles::rules`): what each phone remembers to judge posts by, and
-- the rule a post broke.

-- When each member joined, on the relay's clock (the commit that added them), as far as
-- this phone saw it: members who were there before this phone joined have no row.
CREATE TABLE circle_member_since (
    group_id        BLOB    NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key   BLOB    NOT NULL,
    joined_at_s     INTEGER NOT NULL,
    PRIMARY KEY (group_id, signature_key)
) WITHOUT ROWID;

-- When each member posted in the last day (relay clock for others, this phone's for ours),
-- for posting-rate rules; older rows are pruned as posts arrive.
CREATE TABLE circle_post_times (
    group_id        BLOB    NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    signature_key   BLOB    NOT NULL,
    at_s            INTEGER NOT NULL
);
CREATE INDEX circle_post_times_by_member ON circle_post_times (group_id, signature_key, at_s);

-- The rule a post broke (JSON of a `RuleBreach`), and whether a facilitator dismissed the
-- flag on this phone.
ALTER TABLE circle_messages ADD COLUMN rule_breach TEXT;
ALTER TABLE circle_messages ADD COLUMN breach_dismissed INTEGER NOT NULL DEFAULT 0;

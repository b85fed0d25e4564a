-- Invite and join states take the names the app uses for them (core's `InviteStage` and
-- `JoinStage`), so one state machine has one vocabulary. SQLite cannot change a CHECK
-- constraint in place: each table is rebuilt, its rows copied with their states renamed.
--   circle_invites: new -> unpublished, waiting -> waiting_for_approval,
--                   admitting -> claimed, burned -> failed
--   invite_joins:   new -> entered, waiting -> waiting_for_facilitator,
--                   failed -> code_did_not_work

CREATE TABLE circle_invites_v15 (
    nameplate TEXT PRIMARY KEY,
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    auto_admit INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('unpublished', 'open', 'waiting_for_approval', 'claimed', 'used', 'declined', 'failed',
         'expired', 'revoked')),
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    secret BLOB,
    seed BLOB,
    owner_token BLOB NOT NULL,
    relay_open INTEGER NOT NULL DEFAULT 0,
    answer_key BLOB,
    words TEXT,
    invitee_name TEXT,
    key_package BLOB,
    answer BLOB
);
INSERT INTO circle_invites_v15
    SELECT nameplate, group_id, label, auto_admit,
           CASE state WHEN 'new' THEN 'unpublished' WHEN 'waiting' THEN 'waiting_for_approval'
                      WHEN 'admitting' THEN 'claimed' WHEN 'burned' THEN 'failed' ELSE state END,
           created_at_ms, updated_at_ms, expires_at, secret, seed, owner_token, relay_open,
           answer_key, words, invitee_name, key_package, answer
    FROM circle_invites;
DROP TABLE circle_invites;
ALTER TABLE circle_invites_v15 RENAME TO circle_invites;
CREATE INDEX circle_invites_by_circle ON circle_invites (group_id, created_at_ms);

CREATE TABLE invite_joins_v15 (
    nameplate TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('entered', 'claiming', 'waiting_for_facilitator', 'joined', 'declined',
         'code_did_not_work', 'unavailable')),
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    secret BLOB,
    seed BLOB,
    claim_token BLOB NOT NULL,
    relay_open INTEGER NOT NULL DEFAULT 0,
    exchange_message BLOB,
    sealed_claim BLOB,
    answer_key BLOB,
    words TEXT,
    group_id BLOB
);
INSERT INTO invite_joins_v15
    SELECT nameplate, display_name,
           CASE state WHEN 'new' THEN 'entered' WHEN 'waiting' THEN 'waiting_for_facilitator'
                      WHEN 'failed' THEN 'code_did_not_work' ELSE state END,
           created_at_ms, updated_at_ms, secret, seed, claim_token, relay_open, exchange_message,
           sealed_claim, answer_key, words, group_id
    FROM invite_joins;
DROP TABLE invite_joins;
ALTER TABLE invite_joins_v15 RENAME TO invite_joins;

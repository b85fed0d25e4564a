-- Invitations by one-time code (see core/src/invites).

-- Codes this device made as a facilitator or co-facilitator, one row per code. The code's
-- secret part and the key exchange's seed are kept only until the exchange is finished; the
-- derived answer key only until the answer is posted. `state`:
--   new        made here, not yet opened at the relay (made offline)
--   open       at the relay, waiting for someone to use it
--   waiting    used; the facilitator approves or declines
--   admitting  approved (or admitted automatically); the Add waits for the relay
--   used, declined, burned (a wrong secret), expired, revoked: final
CREATE TABLE circle_invites (
    nameplate TEXT PRIMARY KEY,
    group_id BLOB NOT NULL REFERENCES circles (group_id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    auto_admit INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('new', 'open', 'waiting', 'admitting', 'used', 'declined', 'burned', 'expired', 'revoked')),
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    -- Unix seconds: no claim is taken after this.
    expires_at INTEGER NOT NULL,
    secret BLOB,
    seed BLOB,
    owner_token BLOB NOT NULL,
    -- Whether the relay may still hold the record (deleted on revocation and expiry).
    relay_open INTEGER NOT NULL DEFAULT 0,
    answer_key BLOB,
    -- The four words both phones show.
    words TEXT,
    -- What the person who used the code sent: the name they chose and their KeyPackage
    -- (kept until they are admitted or declined).
    invitee_name TEXT,
    key_package BLOB,
    -- The sealed answer, until the relay has it.
    answer BLOB
);
CREATE INDEX circle_invites_by_circle ON circle_invites (group_id, created_at_ms);

-- Codes this device used to join a circle. The code's secret part and the seed are kept only
-- until the claim is sealed; the claim itself until the relay took it. `state`:
--   new        entered; the invite's half of the exchange is fetched next
--   claiming   the claim is sealed and being sent
--   waiting    the relay took the claim; waiting for the facilitator's phone
--   joined, declined, failed (the code did not work), unavailable (no such open invite): final
CREATE TABLE invite_joins (
    nameplate TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('new', 'claiming', 'waiting', 'joined', 'declined', 'failed', 'unavailable')),
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

-- A circle this device can no longer follow (it fell behind further than the relay keeps
-- messages): the app asks the person to get a new code from their facilitator.
ALTER TABLE circles ADD COLUMN stalled_at_ms INTEGER;

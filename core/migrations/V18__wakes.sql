-- Wake-ups: this device's registration at a push gateway (at most one), and per circle
-- whether it wants wakes and which ticket it left at the relay for which epoch.
CREATE TABLE push_registration (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    gateway TEXT NOT NULL,
    ticket_key BLOB NOT NULL,
    registration_id BLOB NOT NULL,
    secret BLOB NOT NULL,
    registered_at_ms INTEGER NOT NULL
);

CREATE TABLE circle_wakes (
    group_id BLOB PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 1,
    ticket_id BLOB,
    ticket_epoch INTEGER
);

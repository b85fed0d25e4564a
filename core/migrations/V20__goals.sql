-- Personal goals: what and why, a plan (which weekdays, or how many times a week), an
-- optional daily reminder, and a log of one outcome per goal per local day.
CREATE TABLE goals (
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    why            TEXT,
    plan           TEXT    NOT NULL,   -- JSON: the GoalPlan
    reminder       TEXT,               -- JSON: the GoalReminder, when set
    starts_on      TEXT    NOT NULL,   -- YYYY-MM-DD, the first day it counts
    ended_on       TEXT,               -- YYYY-MM-DD, the last day it counted, once ended
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);

CREATE TABLE goal_logs (
    goal_id        TEXT    NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    day            TEXT    NOT NULL,   -- YYYY-MM-DD, the person's local day
    outcome        TEXT    NOT NULL CHECK (outcome IN ('done', 'partly', 'not_today')),
    note           TEXT,
    updated_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (goal_id, day)
) WITHOUT ROWID;

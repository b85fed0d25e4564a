-- A circle someone added this device to by its device id (not through a code the person
-- typed) waits as an invitation until the person accepts it: nothing is sent meanwhile, not
-- even the introduction with their name, and sync does not follow it. `invited_at_ms` is set
-- while it waits; accepting clears it, declining deletes the circle. `invited_by` is the
-- adder's per-circle key (to show their role).
ALTER TABLE circles ADD COLUMN invited_at_ms INTEGER;
ALTER TABLE circles ADD COLUMN invited_by BLOB;

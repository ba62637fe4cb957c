-- 0013_screening_work: 政策找人 as a loop. An item of the worklist is worked
-- by its street: accepted (an intake is opened for the household), dismissed
-- with a reason, or linked to an existing case; who did it and when stay on
-- the item. A worked item has status 'done' and is kept across runs.
ALTER TABLE screen_items ADD COLUMN disposition TEXT NOT NULL DEFAULT '';  -- '', accepted, dismissed, linked
ALTER TABLE screen_items ADD COLUMN disposition_note TEXT NOT NULL DEFAULT '';
ALTER TABLE screen_items ADD COLUMN case_id BIGINT;                      -- linked: the case (checked by the code)
ALTER TABLE screen_items ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE screen_items ADD COLUMN handled_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX screen_items_handled ON screen_items(division_code, status, handled_at);

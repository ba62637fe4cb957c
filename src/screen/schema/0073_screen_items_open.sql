-- 0073_screen_items_open: a screening run reads each program's open items to
-- merge them with its findings (src/screen/screen_write.c). No index served
-- "status = 'open' AND program = ?", so each program scanned every item of
-- the worklist: at 20,000,000 persons (889,610 open items, 12 programs) the
-- write stage of a run that changed nothing took 2.8-3.7 s. This index
-- holds only the open items, in the order the merge wants them.
CREATE INDEX screen_items_open ON screen_items(program, household_id, id) WHERE status = 'open';

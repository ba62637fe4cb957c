-- 1243_posthumous_tasks_overdue: the hall's "tasks overdue" figure counts the
-- open tasks past their due date by division. ph_tasks_open (status, due_on)
-- found them, but each one's division was then read from the table row: at
-- 20,000,000 persons (3.2 M tasks in the demo's year) the figure took 1.2 s
-- warm, the slowest of the hall. With the division in the index the count is
-- read from the index alone (docs/benchmarks.md, issue 18). The wider index
-- serves every query the old one did, so the old one goes.
CREATE INDEX ph_tasks_open_division ON ph_tasks(status, due_on, division_code);
DROP INDEX ph_tasks_open;

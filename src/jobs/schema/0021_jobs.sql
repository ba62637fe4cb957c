-- 0021_jobs: the job runner's durable records (jobs/). A handful of rows
-- read and written by the one runner that holds the lease: they stay on the
-- coordinator.

-- One row per registered job, created the first time a binary that knows
-- the job starts. schedule is "every:SECONDS", "daily:HH:MM" or
-- "monthly:DD:HH:MM" (Beijing time).
-- citus: coordinator jobs
CREATE TABLE jobs (
  name           TEXT PRIMARY KEY,
  schedule       TEXT NOT NULL,
  next_due       BIGINT NOT NULL,          -- Unix s
  last_run_at    BIGINT,
  last_status    TEXT NOT NULL DEFAULT '' CHECK (last_status IN ('', 'ok', 'failed')),
  last_result    TEXT NOT NULL DEFAULT '',
  runs           BIGINT NOT NULL DEFAULT 0,
  running_by     TEXT NOT NULL DEFAULT '', -- the lease holder running it now
  run_requested  INTEGER NOT NULL DEFAULT 0 CHECK (run_requested IN (0, 1))
);

-- The runner's lease: one row. A runner takes it with a conditional UPDATE
-- (free, expired, or already its own), so of two servers on one database
-- exactly one runs the jobs; the holder renews it every tick.
-- citus: coordinator job_lease
CREATE TABLE job_lease (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  holder      TEXT NOT NULL DEFAULT '',
  expires_at  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO job_lease (id, holder, expires_at) VALUES (1, '', 0);

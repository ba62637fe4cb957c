-- 0065_export_runs: the progress of a list export while the server writes
-- it (http/list_export.h): rows written so far and the list's total, so
-- that the page that asked can show a progress bar, whichever server
-- process it asks. Keyed by the user and a token the page chose; only that
-- user reads it. Rows older than a day are dropped when a new run starts.
-- citus: distribute export_runs by user_id
CREATE TABLE export_runs (
  user_id     BIGINT NOT NULL,
  token       TEXT NOT NULL,
  list        TEXT NOT NULL,
  rows_done   BIGINT NOT NULL,
  total       BIGINT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (user_id, token)
);
CREATE INDEX export_runs_started ON export_runs (started_at);

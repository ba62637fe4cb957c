-- 0012_screening: whole-city screening (screen/). One run per
-- `minzheng screen`; its open items replace the previous run's open items of
-- the programs it screened.
-- One row per screening run (a few a month), no citizen data: copied to
-- every node, so items on every node can reference their run.
-- citus: reference screen_runs
CREATE TABLE screen_runs (
  id            {{ID}},
  on_date       TEXT NOT NULL,     -- the day the rules were applied
  programs      TEXT NOT NULL,     -- comma list of program codes screened
  households    BIGINT NOT NULL,
  persons       BIGINT NOT NULL,
  items         BIGINT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

-- A work item about one household: lives with it.
-- citus: distribute screen_items by household_id with households
CREATE TABLE screen_items (
  id                   {{ROWID}},
  run_id               BIGINT NOT NULL REFERENCES screen_runs(id),
  household_id         BIGINT NOT NULL,
  division_code        TEXT NOT NULL,   -- the household's community
  program              TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN
                         ('eligible_not_enrolled', 'enrolled_not_eligible', 'amount_changed')),
  amount_fen           BIGINT NOT NULL, -- what the rules give now (0 when not eligible)
  enrolled_amount_fen  BIGINT NOT NULL, -- what the current enrollments pay (0 when none)
  failed               TEXT NOT NULL DEFAULT '', -- the first failed condition
  status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  {{KEY}} (id, household_id)
);
CREATE INDEX screen_items_division ON screen_items(division_code, program, kind);
CREATE INDEX screen_items_run ON screen_items(run_id);

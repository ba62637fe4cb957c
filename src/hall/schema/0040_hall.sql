-- 0040_hall: the monitoring hall's materialised figures (hall/).
-- Every registered indicator (hall/hall.h) is computed from its room's data
-- by the job hall.refresh and kept here per division and day, so the hall
-- reads a few thousand stored rows instead of scanning 20 M persons' records
-- on every request. One row per (indicator, division, day): a refresh of the
-- same day replaces it, earlier days stay, so monthly trends read stored
-- days. Rows whose num and den are both 0 are not stored: a division missing
-- from a run that exists in hall_runs reads as 0.
-- Aggregates per division (no person in them), sharded with the rest of a
-- division's data.
-- citus: distribute hall_figures by division_code
CREATE TABLE hall_figures (
  indicator      TEXT NOT NULL,     -- hall_indicator.key
  division_code  TEXT NOT NULL,     -- 440100, a district (6), street (9) or community (12)
  as_of          TEXT NOT NULL,     -- the day the figure is for (ISO)
  num            BIGINT NOT NULL,
  den            BIGINT NOT NULL,
  computed_at    BIGINT NOT NULL,   -- Unix s of the run that wrote it
  PRIMARY KEY (indicator, division_code, as_of)
);
CREATE INDEX hall_figures_division ON hall_figures(division_code, as_of);

-- One row per (indicator, day) computed: when, how long, how many rows.
-- A few dozen rows a day, no citizen data.
-- citus: reference hall_runs
CREATE TABLE hall_runs (
  indicator    TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  computed_at  BIGINT NOT NULL,
  millis       BIGINT NOT NULL,     -- how long its SQL and roll-up took
  source_rows  BIGINT NOT NULL,     -- rows the indicator's SQL returned
  PRIMARY KEY (indicator, as_of)
);

-- Set by the outbox subscriber when data behind the figures changed
-- (case.decided, enrollment.ended, person.died), cleared by hall.refresh:
-- the job hall.refresh_dirty refreshes within half a minute of an event
-- without recomputing on every one.
-- citus: coordinator hall_dirty
CREATE TABLE hall_dirty (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  dirty_since  BIGINT,
  last_event   TEXT NOT NULL DEFAULT ''
);
INSERT INTO hall_dirty (id, dirty_since) VALUES (1, NULL);

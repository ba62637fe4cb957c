-- 0020_events: the event outbox (events/). An event row is written in the
-- transaction of the change it reports, so it exists exactly when the change
-- does; delivery to the declared subscribers happens afterwards, at least
-- once, one delivery row per (event, subscriber) (docs/architecture.md).

-- Events are keyed by their own id: an event may be about a person, a
-- household or a case, so no co-location group fits them all.
-- citus: distribute events by id
CREATE TABLE events (
  id             {{ID}},
  type           TEXT NOT NULL,           -- "person.died", "case.decided", ...
  subject_id     BIGINT NOT NULL,         -- the person, case or enrollment it is about
  division_code  TEXT NOT NULL DEFAULT '', -- of the subject, for scope ('' if none)
  payload        TEXT NOT NULL,           -- JSON object, the facts a subscriber needs
  published_by   TEXT NOT NULL,           -- login of the writer
  created_at     BIGINT NOT NULL,         -- Unix s
  fanned_out     INTEGER NOT NULL DEFAULT 0 CHECK (fanned_out IN (0, 1))
);
CREATE INDEX events_fanout ON events(id) WHERE fanned_out = 0;
CREATE INDEX events_type ON events(type, id);

-- One row per subscriber of an event: the primary key is what makes a
-- handler run once per event (the handler's transaction marks this row done,
-- and only a row not yet done can be marked).
-- citus: distribute event_deliveries by event_id with events
CREATE TABLE event_deliveries (
  event_id         BIGINT NOT NULL REFERENCES events(id),
  subscriber       TEXT NOT NULL,         -- "assistance.end_enrollments", ...
  status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'done', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  next_attempt_at  BIGINT,                -- Unix s; NULL once done or given up
  done_at          BIGINT,
  PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX event_deliveries_due ON event_deliveries(next_attempt_at) WHERE status <> 'done';
CREATE INDEX event_deliveries_status ON event_deliveries(status, event_id);

-- 1300_safetynet: 困难群众兜底保障安全网 (safetynet/): departments that send
-- events, the events received (from departments, uploads, minzheng's own
-- domains and residents), the facts safetynet learnt from the outbox, the
-- alerts the monitoring rules raised, the work orders they opened and each
-- order's history.
-- Rows about a person live with the person (distribute by person_id with
-- persons); a resident's request about nobody in the registry carries
-- person_id 0. Times are Unix seconds, dates 'YYYY-MM-DD', money fen.

-- A sending department (卫健, 人社, 残联, 水电燃气, 公安 ...): its API token
-- is kept only as its SHA-256 (shown once at creation), it may send events
-- about persons in its scope only, at most rate_per_min a minute.
-- citus: reference sn_departments
CREATE TABLE sn_departments (
  id            {{ID}},
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  scope_code    TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  rate_per_min  INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

-- Idempotency: one row per (department, the sender's own event id); a
-- second delivery of the same id finds it and changes nothing.
-- citus: distribute sn_event_keys by department_id
CREATE TABLE sn_event_keys (
  department_id   BIGINT NOT NULL,
  sender_event_id TEXT NOT NULL,
  person_id       BIGINT NOT NULL,
  event_id        BIGINT NOT NULL,
  received_at     BIGINT NOT NULL,
  PRIMARY KEY (department_id, sender_event_id)
);

-- Every event received, with where it came from (provenance).
-- citus: distribute sn_events by person_id with persons
CREATE TABLE sn_events (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  type            TEXT NOT NULL,
  occurred_on     TEXT NOT NULL,
  amount_fen      BIGINT NOT NULL DEFAULT 0,
  note            TEXT NOT NULL DEFAULT '',
  source_kind     TEXT NOT NULL CHECK (source_kind IN ('department', 'upload', 'internal', 'resident')),
  source          TEXT NOT NULL,
  sender_event_id TEXT NOT NULL DEFAULT '',
  received_at     BIGINT NOT NULL,
  alerts_raised   INTEGER NOT NULL DEFAULT 0,
  {{KEY}} (id, person_id)
);
CREATE INDEX sn_events_person ON sn_events (person_id, type, occurred_on);
CREATE INDEX sn_events_division ON sn_events (division_code, received_at);

-- What safetynet learnt about a person from the outbox that the registry
-- does not say (a dibao approval of the household): read by `fact` clauses.
-- citus: distribute sn_facts by person_id with persons
CREATE TABLE sn_facts (
  person_id   BIGINT NOT NULL,
  fact        TEXT NOT NULL,
  since       TEXT NOT NULL,
  source      TEXT NOT NULL,
  PRIMARY KEY (person_id, fact)
);

-- An alert: a rule of the monitoring rules matched; explanation is the
-- rule's clauses as they were met (JSON array of lines).
-- citus: distribute sn_alerts by person_id with persons
CREATE TABLE sn_alerts (
  id            {{ROWID}},
  person_id     BIGINT NOT NULL,
  division_code TEXT NOT NULL,
  rule_key      TEXT NOT NULL,
  rule_from     TEXT NOT NULL,
  title         TEXT NOT NULL,
  level         TEXT NOT NULL,
  explanation   TEXT NOT NULL,
  event_id      BIGINT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  raised_at     BIGINT NOT NULL,
  raised_on     TEXT NOT NULL,
  closed_at     BIGINT NOT NULL DEFAULT 0,
  closed_on     TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id)
);
CREATE INDEX sn_alerts_person ON sn_alerts (person_id, rule_key, status);
CREATE INDEX sn_alerts_division ON sn_alerts (division_code, raised_at);

-- A work order: routed to the community (tier community) or to a
-- volunteer / social-work station, escalated to the street and the district
-- when its clock runs out. kind 'alert' (alert_id set) or 'request' (a
-- resident's own request through the public form).
-- citus: distribute sn_orders by person_id with persons
CREATE TABLE sn_orders (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('alert', 'request')),
  alert_id        BIGINT NOT NULL DEFAULT 0,
  title           TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '',
  level           TEXT NOT NULL,
  route_to        TEXT NOT NULL CHECK (route_to IN ('community_worker', 'volunteer', 'social_work')),
  tier            TEXT NOT NULL DEFAULT 'community' CHECK (tier IN ('community', 'street', 'district')),
  assignee        TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL CHECK (state IN ('assigned', 'accepted', 'on_site', 'done',
                    'returned', 'escalated', 'closed', 'merged')),
  sla_seconds     BIGINT NOT NULL,
  due_at          BIGINT NOT NULL,
  overdue         INTEGER NOT NULL DEFAULT 0,
  return_reason   TEXT NOT NULL DEFAULT '',
  action_kind     TEXT NOT NULL DEFAULT '',
  action_ref      TEXT NOT NULL DEFAULT '',
  feedback        TEXT NOT NULL DEFAULT '',
  rating          INTEGER NOT NULL DEFAULT 0,
  merged_into     BIGINT NOT NULL DEFAULT 0,
  reopen_count    INTEGER NOT NULL DEFAULT 0,
  contact_name    TEXT NOT NULL DEFAULT '',
  contact_phone   TEXT NOT NULL DEFAULT '',
  address         TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  created_on      TEXT NOT NULL,
  done_at         BIGINT NOT NULL DEFAULT 0,
  done_on         TEXT NOT NULL DEFAULT '',
  closed_at       BIGINT NOT NULL DEFAULT 0,
  closed_on       TEXT NOT NULL DEFAULT '',
  updated_at      BIGINT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  {{KEY}} (id, person_id)
);
CREATE INDEX sn_orders_division ON sn_orders (division_code, state);
CREATE INDEX sn_orders_due ON sn_orders (state, due_at);
CREATE INDEX sn_orders_person ON sn_orders (person_id, state);

-- Each change of an order: who, when, from which state to which, why.
-- citus: distribute sn_order_log by person_id with persons
CREATE TABLE sn_order_log (
  id         {{ROWID}},
  order_id   BIGINT NOT NULL,
  person_id  BIGINT NOT NULL,
  at         BIGINT NOT NULL,
  login      TEXT NOT NULL,
  action     TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id)
);
CREATE INDEX sn_order_log_order ON sn_order_log (order_id, at);

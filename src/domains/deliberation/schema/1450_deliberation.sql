-- 1450_deliberation: residents' deliberation halls (议事厅) at community and
-- street level (deliberation/): the hall's registered representatives,
-- topics, meetings with their agenda, attendance and minutes (each
-- amendment recorded), resolutions with a responsible unit, tasks with
-- deadlines and evidence, and the resolution's history (its milestones).
-- Timestamps are Unix seconds, dates 'YYYY-MM-DD' text.
--
-- Scope: every row carries division_code = the hall's division (a
-- 12-digit community or a 9-digit street), the column the scope filter
-- reads. A representative may be a person of the registry (person_id):
-- naming one is an audited read.
--
-- Distribution (docs/scaling.md): everything lives with its hall (the hall
-- group, keyed by dl_halls.id, which never changes). Every key includes
-- hall_id through the ROWID and KEY tokens, and a row hanging off another
-- row of the hall refers to it by (id, hall_id). The parameters are a
-- small reference table.

-- ---- dated parameters --------------------------------------------------
-- The value in force on a day is the row with the latest valid_from <= the
-- day. Names are declared in deliberation/params.c.
-- citus: reference dl_params
CREATE TABLE dl_params (
  name       TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  value      BIGINT NOT NULL,
  source     TEXT NOT NULL,
  PRIMARY KEY (name, valid_from)
);
INSERT INTO dl_params (name, valid_from, value, source) VALUES
  ('quorum.permille', '2017-01-01', 500, '(assumption) a meeting may resolve when MORE than this share (per mille) of the hall''s registered representatives are present: more than half, the usual rule of residents'' representative meetings (城市居民委员会组织法 Art. 18 for residents'' meetings); not found in a Guangzhou text'),
  ('escalate.street_days', '2017-01-01', 1, '(assumption) escalation step 1: the street office is alerted the day after a resolution''s deadline passes unfulfilled'),
  ('escalate.district_days', '2017-01-01', 15, '(assumption) escalation step 2: the district civil-affairs bureau after 15 days overdue'),
  ('escalate.workorder_days', '2017-01-01', 30, '(assumption) escalation step 3 (the last): after 30 days overdue the resolution is handed to the safety net as a work order (event deliberation.resolution_overdue)');

-- citus: distribute dl_halls by id
CREATE TABLE dl_halls (
  id            {{ID}},
  division_code TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('community', 'street')),
  name          TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX dl_halls_division ON dl_halls(division_code);

-- The hall's registered participants. kind: resident (a residents'
-- representative), committee (the residents' committee), property (the
-- property-management company), unit (a unit concerned: a department, a
-- utility, a school). A resident may be named from the registry
-- (person_id) or by a label; organisations by name.
-- citus: distribute dl_representatives by hall_id with dl_halls
CREATE TABLE dl_representatives (
  id            {{ROWID}},
  hall_id       BIGINT NOT NULL REFERENCES dl_halls(id),
  division_code TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('resident', 'committee', 'property', 'unit')),
  person_id     BIGINT,
  label         TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  {{KEY}} (id, hall_id)
);
CREATE INDEX dl_representatives_hall ON dl_representatives(hall_id, active);

-- raised_by: resident, committee or street; no name is kept (the public
-- page shows topics).
-- citus: distribute dl_topics by hall_id with dl_halls
CREATE TABLE dl_topics (
  id            {{ROWID}},
  hall_id       BIGINT NOT NULL REFERENCES dl_halls(id),
  division_code TEXT NOT NULL,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  raised_by     TEXT NOT NULL CHECK (raised_by IN ('resident', 'committee', 'street')),
  raised_on     TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'on_agenda', 'resolved')),
  created_at    BIGINT NOT NULL,
  {{KEY}} (id, hall_id)
);
CREATE INDEX dl_topics_hall ON dl_topics(hall_id, status);

-- A meeting: planned, then held when its attendance is recorded (the
-- quorum is decided then, under the dated rule). Minutes: none -> draft
-- (by the secretary) -> amended by attendees -> published (locked).
-- citus: distribute dl_meetings by hall_id with dl_halls
CREATE TABLE dl_meetings (
  id             {{ROWID}},
  hall_id        BIGINT NOT NULL REFERENCES dl_halls(id),
  division_code  TEXT NOT NULL,
  title          TEXT NOT NULL,
  held_on        TEXT NOT NULL,
  place          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held')),
  registered     INTEGER NOT NULL DEFAULT 0,
  present        INTEGER NOT NULL DEFAULT 0,
  quorum_permille INTEGER NOT NULL DEFAULT 0,
  quorum_met     INTEGER NOT NULL DEFAULT 0,
  minutes_status TEXT NOT NULL DEFAULT 'none' CHECK (minutes_status IN ('none', 'draft', 'published')),
  minutes        TEXT NOT NULL DEFAULT '',
  minutes_version INTEGER NOT NULL DEFAULT 0,
  secretary      TEXT NOT NULL DEFAULT '',
  published_at   BIGINT,
  created_at     BIGINT NOT NULL,
  {{KEY}} (id, hall_id)
);
CREATE INDEX dl_meetings_hall ON dl_meetings(hall_id, held_on);

-- citus: distribute dl_agenda by hall_id with dl_halls
CREATE TABLE dl_agenda (
  hall_id    BIGINT NOT NULL REFERENCES dl_halls(id),
  meeting_id BIGINT NOT NULL,
  topic_id   BIGINT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (hall_id, meeting_id, topic_id),
  FOREIGN KEY (meeting_id, hall_id) REFERENCES dl_meetings (id, hall_id),
  FOREIGN KEY (topic_id, hall_id) REFERENCES dl_topics (id, hall_id)
);

-- citus: distribute dl_attendance by hall_id with dl_halls
CREATE TABLE dl_attendance (
  hall_id           BIGINT NOT NULL REFERENCES dl_halls(id),
  meeting_id        BIGINT NOT NULL,
  representative_id BIGINT NOT NULL,
  present           INTEGER NOT NULL,
  PRIMARY KEY (hall_id, meeting_id, representative_id),
  FOREIGN KEY (meeting_id, hall_id) REFERENCES dl_meetings (id, hall_id),
  FOREIGN KEY (representative_id, hall_id) REFERENCES dl_representatives (id, hall_id)
);

-- Each amendment of the minutes by an attendee: the text after it, what it
-- changed, and the version it made. The draft is version 1.
-- citus: distribute dl_amendments by hall_id with dl_halls
CREATE TABLE dl_amendments (
  id                {{ROWID}},
  hall_id           BIGINT NOT NULL REFERENCES dl_halls(id),
  meeting_id        BIGINT NOT NULL,
  representative_id BIGINT NOT NULL,
  version           INTEGER NOT NULL,
  note              TEXT NOT NULL,
  minutes           TEXT NOT NULL,
  recorded_by       TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  {{KEY}} (id, hall_id),
  FOREIGN KEY (meeting_id, hall_id) REFERENCES dl_meetings (id, hall_id),
  FOREIGN KEY (representative_id, hall_id) REFERENCES dl_representatives (id, hall_id)
);

-- A resolution: carried_out_on is set when its last task is done (the
-- execution rate, docs/domain.md). escalation: 0 none, 1 street, 2
-- district, 3 handed to the safety net (the last step).
-- citus: distribute dl_resolutions by hall_id with dl_halls
CREATE TABLE dl_resolutions (
  id               {{ROWID}},
  hall_id          BIGINT NOT NULL REFERENCES dl_halls(id),
  division_code    TEXT NOT NULL,
  meeting_id       BIGINT NOT NULL,
  topic_id         BIGINT NOT NULL,
  decided_on       TEXT NOT NULL,   -- the meeting's day
  text             TEXT NOT NULL,
  responsible_unit TEXT NOT NULL,
  due_on           TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'carried_out')),
  carried_out_on   TEXT,
  escalation       INTEGER NOT NULL DEFAULT 0,
  escalated_on     TEXT,
  created_at       BIGINT NOT NULL,
  {{KEY}} (id, hall_id),
  FOREIGN KEY (meeting_id, hall_id) REFERENCES dl_meetings (id, hall_id),
  FOREIGN KEY (topic_id, hall_id) REFERENCES dl_topics (id, hall_id)
);
CREATE INDEX dl_resolutions_division ON dl_resolutions(division_code, due_on);
CREATE INDEX dl_resolutions_hall ON dl_resolutions(hall_id, status);

-- citus: distribute dl_tasks by hall_id with dl_halls
CREATE TABLE dl_tasks (
  id            {{ROWID}},
  hall_id       BIGINT NOT NULL REFERENCES dl_halls(id),
  resolution_id BIGINT NOT NULL,
  position      INTEGER NOT NULL,
  title         TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  done_on       TEXT,
  evidence      TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  {{KEY}} (id, hall_id),
  FOREIGN KEY (resolution_id, hall_id) REFERENCES dl_resolutions (id, hall_id)
);
CREATE INDEX dl_tasks_resolution ON dl_tasks(hall_id, resolution_id);

-- The resolution's history, its milestones: created, task_done,
-- carried_out, escalated (step in detail). No person's name.
-- citus: distribute dl_resolution_log by hall_id with dl_halls
CREATE TABLE dl_resolution_log (
  id            {{ROWID}},
  hall_id       BIGINT NOT NULL REFERENCES dl_halls(id),
  resolution_id BIGINT NOT NULL,
  on_day        TEXT NOT NULL,
  what          TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  {{KEY}} (id, hall_id),
  FOREIGN KEY (resolution_id, hall_id) REFERENCES dl_resolutions (id, hall_id)
);
CREATE INDEX dl_resolution_log_resolution ON dl_resolution_log(hall_id, resolution_id);

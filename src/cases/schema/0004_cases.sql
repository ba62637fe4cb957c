-- 0004_cases: the one case state machine shared by every program (cases/).
-- A case is an application of one household (or one person of it) to one
-- program. Its states and the allowed transitions are declared per program
-- as data in the domain (assistance/programs.c); this schema only keeps
-- where each case is, who moved it, and what is due when.

-- Working-day calendar: the exceptions to "Monday to Friday are working
-- days". 'holiday' = a weekday off; 'workday' = a weekend day worked
-- (调休). Legal deadlines are counted in working days over this table.
-- A few dozen rows a year, read by every deadline computation: copied to
-- every node.
-- citus: reference work_calendar
CREATE TABLE work_calendar (
  day   TEXT PRIMARY KEY,               -- 'YYYY-MM-DD'
  kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name  TEXT NOT NULL DEFAULT ''
);

-- Cases and every table hanging off a case live with the household
-- (docs/scaling.md, step 5): each carries household_id, and its keys and
-- foreign keys include it. A case is found by id alone through its key,
-- which leads with id. applicant_id, beneficiary_id and
-- case_members.person_id name persons, who live in the other co-location
-- group: they have no foreign key, and case_create_tx checks each of them
-- in the transaction that writes the case (persons are never deleted).
-- There is no case number other than the id, so no city-wide unique
-- constraint needs a lookup table.
-- citus: distribute cases by household_id with households
CREATE TABLE cases (
  id                   {{ROWID}},
  program              TEXT NOT NULL,         -- assistance program code
  variant              TEXT NOT NULL DEFAULT '', -- 'emergency' (先行救助), ...
  household_id         BIGINT NOT NULL REFERENCES households(id),
  applicant_id         BIGINT NOT NULL,       -- a person (checked by the code)
  beneficiary_id       BIGINT,                -- person-unit programs (checked by the code)
  division_code        TEXT NOT NULL,   -- the household's community: scope of the responsible street
  intake_street        TEXT NOT NULL,   -- the street that accepted it (全城通办), 9 digits
  state                TEXT NOT NULL,
  accepted_on          TEXT NOT NULL,
  delegated            INTEGER NOT NULL DEFAULT 1, -- 审核确认 delegated to the street
  investigation_due    TEXT,            -- Art. 15: starts within 3 working days
  investigation_started_on TEXT,
  decision_due         TEXT,            -- 30 (20 delegated) working days from acceptance
  refusal_notice_due   TEXT,            -- Art. 21: reasons within 3 working days
  refusal_notified_on  TEXT,
  notice_from          TEXT,            -- Art. 19: 公示 7 days
  notice_until         TEXT,
  decided_on           TEXT,
  decision             TEXT CHECK (decision IN ('approved', 'refused')),
  decision_reasons     TEXT NOT NULL DEFAULT '',
  eval_date            TEXT,            -- the date the rules were evaluated for
  eval_eligible        INTEGER,
  eval_amount_fen      BIGINT,          -- what the rules computed
  amount_fen           BIGINT,          -- what is paid: the rules' amount unless overridden
  override_reason      TEXT NOT NULL DEFAULT '',
  override_by          TEXT NOT NULL DEFAULT '',
  trace                TEXT,            -- the policy trace (JSON) behind the decision
  coi                  INTEGER NOT NULL DEFAULT 0, -- conflict of interest (Art. 11)
  coi_detail           TEXT NOT NULL DEFAULT '',
  bank_account         TEXT NOT NULL DEFAULT '',
  apply_alone          INTEGER NOT NULL DEFAULT 0, -- 单人户 (Art. 8)
  enrollment_id        BIGINT,
  version              INTEGER NOT NULL DEFAULT 1,
  created_by           TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL,
  {{KEY}} (id, household_id)
);
CREATE INDEX cases_division ON cases(division_code, state);
CREATE INDEX cases_intake ON cases(intake_street);
CREATE INDEX cases_household ON cases(household_id);

-- The members of the household as the case counts them: relation to the
-- applicant in the rules' vocabulary, and what the investigation found
-- (JSON attributes the registry does not hold: parents' state, self-care,
-- support duty, expenses, extra flags). A person is counted once per case;
-- the case fixes the household, so adding household_id to that key keeps
-- the rule exactly.
-- citus: distribute case_members by household_id with households
CREATE TABLE case_members (
  case_id        BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,
  person_id      BIGINT NOT NULL,   -- a person (checked by the code, see cases)
  division_code  TEXT NOT NULL,
  relation       TEXT NOT NULL,
  attrs          TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (case_id, household_id, person_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);

-- The timeline: every transition with who, when, note.
-- citus: distribute case_events by household_id with households
CREATE TABLE case_events (
  id             {{ROWID}},
  case_id        BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,   -- the case's
  division_code  TEXT NOT NULL,
  action         TEXT NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  login          TEXT NOT NULL,
  role           TEXT NOT NULL,
  at             BIGINT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Attachments: metadata only (the file itself lives in the document store).
-- citus: distribute case_attachments by household_id with households
CREATE TABLE case_attachments (
  id             {{ROWID}},
  case_id        BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,   -- the case's
  event_id       BIGINT,
  division_code  TEXT NOT NULL,
  name           TEXT NOT NULL,
  content_type   TEXT NOT NULL DEFAULT '',
  size_bytes     BIGINT NOT NULL DEFAULT 0,
  sha256         TEXT NOT NULL DEFAULT '',
  uploaded_by    TEXT NOT NULL,
  at             BIGINT NOT NULL,
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

-- Tasks with legal deadlines: open until done_at is set.
-- citus: distribute case_tasks by household_id with households
CREATE TABLE case_tasks (
  id             {{ROWID}},
  case_id        BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,   -- the case's
  division_code  TEXT NOT NULL,
  kind           TEXT NOT NULL,      -- start_investigation, decide, notify_refusal, review, ...
  due_on         TEXT NOT NULL,
  basis          TEXT NOT NULL DEFAULT '',
  created_at     BIGINT NOT NULL,
  done_at        BIGINT,
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX case_tasks_open ON case_tasks(division_code, due_on) WHERE done_at IS NULL;
CREATE INDEX case_tasks_case ON case_tasks(case_id);

-- Public-notice objections (Art. 19) and their handling.
-- citus: distribute case_objections by household_id with households
CREATE TABLE case_objections (
  id             {{ROWID}},
  case_id        BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,   -- the case's
  division_code  TEXT NOT NULL,
  received_on    TEXT NOT NULL,
  content        TEXT NOT NULL,
  received_by    TEXT NOT NULL,
  outcome        TEXT CHECK (outcome IN ('upheld', 'dismissed')),
  handling       TEXT NOT NULL DEFAULT '',
  handled_by     TEXT NOT NULL DEFAULT '',
  handled_at     BIGINT,
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX case_objections_case ON case_objections(case_id);

-- Close relatives of civil-affairs staff and committee members (近亲属备案):
-- an application from such a household is flagged and routed to the
-- district (低保审核确认办法 第十一条、第二十条). Lives with the person it
-- names, and is read per person at intake.
-- citus: distribute staff_kin by person_id with persons
CREATE TABLE staff_kin (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  staff_name     TEXT NOT NULL,
  staff_post     TEXT NOT NULL,     -- 民政经办人员 / 村（居）委会成员 ...
  relation       TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  recorded_at    BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX staff_kin_person ON staff_kin(person_id);

-- Public holidays and adjusted working days of the State Council's notices
-- (国务院办公厅关于部分节假日安排的通知). A new year is a new migration or
-- rows added by the city administrator (PUT /api/v1/calendar/:day).
INSERT INTO work_calendar (day, kind, name) VALUES
 ('2025-01-01','holiday','元旦'),
 ('2025-01-26','workday','春节调休'),('2025-01-28','holiday','春节'),('2025-01-29','holiday','春节'),
 ('2025-01-30','holiday','春节'),('2025-01-31','holiday','春节'),('2025-02-03','holiday','春节'),
 ('2025-02-04','holiday','春节'),('2025-02-08','workday','春节调休'),
 ('2025-04-04','holiday','清明节'),
 ('2025-04-27','workday','劳动节调休'),('2025-05-01','holiday','劳动节'),('2025-05-02','holiday','劳动节'),
 ('2025-05-05','holiday','劳动节'),
 ('2025-06-02','holiday','端午节'),
 ('2025-09-28','workday','国庆节调休'),('2025-10-01','holiday','国庆节、中秋节'),
 ('2025-10-02','holiday','国庆节、中秋节'),('2025-10-03','holiday','国庆节、中秋节'),
 ('2025-10-06','holiday','国庆节、中秋节'),('2025-10-07','holiday','国庆节、中秋节'),
 ('2025-10-08','holiday','国庆节、中秋节'),('2025-10-11','workday','国庆节调休'),
 ('2026-01-01','holiday','元旦'),('2026-01-02','holiday','元旦'),('2026-01-04','workday','元旦调休'),
 ('2026-02-14','workday','春节调休'),('2026-02-16','holiday','春节'),('2026-02-17','holiday','春节'),
 ('2026-02-18','holiday','春节'),('2026-02-19','holiday','春节'),('2026-02-20','holiday','春节'),
 ('2026-02-23','holiday','春节'),('2026-02-28','workday','春节调休'),
 ('2026-04-06','holiday','清明节'),
 ('2026-05-01','holiday','劳动节'),('2026-05-04','holiday','劳动节'),('2026-05-05','holiday','劳动节'),
 ('2026-05-09','workday','劳动节调休'),
 ('2026-06-19','holiday','端午节'),
 ('2026-09-20','workday','国庆节调休'),('2026-09-25','holiday','中秋节'),
 ('2026-10-01','holiday','国庆节'),('2026-10-02','holiday','国庆节'),('2026-10-05','holiday','国庆节'),
 ('2026-10-06','holiday','国庆节'),('2026-10-07','holiday','国庆节'),('2026-10-10','workday','国庆节调休');

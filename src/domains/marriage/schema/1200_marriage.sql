-- 1200_marriage: the marriage register (婚姻登记) of the city: the registry
-- offices, appointments, marriages, divorces by agreement with their
-- cooling-off windows, certificates and corrections. Owned by
-- src/domains/marriage (marriage.h); no other room names these tables.
-- division_code of every row is the office's district (6 digits): an
-- office sees its own registrations (the scope filter reads it).

-- Every district's registry office (全城通办: a couple books any of them),
-- capacity per half-day slot. A handful of rows read by every booking.
-- citus: reference mar_offices
CREATE TABLE mar_offices (
  code           TEXT PRIMARY KEY,       -- the district code of the office
  name           TEXT NOT NULL,
  address        TEXT NOT NULL DEFAULT '',
  slot_capacity  INTEGER NOT NULL CHECK (slot_capacity BETWEEN 0 AND 500),
  updated_at     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO mar_offices (code, name, address, slot_capacity) VALUES
 ('440103', '荔湾区婚姻登记处', '荔湾区', 30),
 ('440104', '越秀区婚姻登记处', '越秀区', 30),
 ('440105', '海珠区婚姻登记处', '海珠区', 30),
 ('440106', '天河区婚姻登记处', '天河区', 40),
 ('440111', '白云区婚姻登记处', '白云区', 40),
 ('440112', '黄埔区婚姻登记处', '黄埔区', 30),
 ('440113', '番禺区婚姻登记处', '番禺区', 40),
 ('440114', '花都区婚姻登记处', '花都区', 30),
 ('440115', '南沙区婚姻登记处', '南沙区', 20),
 ('440117', '从化区婚姻登记处', '从化区', 20),
 ('440118', '增城区婚姻登记处', '增城区', 30);

-- A booked half-day slot. Persons are the registry's (ids); the ID numbers
-- they were booked with are kept for the desk's check on the day.
-- citus: distribute mar_appointments by id
CREATE TABLE mar_appointments (
  id             {{ID}},
  office_code    TEXT NOT NULL REFERENCES mar_offices(code),
  division_code  TEXT NOT NULL,            -- = office_code
  day            TEXT NOT NULL,            -- YYYY-MM-DD, a working day
  half           TEXT NOT NULL CHECK (half IN ('am', 'pm')),
  kind           TEXT NOT NULL CHECK (kind IN ('marriage', 'divorce')),
  person_a_id    BIGINT NOT NULL,
  person_b_id    BIGINT NOT NULL,
  phone          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'cancelled', 'no_show', 'done')),
  status_reason  TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX mar_appointments_slot ON mar_appointments(office_code, day, half);
CREATE INDEX mar_appointments_division ON mar_appointments(division_code, day);

-- A registered marriage (结婚登记). status: registered (in force), divorced,
-- void (Art. 1051, declared), revoked (Art. 1052-1053, annulled), ended
-- (a spouse died). Cross-province (跨省通办) cases keep the other
-- province's registration reference.
-- citus: distribute mar_marriages by id
CREATE TABLE mar_marriages (
  id                 {{ID}},
  office_code        TEXT NOT NULL REFERENCES mar_offices(code),
  division_code      TEXT NOT NULL,
  registered_on      TEXT NOT NULL,
  man_id             BIGINT NOT NULL,
  woman_id           BIGINT NOT NULL,
  man_id_number      TEXT NOT NULL,
  woman_id_number    TEXT NOT NULL,
  man_name           TEXT NOT NULL,
  woman_name         TEXT NOT NULL,
  certificate_no     TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('registered', 'divorced', 'void', 'revoked', 'ended')),
  status_reason      TEXT NOT NULL DEFAULT '',
  status_article     TEXT NOT NULL DEFAULT '',
  ended_on           TEXT,
  kinship_finding    TEXT NOT NULL DEFAULT '',  -- none_found | uncertain (officer asked)
  kinship_note       TEXT NOT NULL DEFAULT '',
  cross_province     INTEGER NOT NULL DEFAULT 0,
  other_province     TEXT NOT NULL DEFAULT '',
  other_reference    TEXT NOT NULL DEFAULT '',
  appointment_id     BIGINT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_by         TEXT NOT NULL,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX mar_marriages_division ON mar_marriages(division_code, registered_on);
CREATE INDEX mar_marriages_man_no ON mar_marriages(man_id_number);
CREATE INDEX mar_marriages_woman_no ON mar_marriages(woman_id_number);

-- The register's answer to "is this person married now?" (Art. 1041-1042:
-- monogamy): one row a spouse, current while ended_on is NULL, at most one
-- current row a person (the unique index refuses a second marriage even
-- when two offices register at the same instant). Lives with the person.
-- citus: distribute mar_spouses by person_id
CREATE TABLE mar_spouses (
  person_id      BIGINT NOT NULL,
  marriage_id    BIGINT NOT NULL,
  division_code  TEXT NOT NULL,
  since          TEXT NOT NULL,
  ended_on       TEXT,
  PRIMARY KEY (person_id, marriage_id)
);
CREATE UNIQUE INDEX mar_spouses_current ON mar_spouses(person_id) WHERE ended_on IS NULL;

-- Divorce by agreement (Art. 1076-1078) with its two windows of Art. 1077,
-- computed once at the application (docs/domain.md, "counting the days").
-- status: applied (first window), waiting (second window: both must
-- appear), withdrawn (by a party within the first window), expired (nobody
-- appeared within the second: treated as withdrawn, set by the job),
-- registered (the divorce certificate issued).
-- citus: distribute mar_divorces by id
CREATE TABLE mar_divorces (
  id               {{ID}},
  marriage_id      BIGINT NOT NULL,
  office_code      TEXT NOT NULL REFERENCES mar_offices(code),
  division_code    TEXT NOT NULL,
  applied_on       TEXT NOT NULL,
  withdraw_from    TEXT NOT NULL,
  withdraw_until   TEXT NOT NULL,
  appear_from      TEXT NOT NULL,
  appear_until     TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('applied', 'withdrawn', 'expired', 'registered')),
  withdrawn_by     BIGINT,
  closed_on        TEXT,
  certificate_no   TEXT NOT NULL DEFAULT '',
  close_reason     TEXT NOT NULL DEFAULT '',
  cross_province   INTEGER NOT NULL DEFAULT 0,
  other_province   TEXT NOT NULL DEFAULT '',
  other_reference  TEXT NOT NULL DEFAULT '',
  created_by       TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX mar_divorces_marriage ON mar_divorces(marriage_id);
CREATE INDEX mar_divorces_open ON mar_divorces(status, appear_until);
CREATE INDEX mar_divorces_division ON mar_divorces(division_code, applied_on);

-- Certificates: one number a registration (both parties' copies carry it),
-- a reissue (补领) takes a new number and replaces the person's copy.
-- citus: distribute mar_certificates by id
CREATE TABLE mar_certificates (
  id             {{ID}},
  kind           TEXT NOT NULL CHECK (kind IN ('marriage', 'divorce')),
  subject_id     BIGINT NOT NULL,         -- mar_marriages.id or mar_divorces.id
  person_id      BIGINT NOT NULL,         -- whose copy (0: both, the original)
  office_code    TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  number         TEXT NOT NULL,
  year           INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  reissue_of     BIGINT,
  reason         TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL CHECK (status IN ('valid', 'replaced')),
  issued_on      TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL
);
CREATE INDEX mar_certificates_subject ON mar_certificates(kind, subject_id);
CREATE INDEX mar_certificates_office_year ON mar_certificates(office_code, year, seq);

-- Corrections of a registered marriage (更正): field, old, new, reason.
-- citus: distribute mar_corrections by id
CREATE TABLE mar_corrections (
  id             {{ID}},
  marriage_id    BIGINT NOT NULL,
  division_code  TEXT NOT NULL,
  field          TEXT NOT NULL,
  old_value      TEXT NOT NULL,
  new_value      TEXT NOT NULL,
  reason         TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL
);
CREATE INDEX mar_corrections_marriage ON mar_corrections(marriage_id);

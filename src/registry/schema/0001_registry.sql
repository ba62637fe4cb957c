-- 0001_registry: divisions, persons, households and their history.
-- Written in the SQL subset SQLite and PostgreSQL both accept; {{ID}} is an
-- auto-assigned BIGINT primary key on either engine (see store/migrate.c).
-- Timestamps are Unix seconds (BIGINT); calendar dates are 'YYYY-MM-DD' text.
-- Every row holding personal data carries division_code (the scope filter).
-- Each table is annotated "-- citus: ..." with where its rows live when the
-- schema is distributed (docs/scaling.md step 5; `minzheng distribution
-- check` verifies the keys against these lines): the person tables by
-- person id, the household tables by household id. Ids never change, while
-- a person's division and household do, so neither is a distribution key.

-- citus: reference divisions
CREATE TABLE divisions (
  code        TEXT PRIMARY KEY,          -- GB/T 2260 (6) or statistical code (9, 12)
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,          -- 1 city, 2 district, 3 street/town, 4 community
  parent      TEXT REFERENCES divisions(code),
  historical  INTEGER NOT NULL DEFAULT 0, -- 1: retired code, still valid in ID numbers
  lat_e6      INTEGER,                   -- latitude  x 1e6 (communities)
  lon_e6      INTEGER                    -- longitude x 1e6
);
CREATE INDEX divisions_parent ON divisions(parent);

-- citus: distribute persons by id
CREATE TABLE persons (
  id               {{ID}},
  id_number        TEXT NOT NULL,         -- GB 11643, validated on every entry; unique by person_id_numbers
  name             TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date       TEXT NOT NULL,         -- derived from id_number
  division_code    TEXT NOT NULL REFERENCES divisions(code), -- residence community
  address          TEXT NOT NULL DEFAULT '',
  phone            TEXT NOT NULL DEFAULT '',
  hukou            TEXT NOT NULL DEFAULT 'urban' CHECK (hukou IN ('urban', 'rural')),
  disability_kind  TEXT NOT NULL DEFAULT '', -- '', physical, visual, hearing, speech, intellectual, psychiatric, multiple
  disability_grade INTEGER NOT NULL DEFAULT 0 CHECK (disability_grade BETWEEN 0 AND 4),
  flags            TEXT NOT NULL DEFAULT '', -- comma list: full_time_student, in_prison, ...
  death_date       TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
-- Name search orders by (name, division_code, id) and stops at a page: the
-- index holds the whole order, so PostgreSQL reads one page of it instead
-- of sorting every namesake (its estimate for a common name is far too low
-- to choose the index otherwise; docs/benchmarks.md, 20 M persons). On
-- SQLite id is the rowid, which every index ends with anyway.
CREATE INDEX persons_name ON persons(name, division_code, id);
CREATE INDEX persons_id_number ON persons(id_number);

-- An ID number belongs to one person city-wide. The key cannot live on
-- persons once persons are distributed by id (a unique key must include the
-- distribution column), so it lives here, distributed by the number itself,
-- and is written in the same transaction as the person (registry create,
-- import, demo). A lookup by number is then one key probe on one node.
-- citus: distribute person_id_numbers by id_number
CREATE TABLE person_id_numbers (
  id_number  TEXT PRIMARY KEY,
  person_id  BIGINT NOT NULL   -- persons.id; another co-location group, so no foreign key
);
CREATE INDEX persons_division ON persons(division_code);

-- citus: distribute households by id
CREATE TABLE households (
  id             {{ID}},
  division_code  TEXT NOT NULL REFERENCES divisions(code),
  address        TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX households_division ON households(division_code);

-- Membership over time: a left member keeps the row with left_on set.
-- It lives with the person: its invariant (one current household) is about
-- the person. household_id joins the other group, so the registry checks
-- the household exists in the same transaction instead of a foreign key.
-- citus: distribute household_members by person_id with persons
CREATE TABLE household_members (
  id            {{ROWID}},
  household_id  BIGINT NOT NULL,
  person_id     BIGINT NOT NULL REFERENCES persons(id),
  relation      TEXT NOT NULL CHECK (relation IN
                  ('head','spouse','child','parent','grandchild','grandparent','sibling','other')),
  joined_on     TEXT NOT NULL,
  left_on       TEXT,
  {{KEY}} (id, person_id)
);
-- A person is in at most one current household.
CREATE UNIQUE INDEX household_members_current ON household_members(person_id)
  WHERE left_on IS NULL;
CREATE INDEX household_members_household ON household_members(household_id);

-- Every change to a person or household: who, when, what, why.
-- citus: distribute registry_history by id
CREATE TABLE registry_history (
  id             {{ID}},
  entity         TEXT NOT NULL CHECK (entity IN ('person', 'household')),
  entity_id      BIGINT NOT NULL,
  division_code  TEXT NOT NULL,
  version        INTEGER NOT NULL,
  changed_at     BIGINT NOT NULL,
  changed_by     TEXT NOT NULL,   -- login
  reason         TEXT NOT NULL,
  changes        TEXT NOT NULL    -- JSON {"field":{"old":...,"new":...}}
);
CREATE INDEX registry_history_entity ON registry_history(entity, entity_id, version);

-- Declared monthly incomes by kind (wages, pension, business, property,
-- support, unemployment, veterans_benefit, ...: docs/policy.md lists them),
-- and assets by kind (deposits, securities, vehicles, real_estate, ...).
-- citus: distribute person_incomes by person_id with persons
CREATE TABLE person_incomes (
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  kind           TEXT NOT NULL,
  monthly_fen    BIGINT NOT NULL CHECK (monthly_fen >= 0),
  PRIMARY KEY (person_id, kind)
);
-- citus: distribute person_assets by person_id with persons
CREATE TABLE person_assets (
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  kind           TEXT NOT NULL,
  amount_fen     BIGINT NOT NULL CHECK (amount_fen >= 0),
  PRIMARY KEY (person_id, kind)
);

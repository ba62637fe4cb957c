-- 1400_volunteer.sql - volunteers, the time-bank hour ledger, activities,
-- service orders with dispatch, and paired visits (src/domains/volunteer).
-- Times are Unix seconds, dates ISO text. Hours are kept in minutes of
-- service: 1 hour = 1 point (广州公益时间银行), so 60 minutes = 1 point.

-- Dated parameters of the time bank and dispatch (value as text, read as the
-- row with the latest valid_from not after the day asked).
-- citus: reference vol_params
CREATE TABLE vol_params (
  name        TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  value       TEXT NOT NULL,
  source      TEXT NOT NULL,
  PRIMARY KEY (name, valid_from)
);
INSERT INTO vol_params VALUES
  ('bank.minutes_per_point', '2019-08-26', '60', '广州公益时间银行 (2019-08-26): 1 hour of service = 1 point'),
  ('bank.exchange_min_minutes', '2019-08-26', '6000', '广州公益时间银行: points exchangeable from 100 hours of service'),
  ('bank.cap_minutes', '2019-08-26', '90000', '广州公益时间银行: cap of 1,500 points (unverified)'),
  ('dispatch.accept_seconds', '2019-08-26', '1800', 'platform rule: an offer must be answered within 30 minutes'),
  ('dispatch.max_rounds', '2019-08-26', '5', 'platform rule: after 5 offers nobody accepted, the order goes to the street'),
  ('dispatch.max_load', '2019-08-26', '3', 'platform rule: a volunteer holds at most 3 open orders'),
  ('volunteer.min_age', '2019-08-26', '10', 'platform rule: the youngest volunteer (with guardian consent)');

-- The service catalogue: what a resident may order, the skill it needs and
-- the longest time it may be credited for.
-- citus: reference vol_services
CREATE TABLE vol_services (
  code         TEXT PRIMARY KEY,
  name_zh      TEXT NOT NULL,
  name_en      TEXT NOT NULL,
  skill        TEXT NOT NULL,
  max_minutes  INTEGER NOT NULL
);
INSERT INTO vol_services VALUES
  ('companionship', '陪伴聊天', 'Companionship', 'companionship', 240),
  ('errand', '代办跑腿', 'Errands', 'errand', 180),
  ('repair', '家居维修', 'Home repairs', 'repair', 240),
  ('meal_delivery', '送餐上门', 'Meal delivery', 'delivery', 120),
  ('haircut', '义剪理发', 'Haircut', 'haircut', 120),
  ('visit', '结对探访', 'Paired visit', 'companionship', 180),
  ('escort', '陪同就医', 'Escort to hospital', 'escort', 360);

-- Volunteer service organisations (志愿服务组织) and their teams.
-- citus: reference vol_orgs
CREATE TABLE vol_orgs (
  id             {{ID}},
  name           TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  services       TEXT NOT NULL DEFAULT '',  -- ",code,code," the orders it can take
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_at     BIGINT NOT NULL
);
CREATE INDEX vol_orgs_division ON vol_orgs(division_code);

-- A registered volunteer is a person of the registry (ID number validated
-- there). skills ",a,b," so a LIKE '%,skill,%' finds them; availability is
-- a weekday mask (bit 0 Monday) and hours "HH:MM-HH:MM".
-- citus: distribute vol_volunteers by person_id with persons
CREATE TABLE vol_volunteers (
  id               {{ROWID}},
  person_id        BIGINT NOT NULL REFERENCES persons(id),
  division_code    TEXT NOT NULL,          -- the community they serve from
  name             TEXT NOT NULL,
  skills           TEXT NOT NULL DEFAULT ',',
  areas            TEXT NOT NULL DEFAULT '',  -- further divisions they serve, comma list
  weekdays         INTEGER NOT NULL DEFAULT 127,
  hours            TEXT NOT NULL DEFAULT '08:00-20:00',
  org_id           BIGINT REFERENCES vol_orgs(id),
  team             TEXT NOT NULL DEFAULT '',
  guardian_id_number TEXT NOT NULL DEFAULT '',
  guardian_consent INTEGER NOT NULL DEFAULT 0,
  login            TEXT,                   -- the service_provider user acting as this volunteer
  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  open_orders      INTEGER NOT NULL DEFAULT 0,
  rating_sum       BIGINT NOT NULL DEFAULT 0,
  rating_n         BIGINT NOT NULL DEFAULT 0,
  registered_on    TEXT NOT NULL,
  closed_reason    TEXT NOT NULL DEFAULT '',
  created_by       TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE UNIQUE INDEX vol_volunteers_person ON vol_volunteers(person_id);
CREATE INDEX vol_volunteers_dispatch ON vol_volunteers(status, division_code);
CREATE INDEX vol_volunteers_login ON vol_volunteers(login);

-- Training and certificates.
-- citus: distribute vol_certificates by person_id with persons
CREATE TABLE vol_certificates (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  volunteer_id   BIGINT NOT NULL,
  division_code  TEXT NOT NULL,
  title          TEXT NOT NULL,
  issuer         TEXT NOT NULL,
  issued_on      TEXT NOT NULL,
  valid_to       TEXT NOT NULL DEFAULT '',
  created_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);

-- ---- the hour ledger ------------------------------------------------------
-- An account holds points in minutes. balance is a cache of the sum of its
-- postings (the ledger check proves it); floor_minutes is how far below zero
-- it may go: 0 for people and organisations, NULL (no floor) for the city's
-- bank, which issues every credited hour and so carries minus the total.
-- citus: distribute vol_accounts by id
CREATE TABLE vol_accounts (
  id             {{ID}},
  kind           TEXT NOT NULL CHECK (kind IN ('bank', 'volunteer', 'organisation', 'family')),
  owner_id       BIGINT NOT NULL DEFAULT 0,   -- volunteer id, org id, person id; 0 the bank
  division_code  TEXT NOT NULL,
  name           TEXT NOT NULL,
  balance        BIGINT NOT NULL DEFAULT 0,
  floor_minutes  BIGINT,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX vol_accounts_owner ON vol_accounts(kind, owner_id, id);
CREATE INDEX vol_accounts_division ON vol_accounts(division_code);
INSERT INTO vol_accounts (kind, owner_id, division_code, name, balance, floor_minutes, status, created_at)
  VALUES ('bank', 0, '440100', '广州公益时间银行', 0, NULL, 'open', 0);

-- A movement moves minutes from one account to another; it is never edited.
-- A correction is a reversing movement (reverses_id) with its reason.
-- citus: distribute vol_movements by id
CREATE TABLE vol_movements (
  id              {{ID}},
  kind            TEXT NOT NULL CHECK (kind IN ('service', 'activity', 'exchange', 'transfer', 'reversal')),
  from_account_id BIGINT NOT NULL,
  to_account_id   BIGINT NOT NULL,
  minutes         BIGINT NOT NULL CHECK (minutes > 0),
  reverses_id     BIGINT,
  ref_kind        TEXT NOT NULL DEFAULT '',
  ref_id          BIGINT NOT NULL DEFAULT 0,
  division_code   TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX vol_movements_reverses ON vol_movements(reverses_id, id);
CREATE INDEX vol_movements_ref ON vol_movements(ref_kind, ref_id);
CREATE INDEX vol_movements_division ON vol_movements(division_code, created_at);

-- The two legs of every movement: -minutes on the source, +minutes on the
-- target. An account's balance is the sum of its postings.
-- citus: distribute vol_postings by account_id with vol_accounts
CREATE TABLE vol_postings (
  account_id   BIGINT NOT NULL,
  movement_id  BIGINT NOT NULL,
  minutes      BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (account_id, movement_id)
);
CREATE INDEX vol_postings_movement ON vol_postings(movement_id);

-- ---- service orders and dispatch --------------------------------------------
-- 群众点单、平台派单、志愿者接单、群众评单: one order for one resident.
-- citus: distribute vol_orders by person_id with persons
CREATE TABLE vol_orders (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL REFERENCES persons(id),
  division_code   TEXT NOT NULL,
  service_code    TEXT NOT NULL REFERENCES vol_services(code),
  source          TEXT NOT NULL CHECK (source IN ('resident', 'worker', 'visit_plan')),
  pairing_id      BIGINT NOT NULL DEFAULT 0,
  note            TEXT NOT NULL DEFAULT '',
  wanted_on       TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('open', 'offered', 'accepted', 'in_service',
                    'served', 'rated', 'unassigned', 'cancelled')),
  volunteer_id    BIGINT NOT NULL DEFAULT 0,
  org_id          BIGINT NOT NULL DEFAULT 0,
  rounds          INTEGER NOT NULL DEFAULT 0,
  accepted_in_sla INTEGER NOT NULL DEFAULT 0,
  checkin_at      BIGINT NOT NULL DEFAULT 0,
  checkout_at     BIGINT NOT NULL DEFAULT 0,
  checkin_code    TEXT NOT NULL,
  minutes         BIGINT NOT NULL DEFAULT 0,
  credited_minutes BIGINT NOT NULL DEFAULT 0,
  rating          INTEGER NOT NULL DEFAULT 0,
  rating_note     TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  accepted_at     BIGINT NOT NULL DEFAULT 0,
  updated_at      BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX vol_orders_division ON vol_orders(division_code, state);
CREATE INDEX vol_orders_volunteer ON vol_orders(volunteer_id, state);
CREATE INDEX vol_orders_state ON vol_orders(state, created_at);

-- Each offer of an order to one volunteer, with the time it must be
-- answered by; an order's history of offers is its dispatch trail.
-- citus: distribute vol_offers by person_id with persons
CREATE TABLE vol_offers (
  id              {{ROWID}},
  order_id        BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,
  volunteer_id    BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  tier            INTEGER NOT NULL,   -- 0 same community .. 3 elsewhere in the city
  offered_at      BIGINT NOT NULL,
  deadline        BIGINT NOT NULL,
  answer          TEXT NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  answered_at     BIGINT NOT NULL DEFAULT 0,
  decline_reason  TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id),
  FOREIGN KEY (order_id, person_id) REFERENCES vol_orders (id, person_id)
);
CREATE INDEX vol_offers_order ON vol_offers(order_id);
CREATE INDEX vol_offers_pending ON vol_offers(answer, deadline);
CREATE INDEX vol_offers_volunteer ON vol_offers(volunteer_id, answer);

-- 老伙伴: a volunteer paired with an elder for regular visits.
-- citus: distribute vol_pairings by person_id with persons
CREATE TABLE vol_pairings (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL REFERENCES persons(id),
  volunteer_id    BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  visits_per_month INTEGER NOT NULL DEFAULT 1,
  started_on      TEXT NOT NULL,
  ended_on        TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  end_reason      TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX vol_pairings_volunteer ON vol_pairings(volunteer_id, status);
CREATE INDEX vol_pairings_division ON vol_pairings(division_code, status);

-- ---- activities -------------------------------------------------------------
-- citus: distribute vol_activities by id
CREATE TABLE vol_activities (
  id              {{ID}},
  org_id          BIGINT NOT NULL DEFAULT 0,
  title           TEXT NOT NULL,
  division_code   TEXT NOT NULL,
  place           TEXT NOT NULL,
  starts_at       BIGINT NOT NULL,
  ends_at         BIGINT NOT NULL,
  checkin_code    TEXT NOT NULL,   -- shown as a QR code at the place
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX vol_activities_division ON vol_activities(division_code, starts_at);

-- citus: distribute vol_activity_roles by activity_id with vol_activities
CREATE TABLE vol_activity_roles (
  activity_id  BIGINT NOT NULL,
  role         TEXT NOT NULL,
  needed       INTEGER NOT NULL CHECK (needed > 0),
  skill        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (activity_id, role)
);

-- citus: distribute vol_signups by activity_id with vol_activities
CREATE TABLE vol_signups (
  activity_id    BIGINT NOT NULL,
  volunteer_id   BIGINT NOT NULL,
  role           TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'signed' CHECK (state IN ('signed', 'checked_in', 'checked_out', 'confirmed', 'cancelled')),
  checkin_at     BIGINT NOT NULL DEFAULT 0,
  checkout_at    BIGINT NOT NULL DEFAULT 0,
  minutes        BIGINT NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  PRIMARY KEY (activity_id, volunteer_id)
);
CREATE INDEX vol_signups_volunteer ON vol_signups(volunteer_id);

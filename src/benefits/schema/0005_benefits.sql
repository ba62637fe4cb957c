-- 0005_benefits: enrollments of any program and the monthly payroll
-- (benefits/). Months are 'YYYY-MM' text: they sort and compare as text on
-- both engines.

-- Enrollments and payments live with the household (docs/scaling.md, step
-- 5). person_id names a person of the other co-location group: no foreign
-- key; it is the case's beneficiary, checked when the case was written
-- (persons are never deleted).
-- citus: distribute enrollments by household_id with households
CREATE TABLE enrollments (
  id                {{ROWID}},
  program           TEXT NOT NULL,
  case_id           BIGINT,
  household_id      BIGINT NOT NULL,
  person_id         BIGINT,          -- person-unit programs; NULL = the household
  division_code     TEXT NOT NULL,   -- the household's community
  amount_fen        BIGINT NOT NULL CHECK (amount_fen >= 0),
  start_month       TEXT NOT NULL,   -- first month paid (the month after approval: 低保 Art. 21, 25)
  end_month         TEXT,            -- last month payable; NULL = open
  paid_through      TEXT,            -- last month for which a payment line exists
  status            TEXT NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'suspended', 'ended')),
  phase_out_until   TEXT,            -- 渐退期: last month of the gradual exit (Art. 33)
  end_reason        TEXT NOT NULL DEFAULT '',
  review_months     INTEGER NOT NULL DEFAULT 12, -- Art. 31: 12 stable, 6 irregular income
  next_review_on    TEXT,
  bank_account      TEXT NOT NULL DEFAULT '',
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX enrollments_division ON enrollments(division_code, status);
CREATE INDEX enrollments_person ON enrollments(person_id);
CREATE INDEX enrollments_household ON enrollments(household_id);
CREATE INDEX enrollments_review ON enrollments(next_review_on) WHERE status <> 'ended';

-- The months payroll may cover (a small calendar to join against, so that
-- missed months become back-pay lines in one statement).
-- citus: reference pay_months
CREATE TABLE pay_months (month TEXT PRIMARY KEY);
WITH RECURSIVE m(y, mo) AS (SELECT 2016, 1 UNION ALL
  SELECT CASE WHEN mo = 12 THEN y + 1 ELSE y END, CASE WHEN mo = 12 THEN 1 ELSE mo + 1 END
  FROM m WHERE y < 2045)
INSERT INTO pay_months (month)
  SELECT CAST(y AS TEXT) || '-' || CASE WHEN mo < 10 THEN '0' ELSE '' END || CAST(mo AS TEXT) FROM m;

-- A few runs a month per district: copied to every node, so payment lines
-- on every node can reference their run.
-- citus: reference payroll_runs
CREATE TABLE payroll_runs (
  id            {{ID}},
  month         TEXT NOT NULL,
  scope_code    TEXT NOT NULL,    -- 440100 (the city) or a district code
  seq           INTEGER NOT NULL DEFAULT 1, -- 2, 3 ...: supplementary runs (补发) of the month
  status        TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'approved', 'released')),
  line_count    BIGINT NOT NULL DEFAULT 0,
  total_fen     BIGINT NOT NULL DEFAULT 0,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  approved_by   TEXT NOT NULL DEFAULT '',
  approved_at   BIGINT,
  released_by   TEXT NOT NULL DEFAULT '',
  released_at   BIGINT,
  UNIQUE (month, scope_code, seq)
);

-- One line per enrollment per month: the unique key makes every run
-- idempotent (INSERT ... ON CONFLICT DO NOTHING, never check-then-insert).
-- The enrollment fixes the household, so the key (enrollment_id,
-- household_id, month) means exactly "one line per enrollment per month".
-- citus: distribute payments by household_id with households
CREATE TABLE payments (
  id             {{ROWID}},
  run_id         BIGINT NOT NULL REFERENCES payroll_runs(id),
  enrollment_id  BIGINT NOT NULL,
  household_id   BIGINT NOT NULL,   -- the enrollment's
  month          TEXT NOT NULL,
  program        TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  amount_fen     BIGINT NOT NULL,
  kind           TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'back_pay')),
  status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sent', 'paid', 'failed', 'cancelled')),
  attempts       INTEGER NOT NULL DEFAULT 1,
  bank_ref       TEXT NOT NULL DEFAULT '',
  fail_reason    TEXT NOT NULL DEFAULT '',
  overpaid       INTEGER NOT NULL DEFAULT 0, -- paid for a month after the enrollment ended
  {{KEY}} (id, household_id),
  UNIQUE (enrollment_id, household_id, month),
  FOREIGN KEY (enrollment_id, household_id) REFERENCES enrollments (id, household_id)
);
CREATE INDEX payments_run ON payments(run_id, division_code);
CREATE INDEX payments_status ON payments(status) WHERE status IN ('failed', 'pending');
CREATE INDEX payments_overpaid ON payments(enrollment_id) WHERE overpaid = 1;

-- 0006_evidence: other agencies' records for household economic
-- verification (核对), their provenance, the verification reports and the
-- integrity register (诚信数据库). evidence/ owns these tables.

-- One imported file: which agency, what it covers, as of when. A few files
-- per agency per month, no citizen data: copied to every node, so records
-- on every node can reference their batch.
-- citus: reference evidence_batches
CREATE TABLE evidence_batches (
  id            {{ID}},
  category      TEXT NOT NULL CHECK (category IN ('income', 'asset', 'housing', 'vehicle')),
  source        TEXT NOT NULL,      -- the agency: 人社, 税务, 公积金, 不动产, 公安交管, 银行 ...
  as_of         TEXT NOT NULL,      -- the date the agency's extract describes
  file_name     TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  row_count     BIGINT NOT NULL DEFAULT 0,
  imported_by   TEXT NOT NULL,
  imported_at   BIGINT NOT NULL
);

-- One fact about one person: a monthly income of a kind, an asset value of
-- a kind, a number of dwellings or vehicles (count), as the agency says.
-- Lives with the person, read per person (evidence_person_latest).
-- citus: distribute evidence_records by person_id with persons
CREATE TABLE evidence_records (
  id             {{ROWID}},
  batch_id       BIGINT NOT NULL REFERENCES evidence_batches(id),
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  category       TEXT NOT NULL,
  kind           TEXT NOT NULL,     -- income/asset kind of the rules; 'count' for housing, vehicle
  amount_fen     BIGINT NOT NULL DEFAULT 0,
  quantity       INTEGER NOT NULL DEFAULT 0,
  as_of          TEXT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX evidence_records_person ON evidence_records(person_id, category, kind, as_of);
CREATE INDEX evidence_records_batch ON evidence_records(batch_id);

-- A verification report: for every member, declared vs. evidence, and the
-- discrepancies found. Kept as JSON with the case, with its household.
-- citus: distribute verification_reports by household_id with households
CREATE TABLE verification_reports (
  id              {{ROWID}},
  case_id         BIGINT,
  household_id    BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  discrepancies   INTEGER NOT NULL DEFAULT 0,
  report          TEXT NOT NULL,
  {{KEY}} (id, household_id),
  FOREIGN KEY (case_id, household_id) REFERENCES cases (id, household_id)
);
CREATE INDEX verification_reports_case ON verification_reports(case_id, id);

-- 诚信数据库: false declarations found by verification, and who recorded
-- them. A record stays; resolving it keeps the history. Lives with the
-- person; case_id names a case of the household group: no foreign key,
-- evidence_integrity_add checks it in its transaction.
-- citus: distribute integrity_records by person_id with persons
CREATE TABLE integrity_records (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  case_id        BIGINT,            -- a case (checked by the code)
  kind           TEXT NOT NULL CHECK (kind IN ('concealed_income', 'concealed_asset',
                   'false_declaration', 'fraudulent_claim')),
  detail         TEXT NOT NULL,
  amount_fen     BIGINT NOT NULL DEFAULT 0,
  recorded_by    TEXT NOT NULL,
  recorded_at    BIGINT NOT NULL,
  resolved_at    BIGINT,
  resolution     TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id)
);
CREATE INDEX integrity_records_person ON integrity_records(person_id);
CREATE INDEX integrity_records_division ON integrity_records(division_code);

-- 1240_posthumous: deaths, the one-stop posthumous service (身后事一站式联办)
-- and funerals (posthumous/). A death registration opens one case per
-- deceased person; the case holds one task per outside department's matter
-- (with a deadline, a receipt when done, an overdue flag) and shows how each
-- subscriber of person.died inside minzheng acted (the outbox's deliveries,
-- read through events_subject_latest - not copied here).
-- Rows about a person carry person_id and division_code (the deceased's
-- community, the scope filter) and live with the person (Citus: the person
-- group). Dates 'YYYY-MM-DD', times Unix seconds, money integer fen.

-- ---- dated parameters: fee waivers, eco-burial subsidies -----------------
-- The value in force on a day is the latest valid_from <= the day.
-- citus: reference ph_params
CREATE TABLE ph_params (
  name        TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  value       BIGINT NOT NULL,
  source      TEXT NOT NULL,
  PRIMARY KEY (name, valid_from)
);

-- ---- the matters of the one-stop service (configuration, dated) ----------
-- kind 'external': a task for another department with a deadline counted in
-- days from the death date and a receipt when done. kind 'internal': done
-- inside minzheng by the named subscriber of person.died; the case shows
-- that subscriber's delivery. A matter applies to deaths on or after
-- valid_from (and before valid_to when set).
-- citus: reference ph_matters
CREATE TABLE ph_matters (
  code           TEXT NOT NULL,
  valid_from     TEXT NOT NULL,
  valid_to       TEXT NOT NULL DEFAULT '',
  kind           TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
  department_zh  TEXT NOT NULL,
  department_en  TEXT NOT NULL,
  matter_zh      TEXT NOT NULL,
  matter_en      TEXT NOT NULL,
  subscriber     TEXT NOT NULL DEFAULT '',
  deadline_days  INTEGER NOT NULL DEFAULT 0,
  basis          TEXT NOT NULL DEFAULT '',
  sort           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (code, valid_from)
);

-- ---- cases: one per deceased person --------------------------------------
-- The unique person_id is what makes the same death reported twice one case.
-- citus: distribute ph_cases by person_id with persons
CREATE TABLE ph_cases (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL REFERENCES persons(id),
  division_code   TEXT NOT NULL,
  death_date      TEXT NOT NULL,
  cause_category  TEXT NOT NULL CHECK (cause_category IN
                    ('disease', 'natural', 'accident', 'other', 'unknown')),
  place_kind      TEXT NOT NULL CHECK (place_kind IN ('hospital', 'home', 'elsewhere')),
  place           TEXT NOT NULL DEFAULT '',
  opened_by       TEXT NOT NULL,
  opened_at       BIGINT NOT NULL,
  event_id        BIGINT NOT NULL DEFAULT 0,
  {{KEY}} (id, person_id)
);
CREATE UNIQUE INDEX ph_cases_person ON ph_cases(person_id);
CREATE INDEX ph_cases_division ON ph_cases(division_code, death_date);
CREATE INDEX ph_cases_death ON ph_cases(death_date);

-- Every report of the death: the first opens the case, later ones (a
-- hospital notice after the family came) are kept on it. The reporter's ID
-- number is the family agent's key to the progress page.
-- citus: distribute ph_reports by person_id with persons
CREATE TABLE ph_reports (
  id              {{ROWID}},
  case_id         BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('hospital', 'police', 'family', 'registry')),
  reporter_name   TEXT NOT NULL DEFAULT '',
  reporter_id_number TEXT NOT NULL DEFAULT '',
  reporter_relation TEXT NOT NULL DEFAULT '',
  reporter_phone  TEXT NOT NULL DEFAULT '',
  documents       TEXT NOT NULL DEFAULT '',
  reported_by     TEXT NOT NULL,
  reported_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES ph_cases(id, person_id)
);
CREATE INDEX ph_reports_case ON ph_reports(person_id, case_id);

-- One task per external matter of a case.
-- citus: distribute ph_tasks by person_id with persons
CREATE TABLE ph_tasks (
  id              {{ROWID}},
  case_id         BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  matter_code     TEXT NOT NULL,
  matter_from     TEXT NOT NULL,
  due_on          TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  receipt_ref     TEXT NOT NULL DEFAULT '',
  done_on         TEXT NOT NULL DEFAULT '',
  done_by         TEXT NOT NULL DEFAULT '',
  overdue_flagged_on TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES ph_cases(id, person_id)
);
CREATE UNIQUE INDEX ph_tasks_matter ON ph_tasks(person_id, case_id, matter_code);
CREATE INDEX ph_tasks_open ON ph_tasks(status, due_on);
CREATE INDEX ph_tasks_division ON ph_tasks(division_code, status);

-- ---- funerals ----------------------------------------------------------
-- Funeral homes (殡仪馆) are providers of the city, few: a reference table.
-- citus: reference ph_funeral_homes
CREATE TABLE ph_funeral_homes (
  id             {{ID}},
  name           TEXT NOT NULL UNIQUE,
  division_code  TEXT NOT NULL,
  address        TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  created_at     BIGINT NOT NULL
);

-- The funeral of a deceased person: cremation, the basic-service fee
-- waiver, the burial choice and its eco-burial subsidy (amounts computed
-- from ph_params in force on the cremation day and kept as decided).
-- citus: distribute ph_funerals by person_id with persons
CREATE TABLE ph_funerals (
  id              {{ROWID}},
  case_id         BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,
  division_code   TEXT NOT NULL,
  home_id         BIGINT NOT NULL REFERENCES ph_funeral_homes(id),
  cremated_on     TEXT NOT NULL,
  cremation_no    TEXT NOT NULL,
  basic_fee_fen   BIGINT NOT NULL,
  waived_fen      BIGINT NOT NULL,
  burial_kind     TEXT NOT NULL CHECK (burial_kind IN
                    ('niche', 'sea', 'lawn', 'tree', 'flower_bed', 'wall', 'grave')),
  eco             INTEGER NOT NULL CHECK (eco IN (0, 1)),
  subsidy_fen     BIGINT NOT NULL,
  recorded_by     TEXT NOT NULL,
  recorded_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES ph_cases(id, person_id)
);
CREATE UNIQUE INDEX ph_funerals_person ON ph_funerals(person_id);
CREATE INDEX ph_funerals_division ON ph_funerals(division_code, cremated_on);

-- ---- seeded configuration ----------------------------------------------
-- 14 matters across 8 departments (seed 001: "14 matters across 8
-- departments"; the list itself is ours, docs/domain.md). Deadlines other
-- than the hukou one are assumptions, editable as data.
INSERT INTO ph_matters (code, valid_from, kind, department_zh, department_en, matter_zh, matter_en, subscriber, deadline_days, basis, sort) VALUES
('hukou_cancel', '2000-01-01', 'external', '公安局', 'Public security', '注销户口', 'Cancel the household registration', '', 30, '户口登记条例 第八条: 死亡后一个月以内申报死亡、注销户口', 10),
('vehicle_transfer', '2000-01-01', 'external', '公安局', 'Public security', '机动车转移登记', 'Vehicle transfer', '', 90, 'assumption: 90 days', 20),
('pension_stop', '2000-01-01', 'external', '人力资源和社会保障局', 'Human resources and social security', '停发基本养老金', 'Stop the pension', '', 15, 'assumption: 15 days', 30),
('pension_recovery', '2000-01-01', 'external', '人力资源和社会保障局', 'Human resources and social security', '追回多发养老金', 'Recover pension paid after death', '', 60, 'assumption: 60 days', 40),
('social_insurance_settle', '2000-01-01', 'external', '人力资源和社会保障局', 'Human resources and social security', '丧葬补助金、抚恤金及个人账户结算', 'Funeral grant, survivors'' benefit, account settlement', '', 60, 'assumption: 60 days', 50),
('medical_insurance', '2000-01-01', 'external', '医疗保障局', 'Healthcare security', '终止医保并继承个人账户', 'End medical insurance, inherit the account', '', 60, 'assumption: 60 days', 60),
('housing_fund', '2000-01-01', 'external', '住房公积金管理中心', 'Housing provident fund', '公积金提取销户', 'Housing fund withdrawal and closure', '', 90, 'assumption: 90 days', 70),
('property_transfer', '2000-01-01', 'external', '规划和自然资源局（不动产登记）', 'Real-estate registration', '不动产继承转移登记', 'Real-estate transfer by inheritance', '', 180, 'assumption: 180 days', 80),
('disability_subsidy_stop', '2000-01-01', 'external', '残疾人联合会', 'Disabled persons'' federation', '停发残疾人两项补贴', 'Stop the two disability subsidies', '', 30, 'assumption: 30 days', 90),
('veteran_benefit_stop', '2000-01-01', 'external', '退役军人事务局', 'Veterans affairs', '停发优抚金并发放丧葬费', 'Stop veterans'' payments, pay the funeral grant', '', 30, 'assumption: 30 days', 100),
('assistance_end', '2000-01-01', 'internal', '民政局', 'Civil affairs', '终止社会救助待遇', 'End social-assistance enrollments', 'assistance.end_enrollments', 0, '最低生活保障审核确认办法: 死亡 → 终止', 110),
('assistance_household', '2000-01-01', 'internal', '民政局', 'Civil affairs', '家庭救助重新核定（领款人变更或终止）', 'Household re-evaluation (payee or termination)', 'assistance.hold_or_end_cases', 0, '最低生活保障审核确认办法 第三十三条', 120),
('canteen_card', '2000-01-01', 'internal', '民政局', 'Civil affairs', '注销长者饭堂卡', 'Cancel the elder canteen card', 'eldercare.cancel_card', 0, '', 130),
('call_service', '2000-01-01', 'internal', '民政局', 'Civil affairs', '终止平安通服务', 'End the 平安通 service', 'eldercare.end_call_service', 0, '', 140);

-- Basic funeral services are free for everyone in Guangzhou (DOMAIN.md,
-- seeds 001/002); the cap per death and the eco-burial subsidies are not
-- published in our sources: assumptions, changed by a new dated row.
INSERT INTO ph_params (name, valid_from, value, source) VALUES
('funeral.basic_waiver_cap_fen', '2012-01-01', 200000, 'assumption: basic services (transport, cold storage, cremation, urn storage) waived in full up to 2,000 yuan'),
('eco_subsidy.niche_fen', '2012-01-01', 0, 'assumption: niche storage is the "1" of 1+N, no subsidy'),
('eco_subsidy.sea_fen', '2012-01-01', 300000, 'assumption: sea scattering 3,000 yuan'),
('eco_subsidy.lawn_fen', '2012-01-01', 100000, 'assumption: lawn burial 1,000 yuan'),
('eco_subsidy.tree_fen', '2012-01-01', 100000, 'assumption: tree burial 1,000 yuan'),
('eco_subsidy.flower_bed_fen', '2012-01-01', 100000, 'assumption: flower-bed burial 1,000 yuan'),
('eco_subsidy.wall_fen', '2012-01-01', 80000, 'assumption: wall burial 800 yuan');

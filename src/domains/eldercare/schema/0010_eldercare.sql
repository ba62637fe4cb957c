-- 0010_eldercare: elderly-care services (eldercare/): dated parameters, the
-- ability-assessment standard as data and the assessments, elders'
-- categories and cards, providers and the users who act for them, canteens,
-- meals and settlements, 平安通 emergency calls, the public care-home
-- waiting list, home care beds and monthly visits.
-- Every row about a person carries division_code = the person's community
-- (the scope filter). Timestamps are Unix seconds, dates 'YYYY-MM-DD' text,
-- months 'YYYY-MM', money integer fen.
--
-- Distribution (docs/scaling.md, step 5): every row about a person carries
-- person_id NOT NULL and lives with the person (the person group, keyed by
-- persons.id, which never changes; division_code does when people move).
-- Every key includes person_id: a table with its own id keys (id,
-- person_id) through the ROWID and KEY tokens of migrate.c (a lookup by id
-- alone still uses that key, which leads with id), and a row hanging off
-- another person row refers to it by (id, person_id). The standard,
-- parameters, providers, canteens, homes, vacancies and settlements are
-- small reference tables, copied to every node. Invariants that are not
-- about one person (a card code, a device code, a contract number unique in
-- the city; one open offer per vacancy) are kept by a table keyed by that
-- value or by a column on the reference row they are about, written in the
-- same transaction: see each table.

-- ---- dated parameters --------------------------------------------------
-- One value per (name, division, start date). The value in force for a
-- division on a day is the row with the longest division prefix of that
-- division ('' = the whole city), then the latest valid_from <= the day.
-- Names and kinds are declared in eldercare/params.c; values are data.
-- citus: reference ec_params
CREATE TABLE ec_params (
  name          TEXT NOT NULL,
  division_code TEXT NOT NULL DEFAULT '',
  valid_from    TEXT NOT NULL,
  value         TEXT NOT NULL,
  source        TEXT NOT NULL,
  set_by        TEXT NOT NULL DEFAULT 'migration',
  set_at        BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (name, division_code, valid_from)
);

-- Every figure below is (unverified) unless a source says otherwise: see
-- shared DOMAIN.md "Elderly care". A change is a new dated row, never code.
INSERT INTO ec_params (name, division_code, valid_from, value, source) VALUES
  ('assess.reassess_months', '', '2016-01-01', '12', '(unverified) periodic re-assessment interval'),
  ('assess.change_due_days', '', '2016-01-01', '10', '(unverified) 特困认定办法 Art. 22 asks for re-assessment within 10 working days of a change; taken as calendar days'),
  ('canteen.price_fen', '', '2020-01-01', '1200', '(unverified) 增城 2020 guide: a 12-yuan meal'),
  ('canteen.pay_hardship_fen', '', '2020-01-01', '100', '(unverified) 增城 2020 guide: hardship elders pay 1 yuan'),
  ('canteen.pay_age_high_fen', '', '2020-01-01', '300', '(unverified) 增城 2020 guide: 80+ pay 3 yuan'),
  ('canteen.pay_age_min_fen', '', '2020-01-01', '500', '(unverified) 增城 2020 guide: 60-79 pay 5 yuan'),
  ('canteen.age_min', '', '2020-01-01', '60', '(unverified) 增城 2020 guide'),
  ('canteen.age_high', '', '2020-01-01', '80', '(unverified) 增城 2020 guide'),
  ('canteen.hardship_categories', '', '2020-01-01', 'tekun_dispersed,dibao,low_income,youfu', '(unverified) 增城 2020 guide: dispersed 特困, dibao, low-income, 优抚'),
  ('canteen.city_share_fen', '', '2020-01-01', '300', '(unverified) 增城 2020 guide: the city funds 3 yuan a meal'),
  ('canteen.district_share_fen', '', '2020-01-01', '300', '(unverified) 增城 2020 guide: the district funds 3 yuan a meal'),
  ('canteen.lunch_from_min', '', '2020-01-01', '600', 'meal slots: lunch from 10:00 (minutes after midnight)'),
  ('canteen.dinner_from_min', '', '2020-01-01', '930', 'meal slots: dinner from 15:30 (minutes after midnight)'),
  ('canteen.anomaly_meals_per_day', '', '2020-01-01', '3', 'anomaly flag: more meals than this on one elder in one day'),
  ('coverage.detour_permille', '', '2020-01-01', '1300', '(unverified) walking route = straight line x 1.3'),
  ('coverage.walk_m_per_min', '', '2020-01-01', '60', '(unverified) an older person walks about 60 m a minute'),
  ('coverage.reach_minutes', '', '2020-01-01', '15', 'seed 004: a 15-minute meal-service reach'),
  ('call.fee_cap_fen', '', '2016-01-01', '3000', '(unverified) 平安通 fee up to 30 yuan a month'),
  ('call.cat1_permille', '', '2016-01-01', '1000', '(unverified) 平安通 category 1 fully subsidised'),
  ('call.cat2_permille', '', '2016-01-01', '700', '(unverified) 平安通 category 2 subsidised 70%'),
  ('call.cat2_age', '', '2016-01-01', '80', '(unverified) 平安通 category 2 includes everyone 80+'),
  ('call.cat1_categories', '', '2016-01-01', 'tekun_dispersed,dibao,low_income', '(unverified) 平安通 category 1: dibao/low-income, 三无/五保'),
  ('call.response_target_s', '', '2016-01-01', '900', 'target: an emergency call answered on site within 15 minutes'),
  ('waitlist.offer_days', '', '2020-01-01', '7', '(unverified) days an applicant has to accept an offered bed'),
  ('waitlist.order', '', '2020-01-01', 'category,level,age,special_family,youfu,applied_on', '(unverified) DOMAIN.md: 特困, dibao/low-income first, then most impaired and oldest, special families, 优抚, ties by application date'),
  ('waitlist.category_ranks', '', '2020-01-01', 'tekun_dispersed:1,dibao:2,low_income:2', '(unverified) DOMAIN.md priority categories'),
  ('homebed.visit_grace_days', '', '2020-01-01', '2', 'a planned visit counts as missing this many days after its week ends'),
  ('visits.very_old_age', '', '2020-01-01', '80', '(unverified) seed 002: very old elders are visited monthly'),
  ('visits.min_age', '', '2020-01-01', '60', 'monthly visits concern residents 60+'),
  ('visits.categories', '', '2020-01-01', 'tekun_dispersed,dibao,low_income,special_family', 'seed 002: special difficulty and special families');

-- ---- ability assessment: the standard as data ---------------------------
-- GB/T 42195-2022 老年人能力评估规范, structure from DOMAIN.md (unverified:
-- secondary transcriptions). Scores: higher = more able. The standard's
-- tables are read by every assessment: reference tables.
-- citus: reference ec_assess_standards
CREATE TABLE ec_assess_standards (
  code        TEXT PRIMARY KEY,
  name_zh     TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  source      TEXT NOT NULL
);
INSERT INTO ec_assess_standards VALUES
  ('GB/T 42195-2022', '老年人能力评估规范', '2022-12-30', '(unverified) DOMAIN.md, from secondary transcriptions');

-- citus: reference ec_assess_dimensions
CREATE TABLE ec_assess_dimensions (
  standard  TEXT NOT NULL REFERENCES ec_assess_standards(code),
  code      TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  name_zh   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  PRIMARY KEY (standard, code)
);
INSERT INTO ec_assess_dimensions VALUES
  ('GB/T 42195-2022', 'self_care', 1, '自理能力', 'Self-care'),
  ('GB/T 42195-2022', 'mobility', 2, '基础运动能力', 'Basic mobility'),
  ('GB/T 42195-2022', 'mental', 3, '精神状态', 'Mental state'),
  ('GB/T 42195-2022', 'perception', 4, '感知觉与社会参与', 'Perception and social participation');

-- citus: reference ec_assess_items
CREATE TABLE ec_assess_items (
  standard   TEXT NOT NULL REFERENCES ec_assess_standards(code),
  code       TEXT NOT NULL,
  dimension  TEXT NOT NULL,
  ord        INTEGER NOT NULL,
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  min_score  INTEGER NOT NULL,
  max_score  INTEGER NOT NULL,
  PRIMARY KEY (standard, code)
);
INSERT INTO ec_assess_items VALUES
  ('GB/T 42195-2022', 'eating', 'self_care', 1, '进食', 'Eating', 0, 4),
  ('GB/T 42195-2022', 'grooming', 'self_care', 2, '修饰', 'Grooming', 0, 4),
  ('GB/T 42195-2022', 'bathing', 'self_care', 3, '洗澡', 'Bathing', 0, 4),
  ('GB/T 42195-2022', 'dressing_upper', 'self_care', 4, '穿/脱上衣', 'Upper-body dressing', 0, 4),
  ('GB/T 42195-2022', 'dressing_lower', 'self_care', 5, '穿/脱裤子和鞋袜', 'Lower-body dressing', 0, 4),
  ('GB/T 42195-2022', 'urinary', 'self_care', 6, '小便控制', 'Urinary control', 0, 4),
  ('GB/T 42195-2022', 'bowel', 'self_care', 7, '大便控制', 'Bowel control', 0, 4),
  ('GB/T 42195-2022', 'toileting', 'self_care', 8, '如厕', 'Toileting', 0, 4),
  ('GB/T 42195-2022', 'bed_mobility', 'mobility', 9, '床上体位转移', 'Bed mobility', 0, 4),
  ('GB/T 42195-2022', 'transfer', 'mobility', 10, '床椅转移', 'Bed-chair transfer', 0, 4),
  ('GB/T 42195-2022', 'walking', 'mobility', 11, '平地行走', 'Level walking', 0, 4),
  ('GB/T 42195-2022', 'stairs', 'mobility', 12, '上下楼梯', 'Stairs', 0, 3),
  ('GB/T 42195-2022', 'orient_time', 'mental', 13, '时间定向', 'Time orientation', 0, 4),
  ('GB/T 42195-2022', 'orient_place', 'mental', 14, '空间定向', 'Place orientation', 0, 4),
  ('GB/T 42195-2022', 'orient_person', 'mental', 15, '人物定向', 'Person orientation', 0, 4),
  ('GB/T 42195-2022', 'memory', 'mental', 16, '记忆', 'Memory', 0, 4),
  ('GB/T 42195-2022', 'comprehension', 'mental', 17, '理解能力', 'Comprehension', 0, 4),
  ('GB/T 42195-2022', 'expression', 'mental', 18, '表达能力', 'Expression', 0, 4),
  ('GB/T 42195-2022', 'aggression', 'mental', 19, '攻击行为', 'Aggression', 0, 1),
  ('GB/T 42195-2022', 'depression', 'mental', 20, '抑郁症状', 'Depression', 0, 1),
  ('GB/T 42195-2022', 'consciousness', 'mental', 21, '意识水平', 'Consciousness', 0, 2),
  ('GB/T 42195-2022', 'vision', 'perception', 22, '视力', 'Vision', 0, 2),
  ('GB/T 42195-2022', 'hearing', 'perception', 23, '听力', 'Hearing', 0, 2),
  ('GB/T 42195-2022', 'daily_affairs', 'perception', 24, '执行日常事务', 'Daily affairs', 0, 4),
  ('GB/T 42195-2022', 'going_out', 'perception', 25, '使用交通工具外出', 'Going out', 0, 3),
  ('GB/T 42195-2022', 'social', 'perception', 26, '社会交往能力', 'Social interaction', 0, 4);

-- Levels by total: a total gets the level with the highest min_total it
-- reaches. 0 = intact ... 4 = completely impaired.
-- citus: reference ec_assess_levels
CREATE TABLE ec_assess_levels (
  standard   TEXT NOT NULL REFERENCES ec_assess_standards(code),
  level      INTEGER NOT NULL,
  min_total  INTEGER NOT NULL,
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  PRIMARY KEY (standard, level)
);
INSERT INTO ec_assess_levels VALUES
  ('GB/T 42195-2022', 0, 90, '能力完好', 'Intact'),
  ('GB/T 42195-2022', 1, 66, '轻度失能', 'Mildly impaired'),
  ('GB/T 42195-2022', 2, 46, '中度失能', 'Moderately impaired'),
  ('GB/T 42195-2022', 3, 30, '重度失能', 'Severely impaired'),
  ('GB/T 42195-2022', 4, 0, '完全失能', 'Completely impaired');

-- Adjustment rules, applied after the total's level:
--   item_floor:  item `subject` scored `value` -> level at least `level`
--   flag_raise:  condition `subject` is true -> raise by `level` (once in all)
--   count_raise: condition `subject` >= `value` -> raise by `level` (once in all)
-- Raises do not add up: whichever raise rules fire, the level rises by the
-- largest of them (the standard: "any one of the following").
-- citus: reference ec_assess_rules
CREATE TABLE ec_assess_rules (
  standard  TEXT NOT NULL REFERENCES ec_assess_standards(code),
  code      TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('item_floor', 'flag_raise', 'count_raise')),
  subject   TEXT NOT NULL,
  value     INTEGER NOT NULL,
  level     INTEGER NOT NULL,
  name_zh   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  PRIMARY KEY (standard, code)
);
-- The coma rule follows DOMAIN.md ("at least severely impaired", level 3).
-- A secondary reading of GB/T 42195-2022 says "完全丧失" (level 4) instead:
-- (unverified) — change `level` here once the text is confirmed.
INSERT INTO ec_assess_rules VALUES
  ('GB/T 42195-2022', 'coma', 'item_floor', 'consciousness', 0, 3, '昏迷者直接评定为重度失能及以上', 'In a coma: at least severely impaired'),
  ('GB/T 42195-2022', 'dementia', 'flag_raise', 'dementia', 1, 1, '确诊痴呆，提高一个等级', 'Diagnosed dementia: one level up'),
  ('GB/T 42195-2022', 'psychiatric', 'flag_raise', 'psychiatric', 1, 1, '确诊精神疾病，提高一个等级', 'Diagnosed psychiatric illness: one level up'),
  ('GB/T 42195-2022', 'risk_events', 'count_raise', 'risk_events_30d', 2, 1, '近30天照护风险事件2次及以上，提高一个等级', '2+ care-risk events (falls, choking, wandering...) in 30 days: one level up');

-- citus: distribute ec_assessments by person_id with persons
CREATE TABLE ec_assessments (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  standard       TEXT NOT NULL REFERENCES ec_assess_standards(code),
  assessed_on    TEXT NOT NULL,
  assessor       TEXT NOT NULL,
  assessor2      TEXT NOT NULL DEFAULT '',
  location       TEXT NOT NULL,
  purpose        TEXT NOT NULL CHECK (purpose IN ('initial', 'periodic', 'change', 'review')),
  items          TEXT NOT NULL,   -- JSON {"eating":4,...}
  conditions     TEXT NOT NULL,   -- JSON {"dementia":false,...}
  dimensions     TEXT NOT NULL,   -- JSON {"self_care":30,...}
  total          INTEGER NOT NULL,
  base_level     INTEGER NOT NULL, -- from the total alone
  level          INTEGER NOT NULL, -- after the adjustment rules
  adjustments    TEXT NOT NULL,   -- JSON [{"rule","effect"}]
  next_due       TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX ec_assessments_person ON ec_assessments(person_id, assessed_on);
CREATE INDEX ec_assessments_division ON ec_assessments(division_code, next_due);

-- A reported change in an elder's condition makes a re-assessment due; the
-- next assessment of the same person resolves it.
-- citus: distribute ec_assess_changes by person_id with persons
CREATE TABLE ec_assess_changes (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  reported_on    TEXT NOT NULL,
  due_on         TEXT NOT NULL,
  description    TEXT NOT NULL,
  reported_by    TEXT NOT NULL,
  resolved_by    BIGINT,          -- an assessment of the same person
  created_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (resolved_by, person_id) REFERENCES ec_assessments (id, person_id)
);
CREATE INDEX ec_assess_changes_person ON ec_assess_changes(person_id);
CREATE INDEX ec_assess_changes_open ON ec_assess_changes(division_code) WHERE resolved_by IS NULL;

-- ---- elders' categories and cards ---------------------------------------
-- Which assistance category an elder belongs to, with its source and dates.
-- Filled by staff ('manual') until the assistance work (benefits/
-- enrollments) writes its own rows with source 'benefits:<program>'.
-- citus: distribute elder_categories by person_id with persons
CREATE TABLE elder_categories (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  category       TEXT NOT NULL CHECK (category IN ('tekun_dispersed', 'tekun_centralized',
                   'dibao', 'low_income', 'youfu', 'special_family')),
  valid_from     TEXT NOT NULL,
  valid_to       TEXT,            -- last day; NULL = open
  source         TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL,
  recorded_at    BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX elder_categories_person ON elder_categories(person_id, category);
CREATE INDEX elder_categories_division ON elder_categories(division_code, category);

-- The elder's card (a QR code printed on it): one active card a person
-- (the partial unique index, which lives with the person).
-- citus: distribute ec_cards by person_id with persons
CREATE TABLE ec_cards (
  code           TEXT NOT NULL,
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  issued_on      TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost', 'cancelled')),
  issued_by      TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  PRIMARY KEY (code, person_id)
);
CREATE UNIQUE INDEX ec_cards_person_active ON ec_cards(person_id) WHERE status = 'active';

-- A card code is unique in the whole city, and the canteen counter knows
-- only the code: this table, keyed (and distributed) by the code, answers
-- code -> person in one index probe on one node, and its primary key is
-- what makes a code unique across persons. Written in the transaction that
-- issues the card; a row is never removed (a cancelled code stays taken).
-- No foreign key: persons and ec_cards are distributed by the person id,
-- this table by the code (the issuing code checks the person).
-- citus: distribute ec_card_codes by code
CREATE TABLE ec_card_codes (
  code       TEXT PRIMARY KEY,
  person_id  BIGINT NOT NULL
);

-- ---- providers ----------------------------------------------------------
-- Providers, their users, canteens and homes: a few thousand rows read by
-- every request about them: reference tables.
-- citus: reference ec_providers
CREATE TABLE ec_providers (
  id             {{ID}},
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('canteen', 'care_home', 'home_care',
                   'emergency_call', 'mixed')),
  division_code  TEXT NOT NULL REFERENCES divisions(code), -- where it is registered
  contact        TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX ec_providers_division ON ec_providers(division_code);

-- A service_provider user acts for exactly one provider; the domain calls
-- restrict such a user to that provider's canteens, homes and beds.
-- citus: reference ec_provider_users
CREATE TABLE ec_provider_users (
  login        TEXT PRIMARY KEY REFERENCES users(login),
  provider_id  BIGINT NOT NULL REFERENCES ec_providers(id),
  linked_by    TEXT NOT NULL,
  linked_at    BIGINT NOT NULL
);
CREATE INDEX ec_provider_users_provider ON ec_provider_users(provider_id);

-- ---- canteens, meals, settlements ---------------------------------------
-- citus: reference ec_canteens
CREATE TABLE ec_canteens (
  id                 {{ID}},
  provider_id        BIGINT NOT NULL REFERENCES ec_providers(id),
  name               TEXT NOT NULL,
  address            TEXT NOT NULL,
  division_code      TEXT NOT NULL REFERENCES divisions(code), -- community (or street)
  lat_e6             INTEGER NOT NULL,
  lon_e6             INTEGER NOT NULL,
  hours              TEXT NOT NULL,      -- "10:30-13:30,16:30-18:30"
  capacity           INTEGER NOT NULL CHECK (capacity > 0),
  delivery_radius_m  INTEGER NOT NULL DEFAULT 0 CHECK (delivery_radius_m >= 0),
  status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX ec_canteens_division ON ec_canteens(division_code);
CREATE INDEX ec_canteens_provider ON ec_canteens(provider_id);

-- One row per meal served. The partial unique key is what stops a second
-- subsidised meal in the same slot: two counters racing both try the
-- insert and the database lets exactly one through. It includes person_id,
-- so it holds on the person's node.
-- citus: distribute ec_meals by person_id with persons
CREATE TABLE ec_meals (
  id                {{ROWID}},
  canteen_id        BIGINT NOT NULL REFERENCES ec_canteens(id),
  canteen_division  TEXT NOT NULL,
  person_id         BIGINT NOT NULL REFERENCES persons(id),
  division_code     TEXT NOT NULL,     -- the elder's community
  served_on         TEXT NOT NULL,
  month             TEXT NOT NULL,     -- 'YYYY-MM' of served_on, for settlement
  slot              TEXT NOT NULL CHECK (slot IN ('breakfast', 'lunch', 'dinner')),
  mode              TEXT NOT NULL CHECK (mode IN ('dine_in', 'delivery')),
  method            TEXT NOT NULL CHECK (method IN ('id_number', 'card')),
  tier              TEXT NOT NULL CHECK (tier IN ('hardship', 'age_high', 'age_min', 'none')),
  category          TEXT NOT NULL DEFAULT '',
  price_fen         BIGINT NOT NULL,
  subsidy_fen       BIGINT NOT NULL,
  paid_fen          BIGINT NOT NULL,
  city_fen          BIGINT NOT NULL,
  district_fen      BIGINT NOT NULL,
  town_fen          BIGINT NOT NULL,
  subsidised        INTEGER NOT NULL CHECK (subsidised IN (0, 1)),
  cross_town        INTEGER NOT NULL DEFAULT 0,
  cross_district    INTEGER NOT NULL DEFAULT 0,
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE UNIQUE INDEX ec_meals_one_subsidy ON ec_meals(person_id, served_on, slot)
  WHERE subsidised = 1;
CREATE INDEX ec_meals_canteen_day ON ec_meals(canteen_id, served_on);
CREATE INDEX ec_meals_canteen_month ON ec_meals(canteen_id, month);
CREATE INDEX ec_meals_division_day ON ec_meals(division_code, served_on);
CREATE INDEX ec_meals_person ON ec_meals(person_id, served_on);

-- Refused check-ins worth a second look (a deceased person's card, a
-- second subsidised meal, an unknown or cancelled card). An unknown card
-- names no person, so the log lives with the counter: distributed by the
-- canteen (read per canteen and month); person_id, when known, is checked
-- by the check-in that found it (no foreign key across groups).
-- citus: distribute ec_meal_refusals by canteen_id
CREATE TABLE ec_meal_refusals (
  id                {{ROWID}},
  canteen_id        BIGINT NOT NULL REFERENCES ec_canteens(id),
  canteen_division  TEXT NOT NULL,
  person_id         BIGINT,          -- NULL for an unknown card
  division_code     TEXT NOT NULL,   -- the elder's community, or the canteen's if unknown
  served_on         TEXT NOT NULL,
  slot              TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('deceased', 'double_subsidy', 'unknown_card',
                      'card_inactive')),
  detail            TEXT NOT NULL DEFAULT '',
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  {{KEY}} (id, canteen_id)
);
CREATE INDEX ec_meal_refusals_canteen ON ec_meal_refusals(canteen_id, served_on);

-- One row per canteen and month (about 13,000 a year for the city), read
-- with the canteens: a reference table.
-- citus: reference ec_canteen_settlements
CREATE TABLE ec_canteen_settlements (
  id                {{ID}},
  canteen_id        BIGINT NOT NULL REFERENCES ec_canteens(id),
  division_code     TEXT NOT NULL,   -- the canteen's
  month             TEXT NOT NULL,
  meals             BIGINT NOT NULL,
  subsidised_meals  BIGINT NOT NULL,
  price_fen         BIGINT NOT NULL,
  subsidy_fen       BIGINT NOT NULL,
  paid_fen          BIGINT NOT NULL,
  city_fen          BIGINT NOT NULL,
  district_fen      BIGINT NOT NULL,
  town_fen          BIGINT NOT NULL,
  detail            TEXT NOT NULL,   -- JSON: by tier, by paying district/town
  status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed')),
  computed_by       TEXT NOT NULL,
  computed_at       BIGINT NOT NULL,
  confirmed_by      TEXT NOT NULL DEFAULT '',
  confirmed_at      BIGINT,
  UNIQUE (canteen_id, month)
);

-- ---- 平安通 emergency calls ----------------------------------------------
-- One active subscription a person (the partial unique index). A device
-- code is unique in the city: ec_call_devices below.
-- citus: distribute ec_call_subscribers by person_id with persons
CREATE TABLE ec_call_subscribers (
  id                {{ROWID}},
  person_id         BIGINT NOT NULL REFERENCES persons(id),
  division_code     TEXT NOT NULL,
  provider_id       BIGINT REFERENCES ec_providers(id),
  device_code       TEXT NOT NULL,
  device_kind       TEXT NOT NULL CHECK (device_kind IN ('landline', 'pendant', 'watch', 'app')),
  subsidy_category  TEXT NOT NULL CHECK (subsidy_category IN ('cat1', 'cat2', 'none')),
  fee_fen           BIGINT NOT NULL,
  subsidy_fen       BIGINT NOT NULL,
  daily_checkin     INTEGER NOT NULL DEFAULT 0 CHECK (daily_checkin IN (0, 1)),
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  started_on        TEXT NOT NULL,
  ended_on          TEXT,
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE UNIQUE INDEX ec_call_subscribers_person ON ec_call_subscribers(person_id)
  WHERE status = 'active';
CREATE INDEX ec_call_subscribers_division ON ec_call_subscribers(division_code);

-- Every device code ever registered, keyed (and distributed) by the code:
-- its primary key keeps a code to one subscription city-wide, which a
-- unique index on ec_call_subscribers (distributed by person) cannot.
-- Written in the subscribing transaction; never removed, as before (a
-- device code is not reused). No foreign key across groups.
-- citus: distribute ec_call_devices by device_code
CREATE TABLE ec_call_devices (
  device_code    TEXT PRIMARY KEY,
  person_id      BIGINT NOT NULL,
  subscriber_id  BIGINT NOT NULL
);

-- citus: distribute ec_call_contacts by person_id with persons
CREATE TABLE ec_call_contacts (
  subscriber_id  BIGINT NOT NULL,
  person_id      BIGINT NOT NULL,   -- the subscriber's
  ord            INTEGER NOT NULL,
  name           TEXT NOT NULL,
  phone          TEXT NOT NULL,
  relation       TEXT NOT NULL,
  PRIMARY KEY (subscriber_id, ord, person_id),
  FOREIGN KEY (subscriber_id, person_id) REFERENCES ec_call_subscribers (id, person_id)
);

-- citus: distribute ec_calls by person_id with persons
CREATE TABLE ec_calls (
  id              {{ROWID}},
  subscriber_id   BIGINT NOT NULL,
  person_id       BIGINT NOT NULL REFERENCES persons(id),
  division_code   TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('emergency', 'consultation', 'checkin')),
  received_at     BIGINT NOT NULL,
  day             TEXT NOT NULL,     -- Beijing calendar day of received_at
  lat_e6          INTEGER,
  lon_e6          INTEGER,
  location        TEXT NOT NULL DEFAULT '',
  summary         TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('open', 'dispatched', 'closed')),
  dispatch_to     TEXT CHECK (dispatch_to IN ('contact', 'community_worker', 'emergency_service')),
  dispatch_note   TEXT NOT NULL DEFAULT '',
  dispatched_at   BIGINT,
  dispatched_by   TEXT NOT NULL DEFAULT '',
  responded_at    BIGINT,
  closed_at       BIGINT,
  closed_by       TEXT NOT NULL DEFAULT '',
  outcome         TEXT NOT NULL DEFAULT '',
  created_by      TEXT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (subscriber_id, person_id) REFERENCES ec_call_subscribers (id, person_id)
);
CREATE INDEX ec_calls_status ON ec_calls(status, division_code);
CREATE INDEX ec_calls_subscriber_day ON ec_calls(subscriber_id, day);
CREATE INDEX ec_calls_division_day ON ec_calls(division_code, day);

-- Alerts for the community (a missed daily check-in); the unique key makes
-- the sweep idempotent (it includes person_id: a subscriber is one person's).
-- citus: distribute ec_alerts by person_id with persons
CREATE TABLE ec_alerts (
  id             {{ROWID}},
  kind           TEXT NOT NULL CHECK (kind IN ('missed_checkin')),
  subscriber_id  BIGINT NOT NULL,
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  day            TEXT NOT NULL,
  raised_at      BIGINT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at      BIGINT,
  closed_by      TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id),
  UNIQUE (kind, subscriber_id, day, person_id),
  FOREIGN KEY (subscriber_id, person_id) REFERENCES ec_call_subscribers (id, person_id)
);
CREATE INDEX ec_alerts_division ON ec_alerts(division_code, status);

-- ---- public care homes and the waiting list (轮候) -----------------------
-- citus: reference ec_homes
CREATE TABLE ec_homes (
  id             {{ID}},
  provider_id    BIGINT REFERENCES ec_providers(id),
  name           TEXT NOT NULL,
  division_code  TEXT NOT NULL REFERENCES divisions(code),
  address        TEXT NOT NULL DEFAULT '',
  beds_total     INTEGER NOT NULL CHECK (beds_total >= 0),
  public_home    INTEGER NOT NULL DEFAULT 1 CHECK (public_home IN (0, 1)),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at     BIGINT NOT NULL
);
CREATE INDEX ec_homes_division ON ec_homes(division_code);

-- One active application a person (the partial unique index).
-- citus: distribute ec_wait_applications by person_id with persons
CREATE TABLE ec_wait_applications (
  id             {{ROWID}},
  person_id      BIGINT NOT NULL REFERENCES persons(id),
  division_code  TEXT NOT NULL,
  applied_on     TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'admitted', 'withdrawn')),
  admitted_home  BIGINT REFERENCES ec_homes(id),
  note           TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE UNIQUE INDEX ec_wait_applications_active ON ec_wait_applications(person_id)
  WHERE status IN ('waiting', 'offered');
CREATE INDEX ec_wait_applications_division ON ec_wait_applications(division_code, status);

-- citus: distribute ec_wait_choices by person_id with persons
CREATE TABLE ec_wait_choices (
  application_id  BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,   -- the applicant
  home_id         BIGINT NOT NULL REFERENCES ec_homes(id),
  rank            INTEGER NOT NULL,
  PRIMARY KEY (application_id, home_id, person_id),
  FOREIGN KEY (application_id, person_id) REFERENCES ec_wait_applications (id, person_id)
);
CREATE INDEX ec_wait_choices_home ON ec_wait_choices(home_id);

-- The last published position of every application in every queue: the
-- next recomputation compares against it to explain what moved and why.
-- Keyed by home first (a queue is read and rewritten per home); a row lives
-- with its applicant, so reading a home's queue visits every node, as
-- reading the applications that choose the home does.
-- citus: distribute ec_wait_positions by person_id with persons
CREATE TABLE ec_wait_positions (
  home_id         BIGINT NOT NULL REFERENCES ec_homes(id),
  application_id  BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,   -- the applicant
  position        INTEGER NOT NULL,
  sort_key        TEXT NOT NULL,   -- JSON of the ordering values used
  PRIMARY KEY (home_id, application_id, person_id),
  FOREIGN KEY (application_id, person_id) REFERENCES ec_wait_applications (id, person_id)
);

-- A freed bed: few, per home, read with it: a reference table. It holds
-- "one open offer per vacancy": open_offer_id is set by the UPDATE that
-- finds it NULL, in the transaction that inserts the offer, and cleared
-- when the offer is decided or expires. The UPDATE locks the vacancy row,
-- so of two transactions offering the same vacancy the second finds it set
-- and rolls back. (A partial unique index on ec_offers (vacancy_id) cannot
-- hold: ec_offers is distributed by the applicant.) No foreign key to the
-- offer: a reference table cannot refer to a distributed one.
-- citus: reference ec_vacancies
CREATE TABLE ec_vacancies (
  id          {{ID}},
  home_id     BIGINT NOT NULL REFERENCES ec_homes(id),
  freed_on    TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'unfilled')),
  open_offer_id BIGINT,           -- the open offer of this vacancy, if any
  note        TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX ec_vacancies_home ON ec_vacancies(home_id, status);

-- (vacancy, application) is unique: a vacancy never returns to an
-- applicant who had it. One open offer per application is the partial
-- unique index (with the applicant); one per vacancy is
-- ec_vacancies.open_offer_id.
-- citus: distribute ec_offers by person_id with persons
CREATE TABLE ec_offers (
  id              {{ROWID}},
  vacancy_id      BIGINT NOT NULL REFERENCES ec_vacancies(id),
  home_id         BIGINT NOT NULL REFERENCES ec_homes(id),
  application_id  BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,   -- the applicant
  division_code   TEXT NOT NULL,   -- the applicant's
  offered_at      BIGINT NOT NULL,
  deadline_at     BIGINT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired')),
  decided_at      BIGINT,
  decided_by      TEXT NOT NULL DEFAULT '',
  {{KEY}} (id, person_id),
  UNIQUE (vacancy_id, application_id, person_id),
  FOREIGN KEY (application_id, person_id) REFERENCES ec_wait_applications (id, person_id)
);
CREATE UNIQUE INDEX ec_offers_open_application ON ec_offers(application_id, person_id)
  WHERE status = 'open';
-- The expiry sweep's scan of open offers.
CREATE INDEX ec_offers_open_deadline ON ec_offers(deadline_at) WHERE status = 'open';

-- Why a queue changed: every move of an application, with the explanation.
-- citus: distribute ec_wait_events by person_id with persons
CREATE TABLE ec_wait_events (
  id              {{ROWID}},
  home_id         BIGINT,
  application_id  BIGINT NOT NULL,
  person_id       BIGINT NOT NULL,   -- the applicant
  division_code   TEXT NOT NULL,
  at              BIGINT NOT NULL,
  event           TEXT NOT NULL,
  old_position    INTEGER,
  new_position    INTEGER,
  explanation     TEXT NOT NULL,   -- JSON {"en","zh","cause",...}
  by_login        TEXT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (application_id, person_id) REFERENCES ec_wait_applications (id, person_id)
);
CREATE INDEX ec_wait_events_application ON ec_wait_events(application_id, id);
CREATE INDEX ec_wait_events_home ON ec_wait_events(home_id, id);

-- ---- home care beds and service visits ------------------------------------
-- One active bed a person (the partial unique index). A contract number is
-- unique in the city: ec_bed_contracts below.
-- citus: distribute ec_home_beds by person_id with persons
CREATE TABLE ec_home_beds (
  id                {{ROWID}},
  person_id         BIGINT NOT NULL REFERENCES persons(id),
  division_code     TEXT NOT NULL,
  provider_id       BIGINT NOT NULL REFERENCES ec_providers(id),
  contract_no       TEXT NOT NULL,
  level             INTEGER NOT NULL,   -- the assessment level when contracted
  assessment_id     BIGINT,             -- an assessment of the same person
  services          TEXT NOT NULL,      -- JSON ["bathing","feeding",...]
  visits_per_week   INTEGER NOT NULL CHECK (visits_per_week BETWEEN 1 AND 21),
  start_on          TEXT NOT NULL,
  end_on            TEXT,
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (assessment_id, person_id) REFERENCES ec_assessments (id, person_id)
);
CREATE UNIQUE INDEX ec_home_beds_person_active ON ec_home_beds(person_id) WHERE status = 'active';
CREATE INDEX ec_home_beds_provider ON ec_home_beds(provider_id, status);
CREATE INDEX ec_home_beds_division ON ec_home_beds(division_code, status);

-- Every contract number ever used, keyed (and distributed) by the number:
-- its primary key keeps a number to one bed city-wide, which a unique index
-- on ec_home_beds (distributed by person) cannot. Written in the
-- contracting transaction; never removed. No foreign key across groups.
-- citus: distribute ec_bed_contracts by contract_no
CREATE TABLE ec_bed_contracts (
  contract_no  TEXT PRIMARY KEY,
  person_id    BIGINT NOT NULL,
  bed_id       BIGINT NOT NULL
);

-- citus: distribute ec_bed_visits by person_id with persons
CREATE TABLE ec_bed_visits (
  id             {{ROWID}},
  bed_id         BIGINT NOT NULL,
  provider_id    BIGINT NOT NULL,
  person_id      BIGINT NOT NULL,   -- the bed's
  division_code  TEXT NOT NULL,
  day            TEXT NOT NULL,
  started_at     BIGINT NOT NULL,
  ended_at       BIGINT,
  services       TEXT NOT NULL,   -- JSON array
  staff          TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  {{KEY}} (id, person_id),
  FOREIGN KEY (bed_id, person_id) REFERENCES ec_home_beds (id, person_id)
);
CREATE INDEX ec_bed_visits_bed ON ec_bed_visits(bed_id, day);

-- ---- monthly visits (探访) -------------------------------------------------
-- citus: distribute ec_visits by person_id with persons
CREATE TABLE ec_visits (
  id              {{ROWID}},
  person_id       BIGINT NOT NULL REFERENCES persons(id),
  division_code   TEXT NOT NULL,
  visited_on      TEXT NOT NULL,
  month           TEXT NOT NULL,
  visitor_kind    TEXT NOT NULL CHECK (visitor_kind IN ('community_worker', 'volunteer')),
  visitor         TEXT NOT NULL,
  findings        TEXT NOT NULL DEFAULT '',
  needs_followup  INTEGER NOT NULL DEFAULT 0 CHECK (needs_followup IN (0, 1)),
  created_by      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX ec_visits_division_month ON ec_visits(division_code, month);
CREATE INDEX ec_visits_person ON ec_visits(person_id, month);

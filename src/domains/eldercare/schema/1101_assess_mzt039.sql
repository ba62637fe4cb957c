-- 1101_assess_mzt039: the standard in force before GB/T 42195-2022, so that
-- assessments made before 2022-12-30 are scored as they were then (history
-- and waiting-list priority across the change).
--
-- MZ/T 039-2013 老年人能力评估 grades each dimension 0-3 and derives the
-- ability level from the combination of the four grades, not from a total:
-- ec_assess_dim_grades and ec_assess_combos hold those rules as small
-- expressions (src/domains/eldercare/assess_expr.c), taken in `ord` order,
-- the first that holds winning.
-- (unverified) The items, ranges, grade bands and combinations below are
-- transcribed from secondary sources on MZ/T 039-2013 (as DOMAIN.md's
-- GB/T 42195-2022 figures are); confirm against the standard's text and
-- correct by a new migration.

-- citus: reference ec_assess_dim_grades
CREATE TABLE ec_assess_dim_grades (
  standard   TEXT NOT NULL REFERENCES ec_assess_standards(code),
  dimension  TEXT NOT NULL,
  ord        INTEGER NOT NULL,
  grade      INTEGER NOT NULL,
  expr       TEXT NOT NULL,   -- over the dimension's items and "sum"
  PRIMARY KEY (standard, dimension, ord)
);

-- citus: reference ec_assess_combos
CREATE TABLE ec_assess_combos (
  standard   TEXT NOT NULL REFERENCES ec_assess_standards(code),
  ord        INTEGER NOT NULL,
  level      INTEGER NOT NULL,
  expr       TEXT NOT NULL,   -- over the dimensions' grades, by dimension code
  name_zh    TEXT NOT NULL,
  PRIMARY KEY (standard, ord)
);

INSERT INTO ec_assess_standards VALUES
  ('MZ/T 039-2013', '老年人能力评估', '2013-10-01', '(unverified) secondary transcriptions of MZ/T 039-2013');

INSERT INTO ec_assess_dimensions VALUES
  ('MZ/T 039-2013', 'adl', 1, '日常生活活动', 'Activities of daily living'),
  ('MZ/T 039-2013', 'mental', 2, '精神状态', 'Mental state'),
  ('MZ/T 039-2013', 'perception', 3, '感知觉与沟通', 'Perception and communication'),
  ('MZ/T 039-2013', 'social', 4, '社会参与', 'Social participation');

-- Daily living: the Barthel index, higher is better (100 = independent).
-- Mental state, perception and social participation: higher is worse.
INSERT INTO ec_assess_items VALUES
  ('MZ/T 039-2013', 'eating', 'adl', 1, '进食', 'Eating', 0, 10),
  ('MZ/T 039-2013', 'bathing', 'adl', 2, '洗澡', 'Bathing', 0, 5),
  ('MZ/T 039-2013', 'grooming', 'adl', 3, '修饰', 'Grooming', 0, 5),
  ('MZ/T 039-2013', 'dressing', 'adl', 4, '穿衣', 'Dressing', 0, 10),
  ('MZ/T 039-2013', 'bowel', 'adl', 5, '大便控制', 'Bowel control', 0, 10),
  ('MZ/T 039-2013', 'urine', 'adl', 6, '小便控制', 'Urinary control', 0, 10),
  ('MZ/T 039-2013', 'toileting', 'adl', 7, '如厕', 'Toileting', 0, 10),
  ('MZ/T 039-2013', 'transfer', 'adl', 8, '床椅转移', 'Bed-chair transfer', 0, 15),
  ('MZ/T 039-2013', 'walking', 'adl', 9, '平地行走', 'Walking on level ground', 0, 15),
  ('MZ/T 039-2013', 'stairs', 'adl', 10, '上下楼梯', 'Stairs', 0, 10),
  ('MZ/T 039-2013', 'cognition', 'mental', 11, '认知功能', 'Cognition', 0, 2),
  ('MZ/T 039-2013', 'aggression', 'mental', 12, '攻击行为', 'Aggression', 0, 2),
  ('MZ/T 039-2013', 'depression', 'mental', 13, '抑郁症状', 'Depression', 0, 2),
  ('MZ/T 039-2013', 'consciousness', 'perception', 14, '意识水平', 'Consciousness', 0, 3),
  ('MZ/T 039-2013', 'vision', 'perception', 15, '视力', 'Vision', 0, 4),
  ('MZ/T 039-2013', 'hearing', 'perception', 16, '听力', 'Hearing', 0, 4),
  ('MZ/T 039-2013', 'communication', 'perception', 17, '沟通交流', 'Communication', 0, 3),
  ('MZ/T 039-2013', 'life_skills', 'social', 18, '生活能力', 'Life skills', 0, 4),
  ('MZ/T 039-2013', 'work_skills', 'social', 19, '工作能力', 'Work skills', 0, 4),
  ('MZ/T 039-2013', 'orientation', 'social', 20, '时间/空间定向', 'Orientation in time and place', 0, 4),
  ('MZ/T 039-2013', 'person_orientation', 'social', 21, '人物定向', 'Orientation to persons', 0, 4),
  ('MZ/T 039-2013', 'social_skills', 'social', 22, '社会交往能力', 'Social skills', 0, 4);

-- The grades' names are the levels' (0 能力完好 .. 3 重度受损); min_total
-- is unused where a standard grades by combination.
INSERT INTO ec_assess_levels VALUES
  ('MZ/T 039-2013', 0, 0, '能力完好', 'Intact'),
  ('MZ/T 039-2013', 1, 0, '轻度失能', 'Mildly impaired'),
  ('MZ/T 039-2013', 2, 0, '中度失能', 'Moderately impaired'),
  ('MZ/T 039-2013', 3, 0, '重度失能', 'Severely impaired');

INSERT INTO ec_assess_dim_grades VALUES
  ('MZ/T 039-2013', 'adl', 1, 0, 'sum = 100'),
  ('MZ/T 039-2013', 'adl', 2, 1, 'sum >= 65'),
  ('MZ/T 039-2013', 'adl', 3, 2, 'sum >= 45'),
  ('MZ/T 039-2013', 'adl', 4, 3, '1'),
  ('MZ/T 039-2013', 'mental', 1, 0, 'sum = 0'),
  ('MZ/T 039-2013', 'mental', 2, 1, 'sum = 1'),
  ('MZ/T 039-2013', 'mental', 3, 2, 'sum <= 3'),
  ('MZ/T 039-2013', 'mental', 4, 3, '1'),
  ('MZ/T 039-2013', 'perception', 1, 3, 'consciousness >= 2 or vision = 4 or hearing = 4 or communication = 3'),
  ('MZ/T 039-2013', 'perception', 2, 2, 'consciousness = 1 or vision = 3 or hearing = 3 or communication = 2'),
  ('MZ/T 039-2013', 'perception', 3, 1, 'vision = 2 or hearing = 2 or communication = 1'),
  ('MZ/T 039-2013', 'perception', 4, 0, '1'),
  ('MZ/T 039-2013', 'social', 1, 0, 'sum <= 2'),
  ('MZ/T 039-2013', 'social', 2, 1, 'sum <= 7'),
  ('MZ/T 039-2013', 'social', 3, 2, 'sum <= 13'),
  ('MZ/T 039-2013', 'social', 4, 3, '1');

INSERT INTO ec_assess_combos VALUES
  ('MZ/T 039-2013', 1, 3, 'adl = 3 or (adl = 2 and max(mental, perception, social) = 3) or (adl = 2 and mental = 2 and perception = 2 and social = 2)',
   '日常生活活动3级；或日常生活活动2级且其他维度至少一项3级；或四项均为2级'),
  ('MZ/T 039-2013', 2, 2, 'adl = 2 or (adl = 1 and (min(mental, perception, social) >= 2 or max(mental, perception, social) = 3))',
   '日常生活活动2级；或日常生活活动1级且其他三项均为2级或至少一项3级'),
  ('MZ/T 039-2013', 3, 1, 'adl = 1 or max(mental, perception) >= 1 or social >= 2',
   '日常生活活动1级；或日常生活活动0级但精神状态、感知觉与沟通至少一项1级及以上或社会参与2级及以上'),
  ('MZ/T 039-2013', 4, 0, '1',
   '日常生活活动、精神状态、感知觉与沟通均为0级，社会参与0或1级');

-- In a coma (意识水平 3): severely impaired directly; diagnosed dementia or
-- psychiatric illness, or 2+ care-risk events in 30 days: one level up.
INSERT INTO ec_assess_rules VALUES
  ('MZ/T 039-2013', 'coma', 'item_floor', 'consciousness', 3, 3, '昏迷者直接评定为重度失能', 'In a coma: severely impaired'),
  ('MZ/T 039-2013', 'dementia', 'flag_raise', 'dementia', 1, 1, '确诊认知障碍/痴呆，提高一个等级', 'Diagnosed dementia: one level up'),
  ('MZ/T 039-2013', 'psychiatric', 'flag_raise', 'psychiatric', 1, 1, '确诊精神疾病，提高一个等级', 'Diagnosed psychiatric illness: one level up'),
  ('MZ/T 039-2013', 'risk_events', 'count_raise', 'risk_events_30d', 2, 1, '近30天发生2次及以上跌倒、噎食、自杀、走失，提高一个等级', '2+ falls, choking, suicide attempts or wandering in 30 days: one level up');

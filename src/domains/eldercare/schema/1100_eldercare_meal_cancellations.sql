-- 1100_eldercare_meal_cancellations: a counter check-in cancelled on its day
-- (a wrong elder, a meal not taken) leaves ec_meals, so that every sum of
-- meals (settlements, the dashboard, anomalies) stays right without a
-- filter, and is kept here whole, with who cancelled it, when and why.
-- citus: distribute ec_meal_cancellations by person_id with persons
CREATE TABLE ec_meal_cancellations (
  id                {{ROWID}},
  meal_id           BIGINT NOT NULL,   -- the id it had in ec_meals
  canteen_id        BIGINT NOT NULL,
  canteen_division  TEXT NOT NULL,
  person_id         BIGINT NOT NULL,
  division_code     TEXT NOT NULL,
  served_on         TEXT NOT NULL,
  slot              TEXT NOT NULL,
  mode              TEXT NOT NULL,
  tier              TEXT NOT NULL,
  price_fen         BIGINT NOT NULL,
  subsidy_fen       BIGINT NOT NULL,
  paid_fen          BIGINT NOT NULL,
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  reason            TEXT NOT NULL,
  cancelled_by      TEXT NOT NULL,
  cancelled_at      BIGINT NOT NULL,
  {{KEY}} (id, person_id)
);
CREATE INDEX ec_meal_cancellations_canteen ON ec_meal_cancellations(canteen_id, served_on);

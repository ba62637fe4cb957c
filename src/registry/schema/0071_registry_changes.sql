-- 0071_registry_changes: a trace of every write to the registry's tables
-- that whole-city screening reads (persons, households, household_members,
-- person_incomes, person_assets), appended in the writing transaction by the
-- registry's writers (registry_history_add, the import) and the demo loader.
-- The screening column snapshot (src/screen/snapshot.c) re-reads only the
-- persons and households named by the rows past the sequence it was built at.
-- A row names a range of ids: one id for a write through the registry, the
-- batch's ids for a bulk load. No personal data: ids only.
-- citus: coordinator registry_changes
CREATE TABLE registry_changes (
  seq         {{ID}},
  entity      TEXT NOT NULL CHECK (entity IN ('person', 'household')),
  lo          BIGINT NOT NULL,   -- first id of the range
  hi          BIGINT NOT NULL,   -- last id of the range (= lo for one)
  changed_at  BIGINT NOT NULL    -- Unix s
);

-- 0035_registry_marital: a person's marital status, kept by the registry and
-- set only through registry_person_set_marital (a civil register's event
-- subscriber calls it: the marriage register is the source, the registry the
-- copy every other room reads). 'unknown' until a register says otherwise:
-- the persons loaded before any register existed.
ALTER TABLE persons ADD COLUMN marital_status TEXT NOT NULL DEFAULT 'unknown'
  CHECK (marital_status IN ('unknown', 'unmarried', 'married', 'divorced', 'widowed'));

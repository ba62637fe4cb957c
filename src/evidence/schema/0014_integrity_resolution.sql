-- 0014_integrity_resolution: who resolved a record of the integrity register
-- (诚信数据库); resolved_at and resolution were there from the start.
ALTER TABLE integrity_records ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';

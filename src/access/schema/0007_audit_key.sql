-- 0007_audit_key.sql - the audit chain becomes keyed (HMAC-SHA-256 with a
-- key kept outside the database, access/audit_key.c). Records from
-- keyed_from on are keyed; earlier ones (made before a key existed) keep
-- their plain SHA-256. key_id names the key (the first 16 hex digits of
-- its SHA-256), so a wrong key file is told apart from a tampered log.
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

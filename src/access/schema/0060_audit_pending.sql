-- 0060_audit_pending.sql - the audit records of writes on their way to the
-- audit log's own file (SQLite; access/audit_store.h).
--
-- On SQLite the audit_* tables live in a file of their own, and a
-- transaction over two files is not atomic in WAL mode. So a write's audit
-- records go into pending_audit, in the registry's file, inside the write's
-- own transaction (they commit with the change or not at all); after the
-- commit they are appended to the chain in the audit file together with
-- audit_moved.moved_to, the highest pending id appended (one transaction of
-- the audit file), and deleted from pending_audit by a later write. Ids only
-- grow, so a record is appended exactly once whatever crashes in between.
-- PostgreSQL keeps the chain in the same database and never uses them.
-- citus: coordinator pending_audit
CREATE TABLE pending_audit (
  id             {{ID}},
  at_ms          BIGINT NOT NULL,
  user_id        BIGINT NOT NULL,
  login          TEXT NOT NULL,
  action         TEXT NOT NULL,
  entity         TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  reason         TEXT NOT NULL,
  detail         TEXT NOT NULL
);

-- citus: coordinator audit_moved
CREATE TABLE audit_moved (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  moved_to  BIGINT NOT NULL
);
INSERT INTO audit_moved (id, moved_to) VALUES (1, 0);

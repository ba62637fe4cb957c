-- 0056_audit_chains: the audit log becomes one hash chain per district
-- instead of one chain for the city (access/audit_chain.c). A record's chain
-- is the first six digits of its division code (its district); records with
-- no division (logins, administration) are on the chain 'city'. Each chain
-- has its own head row, so appends in different districts no longer queue
-- on one row lock (PostgreSQL) or one shard (Citus).
--
-- The records made before this file become the chain 'city', with their
-- sequence numbers, hashes and key mark unchanged: 'city' records hash
-- exactly as the single chain did, so every old record, the old head and
-- the signed checkpoints of the old chain still verify.

-- One row per chain: the last sequence number, the last record's hash, and
-- the first record keyed under the audit key (0: none yet; audit_key.c).
-- citus: redistribute audit_head by chain
CREATE TABLE audit_head_chains (
  chain       TEXT PRIMARY KEY,
  seq         BIGINT NOT NULL,
  hash        TEXT NOT NULL,
  keyed_from  BIGINT NOT NULL DEFAULT 0,
  key_id      TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_head_chains (chain, seq, hash, keyed_from, key_id)
  SELECT 'city', seq, hash, keyed_from, key_id FROM audit_head;
DROP TABLE audit_head;
ALTER TABLE audit_head_chains RENAME TO audit_head;

-- The records, keyed by their chain and their place in it (no other unique
-- index), co-located with their head on Citus so that an append touches one
-- shard. The indexes are the ones the readers need (docs/architecture.md,
-- "The audit log"): newest first and date ranges (at_ms), one user's
-- actions (login), who touched a record (entity_id).
-- citus: redistribute audit_log by chain with audit_head
CREATE TABLE audit_log_chains (
  chain          TEXT NOT NULL,
  seq            BIGINT NOT NULL,
  at_ms          BIGINT NOT NULL,
  user_id        BIGINT NOT NULL,
  login          TEXT NOT NULL,
  action         TEXT NOT NULL,
  entity         TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  division_code  TEXT NOT NULL,
  reason         TEXT NOT NULL,
  detail         TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
);
INSERT INTO audit_log_chains (chain, seq, at_ms, user_id, login, action, entity, entity_id,
                              division_code, reason, detail, prev_hash, hash)
  SELECT 'city', seq, at_ms, user_id, login, action, entity, entity_id, division_code, reason,
         detail, prev_hash, hash
  FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_chains RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log(at_ms);
CREATE INDEX audit_log_login ON audit_log(login, at_ms);
CREATE INDEX audit_log_entity ON audit_log(entity_id);

-- 0002_access: users, sessions and the hash-chained audit log.

-- citus: reference users
CREATE TABLE users (
  id             {{ID}},
  login          TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('city_admin', 'district_officer',
                   'street_caseworker', 'community_worker', 'service_provider', 'auditor')),
  scope_code     TEXT NOT NULL REFERENCES divisions(code),
  password_hash  TEXT NOT NULL,   -- argon2id (libsodium crypto_pwhash_str)
  disabled       INTEGER NOT NULL DEFAULT 0,
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  locked_until   BIGINT NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);

-- Only the SHA-256 of a session token is stored: a copy of the database
-- does not let anyone sign in.
-- citus: distribute sessions by token_hash
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),
  csrf_token   TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only. hash = SHA-256(prev_hash | seq | at_ms | login | action |
-- entity | entity_id | division_code | reason | detail); see access/audit.c.
-- citus: distribute audit_log by seq
CREATE TABLE audit_log (
  seq            BIGINT PRIMARY KEY,
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
  hash           TEXT NOT NULL
);
CREATE INDEX audit_log_login ON audit_log(login, seq);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at_ms);

-- The chain's head: one row, updated in the same transaction as every
-- append. Its row lock serialises appenders on PostgreSQL; SQLite
-- serialises writers anyway.
-- citus: coordinator audit_head
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES
  (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

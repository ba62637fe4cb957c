-- 0003_login_failures.sql - failed sign-ins under logins that name no
-- account, counted and locked exactly as an account's own failures
-- (users.failed_logins, users.locked_until): the lockout must not tell an
-- attacker which logins exist. Rows are dropped a day after their last
-- failure.
-- citus: distribute login_failures by login
CREATE TABLE login_failures (
  login        TEXT PRIMARY KEY,
  failed       INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX login_failures_updated ON login_failures (updated_at);

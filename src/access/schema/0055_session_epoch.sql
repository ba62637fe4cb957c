-- 0055_session_epoch: a counter per user that every change ending or
-- altering the user's sessions raises in its own transaction (sign-out, a
-- new password, disabling or enabling, a new role or scope). Each server
-- process keeps the sessions it has resolved in memory together with the
-- counter it read (access/session.c) and, on every request, reads the one
-- integer again by primary key: a change committed by any process on the
-- same database is seen by the next request everywhere.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

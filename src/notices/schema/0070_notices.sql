-- 0070_notices: the bell (notices/). One row per notice per staff account:
-- what happened or falls due, as a kind and the facts it is rendered from
-- (the UI words it in Chinese or English), the page it opens, the division
-- it concerns, and when the user read it. Written by the outbox's
-- subscribers and the daily reminder job; read only by the account it is
-- for. A notice names records by id (a case, a payroll run), never a person
-- by name: the record's own page scopes and audits that read.
-- A user's notices are read together (the bell, the page): sharded by the
-- account.
-- citus: distribute notices by user_id
CREATE TABLE notices (
  id             {{ROWID}},
  user_id        BIGINT NOT NULL,          -- users.id of the account it is for
  kind           TEXT NOT NULL,            -- case_deadline, case_overdue, notice_ending, ...
  params         TEXT NOT NULL DEFAULT '{}', -- JSON object: the facts the title and body are made of
  link           TEXT NOT NULL DEFAULT '', -- the web page it opens ("/assistance/cases/12")
  division_code  TEXT NOT NULL DEFAULT '', -- of the record it is about: the reader's scope must cover it
  dedup_key      TEXT NOT NULL,            -- one notice per account and key ("task:17:2026-12-09")
  created_at     BIGINT NOT NULL,          -- Unix s
  read_at        BIGINT,                   -- Unix s; NULL while unread
  {{KEY}} (id, user_id)
);
CREATE UNIQUE INDEX notices_dedup ON notices(user_id, dedup_key);
CREATE INDEX notices_user ON notices(user_id, read_at, id);

-- 1242_posthumous_home_staff: a funeral home's staff accounts. A
-- service_provider login linked here acts for that funeral home only: it
-- records the cremations of its own home (posthumous/home_staff.c) and
-- lists them, and reads no case. One home per login; relinking moves it.
-- citus: reference ph_home_users
CREATE TABLE ph_home_users (
  login       TEXT PRIMARY KEY,
  home_id     BIGINT NOT NULL REFERENCES ph_funeral_homes(id),
  linked_by   TEXT NOT NULL,
  linked_at   BIGINT NOT NULL
);
CREATE INDEX ph_home_users_home ON ph_home_users(home_id);

-- 0064_table_settings: how each user wants each staff table shown (the
-- columns visible and their order), kept on the server so that it follows
-- the user to any browser. One row per user and table; the settings are a
-- small JSON object the UI writes ({"columns": [{"key", "visible"}...]}).
-- A user reads and writes only their own rows (access/table_settings.h).
-- citus: distribute table_settings by user_id
CREATE TABLE table_settings (
  user_id    BIGINT NOT NULL,
  table_id   TEXT NOT NULL,
  settings   TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, table_id)
);

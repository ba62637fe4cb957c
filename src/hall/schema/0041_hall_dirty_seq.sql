-- 0041_hall_dirty_seq: the stale mark counts its marks. A refresh clears the
-- mark only when no mark came since it started, told by the count and not by
-- the time the mark was made: a mark made while the test clock stood ahead
-- (dirty_since in the future once the clock is back) no longer stays pending
-- until that time comes round. dirty_since remains what the hall shows: since
-- when the figures have been stale.
ALTER TABLE hall_dirty ADD COLUMN mark_seq BIGINT NOT NULL DEFAULT 0;

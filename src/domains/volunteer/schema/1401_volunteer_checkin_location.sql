-- 1401_volunteer_checkin_location: check-in and check-out by location
-- (geo.c). An activity's place and an order's place (the resident's home
-- when the worker enters it, else the resident's community as located in
-- the registry) carry a point in millionths of a degree; located = 0 is a
-- place without one, where only the code proves presence. The radius is a
-- dated parameter.
ALTER TABLE vol_activities ADD COLUMN located INTEGER NOT NULL DEFAULT 0 CHECK (located IN (0, 1));
ALTER TABLE vol_activities ADD COLUMN lat_e6 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vol_activities ADD COLUMN lon_e6 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vol_orders ADD COLUMN located INTEGER NOT NULL DEFAULT 0 CHECK (located IN (0, 1));
ALTER TABLE vol_orders ADD COLUMN lat_e6 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vol_orders ADD COLUMN lon_e6 INTEGER NOT NULL DEFAULT 0;
INSERT INTO vol_params VALUES
  ('checkin.radius_m', '2019-08-26', '300', 'assumption: a phone''s position within 300 m of the place (GPS error indoors plus a building''s size; a community''s location is its centre)');

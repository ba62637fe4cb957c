-- 1102_eldercare_hall_month: the hall's monthly eldercare figures read the
-- month's rows by index instead of scanning every meal and call. At
-- 20,000,000 persons (11.1 M meals, 4.1 M calls in the demo's year) the
-- month's meals took 7-11 s a refresh, scanned through the division index;
-- with the month first and the division second, the count is read from the
-- index alone in the division's order (docs/benchmarks.md, issue 16).
CREATE INDEX ec_meals_month_division ON ec_meals(month, division_code, served_on);
-- The month's calls by day range (the figures ask day >= the 1st).
CREATE INDEX ec_calls_day ON ec_calls(day, division_code);

-- 0072_registry_member_person: every household membership of a person, past
-- ones included, found by the person. The unique index of 0001 holds only the
-- current membership (left_on IS NULL), so a query by person that does not say
-- left_on IS NULL (a person's membership history for the marriage register's
-- kinship check; the households a deceased person belonged to, for the payroll
-- run's deaths sweep) read the whole table: a few seconds a call at 20,000,000
-- persons, found by the 20M demo city (docs/benchmarks.md, issue 13).
CREATE INDEX household_members_person ON household_members(person_id);
-- The deaths sweep before each payroll run starts from the persons with a
-- recorded death: a small part of the registry, read here instead of by a
-- scan of every person.
CREATE INDEX persons_dead ON persons(death_date) WHERE death_date IS NOT NULL;

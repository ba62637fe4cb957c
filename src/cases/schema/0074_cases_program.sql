-- 0074_cases_program: a screening run asks, for each program, which
-- households have a case still in progress (src/cases/case_ids.c) and must
-- not be told again. No index began with the program, so each program
-- read every case through the household index: at 20,000,000 persons
-- about 0.6 s a run over 12 programs. This one answers from the index
-- alone, in the household order the run wants.
CREATE INDEX cases_program ON cases(program, household_id, state);

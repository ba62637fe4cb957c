/* store_fault.h - the fault countdown: make the Nth statement step or
 * commit fail, to test that every writer either finishes or leaves no trace
 * (the way SQLite's own test suite injects faults with sqlite3FaultSim).
 *
 * Armed from the environment when a store is first opened:
 *   MZ_FAULT_AT=N          the Nth counted call fails (once), N >= 1
 *   MZ_FAULT_KIND=step     count only statement steps
 *   MZ_FAULT_KIND=commit   count only commits
 *   (unset or "any")       count both
 * or at run time by store_fault_arm, which only works when the process was
 * started with MZ_FAULT_ENABLE=1 (the server's POST /api/v1/test/fault).
 *
 * A failed step returns -1 with MZ_ESTORE before the statement runs; a
 * failed commit rolls the transaction back and returns -1 with MZ_ESTORE,
 * as a commit the disk refused would. Unarmed, the cost is one relaxed
 * atomic load per step and commit. */
#ifndef MZ_STORE_FAULT_H
#define MZ_STORE_FAULT_H

#include <stdint.h>

typedef enum store_fault_kind {
	STORE_FAULT_ANY = 0,
	STORE_FAULT_STEP = 1,
	STORE_FAULT_COMMIT = 2,
} store_fault_kind;

/* Reads MZ_FAULT_AT / MZ_FAULT_KIND / MZ_FAULT_ENABLE once (store_open). */
void store_fault_init(void);
/* 1 when the run-time switch (MZ_FAULT_ENABLE=1) is on. */
int store_fault_enabled(void);
/* Arms the countdown: the at-th counted call of kind fails; at 0 disarms.
 * Returns -1 when not enabled. Counts from the moment of the call, across
 * all threads. */
int store_fault_arm(int64_t at, store_fault_kind kind);
/* Calls left before the fault (0 = not armed) and faults fired so far. */
int64_t store_fault_left(void);
int64_t store_fault_fired(void);
/* Parses "any", "step", "commit"; -1 if none of them. */
int store_fault_kind_parse(const char *s);

/* For store.c: 1 when this call of kind must fail. */
int store_fault_hit(store_fault_kind kind);

#endif

/* demo.h - a deterministic synthetic Guangzhou for development, tests and
 * benchmarks (`minzheng demo --persons N --seed S`).
 *
 * The divisions above the communities are real (division_seed.h). Below
 * them the demo invents 2,780 communities in the real 12-digit format
 * (street code + 001-199 for residents' committees, 200-399 for villages),
 * and a population of N persons in households: valid citizen ID numbers,
 * Chinese names, an age pyramid with about 20% aged 60+, incomes by kind in
 * fen, assets, disabilities, a few flags and deaths.
 *
 * Same N and S give the same rows, byte for byte, on the same build: all
 * randomness comes from our own PRNG (xoshiro256**) seeded per community,
 * timestamps are a fixed "as of" date (DEMO_AS_OF), nothing reads the
 * clock. Communities depend on neither N nor S, so a city can be rebuilt
 * with another seed into a fresh database and keep the same map.
 *
 * The load streams: persons are generated community by community and
 * written in transactions of about DEMO_BATCH_PERSONS persons (with their
 * households, incomes and assets), so memory stays bounded whatever N is. */
#ifndef MZ_DEMO_H
#define MZ_DEMO_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define DEMO_COMMUNITIES 2780     /* villages and communities of Guangzhou */
#define DEMO_AS_OF_Y 2026          /* the demo city's "today": 2026-07-01 */
#define DEMO_AS_OF_M 7
#define DEMO_AS_OF_D 1
#define DEMO_BATCH_PERSONS 50000
#define DEMO_MAX_PERSONS 100000000 /* ID sequence numbers run out beyond */

/* Called after every committed batch with phase "persons" and the number of
 * persons written so far, then once with phase "indexes" (done == total)
 * before the secondary indexes are rebuilt, which takes a while for a big
 * city; arg is passed through. */
typedef void (*demo_progress_fn)(void *arg, const char *phase, int64_t done,
				 int64_t total);

typedef struct demo_opts {
	int64_t persons;            /* N >= 1 */
	uint64_t seed;
	demo_progress_fn progress;  /* may be NULL */
	void *progress_arg;
} demo_opts;

typedef struct demo_stats {
	int64_t communities;        /* community rows present after the run */
	int64_t persons;
	int64_t households;
	int64_t members;
	int64_t incomes;
	int64_t assets;
	int64_t deaths;
} demo_stats;

/* Builds the city into c's database: seeds the real divisions if missing,
 * inserts the communities that are missing, then N persons with households.
 * Refuses with MZ_ECONFLICT when the persons table is not empty ("the city
 * already exists"). On SQLite the load runs with synchronous=OFF and a larger
 * page cache, restored afterwards, and commits every batch: a failure part
 * way leaves the batches already committed (the error says so; start again
 * on a fresh database). Fills *stats (may be NULL). */
int registry_demo_build(store_conn *c, const demo_opts *o, demo_stats *stats,
			mz_err *e);

/* Inserts the 2,780 communities (level 4) that are missing and gives each
 * street without coordinates the centre of its communities. Idempotent;
 * registry_demo_build calls it. */
int registry_demo_communities(store_conn *c, mz_err *e);

/* The demo's staff accounts, one per role (plus a 天河 caseworker for scope
 * tests, and the accounts of a canteen operator, a home-care provider and
 * the 平安通 call centre, which the eldercare demo links to its providers). Passwords derive from the seed: "Mz" + 4 letters + 4 digits. The
 * library does not create users (access/ sits above registry/): the demo
 * command passes these to access_user_add. */
typedef struct demo_user {
	const char *login;
	const char *name;
	const char *role;       /* access role name, e.g. "street_caseworker" */
	char scope[16];         /* division code */
	char password[16];
} demo_user;

#define DEMO_USER_COUNT 10

/* Fills out[DEMO_USER_COUNT] for seed. Scopes: 440100 for the city roles,
 * 440105 (海珠区), its first street 440105001 and that street's first
 * community 440105001001, and 天河's first street 440106001. */
void registry_demo_users(uint64_t seed, demo_user out[DEMO_USER_COUNT]);

/* SQLite only (elsewhere a no-op): a load does not need an fsync per
 * transaction (a crash means starting again) and likes a page cache sized
 * for persons. registry_demo_build uses them around its load; `minzheng
 * demo` around the domains' generators too. Restore puts back what set
 * found. */
typedef struct load_pragmas {
	int64_t synchronous, cache_size, temp_store;
	int set;
} load_pragmas;
int demo_pragmas_set(store_conn *c, load_pragmas *p, int64_t persons, mz_err *e);
void demo_pragmas_restore(store_conn *c, load_pragmas *p);

/* Moves the process clock (base/date.h's offset, the time of day kept) so
 * that mz_today() is day. `minzheng demo --as-of` sets it to the as-of date
 * before the domains' generators run; a generator that replays the year
 * before walks it back and forward and leaves it at the as-of date. */
void demo_clock_to(mz_day day);

#endif

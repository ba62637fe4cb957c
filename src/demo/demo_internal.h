/* demo_internal.h - shared by demo.c (the load), demo_household.c (the
 * people) and demo_community.c (the communities); nothing else includes it.
 *
 * The PRNG is ours, not libc's, so the demo city is the same on every
 * machine: xoshiro256** (Blackman and Vigna) seeded through splitmix64.
 * Every community gets its own stream (seed, community index), which makes
 * a community's people independent of how many communities came before. */
#ifndef MZ_DEMO_INTERNAL_H
#define MZ_DEMO_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "demo/demo.h"
#include "registry/division_seed.h"

typedef struct demo_rng {
	uint64_t s[4];
} demo_rng;

static inline uint64_t demo_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void demo_rng_seed(demo_rng *r, uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xd1342543de82ef95ULL) ^ 0x6d696e7a68656e67ULL; /* "minzheng" */

	for (int i = 0; i < 4; i++)
		r->s[i] = demo_splitmix64(&x);
}

static inline uint64_t demo_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t demo_rng_next(demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = demo_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = demo_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant). */
static inline uint32_t demo_rng_below(demo_rng *r, uint32_t n)
{
	return (uint32_t)(((demo_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi]. */
static inline int demo_rng_range(demo_rng *r, int lo, int hi)
{
	return lo + (int)demo_rng_below(r, (uint32_t)(hi - lo + 1));
}

/* Uniform in [0, 1). */
static inline double demo_rng_unit(demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int demo_rng_chance(demo_rng *r, double p)
{
	return demo_rng_unit(r) < p;
}

/* Standard normal (Box-Muller, one of the pair). */
static inline double demo_rng_normal(demo_rng *r)
{
	double u = demo_rng_unit(r), v = demo_rng_unit(r);

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* A synthetic community (or village) under a real street. */
typedef struct demo_community {
	char code[13];     /* street code + 001-199 (居委会) or 200-399 (村委会) */
	char name[64];     /* "东华社区居委会", "石岗村委会" */
	char short_name[16]; /* "东华", "石岗": for addresses */
	char road[24];     /* the community's main road, "同福中路" */
	int street;        /* index into the streets array */
	int district;      /* index 0..10 into the current districts, CSV order */
	int village;       /* 1: 村委会 (rural), 0: 社区居委会 */
	int lat_e6, lon_e6;
	double weight;     /* share of the population, before normalising */
} demo_community;

/* Builds the communities (seed-independent). *streets and *comms are malloc'd
 * arrays for the caller to free; *ndistricts counts the distinct districts
 * (11) in CSV order and district_codes[i] names them. */
int demo_communities_make(registry_street **streets, int *nstreets,
			  demo_community **comms, int *ncomms,
			  char district_codes[16][7], int *ndistricts, mz_err *e);

/* Rows of text fields for one table, each field NUL-terminated; SQL NULL is
 * written as the one-byte field "\1". */
typedef struct demo_rowbuf {
	mz_buf b;
	int64_t rows;
} demo_rowbuf;

#define DEMO_MAX_MEMBERS 8 /* persons in one household */

/* The generator's state across the whole city. */
typedef struct demo_gen {
	const demo_community *comms;
	const registry_street *streets;
	const char *codes[64];  /* address codes: districts, historical, migrants' */
	int ncodes, nlocal, hist0, mig0;
	int mig_cum[64], mig_total;
	int surname_cum[128], surname_total;
	int type_cum[16], type_total;
	uint16_t *seq;  /* [code][day - day0][sex]: sequence numbers handed out */
	int ndays;
	mz_day as_of, day0;
	int64_t stamp;  /* created_at/updated_at of every row */
	int64_t next_pid, next_hid; /* ids of the next person and household */
	int64_t batch;  /* persons buffered since the last flush */
	demo_rowbuf persons, id_numbers, households, members, incomes, assets;
	demo_stats st;
} demo_gen;

/* Sets up g for the communities and streets (borrowed, must outlive g) and
 * the current districts dcodes[0..nd). The caller sets next_pid/next_hid. */
void demo_gen_init(demo_gen *g, const demo_community *comms,
		   const registry_street *streets, char dcodes[16][7], int nd);
void demo_gen_release(demo_gen *g);
/* Appends one household of at most cap persons (1..DEMO_MAX_MEMBERS) in
 * community cm to the buffers; returns the number of persons. */
int demo_gen_household(demo_gen *g, demo_rng *r, const demo_community *cm, int cap);

#endif

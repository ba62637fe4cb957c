/* columns.c - owning allocation of the column set, and one-household views. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <stdio.h>

#include "base/buf.h"
#include "policy/policy_int.h"

#define MAX_OWNED 128
#define BIG (4u << 20)
#define HUGE_PAGE (2u << 20)

/* A big block is an mmap with a header page-aligned before it, holding
 * its length; a small one a malloc with a 64-byte header. The header says
 * which. */
typedef struct bighdr {
	size_t len; /* of the whole mapping; 0 = malloc */
	char pad[56];
} bighdr;

void *pbig_calloc(size_t n, size_t size)
{
	size_t bytes = n * size, len;
	bighdr *h;

	if (size && bytes / size != n) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
	if (bytes < BIG) {
		h = mz_xcalloc(1, sizeof(*h) + bytes);
		h->len = 0;
		return h + 1;
	}
	len = (bytes + sizeof(*h) + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	h = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
#ifdef MADV_HUGEPAGE
	madvise(h, len, MADV_HUGEPAGE);
#endif
	h->len = len;
	return h + 1;
}

void pbig_free(void *p)
{
	bighdr *h;

	if (!p)
		return;
	h = (bighdr *)p - 1;
	if (h->len)
		munmap(h, h->len);
	else
		free(h);
}

typedef struct owned {
	void *p[MAX_OWNED];
	int n;
} owned;

static void *take(owned *o, size_t n, size_t size)
{
	void *p = pbig_calloc(n ? n : 1, size);

	if (o->n < MAX_OWNED)
		o->p[o->n++] = p;
	return p;
}

void policy_columns_alloc(policy_columns *c, size_t nh, size_t np, size_t ndiv)
{
	owned *o = mz_xcalloc(1, sizeof(*o));

	memset(c, 0, sizeof(*c));
	c->owned_ = o;
	c->n_households = nh;
	c->n_persons = np;
	c->n_divisions = ndiv;
	c->hh_offset = take(o, nh + 1, sizeof(uint32_t));
	c->hh_division = take(o, nh, sizeof(uint32_t));
	c->hh_flags = take(o, nh, sizeof(uint32_t));
	c->hh_enrolled = take(o, nh, sizeof(uint64_t));
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		c->hh_asset[k] = take(o, nh, sizeof(int64_t));
	c->hh_housing_units = take(o, nh, sizeof(int32_t));
	c->hh_vehicle_count = take(o, nh, sizeof(int32_t));
	c->p_birth = take(o, np, sizeof(mz_day));
	c->p_sex = take(o, np, 1);
	c->p_relation = take(o, np, 1);
	c->p_disability = take(o, np, 1);
	c->p_disability_grade = take(o, np, 1);
	c->p_selfcare_unable = take(o, np, 1);
	c->p_father = take(o, np, 1);
	c->p_mother = take(o, np, 1);
	c->p_father_since = take(o, np, sizeof(mz_day));
	c->p_mother_since = take(o, np, sizeof(mz_day));
	c->p_apart_since = take(o, np, sizeof(mz_day));
	c->p_father_grade = take(o, np, 1);
	c->p_mother_grade = take(o, np, 1);
	c->p_flags = take(o, np, sizeof(uint32_t));
	c->p_enrolled = take(o, np, sizeof(uint64_t));
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		c->p_income[k] = take(o, np, sizeof(int64_t));
	for (int k = 0; k < POLICY_EXP_COUNT; k++)
		c->p_expense[k] = take(o, np, sizeof(int64_t));
	c->divisions = take(o, ndiv, sizeof(int64_t));
}

void policy_columns_release(policy_columns *c)
{
	owned *o;

	if (!c || !c->owned_)
		return;
	o = c->owned_;
	for (int i = 0; i < o->n; i++)
		pbig_free(o->p[i]);
	free(o);
	memset(c, 0, sizeof(*c));
}

/* Shifts an optional column to start at row `at`. */
#define SHIFT(col, at) ((col) ? (col) + (at) : NULL)

void policy_columns_view(const policy_columns *c, size_t h, uint32_t scratch[3],
			 policy_columns *v)
{
	size_t p0 = c->hh_offset[h], np = c->hh_offset[h + 1] - p0;

	memset(v, 0, sizeof(*v));
	scratch[0] = 0;
	scratch[1] = (uint32_t)np;
	scratch[2] = 0;
	v->n_households = 1;
	v->n_persons = np;
	v->hh_offset = scratch;
	v->hh_division = &scratch[2];
	v->hh_flags = SHIFT(c->hh_flags, h);
	v->hh_enrolled = SHIFT(c->hh_enrolled, h);
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		v->hh_asset[k] = SHIFT(c->hh_asset[k], h);
	v->hh_housing_units = SHIFT(c->hh_housing_units, h);
	v->hh_vehicle_count = SHIFT(c->hh_vehicle_count, h);
	v->p_birth = SHIFT(c->p_birth, p0);
	v->p_sex = SHIFT(c->p_sex, p0);
	v->p_relation = SHIFT(c->p_relation, p0);
	v->p_disability = SHIFT(c->p_disability, p0);
	v->p_disability_grade = SHIFT(c->p_disability_grade, p0);
	v->p_selfcare_unable = SHIFT(c->p_selfcare_unable, p0);
	v->p_father = SHIFT(c->p_father, p0);
	v->p_mother = SHIFT(c->p_mother, p0);
	v->p_father_since = SHIFT(c->p_father_since, p0);
	v->p_mother_since = SHIFT(c->p_mother_since, p0);
	v->p_apart_since = SHIFT(c->p_apart_since, p0);
	v->p_father_grade = SHIFT(c->p_father_grade, p0);
	v->p_mother_grade = SHIFT(c->p_mother_grade, p0);
	v->p_flags = SHIFT(c->p_flags, p0);
	v->p_enrolled = SHIFT(c->p_enrolled, p0);
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		v->p_income[k] = SHIFT(c->p_income[k], p0);
	for (int k = 0; k < POLICY_EXP_COUNT; k++)
		v->p_expense[k] = SHIFT(c->p_expense[k], p0);
	v->n_divisions = 1;
	v->divisions = c->divisions + (h < c->n_households ? c->hh_division[h] : 0);
}

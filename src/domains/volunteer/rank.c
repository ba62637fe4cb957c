/* rank.c - who gets an order first. Divisions carry no coordinates in the
 * registry (only some communities are located, for canteens), so distance
 * is measured on the division tree: the same community before the same
 * street before the same district before the rest of the city. Within a
 * tier, the volunteer with fewer open orders goes first (spreading the
 * work), then the better rated (群众评单 feeds back into 平台派单). */
#include <stdlib.h>
#include <string.h>

#include "domains/volunteer/volunteer.h"

int vol_division_tier(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return 0;
	if (strlen(a) >= 9 && strlen(b) >= 9 && !strncmp(a, b, 9))
		return 1;
	if (!strncmp(a, b, 6))
		return 2;
	return 3;
}

/* Mean rating in tenths; the unrated count as 4.0 so that a newcomer is
 * neither buried under nor preferred to the well rated. */
static int64_t mean_tenths(const vol_candidate *c)
{
	return c->rating_n ? c->rating_sum * 10 / c->rating_n : 40;
}

int vol_candidate_cmp(const vol_candidate *a, const vol_candidate *b)
{
	int64_t ra, rb;

	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->load != b->load)
		return a->load < b->load ? -1 : 1;
	ra = mean_tenths(a);
	rb = mean_tenths(b);
	if (ra != rb)
		return ra > rb ? -1 : 1;
	return a->volunteer_id < b->volunteer_id ? -1 : a->volunteer_id > b->volunteer_id;
}

static int cmp_qsort(const void *a, const void *b)
{
	return vol_candidate_cmp(a, b);
}

void vol_candidates_rank(vol_candidate *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_qsort);
}

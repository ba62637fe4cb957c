/* demo.c - volunteers in the demo city, registered by the real functions.
 *
 * Guangzhou counts 4.26 million registered volunteers for 18.8 million
 * residents (22.7%); most registrations are dormant, so the demo registers
 * the active share only: 5% of residents aged 18 to 70 (about a fifth of
 * the registered), every 20th in registry order. One volunteer
 * organisation a district takes what volunteers cannot, and announces one
 * activity for today. One elder of 80 and over in ten gets a paired
 * companion volunteer (老伙伴) of their district (Jing'an paired 4,475
 * volunteers with 25,395 elders), and every tenth pairing a visit ordered
 * for today. Volunteers, organisations and pairings date from a year
 * before the as-of day; the year of paired visits, activities and hours
 * that follows is lived day by day in demo_year.c. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "base/buf.h"
#include "domains/volunteer/demo_year.h"
#include "domains/volunteer/pairings.h"
#include "domains/volunteer/volunteer.h"
#include "registry/registry.h"
#include "store/query.h"

static const char *const districts[] = { "440103", "440104", "440105", "440106", "440111",
					  "440112", "440113", "440114", "440115", "440117",
					  "440118" };
static const char *const skill_sets[] = { "companionship,errand", "repair,errand", "delivery",
					  "haircut,companionship", "escort,companionship",
					  "teaching", "companionship,cleaning", "medical,escort" };

/* One activity of the district's organisation today, 09:00-12:00 Beijing
 * time, at its first street, with two roles. */
static int demo_activity(store_conn *c, const access_ctx *sys, const char *district, int64_t org,
			 mz_err *e)
{
	static const vol_activity_role roles[] = { { "陪伴长者", 6, "companionship" },
						   { "秩序引导", 2, "" } };
	registry_division_list streets;
	int64_t midnight = (int64_t)mz_today() * 86400 - 8 * 3600, id;
	int rc = 0;

	registry_division_list_init(&streets);
	if (registry_division_children(c, sys, district, &streets, e)) {
		registry_division_list_release(&streets);
		return -1;
	}
	if (streets.n) {
		vol_activity_new in = { .title = "社区敬老志愿服务日（演示）",
					.division_code = streets.items[0].code, .place = streets.items[0].name,
					.starts_at = midnight + 9 * 3600, .ends_at = midnight + 12 * 3600,
					.org_id = org, .roles = roles, .nroles = 2 };

		rc = vol_activity_create(c, sys, &in, &id, e);
	}
	registry_division_list_release(&streets);
	return rc;
}

/* The index in districts[] of a division code's district; the count when
 * it is none of them. */
static size_t district_of(const char *division_code)
{
	size_t n = sizeof(districts) / sizeof(districts[0]);

	for (size_t d = 0; d < n; d++)
		if (!strncmp(division_code, districts[d], 6))
			return d;
	return n;
}

int vol_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	enum { BATCH = 200, ND = sizeof(districts) / sizeof(districts[0]) };
	int64_t seen = 0, made = 0, orgs = 0, pairs = 0, visits = 0, elders = 0, id, ids[BATCH];
	int64_t base = mz_clock_offset(), org_ids[ND], *pair_ids = NULL, *pair_persons = NULL;
	size_t npairs = 0, pcap = 0;
	registry_person *batch = mz_xmalloc(BATCH * sizeof(*batch));
	mz_day as_of = mz_today(), year_start = as_of - 365;
	vol_demo_year year = { 0 };
	/* Each district's volunteers with the companionship skill, in the order
	 * registered: the elders of the district are paired with them in turn. */
	struct {
		int64_t *ids;
		size_t n, cap, next;
	} companions[ND] = { 0 };
	access_ctx sys;
	char today[11], begun[11];

	access_ctx_system(&sys, "demo");
	mz_day_format(as_of, today);
	mz_day_format(year_start, begun);
	/* The organisations, volunteers and pairings as they stood a year ago. */
	mz_clock_set_offset(base - 365 * 86400);
	for (size_t d = 0; d < ND; d++) {
		char name[96];

		snprintf(name, sizeof(name), "%s区志愿服务联合会（演示）", districts[d]);
		if (vol_org_create(c, &sys, name, districts[d], "companionship,errand,repair,meal_delivery,visit",
				   "演示数据：登记志愿服务组织", &org_ids[d], e))
			goto fail;
		orgs++;
	}
	/* Volunteers first, then the elders' pairings, so that an elder early
	 * in the registry finds the volunteers of their street. */
	/* The demo's persons by id, 200 at a time (ids run from 1 in a city
	 * just built): a paged search by name would rescan the registry for
	 * every page, which at 200k persons took minutes. */
	for (int pass = 0; pass < 2; pass++) {
		for (int64_t start = 1; start <= persons + BATCH; start += BATCH) {
			for (int k = 0; k < BATCH; k++)
				ids[k] = start + k;
			if (registry_person_list_by_ids(c, ids, BATCH, batch, e))
				goto fail;
			for (size_t i = 0; i < BATCH; i++) {
				const registry_person *p = &batch[i];
				int age;

				if (!p->id || p->death != MZ_DAY_INVALID)
					continue;
				age = registry_person_age(p, as_of);
				size_t d = district_of(p->division_code);

				if (pass == 1 && age >= 80 && elders++ % 10 == 0) {
					int64_t vid = 0, pid;

					/* The district's companions in turn (a query for one per
					 * elder sorted them all: hours at 20M persons); in a
					 * small demo city a district may have none. */
					if (d < ND && companions[d].n)
						vid = companions[d].ids[companions[d].next++ % companions[d].n];
					if (!vid || vol_pairing_create(c, &sys, vid, p->id, 2, begun,
								       "演示数据：老伙伴结对", &pid, e)) {
						mz_err_clear(e);
						continue;
					}
					pairs++;
					if (npairs == pcap) {
						pcap = pcap ? 2 * pcap : 256;
						pair_ids = mz_xrealloc(pair_ids, pcap * sizeof(*pair_ids));
						pair_persons = mz_xrealloc(pair_persons, pcap * sizeof(*pair_persons));
					}
					pair_ids[npairs] = pid;
					pair_persons[npairs++] = p->id;
					continue;
				}
				/* Minors need a guardian on record: not in the demo. */
				if (pass == 1 || registry_person_age(p, year_start) < 18 || age > 70 ||
				    seen++ % 20)
					continue;
				{
					vol_volunteer_new in = { .id_number = p->id_number,
								 .skills = skill_sets[made % 8],
								 .weekdays = made % 3 ? 127 : 96,
								 .reason = "演示数据：志愿者注册" };

					if (vol_volunteer_register(c, &sys, &in, &id, e))
						goto fail;
					if (d < ND && strstr(in.skills, "companionship")) {
						if (companions[d].n == companions[d].cap) {
							companions[d].cap = companions[d].cap ? 2 * companions[d].cap : 64;
							companions[d].ids = mz_xrealloc(companions[d].ids,
								companions[d].cap * sizeof(int64_t));
						}
						companions[d].ids[companions[d].n++] = id;
					}
					made++;
				}
			}
		}
	}
	/* The year: each district's activities, then the paired visits; then
	 * today as it stands - an activity open for sign-up, and the visits
	 * of one pairing in ten ordered for today. */
	for (size_t d = 0; d < ND; d++)
		if (vol_demo_activities(c, &sys, districts[d], org_ids[d], persons >= 150000 ? 2 : 1,
					year_start, as_of, base, &year, e))
			goto fail;
	if (vol_demo_visits(c, &sys, pair_ids, pair_persons, npairs, year_start, as_of, base, &year,
			    e))
		goto fail;
	mz_clock_set_offset(base);
	for (size_t d = 0; d < ND; d++)
		if (demo_activity(c, &sys, districts[d], org_ids[d], e))
			goto fail;
	for (size_t i = 0; i < npairs; i += 10) {
		vol_order_new in = { .person_id = pair_persons[i], .service_code = "visit",
				     .source = "visit_plan", .wanted_on = today, .pairing_id = pair_ids[i] };
		int64_t oid;

		if (vol_order_create(c, &sys, &in, &oid, e)) {
			/* The elder died during the year: the pairing ended. */
			if (e->code != MZ_EINVAL && e->code != MZ_ESTATE)
				goto fail;
			mz_err_clear(e);
			continue;
		}
		visits++;
	}
	free(batch);
	free(pair_ids);
	free(pair_persons);
	for (size_t d = 0; d < ND; d++)
		free(companions[d].ids);
	snprintf(summary, cap, "volunteer: %lld volunteers, %lld organisations, %lld pairings;"
		 " a year of %lld visit orders (%lld served, %lld cancelled), %lld activities with"
		 " %lld sign-ups, %lld hours credited; %lld visits ordered today", (long long)made,
		 (long long)orgs, (long long)pairs, (long long)year.orders, (long long)year.served,
		 (long long)year.cancelled, (long long)year.activities, (long long)year.signups,
		 (long long)(year.minutes / 60), (long long)visits);
	return 0;
fail:
	mz_clock_set_offset(base);
	free(batch);
	free(pair_ids);
	free(pair_persons);
	for (size_t d = 0; d < ND; d++)
		free(companions[d].ids);
	return -1;
}

/* demo.c - elderly care in the demo city, as it stands after a year of
 * running up to the as-of date.
 *
 * Through the real functions (rules, scope and audit hold): the canteen
 * operators and their canteens (Guangzhou runs 1,069 canteens for 18.8
 * million people: one per 17,600 residents, at least one a district),
 * registered a year ago; a home-care provider and the 平安通 call centre;
 * the demo's provider accounts linked to them; the 平安通 subscribers
 * (126,000 for 18.8 million); the canteens' monthly settlements; the
 * missed-check-in sweep.
 *
 * Through the bulk path (store_bulk, in this domain's own tables), because
 * a year of them at 20 million residents is tens of millions of rows that
 * one transaction each would take hours to write: the monthly visits
 * (demo_visits.c), the meals (demo_meals.c) and the calls (demo_calls.c).
 * Their amounts come from the same pricing functions the counter uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "demo/demo.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/demo_internal.h"
#include "domains/eldercare/eldercare.h"
#include "registry/registry.h"

static const char *const districts[] = { "440103", "440104", "440105", "440106", "440111",
					  "440112", "440113", "440114", "440115", "440117",
					  "440118" };

uint64_t ecd_hash(uint64_t a, uint64_t b)
{
	uint64_t z = a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int64_t ecd_unix(mz_day day, int minute)
{
	return (int64_t)day * 86400 + (int64_t)minute * 60 - 8 * 3600;
}

/* A provider of kind at division, with its account linked (login may be
 * NULL). Returns the provider id, 0 on error. */
static int64_t provider(ecd_run *r, const char *name, const char *kind, const char *division,
		       const char *login, mz_err *e)
{
	json_t *in = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", name, "kind", kind,
			       "division_code", division, "contact", "演示联系人", "phone",
			       "02083000000", "reason", "演示数据：登记服务机构");
	json_t *p = ec_provider_create(r->c, &r->sys, in, e);
	int64_t id;

	json_decref(in);
	if (!p)
		return 0;
	id = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	if (login && ec_provider_link_user(r->c, &r->sys, id, login, "演示数据：机构账号", e)) {
		/* The demo account was not made (a database with other users). */
		if (e->code != MZ_EINVAL)
			return 0;
		memset(e, 0, sizeof(*e));
	}
	return id;
}

/* The canteens and their operators, spread over each district's located
 * communities in code order; 海珠's first operator is canteen_operator's. */
static int canteens(ecd_run *r, mz_err *e)
{
	size_t nd = sizeof(districts) / sizeof(districts[0]);
	int64_t want = r->persons / 17600;

	if (want < (int64_t)nd)
		want = (int64_t)nd;
	for (size_t d = 0; d < nd; d++) {
		registry_division_list dl;
		char lo[16], hi[16];
		int64_t here = want / (int64_t)nd + ((int64_t)d < want % (int64_t)nd);

		access_scope_range(districts[d], lo, hi);
		registry_division_list_init(&dl);
		if (registry_communities_located(r->c, &r->sys, lo, hi, &dl, e)) {
			registry_division_list_release(&dl);
			return -1;
		}
		for (int64_t k = 0; k < here && dl.n; k++) {
			const registry_division *cm = &dl.items[(size_t)k * dl.n / (size_t)here];
			char name[160], street[9 + 1], sname[128], address[256];
			json_t *in, *can;
			int64_t pid;

			/* The address names the street too: 701 community names recur
			 * across the city, and the register refuses a second canteen
			 * of the same name at the same address. */
			mz_strlcpy(street, cm->code, sizeof(street));
			registry_division_name(r->c, street, sname, sizeof(sname));
			snprintf(address, sizeof(address), "%s%s", sname, cm->name);

			snprintf(name, sizeof(name), "%s长者饭堂运营服务中心（演示）", cm->name);
			pid = provider(r, name, "canteen", cm->code,
				       !strcmp(districts[d], "440105") && k == 0 ? "canteen_operator"
										: NULL, e);
			if (!pid)
				goto fail;
			snprintf(name, sizeof(name), "%s长者饭堂", cm->name);
			in = json_pack("{s:I,s:s,s:s,s:s,s:f,s:f,s:s,s:i,s:s}", "provider_id",
				       (json_int_t)pid, "name", name, "address", address,
				       "division_code", cm->code, "lat", cm->lat_e6 / 1e6, "lon",
				       cm->lon_e6 / 1e6, "hours", "10:30-13:30,16:30-18:30",
				       "capacity", 80, "reason", "演示数据：登记长者饭堂");
			can = ec_canteen_create(r->c, &r->sys, in, e);
			json_decref(in);
			if (!can)
				goto fail;
			if (r->n_canteens == r->cap_canteens) {
				r->cap_canteens = r->cap_canteens ? r->cap_canteens * 2 : 64;
				r->canteens = mz_xrealloc(r->canteens,
							  r->cap_canteens * sizeof(*r->canteens));
			}
			r->canteens[r->n_canteens].id = json_integer_value(json_object_get(can, "id"));
			r->canteens[r->n_canteens].provider_id = pid;
			mz_strlcpy(r->canteens[r->n_canteens].division, cm->code,
				   sizeof(r->canteens[0].division));
			r->n_canteens++;
			json_decref(can);
		}
		registry_division_list_release(&dl);
		continue;
fail:
		registry_division_list_release(&dl);
		return -1;
	}
	return 0;
}

int ec_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	ecd_run r = { 0 };
	int rc = -1;

	r.c = c;
	r.persons = persons;
	r.as_of = mz_today();
	r.start = mz_day_add_months(r.as_of, -12);
	access_ctx_system(&r.sys, "demo");
	/* The providers were registered a year ago. */
	demo_clock_to(r.start);
	if (canteens(&r, e) ||
	    !(r.homecare_provider = provider(&r, "海珠区居家养老综合服务中心（演示）", "home_care",
					     "440105", "homecare_provider", e)) ||
	    !(r.call_provider = provider(&r, "广州市平安通呼援服务中心（演示）", "emergency_call",
					 "440100", "callcentre_operator", e)))
		goto out;
	demo_clock_to(r.as_of);
	if (ecd_elders_load(&r, e) || ecd_visits_write(&r, e) || ecd_meals_write(&r, e) ||
	    ecd_calls_write(&r, e) || ecd_care_write(&r, e))
		goto out;
	snprintf(summary, cap,
		 "eldercare: %zu canteens with their operators, %lld meals in %lld settlements;"
		 " %zu elders due monthly visits, %lld visits; %lld 平安通 subscribers, %lld calls,"
		 " %lld missed-check-in alerts; %lld assessments, %lld home beds, %lld waiting-list"
		 " applications, %lld admissions",
		 r.n_canteens, (long long)r.meals, (long long)r.settlements, r.n_elders,
		 (long long)r.visits, (long long)r.subscribers, (long long)r.calls,
		 (long long)r.alerts, (long long)r.assessments, (long long)r.beds,
		 (long long)r.applications, (long long)r.admissions);
	rc = 0;
out:
	demo_clock_to(r.as_of);
	free(r.elders);
	free(r.canteens);
	return rc;
}

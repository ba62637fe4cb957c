/* demo.c - elderly care in the demo city: a canteen operator and an elderly
 * canteen in every district, at a located community, registered by the
 * real functions (so the canteen list, the counter page, the coverage map
 * and the dashboard have something to show). Guangzhou runs 1,069 canteens
 * for 18.8 million people; a demo city gets one per 17,600 residents, at
 * least one a district. Meals, cards, 平安通, homes and beds over a year
 * are the living-city work (issue 13). */
#include <stdio.h>
#include <string.h>

#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "registry/registry.h"

static const char *const districts[] = { "440103", "440104", "440105", "440106", "440111",
					  "440112", "440113", "440114", "440115", "440117",
					  "440118" };

int ec_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	size_t nd = sizeof(districts) / sizeof(districts[0]);
	int64_t want = persons / 17600, made = 0;
	access_ctx sys;

	access_ctx_system(&sys, "demo");
	if (want < (int64_t)nd)
		want = (int64_t)nd;
	for (size_t d = 0; d < nd; d++) {
		registry_division_list dl;
		char lo[16], hi[16];
		int64_t here = want / (int64_t)nd + ((int64_t)d < want % (int64_t)nd);

		access_scope_range(districts[d], lo, hi);
		registry_division_list_init(&dl);
		if (registry_communities_located(c, &sys, lo, hi, &dl, e)) {
			registry_division_list_release(&dl);
			return -1;
		}
		/* Spread over the district's communities, in code order. */
		for (int64_t k = 0; k < here && dl.n; k++) {
			const registry_division *cm = &dl.items[(size_t)k * dl.n / (size_t)here];
			char name[160];
			json_t *in, *prov, *can;

			snprintf(name, sizeof(name), "%s长者饭堂运营服务中心（演示）", cm->name);
			in = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "kind", "canteen",
				       "division_code", cm->code, "reason", "演示数据：登记服务机构");
			prov = ec_provider_create(c, &sys, in, e);
			json_decref(in);
			if (!prov) {
				registry_division_list_release(&dl);
				return -1;
			}
			snprintf(name, sizeof(name), "%s长者饭堂", cm->name);
			in = json_pack("{s:O,s:s,s:s,s:s,s:f,s:f,s:s,s:i,s:s}", "provider_id",
				       json_object_get(prov, "id"), "name", name, "address", cm->name,
				       "division_code", cm->code, "lat", cm->lat_e6 / 1e6, "lon",
				       cm->lon_e6 / 1e6, "hours", "10:30-13:30,16:30-18:30",
				       "capacity", 80, "reason", "演示数据：登记长者饭堂");
			can = ec_canteen_create(c, &sys, in, e);
			json_decref(in);
			json_decref(prov);
			if (!can) {
				registry_division_list_release(&dl);
				return -1;
			}
			json_decref(can);
			made++;
		}
		registry_division_list_release(&dl);
	}
	snprintf(summary, cap, "eldercare: %lld canteens with their operators in 11 districts",
		 (long long)made);
	return 0;
}

/* demo_care.c - assessments, home care beds and the public care homes'
 * waiting lists in the demo city, all through the real functions.
 *
 * Proportions (docs/domain.md): 16,000 home beds and 75,000 care-home beds
 * for 18.8 million residents. About 2.5 elders are assessed for each home
 * bed, their abilities spread so every level of the standard occurs; the
 * home-care provider takes the beds of the impaired. Each district has a
 * public care home (its share of the beds) whose waiting list holds the
 * most impaired applicants; over the year some beds were freed and offered
 * in queue order: the first declined (and offered on to the next), the
 * others accepted (admitted), the last one still open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "demo/demo.h"
#include "domains/eldercare/assess.h"
#include "domains/eldercare/demo_internal.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/homecare.h"
#include "domains/eldercare/waitlist.h"

static const char *const districts[] = { "440103", "440104", "440105", "440106", "440111",
					  "440112", "440113", "440114", "440115", "440117",
					  "440118" };
#define ND (sizeof(districts) / sizeof(districts[0]))

/* Items scored for an elder of frailty f (0 able .. 1000 fully dependent):
 * each item near its best, less f, with a little spread of its own. */
static json_t *items_for(const ec_assess_std *s, int64_t pid, unsigned f)
{
	json_t *items = json_object();

	for (int i = 0; i < s->nitems; i++) {
		const ec_assess_item *it = &s->items[i];
		unsigned jitter = (unsigned)(ecd_hash((uint64_t)pid, (uint64_t)i) % 200);
		int span = it->max - it->min;
		int f2 = (int)f + (int)jitter - 100;

		f2 = f2 < 0 ? 0 : f2 > 1000 ? 1000 : f2;
		json_object_set_new(items, it->code, json_integer(it->max - span * f2 / 1000));
	}
	return items;
}

static int assess(ecd_run *r, const ec_assess_std *s, const ecd_elder *el, unsigned f,
		  int *level, mz_err *e)
{
	char on[11];
	json_t *in, *out;

	mz_day_format(r->as_of - 30 - (mz_day)(ecd_hash((uint64_t)el->person_id, 77) % 300), on);
	in = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "assessed_on", on, "assessor",
		       "评估员甲（演示）", "assessor2", "评估员乙（演示）", "location", "老人家中",
		       "purpose", "initial", "items", items_for(s, el->person_id, f));
	out = ec_assess_record(r->c, &r->sys, el->person_id, in, e);
	json_decref(in);
	if (!out)
		return e->code == MZ_EINVAL || e->code == MZ_ESTATE ? (memset(e, 0, sizeof(*e)), 1)
								   : -1;
	*level = (int)json_integer_value(json_object_get(json_object_get(out, "result"), "level"));
	if (!json_object_get(out, "result"))
		*level = (int)json_integer_value(json_object_get(out, "level"));
	json_decref(out);
	r->assessments++;
	return 0;
}

static int home_bed(ecd_run *r, const ecd_elder *el, mz_err *e)
{
	char no[32], start[11], end[11];
	mz_day sd = r->as_of - 10 - (mz_day)(ecd_hash((uint64_t)el->person_id, 91) % 330);
	json_t *in, *out;

	snprintf(no, sizeof(no), "JC%012lld", (long long)el->person_id);
	mz_day_format(sd, start);
	mz_day_format(sd + 365, end);
	in = json_pack("{s:I,s:I,s:s,s:s,s:s,s:[s,s,s],s:i,s:s}", "person_id",
		       (json_int_t)el->person_id, "provider_id", (json_int_t)r->homecare_provider,
		       "contract_no", no, "start_on", start, "end_on", end, "services", "助浴",
		       "助洁", "健康监测", "visits_per_week", 2, "reason", "演示数据：家庭养老床位签约");
	out = ec_bed_create(r->c, &r->sys, in, e);
	json_decref(in);
	if (!out)
		return e->code == MZ_EINVAL || e->code == MZ_ESTATE || e->code == MZ_ECONFLICT
			       ? (memset(e, 0, sizeof(*e)), 0)
			       : -1;
	json_decref(out);
	r->beds++;
	return 0;
}

/* A district's public home, its waiting list, and a year of freed beds. */
static int care_home(ecd_run *r, size_t d, const int64_t *applicants, size_t n, mz_err *e)
{
	int64_t beds = r->persons * 75000 / 18800000 / (int64_t)ND, provider, home;
	char name[96], day[11];
	json_t *in, *out;

	if (beds < 20)
		beds = 20;
	in = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", "区社会福利院运营中心（演示）", "kind",
		       "care_home", "division_code", districts[d], "contact", "演示联系人",
		       "phone", "02083000001", "reason", "演示数据：登记服务机构");
	out = ec_provider_create(r->c, &r->sys, in, e);
	json_decref(in);
	if (!out)
		return -1;
	provider = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	snprintf(name, sizeof(name), "%s公办养老院（演示）", districts[d]);
	in = json_pack("{s:s,s:s,s:s,s:I,s:I,s:s}", "name", name, "division_code", districts[d],
		       "address", "演示地址", "beds_total", (json_int_t)beds, "provider_id",
		       (json_int_t)provider, "reason", "演示数据：登记公办养老院");
	out = ec_home_create(r->c, &r->sys, in, e);
	json_decref(in);
	if (!out)
		return -1;
	home = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	for (size_t i = 0; i < n; i++) {
		mz_day_format(r->start + (mz_day)(i * 300 / (n ? n : 1)), day);
		in = json_pack("{s:I,s:s,s:[I],s:s}", "person_id", (json_int_t)applicants[i],
			       "applied_on", day, "homes", (json_int_t)home, "reason",
			       "演示数据：申请入住公办养老院");
		out = ec_wait_apply(r->c, &r->sys, in, e);
		json_decref(in);
		if (!out) {
			if (e->code != MZ_EINVAL && e->code != MZ_ESTATE && e->code != MZ_ECONFLICT)
				return -1;
			memset(e, 0, sizeof(*e));
			continue;
		}
		json_decref(out);
		r->applications++;
	}
	/* A bed freed every other month; the last offer is still open. */
	for (int m = 2; m <= 12 && n; m += 2) {
		mz_day freed = mz_day_add_months(r->start, m) - 5;
		json_t *v, *offer;

		if (freed >= r->as_of)
			break;
		demo_clock_to(freed);
		mz_day_format(freed, day);
		v = ec_vacancy_create(r->c, &r->sys, home, day, "演示数据：床位空出", mz_now_unix(), e);
		if (!v)
			return -1;
		offer = json_object_get(v, "offer");
		if (json_is_object(offer) && m + 2 <= 12) {
			json_t *dec = ec_offer_decide(r->c, &r->sys,
						      json_integer_value(json_object_get(offer, "id")),
						      m != 2, m != 2 ? "同意入住" : "家属暂不同意入住",
						      mz_now_unix() + 86400, e);

			if (!dec) {
				json_decref(v);
				return -1;
			}
			r->admissions += m != 2;
			json_decref(dec);
		}
		json_decref(v);
	}
	demo_clock_to(r->as_of);
	return 0;
}

int ecd_care_write(ecd_run *r, mz_err *e)
{
	int64_t want_beds = r->persons * 16000 / 18800000, want_assess = want_beds * 5 / 2 + 12;
	int64_t per_home = r->persons * 3000 / 18800000 / (int64_t)ND + 4;
	int64_t *worst[ND] = { 0 };
	size_t n_worst[ND] = { 0 };
	ec_assess_std std;
	size_t stride;
	int rc = -1;

	if (!r->n_elders)
		return 0;
	if (ec_assess_std_load(r->c, NULL, r->as_of, &std, e))
		return -1;
	for (size_t d = 0; d < ND; d++)
		worst[d] = mz_xcalloc((size_t)per_home, sizeof(int64_t));
	stride = r->n_elders / (size_t)want_assess;
	if (stride < 1)
		stride = 1;
	for (size_t i = 0, k = 0; i < r->n_elders && (int64_t)k < want_assess; i += stride) {
		const ecd_elder *el = &r->elders[i];
		/* frailty across the whole range, so every level occurs */
		unsigned f = (unsigned)(k * 389 % 1000);
		int level = -1, a = assess(r, &std, el, f, &level, e);

		if (a < 0)
			goto out;
		if (a)
			continue;
		k++;
		if (f >= 300 && r->beds < want_beds && home_bed(r, el, e))
			goto out;
		/* the most dependent apply for a public home in their district */
		if (f >= 750)
			for (size_t d = 0; d < ND; d++)
				if (!strncmp(el->division, districts[d], 6) &&
				    (int64_t)n_worst[d] < per_home)
					worst[d][n_worst[d]++] = el->person_id;
	}
	for (size_t d = 0; d < ND; d++)
		if (care_home(r, d, worst[d], n_worst[d], e))
			goto out;
	rc = 0;
out:
	for (size_t d = 0; d < ND; d++)
		free(worst[d]);
	return rc;
}

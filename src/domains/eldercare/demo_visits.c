/* demo_visits.c - the elders due a monthly visit and a year of their
 * visits, for the demo city (demo.c says why the visits take the bulk
 * path). The community reaches about 93 in 100 of its elders in a month
 * (the target is all: visits.h), so the rates and the overdue list have
 * something to show; this month's visits stop at the as-of day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domains/eldercare/demo_internal.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/visits.h"
#include "registry/registry.h"

#define VISIT_PERMILLE 930

static void elder_push(ecd_run *r, int64_t pid, const char *division, int age)
{
	if (r->n_elders == r->cap_elders) {
		r->cap_elders = r->cap_elders ? r->cap_elders * 2 : 1024;
		r->elders = mz_xrealloc(r->elders, r->cap_elders * sizeof(*r->elders));
	}
	r->elders[r->n_elders].person_id = pid;
	mz_strlcpy(r->elders[r->n_elders].division, division, sizeof(r->elders[0].division));
	r->elders[r->n_elders].age = age;
	r->n_elders++;
}

int ecd_elders_load(ecd_run *r, mz_err *e)
{
	registry_division_list dl;
	char lo[16], hi[16], month[8];

	ec_month_of(r->as_of, month);
	access_scope_range("440100", lo, hi);
	registry_division_list_init(&dl);
	if (registry_communities_located(r->c, &r->sys, lo, hi, &dl, e))
		goto fail;
	/* Community by community: each query stays on the division index. */
	for (size_t i = 0; i < dl.n; i++) {
		for (int64_t page = 1;; page++) {
			json_t *d = ec_visit_due(r->c, &r->sys, dl.items[i].code, month, 0, NULL, page, 1000,
						 e), *it;
			size_t k;

			if (!d)
				goto fail;
			json_array_foreach(json_object_get(d, "items"), k, it)
				elder_push(r, json_integer_value(json_object_get(it, "person_id")),
					   json_string_value(json_object_get(it, "division_code")),
					   (int)json_integer_value(json_object_get(it, "age")));
			k = json_is_true(json_object_get(d, "has_more"));
			json_decref(d);
			if (!k)
				break;
		}
	}
	registry_division_list_release(&dl);
	return 0;
fail:
	registry_division_list_release(&dl);
	return -1;
}

static const char *const findings[] = {
	"身体状况良好，生活能自理", "血压偏高，已提醒按时服药", "居住环境安全，已检查燃气",
	"情绪稳定，子女每周来电", "行动不便，需协助购买生活用品",
};

int ecd_visits_write(ecd_run *r, mz_err *e)
{
	static const char *const cols[] = { "person_id", "division_code", "visited_on", "month",
					    "visitor_kind", "visitor", "findings",
					    "needs_followup", "created_by", "created_at" };
	store_bulk *b;
	int y, m, d;

	if (!r->n_elders)
		return 0;
	if (store_begin(r->c, e))
		return -1;
	if (!(b = store_bulk_begin(r->c, "ec_visits", cols, 10, e)))
		goto fail;
	mz_day_to_ymd(r->start, &y, &m, &d);
	for (mz_day first = mz_day_from_ymd(y, m, 1); first <= r->as_of;
	     first = mz_day_add_months(first, 1)) {
		mz_day next = mz_day_add_months(first, 1);
		int days = (int)(next - first);
		char month[8];

		ec_month_of(first, month);
		for (size_t i = 0; i < r->n_elders; i++) {
			const ecd_elder *el = &r->elders[i];
			uint64_t h = ecd_hash((uint64_t)el->person_id, (uint64_t)first);
			mz_day on = first + (mz_day)((h >> 20) % (uint64_t)days);
			int worker = (h >> 40) % 10 < 7, follow = (h >> 50) % 100 < 3;
			char on_s[11], pid[24], at[24];
			const char *v[10];

			if (h % 1000 >= VISIT_PERMILLE || on >= r->as_of)
				continue;
			mz_day_format(on, on_s);
			snprintf(pid, sizeof(pid), "%lld", (long long)el->person_id);
			snprintf(at, sizeof(at), "%lld", (long long)ecd_unix(on, 600 + (int)(h % 420)));
			v[0] = pid;
			v[1] = el->division;
			v[2] = on_s;
			v[3] = month;
			v[4] = worker ? "community_worker" : "volunteer";
			v[5] = worker ? "社区网格员（演示）" : "结对志愿者（演示）";
			v[6] = findings[(h >> 8) % (sizeof(findings) / sizeof(findings[0]))];
			v[7] = follow ? "1" : "0";
			v[8] = "demo";
			v[9] = at;
			if (store_bulk_row(b, v, e)) {
				store_bulk_end(b, NULL);
				goto fail;
			}
			r->visits++;
		}
	}
	if (store_bulk_end(b, e) || store_commit(r->c, e))
		goto fail;
	return 0;
fail:
	store_rollback(r->c);
	return -1;
}

/* demo.c - social assistance in the demo city: applications for dibao at
 * the city's proportion (47,915 dibao persons in 26,092 households for
 * 18.8 million residents, docs/domain.md), each taken by the real functions
 * through the first steps of its procedure, so that the queues, deadlines,
 * evaluations with their traces, public notices and refusals are alive.
 * Deterministic: households are taken in id order at a fixed stride. What
 * the demo cannot do without moving the clock - a notice period running
 * out, hence approvals, enrollments and payroll months - is left to the
 * living-city work (issue 13). */
#include <stdio.h>
#include <string.h>

#include "domains/assistance/assistance.h"
#include "registry/registry.h"

/* The steps a case takes, in order; case k stops after the first
 * k % 6 of them: accepted, verifying, investigating, reviewing, evaluated,
 * decided (a public notice when eligible, else refused with reasons). */
static const char *const steps[] = { "start_verification", "start_investigation",
				      "submit_investigation" };
#define NSTAGES 6

static int act(store_conn *c, const access_ctx *who, int64_t id, const char *action,
	       const char *note, mz_err *e)
{
	json_t *in = json_pack("{s:s}", "action", action), *out;

	if (note)
		json_object_set_new(in, "note", json_string(note));
	if (!strcmp(action, "submit_investigation"))
		json_object_set_new(in, "detail", json_pack("{s:[s,s]}", "investigators", "王调查员",
							    "李调查员"));
	out = assist_act(c, who, id, in, e);
	json_decref(in);
	json_decref(out);
	return out ? 0 : -1;
}

/* Errors that belong to the household, not to the run: skip it. */
static int skippable(const mz_err *e)
{
	return e->code == MZ_EINVAL || e->code == MZ_ECONFLICT || e->code == MZ_ESTATE ||
	       e->code == MZ_ENOTFOUND;
}

int assist_demo_generate(store_conn *c, const policy_set *set, int64_t persons, char *summary,
			 size_t cap, mz_err *e)
{
	int64_t want = persons * 47915 / 18800000 * 26092 / 47915, made = 0, page = 1;
	int64_t by_stage[NSTAGES] = { 0 };
	access_ctx sys;

	access_ctx_system(&sys, "demo");
	if (want < 6)
		want = 6;
	if (want > 400)
		want = 400;
	/* First a few in the demo caseworker's street (赤岗, demo.c's users),
	 * so that her queue shows every step; then the whole city. */
	for (int phase = 0; phase < 2; phase++, page = 1)
	while (made < (phase ? want : 6)) {
		registry_household_page pg;
		int rc;

		registry_household_page_init(&pg);
		rc = registry_household_search(c, &sys, phase ? "" : "440105001", page++, 200, &pg,
					       e);
		if (rc || !pg.n) {
			registry_household_page_release(&pg);
			if (rc)
				return -1;
			break;
		}
		/* Every 7th household of the page: spread over the city. */
		for (size_t i = 0; i < pg.n && made < (phase ? want : 6); i += 7) {
			registry_household hh;
			const registry_member *app = NULL;
			json_t *in, *ev;
			int64_t id;
			char street[10];
			int stage = (int)(made % NSTAGES);
			mz_err e2 = { 0 };

			registry_household_init(&hh);
			if (registry_household_find_any(c, pg.items[i].id, &hh, e)) {
				registry_household_release(&hh);
				registry_household_page_release(&pg);
				return -1;
			}
			for (size_t k = 0; k < hh.n_members && !app; k++)
				if (hh.members[k].death == MZ_DAY_INVALID &&
				    mz_age_on(hh.members[k].birth, mz_today()) >= 18)
					app = &hh.members[k];
			snprintf(street, sizeof(street), "%.9s", hh.division_code);
			in = app ? json_pack("{s:s,s:s,s:s,s:s,s:s}", "program", "dibao",
					     "applicant_id_number", app->id_number, "bank_account",
					     "6222020000123456", "intake_street", street, "note",
					     "书面申请（演示数据）")
				 : NULL;
			registry_household_release(&hh);
			if (!in)
				continue;
			rc = assist_intake(c, &sys, in, &id, &e2);
			json_decref(in);
			if (rc) {
				if (skippable(&e2))
					continue;
				*e = e2;
				registry_household_page_release(&pg);
				return -1;
			}
			made++;
			for (int k = 0; k < stage && k < 3 && !rc; k++)
				rc = act(c, &sys, id, steps[k],
					 k == 2 ? "入户调查完成，情况属实（演示数据）" : NULL, &e2);
			if (!rc && stage >= 4 && set) {
				ev = assist_evaluate(c, &sys, set, id, NULL, &e2);
				if (!ev) {
					rc = -1;
				} else if (stage == 5) {
					int ok = json_is_true(json_object_get(ev, "eval_eligible"));

					rc = act(c, &sys, id, ok ? "post_notice" : "refuse",
						 ok ? NULL : "经家庭经济状况核对，家庭人均收入高于当地低保标准",
						 &e2);
				}
				json_decref(ev);
			}
			if (rc && !skippable(&e2)) {
				*e = e2;
				registry_household_page_release(&pg);
				return -1;
			}
			by_stage[stage]++;
		}
		registry_household_page_release(&pg);
	}
	snprintf(summary, cap,
		 "assistance: %lld dibao applications (%lld accepted, %lld verifying, %lld"
		 " investigating, %lld under review, %lld on notice or refused)",
		 (long long)made, (long long)by_stage[0], (long long)by_stage[1],
		 (long long)by_stage[2], (long long)by_stage[3] + by_stage[4], (long long)by_stage[5]);
	return 0;
}

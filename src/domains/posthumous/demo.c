/* demo.c - a year of deaths in the demo city, each registered through the
 * domain's own path (so the registry records it and person.died goes out
 * once), with their cascades left in every state: tasks all done, some
 * done, overdue, just opened; funerals with the city's burial choices.
 *
 * How many: Guangzhou's crude death rate is about 5 per thousand a year
 * (the city's statistical bulletins give 4.7-5.3 per mille for 2019-2023;
 * we take 5, an assumption kept here and in docs/domain.md), scaled to the
 * demo's persons. Who: the oldest of a deterministic sample of living
 * residents aged 60+, as deaths mostly are. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/date.h"
#include "domains/posthumous/posthumous.h"
#include "registry/registry.h"

#define DEATHS_PER_MILLE 5

static const struct {
	const char *name, *district;
} homes[] = {
	{ "广州市殡仪馆", "440111" },   { "番禺区殡仪馆", "440113" },
	{ "花都区殡仪馆", "440114" },   { "从化区殡仪馆", "440117" },
	{ "增城区殡仪馆", "440118" },   { "南沙区殡仪馆", "440115" },
};

/* The burial choices out of 100, near the city's 2020 rate of 84.25%
 * land-saving (the "1+N": niche first). */
static const char *burial_of(uint64_t r)
{
	unsigned k = (unsigned)(r % 100);

	return k < 55 ? "niche" : k < 67 ? "sea" : k < 74 ? "tree" : k < 80 ? "lawn"
	       : k < 84 ? "flower_bed" : k < 86 ? "wall" : "grave";
}

static uint64_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* Receipts for the first `n` tasks of a case (in the matters' order). */
static int receipts(store_conn *c, const access_ctx *sys, int64_t person_id, int64_t case_id,
		    int n, const char *death, mz_err *e)
{
	int64_t ids[32];
	int k = 0, r;
	/* By person and case, as the case page reads them (ph_tasks_matter): by
	 * the case alone no index serves it, and each death read every task of
	 * the year (hours at 20M persons: 100,000 deaths, 3.2 M tasks). */
	store_stmt *st = store_prepare(c, "SELECT id FROM ph_tasks WHERE person_id = ?"
				       " AND case_id = ? ORDER BY id", e);

	if (!st)
		return -1;
	store_params(st, person_id, case_id);
	while ((r = store_step(st, e)) == 1 && k < 32)
		ids[k++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	for (int i = 0; i < n && i < k; i++) {
		char ref[40], on[11];
		mz_day d = mz_day_parse(death) + 3 + i * 4;

		if (d > mz_today())
			d = mz_today();
		mz_day_format(d, on);
		snprintf(ref, sizeof(ref), "HZ%lld-%02d", (long long)case_id, i + 1);
		if (ph_task_receipt(c, sys, ids[i], ref, on, e))
			return -1;
	}
	return 0;
}

int ph_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	static const char *const sources[] = { "hospital", "hospital", "hospital", "family",
						"family", "police" };
	static const char *const causes[] = { "disease", "disease", "natural", "disease",
					       "accident", "other" };
	access_ctx sys;
	int64_t want = persons * DEATHS_PER_MILLE / 1000, made = 0, funerals = 0;
	int64_t home_ids[sizeof(homes) / sizeof(homes[0])];
	uint64_t seed = 20201225;
	mz_day today = mz_today();

	access_ctx_system(&sys, "demo");
	if (want < 1 && persons >= 50)
		want = 1;
	for (size_t i = 0; i < sizeof(homes) / sizeof(homes[0]); i++)
		if (ph_home_create(c, &sys, homes[i].name, homes[i].district, "", "", &home_ids[i],
				   e))
			return -1;
	for (int64_t tries = 0; made < want && tries < want * 60 + 200; tries++) {
		registry_person p, agent;
		ph_death_report in;
		ph_death_result res;
		char death[11];
		uint64_t r = next(&seed);
		int64_t id = 1 + (int64_t)(r % (uint64_t)persons), aid;
		/* Spread over the past year: day 0 (today) to 364 days ago. */
		mz_day d = today - (mz_day)(next(&seed) % 365);
		int state = (int)(made % 5);

		if (registry_person_find_any(c, id, &p, NULL) || p.death != MZ_DAY_INVALID ||
		    registry_person_age(&p, d) < 60 || p.birth >= d)
			continue;
		mz_day_format(d, death);
		memset(&in, 0, sizeof(in));
		in.id_number = p.id_number;
		in.death_date = death;
		in.source = sources[made % 6];
		in.cause_category = causes[(made / 6) % 6];
		in.place_kind = !strcmp(in.source, "hospital") ? "hospital" : "home";
		in.documents = !strcmp(in.source, "police") ? "police_notice,id_card"
							     : "death_certificate,id_card";
		if (!strcmp(in.source, "family")) {
			/* The agent: another resident, who comes to the window. */
			aid = 1 + (int64_t)(next(&seed) % (uint64_t)persons);
			if (registry_person_find_any(c, aid, &agent, NULL) || aid == id)
				continue;
			in.reporter_name = agent.name;
			in.reporter_id_number = agent.id_number;
			in.reporter_relation = "child";
			in.documents = "death_certificate,id_card,hukou_book";
		}
		if (ph_death_register(c, &sys, &in, &res, e))
			return -1;
		made++;
		/* The states of a cascade: 0 nothing done yet, 1 a few receipts,
		 * 2 most, 3 all, 4 none (old deaths become overdue). */
		if (state && state != 4 &&
		    receipts(c, &sys, p.id, res.case_id, state == 1 ? 2 : state == 2 ? 7 : 32, death, e))
			return -1;
		if (today - d >= 2) {
			ph_funeral_in f = {
				.home_id = home_ids[next(&seed) % (sizeof(homes) / sizeof(homes[0]))],
				.cremated_on = NULL, .cremation_no = NULL,
				.basic_fee_fen = 120000 + (int64_t)(next(&seed) % 60000),
				.burial_kind = burial_of(next(&seed)),
			};
			char on[11], no[32];
			json_t *out;

			mz_day_format(d + 2, on);
			snprintf(no, sizeof(no), "HH%lld", (long long)res.case_id);
			f.cremated_on = on;
			f.cremation_no = no;
			out = ph_funeral_record(c, &sys, res.case_id, &f, e);
			if (!out)
				return -1;
			json_decref(out);
			funerals++;
		}
	}
	snprintf(summary, cap,
		 "posthumous: %lld deaths registered over the past year (5 per mille), %lld funerals,"
		 " 6 funeral homes", (long long)made, (long long)funerals);
	return 0;
}

/* demo.c - the safety net in the demo city: a year of events from the
 * departments, through the real ingest (so the monitoring rules raise
 * their alerts and open their orders), then the orders moved through every
 * state by the real order actions, then the clock run.
 *
 * The rate, stated: 60 events a year per 1,000 residents (a hospital bill
 * with large out-of-pocket costs, utility and rent arrears, unemployment,
 * disability changes, deaths, and a few police or hospital reports),
 * dated over the past 365 days. Alerts and orders are raised now, when the
 * demo runs: a history of orders over the year needs the living-city
 * clock (issue 13). Of the orders: about 1 in 5 stays assigned, the rest
 * are accepted, on site, done (with feedback), closed (with a rating),
 * reopened or returned (wrong address), and a second alert for a person
 * with an open order joins it (merged); red and orange orders still
 * assigned are then escalated as if their clock had run out. */
#include <stdio.h>
#include <string.h>

#include "domains/safetynet/safetynet.h"
#include "registry/registry.h"

static const struct {
	const char *type;
	int weight;
	int64_t amount; /* fen, 0: none */
} mix[] = {
	{ "hospital_bill", 30, 800000 }, { "utility_arrears", 20, 150000 },
	{ "rent_arrears", 10, 300000 },  { "unemployment", 15, 0 },
	{ "disability_change", 10, 0 },  { "death", 8, 0 },
	{ "rough_sleeper", 4, 0 },       { "unattended_child", 3, 0 },
};

static const char *pick_type(uint64_t r, int64_t *amount)
{
	int total = 0, at;

	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		total += mix[i].weight;
	at = (int)(r % (uint64_t)total);
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (at < mix[i].weight) {
			/* amounts from 0.5x to 1.5x the typical one */
			*amount = mix[i].amount ? mix[i].amount / 2 + (int64_t)((r >> 16) % (uint64_t)mix[i].amount) : 0;
			return mix[i].type;
		}
		at -= mix[i].weight;
	}
	*amount = 0;
	return "unemployment";
}

static int move_order(store_conn *c, const access_ctx *who, int64_t id, int step, mz_err *e)
{
	static const char *const path_done[] = { "accept", "on_site", "done", "close", NULL };
	json_t *o = sn_order_get(c, who, id, e);
	int64_t version;
	int stop;

	if (!o)
		return -1;
	version = json_integer_value(json_object_get(o, "version"));
	if (strcmp(json_string_value(json_object_get(o, "state")), "assigned")) {
		json_decref(o);
		return 0; /* an order the rules merged into: leave it */
	}
	json_decref(o);
	/* step 0-1 assigned, 2 accepted, 3 on_site, 4-5 done, 6-7 closed,
	 * 8 closed then reopened, 9 returned */
	if (step <= 1)
		return 0;
	if (step == 9) {
		sn_order_action a = { .action = "return", .version = version,
				      .return_reason = "wrong_address", .note = "演示：地址有误" };
		json_t *r = sn_order_act(c, who, id, &a, e);
		json_decref(r);
		return r ? 0 : -1;
	}
	stop = step == 2 ? 1 : step == 3 ? 2 : step <= 5 ? 3 : 4;
	for (int k = 0; k < stop; k++) {
		sn_order_action a = { .action = path_done[k], .version = version, .note = "演示" };
		json_t *r;

		if (!strcmp(a.action, "done")) {
			a.feedback = "已上门核实，指导申请临时救助";
			a.action_kind = (step % 2) ? "temp_aid" : "visit";
			a.action_ref = "演示";
		}
		if (!strcmp(a.action, "close"))
			a.rating = 3 + step % 3;
		if (!(r = sn_order_act(c, who, id, &a, e)))
			return -1;
		version = json_integer_value(json_object_get(r, "version"));
		json_decref(r);
	}
	if (step == 8) { /* the need came back */
		sn_order_action a = { .action = "reopen", .version = version, .note = "演示：困难再次出现" };
		json_t *r = sn_order_act(c, who, id, &a, e);
		json_decref(r);
		return r ? 0 : -1;
	}
	return 0;
}

int sn_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	access_ctx sys, dw;
	registry_person_page pg;
	person_query q = { 0 };
	sn_department d;
	char token[65];
	int64_t want = persons * 60 / 1000, made = 0, alerts = 0, orders = 0, dept_id;
	uint64_t r = 0x9e3779b97f4a7c15u;
	int escalated = 0, found;
	mz_day today = mz_today();

	if (want < 50)
		want = 50;
	access_ctx_system(&sys, "demo");
	if ((found = sn_department_find(c, "demo-health", &d, e)) < 0)
		return -1;
	if (!found && sn_department_create(c, &sys, "demo-health", "市卫生健康委员会（演示）", "440100",
					   600, "演示数据：部门账号", &dept_id, token, e))
		return -1;
	if (!found && sn_department_find(c, "demo-health", &d, e) != 1)
		return -1;
	sn_department_ctx(&d, &dw);
	q.page_size = REGISTRY_PAGE_MAX;
	for (q.page = 1; made < want; q.page++) {
		registry_person_page_init(&pg);
		if (registry_person_search(c, &sys, &q, &pg, e)) {
			registry_person_page_release(&pg);
			return -1;
		}
		if (!pg.n) {
			registry_person_page_release(&pg);
			break;
		}
		for (size_t i = 0; i < pg.n && made < want; i++) {
			sn_event_in in = { 0 };
			sn_ingest_result res;
			char day[11], eid[32];
			int64_t amount;

			if (pg.items[i].death != MZ_DAY_INVALID)
				continue;
			r = r * 6364136223846793005u + 1442695040888963407u;
			in.kind = SN_SRC_DEPARTMENT;
			in.source = d.code;
			in.department_id = d.id;
			snprintf(eid, sizeof(eid), "demo-%lld", (long long)made);
			in.sender_event_id = eid;
			in.person_id = pg.items[i].id;
			in.type = pick_type(r >> 20, &amount);
			in.amount_fen = amount;
			mz_day_format(today - (mz_day)(made * 365 / want), day);
			in.occurred_on = day;
			in.note = "演示数据";
			if (sn_event_ingest(c, &dw, &in, &res, e)) {
				registry_person_page_release(&pg);
				return -1;
			}
			made++;
			alerts += res.alerts;
			for (int k = 0; k < res.orders && k < 8; k++) {
				if (move_order(c, &sys, res.order_ids[k], (int)((r >> 40) % 10), e)) {
					registry_person_page_release(&pg);
					return -1;
				}
				orders++;
			}
		}
		registry_person_page_release(&pg);
		if (q.page * REGISTRY_PAGE_MAX >= REGISTRY_COUNT_CAP)
			break; /* the registry's search counts no further */
	}
	/* Four days on: red (1 day) and orange (3 days) orders still waiting
	 * go up to the street. */
	if (sn_orders_escalate(c, &sys, mz_now_unix() + 4 * 86400, &escalated, e))
		return -1;
	snprintf(summary, cap,
		 "safetynet: %lld events over a year, %lld alerts, %lld work orders in every state, %d escalated",
		 (long long)made, (long long)alerts, (long long)orders, escalated);
	return 0;
}

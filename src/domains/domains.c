/* domains.c - one line per domain in each list; the shared mechanisms
 * iterate over what is registered and know no domain by name. */
#include <stdio.h>

#include "access/audit_key.h"
#include "access/org_link.h"
#include "base/date.h"
#include "domains/assistance/assistance.h"
#include "domains/assistance/hooks.h"
#include "domains/domains.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/hooks.h"
#include "domains/deliberation/deliberation.h"
#include "domains/deliberation/hooks.h"
#include "domains/posthumous/hooks.h"
#include "domains/posthumous/posthumous.h"
#include "domains/volunteer/hooks.h"
#include "domains/volunteer/indicators.h"
#include "domains/volunteer/volunteer.h"
#include "domains/safetynet/hooks.h"
#include "domains/safetynet/indicators.h"
#include "domains/safetynet/safetynet.h"
#include "domains/marriage/hooks.h"
#include "domains/marriage/marriage.h"
#include "events/events.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "benefits/benefit_indicators.h"
#include "cases/case_indicators.h"
#include "screen/screen_indicators.h"
#include "jobs/jobs.h"
#include "notices/notices.h"
#include "screen/screen.h"

static const event_subscriber *const subscribers[] = {
	assistance_subscribers,
	eldercare_subscribers,
	posthumous_subscribers,
	hall_subscribers,
	volunteer_subscribers,
	safetynet_subscribers,
	marriage_subscribers,
	notices_subscribers,
};

/* Batches of 500 until nothing is due (a delivery may publish new events,
 * fanned out by the next batch) or 10 s have passed: a backlog (the demo's
 * year leaves its events to the server; a subscriber that was down) drains
 * in one run instead of 500 deliveries every 2 s, and the run still ends. */
static int job_deliver_events(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	enum { BATCH = 500, BUDGET_MS = 10000 };
	events_deliver_stats st, sum = { 0 };
	int64_t until = mz_monotonic_ms() + BUDGET_MS;

	do {
		if (events_deliver(ctx->s, ctx->now, BATCH, &st, e))
			return -1;
		sum.fanned_out += st.fanned_out;
		sum.delivered += st.delivered;
		sum.failed += st.failed;
	} while ((st.delivered + st.failed == BATCH || st.fanned_out > 0) &&
		 mz_monotonic_ms() < until);
	snprintf(result, cap, "%lld new events, %lld deliveries done, %lld failed",
		 (long long)sum.fanned_out, (long long)sum.delivered, (long long)sum.failed);
	return 0;
}

/* 政策找人: every program's rules over every household, the same run as
 * `minzheng screen` and POST /api/v1/screen/runs. */
static int job_screen_city(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	screen_summary sum = { 0 };

	if (!ctx->policy)
		return mz_fail(e, MZ_EPOLICY, NULL, "no rules loaded", "未加载政策规则");
	if (!c || screen_run_default(c, ctx->who, ctx->policy, mz_today(), 0, NULL, NULL, &sum, e))
		return -1;
	json_decref(sum.by_district);
	snprintf(result, cap, "screen run %lld: %zu households, %zu persons", (long long)sum.run_id,
		 sum.households, sum.persons);
	return 0;
}

/* The audit chain's head, signed into the checkpoints file outside the
 * database (access/audit_key.h): a cut or rewritten chain is caught. */
static int job_audit_checkpoint(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	json_t *cp;

	if (!c)
		return -1;
	if (!audit_key_loaded(NULL)) {
		snprintf(result, cap, "no audit key (the chain is not keyed)");
		return 0;
	}
	if (!(cp = audit_checkpoint_write(c, e)))
		return -1;
	snprintf(result, cap, "checkpoint of %lld chains, %lld records",
		 (long long)json_integer_value(json_object_get(cp, "chain_count")),
		 (long long)json_integer_value(json_object_get(cp, "records")));
	json_decref(cp);
	return 0;
}

/* The event delivery first: the runner runs jobs in registration order,
 * and it is due every few seconds. */
static const job_def platform_jobs[] = {
	{ "events.deliver", "事件投递", "Deliver events to subscribers", "every:2",
	  job_deliver_events },
	{ "screen.city", "全市政策找人筛查", "Whole-city screening", "daily:02:00",
	  job_screen_city },
	{ "audit.checkpoint", "审计链签名检查点", "Signed audit-chain checkpoint", "every:3600",
	  job_audit_checkpoint },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const job_def *const job_tables[] = {
	platform_jobs,
	assistance_jobs,
	eldercare_jobs,
	deliberation_jobs,
	posthumous_jobs,
	hall_jobs,
	volunteer_jobs,
	safetynet_jobs,
	marriage_jobs,
	notices_jobs,
};

/* The monitoring hall's indicators (hall/hall.h): one line a domain, before
 * the NULL that ends the list. */
static const hall_indicator *const indicator_tables[] = {
	deliberation_indicators,
	posthumous_indicators,
	cases_indicators,
	benefits_indicators,
	screen_indicators,
	eldercare_indicators,
	volunteer_indicators,
	safetynet_indicators,
	marriage_indicators,
	NULL,
};

/* What a linked service_provider account acts for (access/org_link.h):
 * one line a domain that links accounts to its organisations. */
static const char *const link_kinds[] = {
	eldercare_link_kinds_sql,
	posthumous_link_kinds_sql,
	volunteer_link_kinds_sql,
};

void domains_register(void)
{
	events_init();
	for (size_t i = 0; i < sizeof(subscribers) / sizeof(subscribers[0]); i++)
		events_subscribe(subscribers[i]);
	for (size_t i = 0; i < sizeof(job_tables) / sizeof(job_tables[0]); i++)
		jobs_register(job_tables[i]);
	for (size_t i = 0; indicator_tables[i]; i++)
		hall_register(indicator_tables[i]);
	for (size_t i = 0; i < sizeof(link_kinds) / sizeof(link_kinds[0]); i++)
		access_org_link_kinds_register(link_kinds[i]);
}

int domains_start(const char *policy_dir, mz_err *e)
{
	return safetynet_start(policy_dir, e);
}

/* The demo's generators, one line a domain (docs/adding-a-domain.md), in
 * the order they run: later domains build on earlier ones' rows. */
typedef int (*demo_generator)(store_conn *c, const policy_set *set, int64_t persons,
			      char *summary, size_t cap, mz_err *e);

#define DEMO_WITHOUT_POLICY(fn)                                                               \
	static int fn##_step(store_conn *c, const policy_set *set, int64_t persons, char *summary, \
			     size_t cap, mz_err *e)                                                \
	{                                                                                          \
		(void)set;                                                                         \
		return fn(c, persons, summary, cap, e);                                            \
	}
DEMO_WITHOUT_POLICY(ec_demo_generate)
DEMO_WITHOUT_POLICY(dl_demo_generate)
DEMO_WITHOUT_POLICY(ph_demo_generate)
DEMO_WITHOUT_POLICY(vol_demo_generate)
DEMO_WITHOUT_POLICY(sn_demo_generate)
DEMO_WITHOUT_POLICY(mar_demo_generate)
#undef DEMO_WITHOUT_POLICY

static const demo_generator demo_generators[] = {
	assist_demo_generate,	   ec_demo_generate_step,  dl_demo_generate_step,
	ph_demo_generate_step,	   vol_demo_generate_step, sn_demo_generate_step,
	mar_demo_generate_step,
};

/* Each domain's summary line ends with the seconds it took: at 20,000,000
 * persons the demo runs for an hour or more (docs/benchmarks.md, issue 13). */
int domains_demo(store_conn *c, const policy_set *set, int64_t persons, mz_err *e)
{
	char summary[256];

	for (size_t i = 0; i < sizeof(demo_generators) / sizeof(demo_generators[0]); i++) {
		int64_t t0 = mz_monotonic_ms();

		if (demo_generators[i](c, set, persons, summary, sizeof(summary), e))
			return -1;
		printf("  %s (%.1f s)\n", summary, (double)(mz_monotonic_ms() - t0) / 1000.0);
		fflush(stdout);
	}
	/* Last: the bell's reminders as of the demo's day, over every domain's
	 * cases (the events' notices follow when serve delivers the outbox). */
	{
		notices_remind_stats ns;

		if (notices_remind(c, mz_today(), &ns, e))
			return -1;
		printf("  notices: %lld deadline reminders to the caseworkers\n", (long long)ns.added);
	}
	return 0;
}

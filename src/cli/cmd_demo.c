/* minzheng demo: build the deterministic synthetic city (registry/demo.h)
 * and one staff account per role, then print the logins and passwords. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/audit.h"
#include "access/user.h"
#include "base/date.h"
#include "cli/cli.h"
#include "demo/demo.h"
#include "domains/domains.h"

#define DEFAULT_PERSONS 100000

static const char usage_text[] =
	"usage: minzheng demo [--persons N] [--seed S] [--as-of YYYY-MM-DD] [--registry-only]\n"
	"                     [--db URL]\n\n"
	"Builds a synthetic Guangzhou into an empty database: 2,780 communities\n"
	"under the real 178 streets and towns, N persons (default 100000) in\n"
	"households, with valid ID numbers, names, ages (~20% aged 60+), incomes,\n"
	"assets and disabilities, and one demo account per role. The same N and S\n"
	"(default 1) always give the same city. Refuses when the database already\n"
	"has persons. N = 20000000 takes about an hour on 2 cores and about\n"
	"21 GB of disk (docs/benchmarks.md, issue 13).\n"
	"Then each domain's services as they stand after a year of running up to\n"
	"the as-of date (default: today): the year is replayed through the real\n"
	"functions with the clock moved, so deadlines, notices and overdue lists\n"
	"are in varied states on that day. --registry-only stops before the\n"
	"services: the registry, its audit records and the demo accounts only (for\n"
	"benchmarks of the registry's reads and the screening load).\n";

typedef struct progress {
	int tty;
	int last_pct;
} progress;

/* On a terminal a line updated in place; otherwise one line per 5%. */
static void on_progress(void *arg, const char *phase, int64_t done, int64_t total)
{
	progress *p = arg;
	int pct = total ? (int)(done * 100 / total) : 100;

	if (strcmp(phase, "persons")) {
		fprintf(stderr, "demo: building %s\n", phase);
		fflush(stderr);
		return;
	}

	if (p->tty) {
		fprintf(stderr, "\rdemo: %3d%% (%lld of %lld persons)", pct, (long long)done,
			(long long)total);
		if (done >= total)
			fputc('\n', stderr);
	} else if (pct / 5 > p->last_pct / 5 || (done >= total && p->last_pct < 100)) {
		fprintf(stderr, "demo: %d%% (%lld of %lld persons)\n", pct, (long long)done,
			(long long)total);
	} else {
		return;
	}
	p->last_pct = pct;
	fflush(stderr);
}

static int parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* One audit record for the whole load (the rows themselves are synthetic). */
static int audit_build(store_conn *c, const demo_opts *o, const demo_stats *st)
{
	access_ctx who;
	char detail[160];
	mz_err e = { 0 };

	access_ctx_system(&who, "demo");
	snprintf(detail, sizeof(detail), "{\"persons\":%lld,\"households\":%lld,\"seed\":%llu}",
		 (long long)st->persons, (long long)st->households,
		 (unsigned long long)o->seed);
	if (store_begin(c, &e) ||
	    audit_append(c, &who, AUDIT_WRITE, "demo.build", "city", "440100", "440100",
			 "synthetic demo city", detail, &e) ||
	    store_commit(c, &e)) {
		store_rollback(c);
		return cli_fail(&e);
	}
	return 0;
}

/* Creates the demo accounts (an account that already exists is left as it
 * is) and prints the table of logins. */
static int add_users(store_conn *c, uint64_t seed)
{
	demo_user users[DEMO_USER_COUNT];
	int created[DEMO_USER_COUNT];
	access_ctx who;
	mz_err e = { 0 };

	access_ctx_system(&who, "demo");
	registry_demo_users(seed, users);
	for (int i = 0; i < DEMO_USER_COUNT; i++) {
		created[i] = 1;
		if (access_user_add(c, &who, users[i].login, users[i].name, users[i].role,
				    users[i].scope, users[i].password, NULL, &e)) {
			if (e.code != MZ_ECONFLICT)
				return cli_fail(&e);
			created[i] = 0;
		}
	}
	printf("\ndemo logins (for `minzheng serve`; make run prints its address):\n");
	printf("  %-18s %-18s %-13s %s\n", "login", "role", "scope", "password");
	for (int i = 0; i < DEMO_USER_COUNT; i++)
		printf("  %-18s %-18s %-13s %s\n", users[i].login, users[i].role, users[i].scope,
		       created[i] ? users[i].password : "(account existed: unchanged)");
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *persons = NULL, *seed = NULL, *as_of_s = NULL;
	mz_day as_of = mz_today();
	char as_of_txt[11];
	unsigned long long n = DEFAULT_PERSONS, sd = 1;
	progress pr = { 0 };
	demo_opts o = { 0 };
	demo_stats st;
	mz_err e = { 0 };
	store_conn *c;
	int64_t t0;
	double secs;
	int64_t rows;
	store *s;
	int rc, registry_only = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--registry-only")) {
			registry_only = 1;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--persons", &persons) ||
			   cli_flag(argc, argv, &i, "--seed", &seed) ||
			   cli_flag(argc, argv, &i, "--as-of", &as_of_s)) {
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (persons && (parse_u64(persons, &n) || n < 1 || n > DEMO_MAX_PERSONS)) {
		fprintf(stderr, "error: --persons must be a whole number from 1 to %d\n",
			DEMO_MAX_PERSONS);
		return 2;
	}
	if (seed && parse_u64(seed, &sd)) {
		fprintf(stderr, "error: --seed must be a non-negative whole number\n");
		return 2;
	}
	if (as_of_s && (as_of = mz_day_parse(as_of_s)) == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --as-of must be a date YYYY-MM-DD\n");
		return 2;
	}
	mz_day_format(as_of, as_of_txt);
	s = cli_open_store(db);
	if (!s)
		return 1;
	c = store_conn_get(s, &e);
	if (!c) {
		store_close(s);
		return cli_fail(&e);
	}
	o.persons = (int64_t)n;
	o.seed = (uint64_t)sd;
	o.progress = on_progress;
	o.progress_arg = &pr;
	pr.tty = isatty(STDERR_FILENO);
	pr.last_pct = -1;
	t0 = mz_monotonic_ms();
	if (registry_demo_build(c, &o, &st, &e)) {
		if (pr.tty && pr.last_pct >= 0)
			fputc('\n', stderr);
		store_close(s);
		return cli_fail(&e);
	}
	secs = (double)(mz_monotonic_ms() - t0) / 1000.0;
	rows = st.persons + st.households + st.members + st.incomes + st.assets;
	printf("demo city built in %s (seed %llu; its registry drawn as of %04d-%02d-%02d):\n", store_url(s), sd,
	       DEMO_AS_OF_Y, DEMO_AS_OF_M, DEMO_AS_OF_D);
	printf("  %lld communities, %lld persons (%lld deceased), %lld households,\n"
	       "  %lld incomes, %lld assets: %lld rows in %.1f s (%.0f rows/s)\n",
	       (long long)st.communities, (long long)st.persons, (long long)st.deaths,
	       (long long)st.households, (long long)st.incomes, (long long)st.assets,
	       (long long)rows, secs, secs > 0 ? (double)rows / secs : 0.0);
	rc = audit_build(c, &o, &st);
	if (!rc)
		rc = add_users(c, o.seed);
	if (!rc && !registry_only) {
		/* The domains' part, decided by the shipped rules (or none). */
		const char *dir = getenv("MINZHENG_POLICY_DIR");
		policy_diags d = { 0 };
		policy_set *set = policy_set_load_dir(dir && *dir ? dir : "policies/guangzhou", &d,
						       &e);

		int64_t t1 = mz_monotonic_ms();
		load_pragmas lp = { 0 };

		policy_diags_release(&d);
		if (!set)
			fprintf(stderr, "warning: the rules do not load; no case is evaluated\n");
		/* The generators take today as the as-of date and replay the
		 * year before it (demo/demo.h demo_clock_to). */
		demo_clock_to(as_of);
		printf("services as of %s, after a year of running:\n", as_of_txt);
		if (demo_pragmas_set(c, &lp, st.persons, &e) ||
		    domains_demo(c, set, st.persons, &e))
			rc = cli_fail(&e);
		else
			printf("  services built in %.1f s\n", (double)(mz_monotonic_ms() - t1) / 1000.0);
		demo_pragmas_restore(c, &lp);
		demo_clock_to(as_of);
		policy_set_unref(set);
	}
	store_close(s);
	return rc;
}

/* minzheng volunteer: the time bank's ledger check and the dispatch sweep
 * from the command line; the same functions as GET /ledger/check and the
 * job volunteer.offer_expire. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domains/volunteer/volunteer.h"

static const char usage_text[] =
	"usage: minzheng volunteer check-ledger [--db URL]\n"
	"       minzheng volunteer expire-offers [--db URL]\n\n"
	"check-ledger proves the time bank's hour ledger: every account's balance\n"
	"equals the sum of its postings, every movement has two legs that sum to\n"
	"zero, no account is below its limit, and the total over all accounts is\n"
	"zero. Exit status 0 when sound, 1 otherwise.\n"
	"expire-offers expires every dispatch offer past its time limit and offers\n"
	"its order to the next volunteer (as the job volunteer.offer_expire does).\n";

int cmd_volunteer(int argc, char **argv)
{
	const char *db = NULL, *what = NULL;
	mz_err e = { 0 };
	access_ctx sys;
	store_conn *c;
	store *s;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db)) {
		} else if (!what && argv[i][0] != '-') {
			what = argv[i];
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (!what || (strcmp(what, "check-ledger") && strcmp(what, "expire-offers"))) {
		fprintf(stderr, "error: name check-ledger or expire-offers\n%s", usage_text);
		return 2;
	}
	if (!(s = cli_open_store(db)))
		return 1;
	access_ctx_system(&sys, "cli");
	if (!(c = store_conn_get(s, &e))) {
		rc = cli_fail(&e);
	} else if (!strcmp(what, "check-ledger")) {
		vol_ledger_report r;

		if (vol_ledger_check(c, &r, &e)) {
			rc = cli_fail(&e);
		} else {
			printf("accounts %lld, movements %lld, balances off %lld, movements unbalanced %lld,"
			       " below limit %lld, total %lld: %s\n", (long long)r.accounts,
			       (long long)r.movements, (long long)r.bad_balances,
			       (long long)r.bad_movements, (long long)r.below_floor, (long long)r.total,
			       r.ok ? "sound" : "NOT SOUND");
			rc = r.ok ? 0 : 1;
		}
	} else {
		int64_t n = 0;

		if (vol_offers_expire(c, &sys, mz_now_unix(), &n, &e)) {
			rc = cli_fail(&e);
		} else {
			printf("%lld offers expired and offered on\n", (long long)n);
			rc = 0;
		}
	}
	store_close(s);
	return rc;
}

/* cmd_safetynet.c - `minzheng safetynet`: check the alert rules, create a
 * department account, import a file of events for a department, run the
 * escalation step (the job safetynet.escalate does the same). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domains/safetynet/rules.h"
#include "domains/safetynet/safetynet.h"

static const char usage_text[] =
	"usage: minzheng safetynet rules-check [DIR]\n"
	"       minzheng safetynet department-add --code CODE --name NAME --scope DIVISION\n"
	"                                         [--rate PER_MIN] [--db URL]\n"
	"       minzheng safetynet import --department CODE FILE [--batch N] [--db URL]\n"
	"       minzheng safetynet escalate [--db URL]\n\n"
	"rules-check: load the alert rules (default $MINZHENG_POLICY_DIR/alerts, else\n"
	"policies/guangzhou/alerts); errors as file:line: message.\n"
	"department-add prints the department's token once.\n"
	"import: a CSV/XLSX with header id_number,type,occurred_on[,amount_fen,event_id,note],\n"
	"stored as the department's upload, in transactions of N rows (default 500).\n";

static int rules_check(const char *dir)
{
	sn_ruleset set;
	mz_err e = { 0 };
	char d[256];
	const char *p = getenv("MINZHENG_POLICY_DIR");

	if (dir)
		snprintf(d, sizeof(d), "%s", dir);
	else
		snprintf(d, sizeof(d), "%s/alerts", p && *p ? p : "policies/guangzhou");
	if (sn_rules_load(d, &set, &e)) {
		fprintf(stderr, "%s\n", e.message);
		return 1;
	}
	printf("%d rules, %d levels in %s\n", set.nrules, set.nlevels, d);
	sn_ruleset_release(&set);
	return 0;
}

int cmd_safetynet(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *name = NULL, *scope = NULL, *rate = "60", *dept = NULL,
		   *batch = "500", *file = NULL, *val;
	store *s;
	store_conn *c;
	access_ctx who;
	mz_err e = { 0 };
	int rc = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "rules-check"))
		return rules_check(argc > 2 ? argv[2] : NULL);
	for (int i = 2; i < argc; i++) {
		if (cli_flag(argc, argv, &i, "--db", &db) || cli_flag(argc, argv, &i, "--code", &code) ||
		    cli_flag(argc, argv, &i, "--name", &name) || cli_flag(argc, argv, &i, "--scope", &scope) ||
		    cli_flag(argc, argv, &i, "--rate", &rate) ||
		    cli_flag(argc, argv, &i, "--department", &dept) ||
		    cli_flag(argc, argv, &i, "--batch", &batch))
			continue;
		val = argv[i];
		if (val[0] == '-' || file) {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", val, usage_text);
			return 2;
		}
		file = val;
	}
	if (!(s = cli_open_store(db)))
		return 1;
	if (!(c = store_conn_get(s, &e))) {
		store_close(s);
		return cli_fail(&e);
	}
	access_ctx_system(&who, "system");
	if (!strcmp(argv[1], "department-add")) {
		char token[65];
		int64_t id;

		if (!code || !name || !scope) {
			fprintf(stderr, "error: --code, --name and --scope are required\n");
			rc = 2;
		} else if (sn_department_create(c, &who, code, name, scope, (int)strtol(rate, NULL, 10),
						"created with the command line", &id, token, &e)) {
			rc = cli_fail(&e);
		} else {
			printf("department %s (id %lld)\ntoken (shown once): %s\n", code, (long long)id, token);
		}
	} else if (!strcmp(argv[1], "import")) {
		sn_department d = { 0 };
		json_t *r = NULL;
		int found;

		if (!dept || !file) {
			fprintf(stderr, "error: --department and FILE are required\n");
			rc = 2;
		} else if ((found = sn_department_find(c, dept, &d, &e)) <= 0) {
			if (!found)
				fprintf(stderr, "error: no department '%s'\n", dept);
			rc = found ? cli_fail(&e) : 1;
		} else {
			access_ctx dw;
			sn_department_ctx(&d, &dw);
			if (!(r = sn_events_import(c, &dw, &d, file, strtol(batch, NULL, 10) > 0 ? (int)strtol(batch, NULL, 10) : 500, &e)))
				rc = cli_fail(&e);
			else {
				char *t = json_dumps(r, JSON_INDENT(2));
				printf("%s\n", t ? t : "");
				free(t);
				json_decref(r);
			}
		}
	} else if (!strcmp(argv[1], "escalate")) {
		int n = 0;
		if (sn_orders_escalate(c, &who, mz_now_unix(), &n, &e))
			rc = cli_fail(&e);
		else
			printf("%d work orders escalated or marked overdue\n", n);
	} else {
		fprintf(stderr, "error: unknown subcommand '%s'\n%s", argv[1], usage_text);
		rc = 2;
	}
	store_close(s);
	return rc;
}

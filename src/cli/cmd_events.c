/* minzheng events list [--failed]|retry ID: the event outbox from the
 * command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "events/events.h"

static const char usage_text[] =
	"usage: minzheng events list [--failed|--pending] [--page N] [--db URL]\n"
	"       minzheng events retry ID [--db URL]\n\n"
	"list   events newest first (50 a page) with each subscriber's delivery:\n"
	"       status, attempts, next attempt and the last error.\n"
	"retry  makes the failed deliveries of event ID due now; the runner in\n"
	"       `serve` delivers them at its next tick.\n";

static int list(store *s, const char *status, int64_t page)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(s, &e);
	access_ctx who;
	event_page pg;

	access_ctx_system(&who, "events");
	if (!c || events_list(c, &who, status, page, 50, &pg, &e))
		return cli_fail(&e);
	printf("%lld events\n", (long long)pg.total);
	for (int i = 0; i < pg.n; i++) {
		const event_row *r = &pg.items[i];
		char at[32];

		mz_time_format(r->created_at, at);
		printf("%lld %s %-18s subject %lld %s by %s: %s\n", (long long)r->id, at, r->type,
		       (long long)r->subject_id, r->division_code, r->published_by, r->status);
		for (int k = 0; k < r->ndeliveries; k++) {
			const event_delivery_row *d = &r->deliveries[k];
			char next[32] = "-";

			if (d->next_attempt_at)
				mz_time_format(d->next_attempt_at, next);
			printf("    %-30s %-8s attempts %d next %s%s%s\n", d->subscriber, d->status,
			       d->attempts, next, d->last_error[0] ? " error: " : "", d->last_error);
		}
	}
	events_page_release(&pg);
	return 0;
}

static int retry(store *s, const char *id_text)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(s, &e);
	access_ctx who;
	char *end;
	long long id = strtoll(id_text, &end, 10);
	int n;

	if (*end || id < 1) {
		fprintf(stderr, "error: ID must be an event number\n");
		return 2;
	}
	access_ctx_system(&who, "events");
	if (!c || events_retry(c, &who, id, &n, &e))
		return cli_fail(&e);
	printf("event %lld: %d deliveries due again\n", id, n);
	return 0;
}

int cmd_events(int argc, char **argv)
{
	const char *db = NULL, *status = NULL, *page_text = NULL, *pos[2] = { NULL, NULL };
	int npos = 0, rc;
	int64_t page = 1;
	store *s;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--failed")) {
			status = "failed";
		} else if (!strcmp(argv[i], "--pending")) {
			status = "pending";
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--page", &page_text)) {
		} else if (argv[i][0] != '-' && npos < 2) {
			pos[npos++] = argv[i];
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (page_text) {
		char *end;

		page = strtoll(page_text, &end, 10);
		if (*end || page < 1) {
			fprintf(stderr, "error: --page must be a positive number\n");
			return 2;
		}
	}
	if (!(npos == 1 && !strcmp(pos[0], "list")) && !(npos == 2 && !strcmp(pos[0], "retry"))) {
		fputs(usage_text, stderr);
		return 2;
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	rc = !strcmp(pos[0], "list") ? list(s, status, page) : retry(s, pos[1]);
	store_close(s);
	return rc;
}

/* case_reminders.c - what falls due on the cases, for the bell's daily
 * reminders (notices/): open deadlines up to a day, public notices ending
 * by a day, objections not yet answered. The tables are this room's, so
 * the reading is too; the notices room decides whom to tell and how. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cases/cases.h"

static void push(case_reminder_list *l, const char *what, int64_t case_id, int64_t household_id,
		 int64_t ref_id, const char *program, const char *division, const char *kind,
		 const char *due_on)
{
	case_reminder *r;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->items = mz_xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	r = &l->items[l->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->what, sizeof(r->what), "%s", what);
	r->case_id = case_id;
	r->household_id = household_id;
	r->ref_id = ref_id;
	snprintf(r->program, sizeof(r->program), "%s", program ? program : "");
	snprintf(r->division, sizeof(r->division), "%s", division ? division : "");
	snprintf(r->kind, sizeof(r->kind), "%s", kind ? kind : "");
	snprintf(r->due_on, sizeof(r->due_on), "%s", due_on ? due_on : "");
}

/* Each query's columns: case id, household id, ref id, program, division,
 * kind, day. The joins are on the case's key (id, household_id), the
 * column every table of a case is distributed by: one node each. */
static int scan(store_conn *c, case_reminder_list *l, const char *what, const char *sql,
		const char *day, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int rc;

	if (!st)
		return -1;
	if (day)
		store_params(st, day);
	while ((rc = store_step(st, e)) == 1)
		push(l, what, store_col_i64(st, 0), store_col_i64(st, 1), store_col_i64(st, 2),
		     store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5),
		     store_col_text(st, 6));
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int case_reminders_due(store_conn *c, mz_day tasks_by, mz_day notices_by, case_reminder_list *out,
		       mz_err *e)
{
	char tasks_s[11], notices_s[11];

	memset(out, 0, sizeof(*out));
	mz_day_format(tasks_by, tasks_s);
	mz_day_format(notices_by, notices_s);
	if (scan(c, out, "task",
		 "SELECT t.case_id, t.household_id, t.id, c.program, t.division_code, t.kind, t.due_on"
		 " FROM case_tasks t JOIN cases c ON c.id = t.case_id AND c.household_id = t.household_id"
		 " WHERE t.done_at IS NULL AND t.due_on <= ? ORDER BY t.due_on, t.id", tasks_s, e) ||
	    scan(c, out, "notice",
		 "SELECT id, household_id, 0, program, division_code, '', notice_until FROM cases"
		 " WHERE state = 'notice' AND notice_until IS NOT NULL AND notice_until <= ?"
		 " ORDER BY notice_until, id", notices_s, e) ||
	    scan(c, out, "objection",
		 "SELECT o.case_id, o.household_id, o.id, c.program, o.division_code, '', o.received_on"
		 " FROM case_objections o JOIN cases c ON c.id = o.case_id"
		 " AND c.household_id = o.household_id WHERE o.outcome IS NULL ORDER BY o.id", NULL, e)) {
		case_reminder_list_release(out);
		return -1;
	}
	return 0;
}

void case_reminder_list_release(case_reminder_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof(*l));
}

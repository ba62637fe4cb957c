/* notices_remind.c - the daily deadline reminders: what falls due on the
 * cases (cases/ reads its own tables, case_reminders_due) told to the
 * street caseworkers whose scope covers each case, once per deadline. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "cases/cases.h"
#include "cases/workcal.h"
#include "notices/notices_internal.h"

#define BATCH 200 /* reminders per transaction */

/* The notice of one reminder. The dedup key names the deadline itself (the
 * task and its due day, the notice's last day, the objection), so running
 * the job again adds nothing and a deadline moved later is told again. */
static void reminder_notice(const case_reminder *r, mz_day today, char *params, size_t pcap,
			    char *key, size_t kcap, const char **kind)
{
	mz_day due = mz_day_parse(r->due_on);

	if (!strcmp(r->what, "task")) {
		int overdue = due != MZ_DAY_INVALID && due < today;

		*kind = overdue ? "case_overdue" : "case_deadline";
		snprintf(params, pcap,
			 "{\"case_id\":%lld,\"program\":\"%s\",\"task\":\"%s\",\"due_on\":\"%s\"}",
			 (long long)r->case_id, r->program, r->kind, r->due_on);
		snprintf(key, kcap, "%s:%lld:%s", overdue ? "overdue" : "task", (long long)r->ref_id,
			 r->due_on);
	} else if (!strcmp(r->what, "notice")) {
		*kind = "notice_ending";
		snprintf(params, pcap, "{\"case_id\":%lld,\"program\":\"%s\",\"notice_until\":\"%s\"}",
			 (long long)r->case_id, r->program, r->due_on);
		snprintf(key, kcap, "notice:%lld:%s", (long long)r->case_id, r->due_on);
	} else {
		*kind = "objection_open";
		snprintf(params, pcap,
			 "{\"case_id\":%lld,\"program\":\"%s\",\"objection_id\":%lld,"
			 "\"received_on\":\"%s\"}",
			 (long long)r->case_id, r->program, (long long)r->ref_id, r->due_on);
		snprintf(key, kcap, "objection:%lld", (long long)r->ref_id);
	}
}

int notices_remind(store_conn *c, mz_day today, notices_remind_stats *out, mz_err *e)
{
	case_reminder_list due;
	access_users users;
	workcal cal;
	mz_day tasks_by, sunday;
	access_ctx sys;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	workcal_init(&cal);
	if (workcal_load(c, &cal, e)) {
		workcal_release(&cal);
		return -1;
	}
	/* Due within N working days (legal deadlines count working days), and
	 * the public notices ending by this week's Sunday. */
	tasks_by = workcal_add(&cal, today, NOTICES_REMIND_WORKDAYS);
	workcal_release(&cal);
	sunday = today + (7 - mz_day_weekday(today));
	if (case_reminders_due(c, tasks_by, sunday, &due, e))
		return -1;
	out->scanned = (int64_t)due.n;
	access_ctx_system(&sys, "notices");
	if (notices_users_load(c, &users, e)) {
		case_reminder_list_release(&due);
		return -1;
	}
	while (i < due.n) {
		size_t end = i + BATCH < due.n ? i + BATCH : due.n;
		char detail[64];

		if (store_begin(c, e))
			goto fail;
		for (; i < end; i++) {
			const case_reminder *r = &due.items[i];
			char params[256], key[96], link[64];
			const char *kind;
			notice_new n;
			int added;

			reminder_notice(r, today, params, sizeof(params), key, sizeof(key), &kind);
			snprintf(link, sizeof(link), "/assistance/cases/%lld", (long long)r->case_id);
			n = (notice_new){ kind, params, link, r->division, key };
			if (notices_to_users_tx(c, &users, ROLE_STREET_CASEWORKER, NULL, &n, &added, e))
				goto fail_tx;
			out->added += added;
		}
		snprintf(detail, sizeof(detail), "{\"upto\":%zu,\"added\":%lld}", end,
			 (long long)out->added);
		if (audit_append(c, &sys, AUDIT_WRITE, "notices.remind", "notices", "", "", "", detail,
				 e) ||
		    store_commit(c, e))
			goto fail_tx;
	}
	case_reminder_list_release(&due);
	access_users_release(&users);
	return 0;
fail_tx:
	store_rollback(c);
fail:
	case_reminder_list_release(&due);
	access_users_release(&users);
	return -1;
}

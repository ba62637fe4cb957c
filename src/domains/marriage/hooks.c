/* hooks.c - the marriage register's subscribers and job (hooks.h). The
 * marriage register is the source of a person's marital status; the
 * registry keeps the copy every other room reads, set here through the
 * registry's own function when the register's events arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/marriage/common.h"
#include "domains/marriage/hooks.h"

/* The status a person has when a marriage of theirs no longer counts
 * (declared void): what their last other ended marriage left, else
 * unmarried. */
static int status_without(store_conn *c, int64_t person, int64_t marriage, char out[12],
			  mz_err *e)
{
	char st[16] = "";
	int r = store_row(c, e, "SELECT m.status FROM mar_spouses s JOIN mar_marriages m"
				" ON m.id = s.marriage_id WHERE s.person_id = ? AND s.marriage_id <> ?"
				" AND m.status IN ('divorced', 'ended') ORDER BY s.ended_on DESC",
			  STORE_INTO(STORE_TEXT(st)), person, marriage);

	if (r < 0)
		return -1;
	mz_strlcpy(out, !r ? "unmarried" : !strcmp(st, "divorced") ? "divorced" : "widowed", 12);
	return 0;
}

static int on_marriage_event(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char a[24], b[24], sa[12], sb[12];
	int64_t man, woman;
	const char *reason;

	events_payload_str(ev, "man_id", a, sizeof(a));
	events_payload_str(ev, "woman_id", b, sizeof(b));
	man = strtoll(a, NULL, 10);
	woman = strtoll(b, NULL, 10);
	if (man <= 0 || woman <= 0)
		return mz_fail(e, MZ_EINVAL, "payload", "the event names no parties", "事件缺少当事人");
	if (!strcmp(ev->type, EVENT_MARRIAGE_REGISTERED)) {
		mz_strlcpy(sa, "married", sizeof(sa));
		mz_strlcpy(sb, "married", sizeof(sb));
		reason = "结婚登记";
	} else if (!strcmp(ev->type, EVENT_MARRIAGE_DIVORCED)) {
		mz_strlcpy(sa, "divorced", sizeof(sa));
		mz_strlcpy(sb, "divorced", sizeof(sb));
		reason = "离婚登记";
	} else {
		if (status_without(c, man, ev->subject_id, sa, e) ||
		    status_without(c, woman, ev->subject_id, sb, e))
			return -1;
		reason = "婚姻无效或被撤销";
	}
	if (registry_person_set_marital_tx(c, who, man, sa, reason, e) ||
	    registry_person_set_marital_tx(c, who, woman, sb, reason, e))
		return -1;
	return 0;
}

/* A spouse's death ends the marriage; the survivor is widowed. */
static int on_person_died(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	int64_t mid = 0, other = 0;
	char since[11], day[11];
	int r = mar_current_marriage(c, ev->subject_id, &mid, since, e);

	if (r <= 0)
		return r;
	events_payload_str(ev, "death_date", day, sizeof(day));
	if (mz_day_parse(day) == MZ_DAY_INVALID)
		mz_day_format(mz_today(), day);
	if (store_row(c, e, "SELECT person_id FROM mar_spouses WHERE marriage_id = ? AND person_id <> ?",
		      STORE_INTO(&other), mid, ev->subject_id) < 0 ||
	    store_run(c, e, "UPDATE mar_marriages SET status = 'ended', ended_on = ?, status_reason = ?,"
			    " version = version + 1, updated_at = ? WHERE id = ? AND status = 'registered'",
		      day, "一方死亡", mz_now_unix(), mid) < 0 ||
	    store_run(c, e, "UPDATE mar_spouses SET ended_on = ? WHERE marriage_id = ? AND ended_on IS NULL",
		      day, mid) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "marriage.end_by_death", "marriage", mid,
			 ev->division_code, "一方死亡", NULL, e))
		return -1;
	if (other && registry_person_set_marital_tx(c, who, other, "widowed", "配偶死亡", e))
		return -1;
	return 0;
}

const event_subscriber marriage_subscribers[] = {
	{ EVENT_MARRIAGE_REGISTERED, "marriage.marital_status", on_marriage_event },
	{ EVENT_MARRIAGE_DIVORCED, "marriage.marital_status_divorced", on_marriage_event },
	{ EVENT_MARRIAGE_VOIDED, "marriage.marital_status_voided", on_marriage_event },
	{ EVENT_PERSON_DIED, "marriage.end_by_death", on_person_died },
	{ NULL, NULL, NULL },
};

/* 民法典 第一千零七十七条第二款: an application nobody appeared for within
 * the second window is treated as withdrawn. */
static int job_divorce_expire(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int64_t n = 0;

	if (!c || mar_divorces_expire(c, ctx->who, mz_today(), &n, e))
		return -1;
	snprintf(result, cap, "%lld divorce applications expired (treated as withdrawn)",
		 (long long)n);
	return 0;
}

static int job_no_shows(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int64_t n = 0;

	if (!c || mar_appointments_mark_no_shows(c, ctx->who, mz_today(), &n, e))
		return -1;
	snprintf(result, cap, "%lld appointments marked as no-shows", (long long)n);
	return 0;
}

const job_def marriage_jobs[] = {
	{ "marriage.divorce_expire", "离婚冷静期届满未领证视为撤回", "Expire divorce applications past the second window",
	  "daily:00:10", job_divorce_expire },
	{ "marriage.appointment_no_show", "婚姻登记预约过期未到", "Mark past appointments as no-shows",
	  "daily:00:20", job_no_shows },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* ingest.c - an event about a person comes in: checked, stored with where
 * it came from, deduplicated by the sender's id, and run through the
 * monitoring rules (evaluate.c), all in one transaction: an event is never
 * stored without its alerts, nor an alert without its event. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "access/audit.h"
#include "domains/safetynet/evaluate.h"
#include "domains/safetynet/safetynet.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static const char *source_kind_name(sn_source_kind k)
{
	switch (k) {
	case SN_SRC_DEPARTMENT: return "department";
	case SN_SRC_UPLOAD: return "upload";
	case SN_SRC_INTERNAL: return "internal";
	default: return "resident";
	}
}

int sn_event_check(store_conn *c, const access_ctx *who, const sn_event_in *in,
		   int64_t *person_id, char division[16], mz_err *e)
{
	const sn_event_type *t = sn_event_type_find(in->type);
	registry_person p;
	mz_day day = mz_day_parse(in->occurred_on ? in->occurred_on : "");

	if (!t)
		return mz_fail(e, MZ_EINVAL, "type", "must be an event type of the catalogue",
			       "须为事件目录中的类型");
	if (day == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "occurred_on", "must be a date YYYY-MM-DD",
			       "须为日期（年-月-日）");
	if (day > mz_today())
		return mz_fail(e, MZ_EINVAL, "occurred_on", "must not be in the future",
			       "不能晚于今天");
	if (in->amount_fen < 0)
		return mz_fail(e, MZ_EINVAL, "amount_fen", "must not be negative", "不能为负数");
	if (t->needs_amount && in->amount_fen <= 0)
		return mz_fail(e, MZ_EINVAL, "amount_fen", "this type of event needs its amount in fen",
			       "此类事件须填写金额（分）");
	if (in->person_id > 0) {
		if (registry_person_find_any(c, in->person_id, &p, e))
			return -1;
	} else {
		idcard_info info;

		if (!in->id_number || idcard_parse(in->id_number, &info, e)) {
			if (e)
				snprintf(e->field, sizeof(e->field), "id_number");
			return -1;
		}
		/* A department reaches persons of its own scope only: the same
		 * answer as for a number nobody has, so it cannot probe. */
		if (registry_person_find_by_number(c, who, in->id_number, &p, e)) {
			if (!e || e->code != MZ_ENOTFOUND)
				return -1; /* a storage failure stays one */
			return mz_fail(e, MZ_EINVAL, "id_number",
				       "no person with this ID number in the registry of your scope",
				       "您的范围内户籍登记中无此身份证号");
		}
	}
	*person_id = p.id;
	snprintf(division, 16, "%s", p.division_code);
	return 0;
}

int sn_event_ingest_tx(store_conn *c, const access_ctx *who, const sn_event_in *in,
		       sn_ingest_result *out, mz_err *e)
{
	int64_t person_id = 0, id, prior = 0;
	char division[16];
	int keyed = (in->kind == SN_SRC_DEPARTMENT || in->kind == SN_SRC_UPLOAD) &&
		    in->sender_event_id && *in->sender_event_id;
	struct timespec t0, t1;
	int rc;

	memset(out, 0, sizeof(*out));
	if (keyed) {
		rc = store_row(c, e, "SELECT event_id FROM sn_event_keys WHERE department_id = ?"
				     " AND sender_event_id = ?",
			       STORE_INTO(&prior), in->department_id, in->sender_event_id);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			out->event_id = prior;
			out->duplicate = 1;
			return 0;
		}
	}
	if (sn_event_check(c, who, in, &person_id, division, e))
		return -1;
	id = store_insert_id(c, e, "INSERT INTO sn_events (person_id, division_code, type, occurred_on,"
				   " amount_fen, note, source_kind, source, sender_event_id, received_at)"
				   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			     person_id, division, in->type, in->occurred_on, in->amount_fen,
			     in->note ? in->note : "", source_kind_name(in->kind),
			     in->source ? in->source : "", in->sender_event_id ? in->sender_event_id : "",
			     mz_now_unix());
	if (id <= 0)
		return -1;
	out->event_id = id;
	if (keyed && store_run(c, e, "INSERT INTO sn_event_keys (department_id, sender_event_id,"
				     " person_id, event_id, received_at) VALUES (?, ?, ?, ?, ?)",
			       in->department_id, in->sender_event_id, person_id, id, mz_now_unix()) < 0)
		return -1;
	if (audit_append(c, who, AUDIT_WRITE, "safetynet.event.receive", "sn_event", id, division,
			 in->source ? in->source : "", NULL, e))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sn_evaluate_tx(c, who, id, person_id, in->type, mz_day_parse(in->occurred_on),
			   in->amount_fen, out, e))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->eval_ns = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 + (t1.tv_nsec - t0.tv_nsec);
	if (out->alerts && store_run(c, e, "UPDATE sn_events SET alerts_raised = ? WHERE id = ?"
					   " AND person_id = ?", out->alerts, id, person_id) < 0)
		return -1;
	return 0;
}

int sn_event_ingest(store_conn *c, const access_ctx *who, const sn_event_in *in,
		    sn_ingest_result *out, mz_err *e)
{
	if (store_begin(c, e))
		return -1;
	if (sn_event_ingest_tx(c, who, in, out, e)) {
		store_rollback(c);
		return -1;
	}
	return store_commit(c, e);
}

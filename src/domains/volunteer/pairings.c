/* pairings.c - 老伙伴: a volunteer paired with an elder for regular visits
 * (Guangzhou pairs volunteers with elders in special difficulty; one
 * district paired 4,475 volunteers with 25,395 elders). A visit is an
 * order of service 'visit' from the pairing (source visit_plan), going
 * straight to the paired volunteer; once served and rated it is told to
 * eldercare's monthly-visit records by the event volunteer.visit_done. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/pairings.h"
#include "registry/registry.h"
#include "store/query.h"

int vol_pairing_create(store_conn *c, const access_ctx *who, int64_t volunteer_id,
		       int64_t person_id, int visits_per_month, const char *started_on,
		       const char *reason, int64_t *id, mz_err *e)
{
	char status[16] = "";
	int64_t vperson = 0, dup = 0;
	registry_person p;
	int r;

	if (registry_check_reason(reason, e))
		return -1;
	if (visits_per_month < 1 || visits_per_month > 8)
		return mz_fail(e, MZ_EINVAL, "visits_per_month", "visits_per_month is 1 to 8",
			       "每月探访次数须为1至8次");
	if (mz_day_parse(started_on ? started_on : "") == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "started_on", "started_on must be a date", "开始日期无效");
	if (registry_person_find(c, who, person_id, &p, e)) {
		snprintf(e->field, sizeof(e->field), "person_id");
		return -1;
	}
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "person_id", "the elder is recorded as deceased",
			       "该长者已登记死亡");
	r = store_row(c, e, "SELECT status, person_id FROM vol_volunteers WHERE id = ? AND "
		      ACCESS_SCOPE_SQL("division_code"), STORE_INTO(STORE_TEXT(status), &vperson),
		      volunteer_id, access_scope_arg(who));
	if (r < 0)
		return -1;
	if (!r || strcmp(status, "active"))
		return mz_fail(e, MZ_EINVAL, "volunteer_id", "no active volunteer of that id in your scope",
			       "您的管辖范围内没有该在册志愿者");
	if (vperson == person_id)
		return mz_fail(e, MZ_EINVAL, "person_id", "a volunteer is not paired with themself",
			       "志愿者不能与本人结对");
	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_pairings WHERE person_id = ? AND volunteer_id = ?"
		      " AND status = 'active'", STORE_INTO(&dup), person_id, volunteer_id) < 0)
		goto fail;
	if (dup) {
		mz_fail(e, MZ_ECONFLICT, "volunteer_id", "this pairing already exists", "该结对关系已存在");
		goto fail;
	}
	*id = store_insert_id(c, e, "INSERT INTO vol_pairings (person_id, volunteer_id, division_code,"
			      " visits_per_month, started_on, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			      person_id, volunteer_id, p.division_code, visits_per_month, started_on,
			      mz_now_unix());
	if (*id <= 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.pairing.create", "vol_pairing", *id,
			 p.division_code, reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int vol_pairing_person(store_conn *c, const access_ctx *who, int64_t id, int64_t *person_id,
		       mz_err *e)
{
	int r = store_row(c, e, "SELECT person_id FROM vol_pairings WHERE id = ? AND status = 'active'"
			  " AND " ACCESS_SCOPE_SQL("division_code"), STORE_INTO(person_id), id,
			  access_scope_arg(who));

	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such active pairing", "结对关系不存在或已结束");
	return r < 0 ? -1 : 0;
}

int vol_pairing_end(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		    mz_err *e)
{
	char division[16] = "";
	int64_t person = 0;
	int r;

	if (registry_check_reason(reason, e))
		return -1;
	r = store_row(c, e, "SELECT person_id, division_code FROM vol_pairings WHERE id = ? AND "
		      ACCESS_SCOPE_SQL("division_code"), STORE_INTO(&person, STORE_TEXT(division)), id,
		      access_scope_arg(who));
	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_ENOTFOUND, "", "no such pairing", "结对关系不存在");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_pairings SET status = 'ended', ended_on = ?, end_reason = ?"
		      " WHERE id = ? AND person_id = ? AND status = 'active'", store_arg_day(mz_today()),
		      reason, id, person) != 1) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the pairing has already ended", "结对关系已结束");
		goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "volunteer.pairing.end", "vol_pairing", id, division,
			 reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

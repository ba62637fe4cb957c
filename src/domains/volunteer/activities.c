/* activities.c - volunteer activities with roles and the number of people
 * each needs; volunteers sign up for a role, check in and out at the place
 * with the code shown there as a QR code, and the organiser confirms the
 * time, which is then credited like any confirmed service. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/pairings.h"
#include "registry/registry.h"
#include "store/query.h"

/* How early before the start a volunteer may check in. */
#define CHECKIN_EARLY_S 3600

int vol_activity_create(store_conn *c, const access_ctx *who, const vol_activity_new *in,
			int64_t *id, mz_err *e)
{
	char code[16];

	if (!in->title || strlen(in->title) < 2)
		return mz_fail(e, MZ_EINVAL, "title", "a title is required", "请填写活动名称");
	if (!in->place || strlen(in->place) < 2)
		return mz_fail(e, MZ_EINVAL, "place", "the place is required", "请填写活动地点");
	if (!in->division_code || strlen(in->division_code) < 9 || !access_in_scope(who, in->division_code))
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "the activity's street or community must be within your scope",
			       "活动所在街道或社区须在您的管辖范围内");
	if (in->ends_at <= in->starts_at || in->ends_at - in->starts_at > 24 * 3600)
		return mz_fail(e, MZ_EINVAL, "ends_at", "an activity ends after it starts, within a day",
			       "活动结束时间须晚于开始时间，且不超过24小时");
	if (in->at.known && (in->at.lat_e6 < -90000000 || in->at.lat_e6 > 90000000 ||
				in->at.lon_e6 < -180000000 || in->at.lon_e6 > 180000000))
		return mz_fail(e, MZ_EINVAL, "lat_e6", "the place's position is not on Earth",
			       "活动地点坐标无效");
	if (!in->nroles)
		return mz_fail(e, MZ_EINVAL, "roles", "name at least one role", "请至少设置一个岗位");
	for (size_t i = 0; i < in->nroles; i++) {
		if (in->roles[i].skill && *in->roles[i].skill && !vol_skill_valid(in->roles[i].skill))
			return mz_fail(e, MZ_EINVAL, "roles", "unknown skill in a role", "岗位技能无效");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->roles[i].role, in->roles[j].role))
				return mz_fail(e, MZ_EINVAL, "roles", "role names must differ", "岗位名称重复");
	}
	snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO vol_activities (org_id, title, division_code, place,"
			      " starts_at, ends_at, checkin_code, created_by, created_at, located, lat_e6,"
			      " lon_e6) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			      in->org_id, in->title, in->division_code, in->place, in->starts_at,
			      in->ends_at, code, who->login, mz_now_unix(), in->at.known ? 1 : 0,
			      in->at.known ? in->at.lat_e6 : 0, in->at.known ? in->at.lon_e6 : 0);
	if (*id <= 0)
		goto fail;
	for (size_t i = 0; i < in->nroles; i++)
		if (store_run(c, e, "INSERT INTO vol_activity_roles (activity_id, role, needed, skill)"
			      " VALUES (?, ?, ?, ?)", *id, in->roles[i].role, in->roles[i].needed,
			      in->roles[i].skill ? in->roles[i].skill : "") < 0)
			goto fail;
	if (audit_append(c, who, AUDIT_WRITE, "volunteer.activity.create", "vol_activity", *id,
			 in->division_code, "", NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

typedef struct activity_ref {
	int64_t id, starts_at, ends_at;
	char division[16], code[16], status[16];
	vol_point place;
} activity_ref;

/* An activity is open to every volunteer of the city (they sign up where
 * they like); staff act on activities in their scope. */
static int activity_load(store_conn *c, const access_ctx *who, int64_t id, int64_t vid,
			 activity_ref *a, mz_err *e)
{
	int64_t located = 0, lat = 0, lon = 0;
	int r = store_row(c, e, "SELECT id, starts_at, ends_at, division_code, checkin_code, status,"
			  " located, lat_e6, lon_e6 FROM vol_activities WHERE id = ? AND (? <> 0 OR "
			  ACCESS_SCOPE_SQL("division_code") ")",
			  STORE_INTO(&a->id, &a->starts_at, &a->ends_at, STORE_TEXT(a->division),
				     STORE_TEXT(a->code), STORE_TEXT(a->status), &located, &lat, &lon),
			  id, vid > 0 ? 1 : 0, access_scope_arg(who));

	a->place.known = located != 0;
	a->place.lat_e6 = (int)lat;
	a->place.lon_e6 = (int)lon;

	if (r == 0 || (r > 0 && vid < 0))
		return mz_fail(e, MZ_ENOTFOUND, "", "no such activity", "活动不存在");
	return r < 0 ? -1 : 0;
}

/* Which volunteer a call is about: a volunteer login acts for itself;
 * staff name one in their scope. */
static int subject_volunteer(store_conn *c, const access_ctx *who, int64_t vid, int64_t named,
			     int64_t *out, mz_err *e)
{
	int64_t n = 0;

	if (vid) {
		if (named && named != vid)
			return mz_fail(e, MZ_EINVAL, "volunteer_id", "a volunteer acts for itself only",
				       "志愿者只能为本人操作");
		*out = vid;
		return 0;
	}
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_volunteers WHERE id = ? AND status = 'active' AND "
		      ACCESS_SCOPE_SQL("division_code"), STORE_INTO(&n), named, access_scope_arg(who)) < 0)
		return -1;
	if (!n)
		return mz_fail(e, MZ_EINVAL, "volunteer_id", "no active volunteer of that id in your scope",
			       "您的管辖范围内没有该在册志愿者");
	*out = named;
	return 0;
}

int vol_activity_signup(store_conn *c, const access_ctx *who, int64_t activity_id,
			int64_t volunteer_id, const char *role, mz_err *e)
{
	int64_t vid, subject, needed = 0, taken = 0, dup = 0, ok = 0;
	char skill[32] = "", like[40], vdiv[16] = "";
	activity_ref a;
	int r;

	if (vol_acting_volunteer(c, who, &vid, e) || activity_load(c, who, activity_id, vid, &a, e) ||
	    subject_volunteer(c, who, vid, volunteer_id, &subject, e))
		return -1;
	if (strcmp(a.status, "open") || a.ends_at <= mz_now_unix())
		return mz_fail(e, MZ_ESTATE, "state", "the activity is no longer open", "活动已结束或关闭");
	r = store_row(c, e, "SELECT needed, skill FROM vol_activity_roles WHERE activity_id = ? AND role = ?",
		      STORE_INTO(&needed, STORE_TEXT(skill)), activity_id, role);
	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_EINVAL, "role", "no such role in this activity",
					     "该活动没有这个岗位");
	snprintf(like, sizeof(like), "%%,%s,%%", skill);
	if (store_row(c, e, "SELECT COUNT(*), MAX(division_code) FROM vol_volunteers WHERE id = ?"
		      " AND (? = '' OR skills LIKE ?)", STORE_INTO(&ok, STORE_TEXT(vdiv)), subject, skill,
		      like) < 0)
		return -1;
	if (!ok)
		return mz_fail(e, MZ_EINVAL, "role", "the role needs a skill this volunteer lacks",
			       "该岗位需要的技能与志愿者不符");
	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_signups WHERE activity_id = ? AND role = ?"
		      " AND state <> 'cancelled'", STORE_INTO(&taken), activity_id, role) < 0 ||
	    store_row(c, e, "SELECT COUNT(*) FROM vol_signups WHERE activity_id = ? AND volunteer_id = ?",
		      STORE_INTO(&dup), activity_id, subject) < 0)
		goto fail;
	if (dup) {
		mz_fail(e, MZ_ECONFLICT, "volunteer_id", "already signed up for this activity",
			"已报名该活动");
		goto fail;
	}
	if (taken >= needed) {
		mz_fail(e, MZ_ESTATE, "role", "every slot of this role is taken", "该岗位名额已满");
		goto fail;
	}
	if (store_run(c, e, "INSERT INTO vol_signups (activity_id, volunteer_id, role, division_code,"
		      " created_at) VALUES (?, ?, ?, ?, ?)", activity_id, subject, role, vdiv,
		      mz_now_unix()) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.activity.signup", "vol_activity", activity_id,
			 a.division, "", NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int vol_activity_checkin(store_conn *c, const access_ctx *who, int64_t activity_id,
			 int64_t volunteer_id, const char *code, const vol_point *pos, int out,
			 mz_err *e)
{
	int64_t vid, subject, now = mz_now_unix(), checkin = 0, minutes, distance = -1;
	char state[16] = "", detail[96];
	activity_ref a;
	int r;

	if (vol_acting_volunteer(c, who, &vid, e) || activity_load(c, who, activity_id, vid, &a, e) ||
	    subject_volunteer(c, who, vid, volunteer_id, &subject, e) ||
	    vol_presence_check(c, code, a.code, &a.place, pos, &distance, e))
		return -1;
	/* How presence was proved, for the organiser who confirms the time. */
	snprintf(detail, sizeof(detail), "{\"by\":\"%s\",\"distance_m\":%lld,\"volunteer_id\":%lld}",
		 distance >= 0 ? "position" : "code", (long long)distance, (long long)subject);
	r = store_row(c, e, "SELECT state, checkin_at FROM vol_signups WHERE activity_id = ? AND volunteer_id = ?",
		      STORE_INTO(STORE_TEXT(state), &checkin), activity_id, subject);
	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_ESTATE, "state", "not signed up for this activity",
					     "未报名该活动");
	if (!out && (strcmp(state, "signed") || now < a.starts_at - CHECKIN_EARLY_S || now > a.ends_at))
		return mz_fail(e, MZ_ESTATE, "state",
			       "check-in is open from an hour before the start to the end, once",
			       "签到时间为活动开始前1小时至活动结束，且只能签到一次");
	if (out && strcmp(state, "checked_in"))
		return mz_fail(e, MZ_ESTATE, "state", "check in first", "请先签到");
	/* Only the time inside the activity counts. */
	minutes = out ? ((now < a.ends_at ? now : a.ends_at) -
			 (checkin > a.starts_at ? checkin : a.starts_at)) / 60 : 0;
	if (minutes < 0)
		minutes = 0;
	if (store_begin(c, e))
		return -1;
	if ((out ? store_run(c, e, "UPDATE vol_signups SET state = 'checked_out', checkout_at = ?,"
			     " minutes = ? WHERE activity_id = ? AND volunteer_id = ? AND state = 'checked_in'",
			     now, minutes, activity_id, subject)
		 : store_run(c, e, "UPDATE vol_signups SET state = 'checked_in', checkin_at = ?"
			     " WHERE activity_id = ? AND volunteer_id = ? AND state = 'signed'",
			     now, activity_id, subject)) != 1 ||
	    audit_append(c, who, AUDIT_WRITE, out ? "volunteer.activity.checkout" : "volunteer.activity.checkin",
			 "vol_activity", activity_id, a.division, "", detail, e) ||
	    store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the sign-up changed meanwhile", "报名状态已变化");
		store_rollback(c);
		return -1;
	}
	return 0;
}

int vol_activity_confirm(store_conn *c, const access_ctx *who, int64_t activity_id,
			 int64_t volunteer_id, int64_t *credited, mz_err *e)
{
	int64_t vid, minutes = 0;
	char state[16] = "";
	activity_ref a;
	int r;

	*credited = 0;
	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	if (vid)
		return mz_fail(e, MZ_EFORBIDDEN, "", "the organiser confirms the time, not the volunteer",
			       "服务时长须由组织方确认");
	if (activity_load(c, who, activity_id, 0, &a, e))
		return -1;
	r = store_row(c, e, "SELECT state, minutes FROM vol_signups WHERE activity_id = ? AND volunteer_id = ?",
		      STORE_INTO(STORE_TEXT(state), &minutes), activity_id, volunteer_id);
	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_EINVAL, "volunteer_id", "not signed up for this activity",
					     "该志愿者未报名此活动");
	if (strcmp(state, "checked_out"))
		return mz_fail(e, MZ_ESTATE, "state", "only a checked-out sign-up is confirmed",
			       "签退后方可确认时长");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_signups SET state = 'confirmed' WHERE activity_id = ?"
		      " AND volunteer_id = ? AND state = 'checked_out'", activity_id, volunteer_id) != 1 ||
	    vol_credit_service_tx(c, who, volunteer_id, "activity", "activity", activity_id, minutes,
				  a.division, credited, e) ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.activity.confirm", "vol_activity", activity_id,
			 a.division, "", NULL, e) ||
	    store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the sign-up changed meanwhile", "报名状态已变化");
		store_rollback(c);
		return -1;
	}
	return 0;
}

/* volunteers.c - who volunteers: registration (a person of the registry,
 * the ID number validated there; minors with their guardian's consent),
 * skills, areas, availability, organisation and team, certificates,
 * status, and the service_provider login that acts as the volunteer. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/org_link.h"
#include "domains/volunteer/volunteer.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/query.h"

static const char *const skills[] = { "companionship", "errand", "repair", "delivery", "haircut",
				      "escort", "medical", "teaching", "legal", "cleaning", NULL };

int vol_skill_valid(const char *skill)
{
	for (size_t i = 0; skills[i]; i++)
		if (!strcmp(skill, skills[i]))
			return 1;
	return 0;
}

int vol_acting_volunteer(store_conn *c, const access_ctx *who, int64_t *volunteer_id, mz_err *e)
{
	int r;

	*volunteer_id = 0;
	if (who->role != ROLE_SERVICE_PROVIDER)
		return 0;
	r = store_row(c, e, "SELECT id FROM vol_volunteers WHERE login = ? AND status = 'active'",
		      STORE_INTO(volunteer_id), who->login);
	if (r < 0)
		return -1;
	if (r == 0)
		*volunteer_id = -1;
	return 0;
}

/* Skills as stored: ",a,b," (so LIKE '%,a,%' finds a volunteer by one). */
static int normalise_skills(const char *in, char *out, size_t cap, mz_err *e)
{
	char one[32];
	size_t len = 0, k;
	const char *p = in ? in : "";

	snprintf(out, cap, ",");
	while (*p) {
		for (k = 0; *p && *p != ','; p++)
			if (k + 1 < sizeof(one))
				one[k++] = *p;
		one[k] = 0;
		if (*p == ',')
			p++;
		if (!k)
			continue;
		if (!vol_skill_valid(one))
			return mz_failf(e, MZ_EINVAL, "skills", "unknown skill \"%s\"", "未知技能“%s”", one);
		len = strlen(out);
		if (len + k + 2 >= cap)
			return mz_fail(e, MZ_EINVAL, "skills", "too many skills", "技能过多");
		snprintf(out + len, cap - len, "%s,", one);
	}
	if (!strcmp(out, ","))
		return mz_fail(e, MZ_EINVAL, "skills", "name at least one skill", "请至少选择一项技能");
	return 0;
}

static int check_hours(const char *h, mz_err *e)
{
	int a, b, c, d;
	char tail;

	if (sscanf(h, "%2d:%2d-%2d:%2d%c", &a, &b, &c, &d, &tail) != 4 || strlen(h) != 11 ||
	    a > 23 || c > 24 || b > 59 || d > 59 || a * 60 + b >= c * 60 + d)
		return mz_fail(e, MZ_EINVAL, "hours", "hours must read HH:MM-HH:MM, start before end",
			       "服务时段格式须为 HH:MM-HH:MM，且开始早于结束");
	return 0;
}

int vol_volunteer_register(store_conn *c, const access_ctx *who, const vol_volunteer_new *in,
			   int64_t *id, mz_err *e)
{
	char sk[256], division[16], detail[96];
	int64_t min_age, account, n = 0;
	registry_person p;
	idcard_info guardian;
	int age;

	if (registry_check_reason(in->reason, e) ||
	    normalise_skills(in->skills, sk, sizeof(sk), e) ||
	    (in->hours && check_hours(in->hours, e)))
		return -1;
	if (in->weekdays < 0 || in->weekdays > 127)
		return mz_fail(e, MZ_EINVAL, "weekdays", "weekdays is a mask of 7 bits",
			       "服务日须为 0-127 的星期掩码");
	if (registry_person_find_by_number(c, who, in->id_number, &p, e))
		return -1;
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "id_number", "the person is recorded as deceased",
			       "该人员已登记死亡");
	snprintf(division, sizeof(division), "%s",
		 in->division_code && *in->division_code ? in->division_code : p.division_code);
	if (registry_check_community(c, who, division, e)) {
		snprintf(e->field, sizeof(e->field), "division_code");
		return -1;
	}
	if (vol_param_int(c, "volunteer.min_age", mz_today(), &min_age, e))
		return -1;
	age = registry_person_age(&p, mz_today());
	if (age < min_age)
		return mz_failf(e, MZ_EINVAL, "id_number", "a volunteer must be at least %lld years old",
				"志愿者年龄须满%lld周岁", (long long)min_age);
	/* 《志愿服务条例》: minors take part in volunteer service with the
	 * consent of their guardian, in service fit for their age. */
	if (age < 18) {
		if (!in->guardian_id_number || !*in->guardian_id_number)
			return mz_fail(e, MZ_EINVAL, "guardian_id_number",
				       "a volunteer under 18 needs a guardian's ID number",
				       "未满18周岁的志愿者须登记监护人身份证号");
		if (idcard_parse(in->guardian_id_number, &guardian, e)) {
			snprintf(e->field, sizeof(e->field), "guardian_id_number");
			return -1;
		}
		if (mz_age_on(guardian.birth, mz_today()) < 18 || !strcmp(guardian.number, p.id_number))
			return mz_fail(e, MZ_EINVAL, "guardian_id_number", "the guardian must be an adult",
				       "监护人须为成年人");
		if (!in->guardian_consent)
			return mz_fail(e, MZ_EINVAL, "guardian_consent",
				       "a volunteer under 18 needs the guardian's consent",
				       "未满18周岁的志愿者须经监护人同意");
	}
	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_volunteers WHERE person_id = ?", STORE_INTO(&n),
		      p.id) < 0)
		goto fail;
	if (n) {
		mz_fail(e, MZ_ECONFLICT, "id_number", "this person is already a registered volunteer",
			"该人员已注册为志愿者");
		goto fail;
	}
	if (in->org_id && store_row(c, e, "SELECT COUNT(*) FROM vol_orgs WHERE id = ? AND status = 'active'",
				    STORE_INTO(&n), in->org_id) >= 0 && !n) {
		mz_fail(e, MZ_EINVAL, "org_id", "no such organisation", "志愿服务组织不存在");
		goto fail;
	}
	*id = store_insert_id(c, e, "INSERT INTO vol_volunteers (person_id, division_code, name, skills,"
			      " areas, weekdays, hours, org_id, team, guardian_id_number, guardian_consent,"
			      " registered_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			      " ?, ?, ?, ?) RETURNING id",
			      p.id, division, p.name, sk, in->areas ? in->areas : "",
			      in->weekdays ? in->weekdays : 127, in->hours ? in->hours : "08:00-20:00",
			      store_arg_id_or_null(in->org_id), in->team ? in->team : "",
			      age < 18 ? guardian.number : "", age < 18 ? 1 : 0,
			      store_arg_day(mz_today()), who->login, mz_now_unix());
	if (*id <= 0)
		goto fail;
	snprintf(detail, sizeof(detail), "{\"person_id\":%lld,\"minor\":%s}", (long long)p.id,
		 age < 18 ? "true" : "false");
	if (vol_account_ensure_tx(c, "volunteer", *id, division, p.name, 0, &account, e) ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.register", "vol_volunteer", *id, division,
			 in->reason, detail, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* The volunteer's division when it lies in who's scope. */
static int volunteer_division(store_conn *c, const access_ctx *who, int64_t id, char out[16],
			      char status[16], mz_err *e)
{
	int r = store_row(c, e, "SELECT division_code, status FROM vol_volunteers WHERE id = ? AND "
			  ACCESS_SCOPE_SQL("division_code"),
			  STORE_INTO(store_out_text(out, 16), store_out_text(status, 16)), id,
			  access_scope_arg(who));

	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在");
	return r < 0 ? -1 : 0;
}

int vol_volunteer_set_status(store_conn *c, const access_ctx *who, int64_t id,
			     const char *status, const char *reason, mz_err *e)
{
	char division[16], cur[16];

	if (registry_check_reason(reason, e) || volunteer_division(c, who, id, division, cur, e))
		return -1;
	if (!strcmp(cur, "closed"))
		return mz_fail(e, MZ_ESTATE, "status", "a closed volunteer record stays closed",
			       "已注销的志愿者不能恢复");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_volunteers SET status = ?, closed_reason = ? WHERE id = ?",
		      status, strcmp(status, "active") ? reason : "", id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.status", "vol_volunteer", id, division,
			 reason, NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

/* A volunteer who signs in: the link of a service_provider account to the
 * volunteer's record (vol_volunteers.login). */
static const access_org_link volunteer_login_link = {
	.unlink_sql = "UPDATE vol_volunteers SET login = NULL WHERE login = ?",
	.link_sql = "UPDATE vol_volunteers SET login = ? WHERE id = ?",
	.audit_action = "volunteer.link_login",
	.audit_entity = "vol_volunteer",
	.role_rule_en = "only a service_provider account can act as a volunteer",
};

int vol_volunteer_link_login(store_conn *c, const access_ctx *who, int64_t id, const char *login,
			     const char *reason, mz_err *e)
{
	char division[16], cur[16];

	if (registry_check_reason(reason, e) || volunteer_division(c, who, id, division, cur, e))
		return -1;
	return access_org_link_set(c, who, &volunteer_login_link, id, division, login, reason, e);
}

int vol_certificate_add(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			const char *title, const char *issuer, const char *issued_on,
			const char *valid_to, int64_t *id, mz_err *e)
{
	char division[16], cur[16];
	int64_t person = 0;

	if (volunteer_division(c, who, volunteer_id, division, cur, e))
		return -1;
	if (mz_day_parse(issued_on) == MZ_DAY_INVALID || mz_day_parse(issued_on) > mz_today())
		return mz_fail(e, MZ_EINVAL, "issued_on", "the issue date cannot be in the future",
			       "发证日期不能晚于今天");
	if (valid_to && *valid_to && strcmp(valid_to, issued_on) < 0)
		return mz_fail(e, MZ_EINVAL, "valid_to", "valid_to is before issued_on",
			       "有效期不能早于发证日期");
	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT person_id FROM vol_volunteers WHERE id = ?", STORE_INTO(&person),
		      volunteer_id) < 0)
		goto fail;
	*id = store_insert_id(c, e, "INSERT INTO vol_certificates (person_id, volunteer_id, division_code,"
			      " title, issuer, issued_on, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", person, volunteer_id, division, title, issuer, issued_on,
			      valid_to ? valid_to : "", mz_now_unix());
	if (*id <= 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.certificate.add", "vol_volunteer",
			 volunteer_id, division, "", NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int vol_org_create(store_conn *c, const access_ctx *who, const char *name, const char *division,
		   const char *services, const char *reason, int64_t *id, mz_err *e)
{
	char svc[256] = ",", one[32];
	const char *p = services ? services : "";
	int64_t n;
	size_t k;

	if (registry_check_reason(reason, e))
		return -1;
	if (!division || strlen(division) < 6 || !access_in_scope(who, division))
		return mz_fail(e, MZ_EINVAL, "division_code", "the division must be within your scope",
			       "所属区划须在您的管辖范围内");
	while (*p) {
		for (k = 0; *p && *p != ','; p++)
			if (k + 1 < sizeof(one))
				one[k++] = *p;
		one[k] = 0;
		if (*p == ',')
			p++;
		if (!k)
			continue;
		if (store_row(c, e, "SELECT COUNT(*) FROM vol_services WHERE code = ?", STORE_INTO(&n),
			      one) < 0)
			return -1;
		if (!n)
			return mz_failf(e, MZ_EINVAL, "services", "unknown service \"%s\"", "未知服务“%s”",
					one);
		if (strlen(svc) + k + 2 < sizeof(svc))
			snprintf(svc + strlen(svc), sizeof(svc) - strlen(svc), "%s,", one);
	}
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO vol_orgs (name, division_code, services, created_at)"
			      " VALUES (?, ?, ?, ?) RETURNING id", name, division, svc, mz_now_unix());
	if (*id <= 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.org.create", "vol_org", *id, division,
			 reason, NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

/* common.c - helpers shared by the marriage domain's files (common.h). */
#include <string.h>

#include "domains/marriage/common.h"

int mar_office_get(store_conn *c, const char *code, mar_office *out, mz_err *e)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = store_row(c, e, "SELECT code, name, address, slot_capacity FROM mar_offices WHERE code = ?",
		      STORE_INTO(STORE_TEXT(out->code), STORE_TEXT(out->name), STORE_TEXT(out->address),
				 &out->slot_capacity),
		      code ? code : "");
	if (r < 0)
		return -1;
	if (!r)
		return mz_fail(e, MZ_ENOTFOUND, "office_code", "registry office not found",
			       "未找到该婚姻登记处");
	return 0;
}

int mar_office_check(store_conn *c, const access_ctx *who, const char *code, mar_office *out,
		     mz_err *e)
{
	mar_office tmp;

	if (!out)
		out = &tmp;
	if (!code || !access_in_scope(who, code))
		return mz_fail(e, MZ_ENOTFOUND, "office_code", "registry office not found in your scope",
			       "您的管辖范围内没有该婚姻登记处");
	return mar_office_get(c, code, out, e);
}

int mar_party_find(store_conn *c, const char *id_number, const char *field,
		   registry_person *out, mz_err *e)
{
	if (!id_number || !*id_number)
		return mz_fail(e, MZ_EINVAL, field, "an ID number is required", "请填写身份证号");
	if (registry_person_find_by_number(c, NULL, id_number, out, e)) {
		if (e && e->code == MZ_ENOTFOUND)
			mz_fail(e, MZ_ENOTFOUND, field, "nobody in the registry has this ID number",
				"人口库中没有该身份证号对应的人员");
		return -1;
	}
	if (out->death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, field, "the person of this ID number has died",
			       "该身份证号对应的人员已死亡");
	return 0;
}

int mar_current_marriage(store_conn *c, int64_t person_id, int64_t *marriage_id, char since[11],
			 mz_err *e)
{
	char s[11] = "";
	int64_t id = 0;
	int r = store_row(c, e, "SELECT marriage_id, since FROM mar_spouses WHERE person_id = ?"
				" AND ended_on IS NULL",
			  STORE_INTO(&id, STORE_TEXT(s)), person_id);

	if (r > 0) {
		if (marriage_id)
			*marriage_id = id;
		if (since)
			memcpy(since, s, 11);
	}
	return r;
}

int mar_office_lock_tx(store_conn *c, const char *code, mz_err *e)
{
	return store_run(c, e, "UPDATE mar_offices SET updated_at = ? WHERE code = ?",
			 mz_now_unix(), code) < 0 ? -1 : 0;
}

enum { M_ID, M_OFFICE, M_OFFICE_NAME, M_ON, M_MAN, M_MAN_NO, M_MAN_NAME, M_WOMAN, M_WOMAN_NO,
       M_WOMAN_NAME, M_CERT, M_STATUS, M_SREASON, M_SART, M_ENDED, M_KIN, M_KIN_NOTE, M_CROSS,
       M_OPROV, M_OREF, M_VERSION };

static void party_fill(store_stmt *st, int id, int no, int name, char sex, mar_party *p)
{
	p->person_id = store_col_i64(st, id);
	mz_strlcpy(p->id_number, store_col_text(st, no), sizeof(p->id_number));
	mz_strlcpy(p->name, store_col_text(st, name), sizeof(p->name));
	p->sex = sex;
	p->birth = MZ_DAY_INVALID;
}

void mar_marriage_fill(store_stmt *st, mar_marriage *m)
{
	memset(m, 0, sizeof(*m));
	m->id = store_col_i64(st, M_ID);
	mz_strlcpy(m->office_code, store_col_text(st, M_OFFICE), sizeof(m->office_code));
	mz_strlcpy(m->office_name, store_col_is_null(st, M_OFFICE_NAME) ? "" : store_col_text(st, M_OFFICE_NAME),
		   sizeof(m->office_name));
	mz_strlcpy(m->registered_on, store_col_text(st, M_ON), sizeof(m->registered_on));
	party_fill(st, M_MAN, M_MAN_NO, M_MAN_NAME, 'M', &m->man);
	party_fill(st, M_WOMAN, M_WOMAN_NO, M_WOMAN_NAME, 'F', &m->woman);
	mz_strlcpy(m->certificate_no, store_col_text(st, M_CERT), sizeof(m->certificate_no));
	mz_strlcpy(m->status, store_col_text(st, M_STATUS), sizeof(m->status));
	mz_strlcpy(m->status_reason, store_col_text(st, M_SREASON), sizeof(m->status_reason));
	mz_strlcpy(m->status_article, store_col_text(st, M_SART), sizeof(m->status_article));
	mz_strlcpy(m->ended_on, store_col_is_null(st, M_ENDED) ? "" : store_col_text(st, M_ENDED),
		   sizeof(m->ended_on));
	mz_strlcpy(m->kinship_finding, store_col_text(st, M_KIN), sizeof(m->kinship_finding));
	mz_strlcpy(m->kinship_note, store_col_text(st, M_KIN_NOTE), sizeof(m->kinship_note));
	m->cross_province = (int)store_col_i64(st, M_CROSS);
	mz_strlcpy(m->other_province, store_col_text(st, M_OPROV), sizeof(m->other_province));
	mz_strlcpy(m->other_reference, store_col_text(st, M_OREF), sizeof(m->other_reference));
	m->version = store_col_i64(st, M_VERSION);
}

int mar_calendar(store_conn *c, workcal *cal, mz_err *e)
{
	workcal_init(cal);
	if (workcal_load(c, cal, e)) {
		workcal_release(cal);
		return -1;
	}
	return 0;
}

int mar_check_reason(const char *reason, size_t min, mz_err *e)
{
	if (!reason || strlen(reason) < min)
		return mz_failf(e, MZ_EINVAL, "reason", "a reason of at least %zu bytes is required",
				"请填写理由（至少%zu字节）", min);
	return 0;
}

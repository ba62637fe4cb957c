/* notice.c - the public notice (公示) of a community, and staff kin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/audit.h"
#include "domains/assistance/assistance.h"
#include "base/xlsx_out.h"
#include "base/buf.h"
#include "base/money.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* UTF-8 aware: keeps the first and (from three characters) the last
 * character, masks the rest (低保审核确认办法 第二十四条: privacy protected). */
void assist_name_mask(const char *name, char *out, size_t cap)
{
	const char *starts[65];
	size_t n = 0, len = strlen(name), o = 0;

	if (!cap)
		return;
	for (size_t i = 0; i < len && n < 64; i++)
		if (((unsigned char)name[i] & 0xC0) != 0x80)
			starts[n++] = name + i;
	starts[n] = name + len;
	for (size_t k = 0; k < n; k++) {
		int keep = k == 0 || (n >= 3 && k == n - 1);
		size_t w = keep ? (size_t)(starts[k + 1] - starts[k]) : 1;

		if (o + w + 1 > cap)
			break;
		if (keep)
			memcpy(out + o, starts[k], w);
		else
			out[o] = '*';
		o += w;
	}
	out[o] = '\0';
}

json_t *assist_notice_list(store_conn *c, const access_ctx *who, const char *division,
			   mz_err *e)
{
	char lo[16], hi[16], today[11];
	json_t *items = json_array();
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	store_stmt *st;
	int rc;

	if (!division || !*division)
		division = who->scope_code;
	if (!access_in_scope(who, division)) {
		json_decref(items);
		return mz_fail(e, MZ_ENOTFOUND, "division", "division not found", "未找到该区划"), NULL;
	}
	access_scope_range(division, lo, hi);
	mz_day_format(mz_today(), today);
	/* Cases under notice now, and those whose notice ended within the
	 * last 7 days (the list stays posted until the decision). */
	st = store_prepare(c,
		"SELECT c.id, c.program, COALESCE(c.beneficiary_id, c.applicant_id), c.amount_fen,"
		" c.notice_from, c.notice_until, c.division_code,"
		" (SELECT COUNT(*) FROM case_members m WHERE m.case_id = c.id"
		" AND m.household_id = c.household_id), c.state"
		" FROM cases c"
		" WHERE c.state = 'notice' AND " ACCESS_SCOPE_SQL("c.division_code")
		" ORDER BY c.division_code, c.notice_from, c.id LIMIT 1000", e);
	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_params_at(st, 1, store_arg_range(lo, hi));
	while ((rc = store_step(st, e)) == 1) {
		const case_program *p = assist_program_find(store_col_text(st, 1));
		char y[32], dname[128];

		if (nids == cap) {
			cap = cap ? cap * 2 : 64;
			ids = mz_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[nids++] = store_col_i64(st, 2);
		/* The division's name is the registry's (null for an unknown code). */
		registry_division_name(c, store_col_text(st, 6), dname, sizeof(dname));
		mz_fen_format_yuan(store_col_is_null(st, 3) ? 0 : store_col_i64(st, 3), y);
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s?}",
			"case_id", (json_int_t)store_col_i64(st, 0), "program", store_col_text(st, 1),
			"program_name", p ? p->name_zh : "", "name", "", "id_number", "",
			"household_size", (json_int_t)store_col_i64(st, 7), "amount", y,
			"notice_from", store_col_text(st, 4), "notice_until", store_col_text(st, 5),
			"division_code", store_col_text(st, 6), "division_name",
			dname[0] ? dname : NULL));
	}
	store_done(st);
	/* Who is posted: the beneficiary (or the applicant), masked, from the
	 * registry for the whole list at once. */
	if (rc >= 0 && nids) {
		registry_person *ps = mz_xmalloc(nids * sizeof(*ps));

		rc = registry_person_list_by_ids(c, ids, nids, ps, e);
		for (size_t k = 0; rc >= 0 && k < nids; k++) {
			char name[64], idm[19];
			json_t *it = json_array_get(items, k);

			assist_name_mask(ps[k].name, name, sizeof(name));
			idcard_mask(ps[k].id_number, idm);
			json_object_set_new(it, "name", json_string(name));
			json_object_set_new(it, "id_number", json_string(idm));
		}
		free(ps);
	}
	free(ids);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	{
		char dname[128];
		json_t *out;

		registry_division_name(c, division, dname, sizeof(dname));
		out = json_pack("{s:s,s:s,s:s,s:o,s:s}", "division", division, "division_name", dname,
				"date", today, "items", items, "objection",
				"公示期内，任何单位和个人可向所在镇（街）或区民政部门实名反映异议。");
		if (audit_append(c, who, AUDIT_READ, "notice.read", "division", 0, division, "", "{}",
				 e)) {
			json_decref(out);
			return NULL;
		}
		return out;
	}
}

int assist_notice_xlsx(store_conn *c, const access_ctx *who, const char *division,
		       char **out, size_t *len, mz_err *e)
{
	json_t *list = assist_notice_list(c, who, division, e), *it;
	char path[32];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	size_t i;
	int row = 2;

	if (!list)
		return -1;
	wb = mz_xlsx_new(path, e);
	if (!wb) {
		json_decref(list);
		return -1;
	}
	ws = workbook_add_worksheet(wb, "公示");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	{
		char title[256];

		snprintf(title, sizeof(title), "%s 社会救助公示（%s）",
			 json_string_value(json_object_get(list, "division_name")),
			 json_string_value(json_object_get(list, "date")));
		worksheet_write_string(ws, 0, 0, title, bold);
	}
	{
		static const char *const heads[] = { "项目", "姓名", "身份证号", "家庭人数",
						     "月保障金额（元）", "公示起", "公示止", "社区" };
		for (int k = 0; k < 8; k++)
			worksheet_write_string(ws, 1, (lxw_col_t)k, heads[k], bold);
	}
	json_array_foreach(json_object_get(list, "items"), i, it) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, json_string_value(json_object_get(it, "program_name")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, json_string_value(json_object_get(it, "name")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 2, json_string_value(json_object_get(it, "id_number")), NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 3, (double)json_integer_value(json_object_get(it, "household_size")), NULL);
		/* Text, not a float: the amount is exact to the fen as printed. */
		worksheet_write_string(ws, (lxw_row_t)row, 4, json_string_value(json_object_get(it, "amount")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 5, json_string_value(json_object_get(it, "notice_from")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 6, json_string_value(json_object_get(it, "notice_until")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 7, json_string_value(json_object_get(it, "division_name")) ?
				       json_string_value(json_object_get(it, "division_name")) : "", NULL);
		row++;
	}
	worksheet_write_string(ws, (lxw_row_t)row + 1, 0,
			       json_string_value(json_object_get(list, "objection")), NULL);
	json_decref(list);
	return mz_xlsx_finish(wb, path, out, len, e);
}

int assist_staff_kin_add(store_conn *c, const access_ctx *who, json_t *in, int64_t *id,
			 mz_err *e)
{
	const char *num = json_string_value(json_object_get(in, "id_number"));
	const char *staff = json_string_value(json_object_get(in, "staff_name"));
	const char *post = json_string_value(json_object_get(in, "staff_post"));
	const char *rel = json_string_value(json_object_get(in, "relation"));
	idcard_info info;
	store_stmt *st;
	int64_t pid = 0;
	char div[16] = "";
	int rc;

	if (idcard_parse(num, &info, e))
		return -1;
	if (!staff || !*staff || !post || !*post || !rel || !*rel)
		return mz_fail(e, MZ_EINVAL, staff && *staff ? (post && *post ? "relation" : "staff_post")
						       : "staff_name",
			       "staff_name, staff_post and relation are required",
			       "请填写工作人员姓名、职务和亲属关系");
	{
		registry_person p;
		mz_err e2 = { 0 };

		/* Looked up city-wide, then refused outside the caller's scope
		 * exactly like a number nobody has. */
		if (registry_person_find_by_number(c, NULL, info.number, &p, &e2)) {
			if (e2.code != MZ_ENOTFOUND) {
				if (e)
					*e = e2;
				return -1;
			}
		} else {
			pid = p.id;
			mz_strlcpy(div, p.division_code, sizeof(div));
		}
	}
	if (!pid || !access_in_scope(who, div))
		return mz_fail(e, MZ_EINVAL, "id_number", "no such person within your scope",
			       "您的权限范围内没有该人员");
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "INSERT INTO staff_kin (person_id, division_code, staff_name, staff_post,"
			      " relation, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		goto rollback;
	store_params(st, pid, div, staff, post, rel, who->login, mz_now_unix());
	rc = store_step(st, e);
	if (rc == 1)
		*id = store_col_i64(st, 0);
	store_done(st);
	if (rc != 1)
		goto rollback;
	if (audit_append(c, who, AUDIT_WRITE, "staff_kin.create", "person", pid, div, "近亲属备案", NULL,
			 e) || store_commit(c, e))
		goto rollback;
	return 0;
rollback:
	store_rollback(c);
	return -1;
}

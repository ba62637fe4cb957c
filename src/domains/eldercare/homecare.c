/* homecare.c - home care beds, service visits and missing visits (see
 * homecare.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/homecare.h"
#include "domains/eldercare/params.h"
#include "store/order.h"

#define BED_WEEKS_JUDGED 8

static int services_ok(json_t *s, const json_t *plan, mz_err *e)
{
	size_t i, j;
	json_t *v, *p;

	if (!json_is_array(s) || json_array_size(s) < 1 || json_array_size(s) > 20)
		return mz_fail(e, MZ_EINVAL, "services", "one to twenty services are required",
			       "请填写服务项目（1 至 20 项）");
	json_array_foreach(s, i, v) {
		int found = !plan;

		if (!json_is_string(v) || json_string_length(v) < 1 || json_string_length(v) > 40)
			return mz_fail(e, MZ_EINVAL, "services", "services are short names",
				       "服务项目名称无效");
		json_array_foreach(plan, j, p)
			found |= json_equal(p, v);
		if (!found)
			return mz_failf(e, MZ_EINVAL, "services", "'%s' is not in the care plan",
					"'%s' 不在照护计划内", json_string_value(v));
	}
	return 0;
}

json_t *ec_bed_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	json_int_t pid = json_integer_value(json_object_get(in, "person_id"));
	int64_t provider = json_integer_value(json_object_get(in, "provider_id")), own, aid = 0, id = 0;
	const char *no = json_string_value(json_object_get(in, "contract_no"));
	const char *start = json_string_value(json_object_get(in, "start_on"));
	const char *end = json_string_value(json_object_get(in, "end_on"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	json_t *services = json_object_get(in, "services"), *vpw = json_object_get(in, "visits_per_week");
	char *stext = NULL;
	ec_person p;
	mz_day sd, ed;
	store_stmt *st;
	int level, r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	if (own)
		return mz_fail(e, MZ_EFORBIDDEN, "", "a contract is made by civil-affairs staff",
			       "家庭养老床位合同由民政工作人员登记"), NULL;
	if (!no || strlen(no) < 3 || strlen(no) > 40)
		return mz_fail(e, MZ_EINVAL, "contract_no", "contract_no is required", "请填写合同编号"), NULL;
	if (!json_is_integer(vpw) || json_integer_value(vpw) < 1 || json_integer_value(vpw) > 21)
		return mz_fail(e, MZ_EINVAL, "visits_per_week", "visits_per_week must be 1 to 21",
			       "每周服务次数须为 1 至 21"), NULL;
	if (services_ok(services, NULL, e) || ec_parse_day(start, "start_on", &sd, e) ||
	    (end && ec_parse_day(end, "end_on", &ed, e)) || ec_check_reason(reason, e) ||
	    ec_person_load(c, who, pid, &p, e) || ec_assess_level_of(c, p.id, &level, &aid, e))
		return NULL;
	if (end && ed < sd)
		return mz_fail(e, MZ_EINVAL, "end_on", "end_on is before start_on", "结束日期早于开始日期"), NULL;
	if (level < 0)
		return mz_fail(e, MZ_ESTATE, "person_id", "the elder must be assessed before a home bed is contracted",
			       "签约家庭养老床位前须完成能力评估"), NULL;
	st = store_prepare(c, "SELECT count(*) FROM ec_providers WHERE id = ? AND status = 'active'"
			      " AND kind IN ('home_care', 'mixed')", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, provider);
	r = store_step(st, e);
	r = r == 1 ? (int)store_col_i64(st, 0) : -1;
	store_done(st);
	if (r <= 0)
		return r < 0 ? NULL : (mz_fail(e, MZ_EINVAL, "provider_id", "not an active home-care provider",
					       "须为有效的居家照护服务机构"), NULL);
	stext = json_dumps(services, JSON_COMPACT);
	if (store_begin(c, e))
		goto out;
	id = store_insert_id(c, e,
			"INSERT INTO ec_home_beds (person_id, division_code, provider_id, contract_no,"
			" level, assessment_id, services, visits_per_week, start_on, end_on, created_by,"
			" created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1"
			" FROM ec_home_beds WHERE person_id = ? AND status = 'active') RETURNING id",
			p.id, p.division, provider, no, level, aid, stext, json_integer_value(vpw),
			start, end, who->login, mz_now_unix(), p.id);
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	/* NOT EXISTS sees only committed rows: of two at once on PostgreSQL
	 * the partial unique index stops the second, with the same answer. */
	if (r == 0 || (r < 0 && e && e->code == MZ_ECONFLICT)) {
		mz_fail(e, MZ_ECONFLICT, "person_id", "the elder already has a home bed",
			"该老人已有家庭养老床位");
		goto fail;
	}
	if (r < 0)
		goto fail;
	/* The contract number's own row keeps it unique city-wide (beds are
	 * keyed with the person); DO NOTHING so a used number is an answer,
	 * not an aborted transaction. */
	st = store_prepare(c, "INSERT INTO ec_bed_contracts (contract_no, person_id, bed_id)"
			      " VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING contract_no", e);
	if (!st)
		goto fail;
	store_params(st, no, p.id, id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail;
	if (r == 0) {
		mz_fail(e, MZ_ECONFLICT, "contract_no", "this contract number is already used",
			"合同编号重复");
		goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "eldercare.homebed.create", "ec_home_bed", id,
			 p.division, reason, NULL, e) || store_commit(c, e))
		goto fail;
	free(stext);
	return json_pack("{s:I,s:I,s:I,s:s,s:i,s:O,s:I,s:s}", "id", (json_int_t)id, "person_id",
			 (json_int_t)p.id, "provider_id", (json_int_t)provider, "contract_no", no,
			 "level", level, "services", services, "visits_per_week",
			 (json_int_t)json_integer_value(vpw), "start_on", start);
fail:
	store_rollback(c);
out:
	free(stext);
	return NULL;
}

/* The beds' list sorts by these (the route declares the same keys). */
static const store_order bed_orders[] = {
	{ "id", "b.id" }, { "contract_no", "b.contract_no" }, { "start_on", "b.start_on" },
	{ "visits_per_week", "b.visits_per_week" }, { "level", "b.level" },
	{ "division_code", "b.division_code" }, { NULL, NULL }
};

json_t *ec_bed_list(store_conn *c, const access_ctx *who, const char *sort, int64_t page,
		    int64_t page_size, mz_err *e)
{
	int64_t own;
	store_stmt *st = NULL;
	json_t *items;
	mz_buf sql;
	int r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	/* A provider user sees its own beds wherever the elders live; staff
	 * see the beds of elders in their scope. */
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT b.id, b.person_id, b.division_code, b.provider_id,"
		    " b.contract_no, b.level, b.services, b.visits_per_week, b.start_on"
		    " FROM ec_home_beds b WHERE b.status = 'active'"
		    " AND (? > 0 AND b.provider_id = ? OR ? = 0 AND "
		    ACCESS_SCOPE_SQL("b.division_code") ")");
	if (!store_order_by(&sql, bed_orders, sort, "b.id", "b.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, own);
	store_bind_i64(st, 2, own);
	store_bind_i64(st, 3, own);
	access_scope_bind(st, 4, who);
	store_bind_i64(st, 6, page_size);
	store_bind_i64(st, 7, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		json_t *sv = json_loads(store_col_text(st, 6), 0, NULL);

		json_array_append_new(items, json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:o,s:I,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "person_id", (json_int_t)store_col_i64(st, 1),
			"name", "", "division_code", store_col_text(st, 2),
			"provider_id", (json_int_t)store_col_i64(st, 3), "contract_no", store_col_text(st, 4),
			"level", (json_int_t)store_col_i64(st, 5), "services", sv ? sv : json_array(),
			"visits_per_week", (json_int_t)store_col_i64(st, 7), "start_on", store_col_text(st, 8)));
	}
	store_done(st);
	/* Names from the registry, after the page of this room's own rows. */
	if (r < 0 || ec_items_name_persons(c, items, 0, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.homebed.list", "ec_home_bed", 0,
			 who->scope_lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I}", "items", items, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}

json_t *ec_bed_visit_log(store_conn *c, const access_ctx *who, int64_t bed_id, json_t *in,
			 mz_err *e)
{
	json_t *sa = json_object_get(in, "started_at"), *ea = json_object_get(in, "ended_at");
	const char *staff = json_string_value(json_object_get(in, "staff"));
	const char *note = json_string_value(json_object_get(in, "note"));
	json_t *services = json_object_get(in, "services"), *plan = NULL;
	int64_t own, provider = 0, person = 0, id = 0, now = mz_now_unix();
	char div[16] = "", day[11], *stext = NULL;
	store_stmt *st;
	int r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	if (!own)
		return mz_fail(e, MZ_EFORBIDDEN, "", "visits are logged by the provider's staff",
			       "服务记录由服务机构填报"), NULL;
	st = store_prepare(c, "SELECT provider_id, person_id, division_code, services FROM ec_home_beds"
			      " WHERE id = ? AND status = 'active'", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, bed_id);
	r = store_step(st, e);
	if (r == 1) {
		provider = store_col_i64(st, 0);
		person = store_col_i64(st, 1);
		mz_strlcpy(div, store_col_text(st, 2), sizeof(div));
		plan = json_loads(store_col_text(st, 3), 0, NULL);
	}
	store_done(st);
	if (r < 0)
		return NULL;
	if (r == 0 || provider != own) {
		json_decref(plan);
		return mz_failf(e, MZ_ENOTFOUND, "id", "no home bed %lld", "家庭养老床位 %lld 不存在",
				(long long)bed_id), NULL;
	}
	if (!json_is_integer(sa) || json_integer_value(sa) <= 0 || json_integer_value(sa) > now + 300) {
		mz_fail(e, MZ_EINVAL, "started_at", "started_at must be a past Unix time", "开始时间无效");
		goto out;
	}
	if (!json_is_integer(ea) || json_integer_value(ea) < json_integer_value(sa) ||
	    json_integer_value(ea) - json_integer_value(sa) > 12 * 3600 || json_integer_value(ea) > now + 300) {
		mz_fail(e, MZ_EINVAL, "ended_at", "ended_at must follow started_at (within 12 hours)",
			"结束时间须晚于开始时间（不超过 12 小时）");
		goto out;
	}
	if (!staff || strlen(staff) < 2 || strlen(staff) > 60) {
		mz_fail(e, MZ_EINVAL, "staff", "the staff member's name is required", "请填写服务人员");
		goto out;
	}
	if (services_ok(services, plan, e))
		goto out;
	mz_day_format(ec_day_of(json_integer_value(sa)), day);
	stext = json_dumps(services, JSON_COMPACT);
	if (store_begin(c, e))
		goto out;
	id = store_insert_id(c, e,
			"INSERT INTO ec_bed_visits (bed_id, provider_id, person_id, division_code, day,"
			" started_at, ended_at, services, staff, note, created_by) VALUES (?, ?, ?, ?, ?,"
			" ?, ?, ?, ?, ?, ?) RETURNING id",
			bed_id, provider, person, div, day, json_integer_value(sa),
			json_integer_value(ea), stext, staff, note ? note : "", who->login);
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r != 1 || audit_append(c, who, AUDIT_WRITE, "eldercare.homebed.visit", "ec_bed_visit", id,
				   div, "", NULL, e) || store_commit(c, e))
		goto fail;
	free(stext);
	json_decref(plan);
	return json_pack("{s:I,s:I,s:s,s:I,s:I}", "id", (json_int_t)id, "bed_id", (json_int_t)bed_id,
			 "day", day, "started_at", (json_int_t)json_integer_value(sa), "ended_at",
			 (json_int_t)json_integer_value(ea));
fail:
	store_rollback(c);
out:
	free(stext);
	json_decref(plan);
	return NULL;
}

json_t *ec_bed_missing(store_conn *c, const access_ctx *who, mz_day as_of, mz_err *e)
{
	int64_t own, grace;
	ec_params prm;
	store_stmt *st;
	json_t *beds, *items, *b;
	size_t i;
	int r;

	if (ec_provider_of(c, who, &own, e) || ec_params_load(c, as_of, &prm, e))
		return NULL;
	r = ec_param_int(&prm, "homebed.visit_grace_days", who->scope_lo, &grace, e);
	ec_params_release(&prm);
	if (r)
		return NULL;
	beds = ec_bed_list(c, who, NULL, 1, 1000, e);
	if (!beds)
		return NULL;
	items = json_array();
	json_array_foreach(json_object_get(beds, "items"), i, b) {
		mz_day start = mz_day_parse(json_string_value(json_object_get(b, "start_on")));
		/* The Monday of as_of's week; mz_day 0 (1970-01-01) was a Thursday. */
		mz_day monday = as_of - (mz_day)((as_of % 7 + 3) % 7);

		for (int w = BED_WEEKS_JUDGED; w >= 1; w--) {
			mz_day ws = monday - 7 * w, we = ws + 6;
			char a[11], z[11];
			int64_t done = 0, planned = json_integer_value(json_object_get(b, "visits_per_week"));

			if (ws < start || we + grace >= as_of)
				continue; /* not wholly contracted, or not judged yet */
			mz_day_format(ws, a);
			mz_day_format(we, z);
			st = store_prepare(c, "SELECT count(*) FROM ec_bed_visits WHERE bed_id = ?"
					      " AND person_id = ? AND day >= ? AND day <= ?", e);
			if (!st)
				goto fail;
			store_params(st, json_integer_value(json_object_get(b, "id")),
					 json_integer_value(json_object_get(b, "person_id")), a, z);
			r = store_step(st, e);
			if (r == 1)
				done = store_col_i64(st, 0);
			store_done(st);
			if (r < 0)
				goto fail;
			if (done < planned)
				json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "bed_id",
					(json_int_t)json_integer_value(json_object_get(b, "id")), "name",
					json_string_value(json_object_get(b, "name")), "contract_no",
					json_string_value(json_object_get(b, "contract_no")), "week_start", a,
					"week_end", z, "planned", (json_int_t)planned, "done", (json_int_t)done,
					"missing", (json_int_t)(planned - done)));
		}
	}
	json_decref(beds);
	return json_pack("{s:o,s:I}", "items", items, "grace_days", (json_int_t)grace);
fail:
	json_decref(beds);
	json_decref(items);
	return NULL;
}

/* Ends an active contract on end_on (not before its start): the bed leaves
 * the active list and its later weeks are no longer judged. Staff in the
 * elder's scope only; audited with the reason. */
json_t *ec_bed_end(store_conn *c, const access_ctx *who, int64_t bed_id, const char *end_on,
		   const char *reason, mz_err *e)
{
	char division[16] = "", start[11] = "", status[16] = "";
	int64_t own, person = 0;
	mz_day ed;
	int r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	if (own)
		return mz_fail(e, MZ_EFORBIDDEN, "", "a contract is ended by civil-affairs staff",
			       "家庭养老床位合同由民政工作人员终止"), NULL;
	if (ec_parse_day(end_on, "end_on", &ed, e) || ec_check_reason(reason, e))
		return NULL;
	r = store_row(c, e, "SELECT person_id, division_code, start_on, status FROM ec_home_beds"
			    " WHERE id = ?", STORE_INTO(&person, STORE_TEXT(division), STORE_TEXT(start),
						       STORE_TEXT(status)), bed_id);
	if (r < 0)
		return NULL;
	if (r == 0 || !access_in_scope(who, division))
		return mz_failf(e, MZ_ENOTFOUND, "id", "no home bed %lld", "家庭养老床位 %lld 不存在",
				(long long)bed_id), NULL;
	if (strcmp(status, "active"))
		return mz_fail(e, MZ_ESTATE, "id", "the contract has already ended", "该合同已终止"), NULL;
	if (strcmp(end_on, start) < 0)
		return mz_fail(e, MZ_EINVAL, "end_on", "end_on is before the contract's start",
			       "终止日期早于合同开始日期"), NULL;
	if (store_begin(c, e))
		return NULL;
	r = (int)store_run(c, e, "UPDATE ec_home_beds SET status = 'ended', end_on = ?"
				 " WHERE id = ? AND person_id = ? AND status = 'active'",
			   end_on, bed_id, person);
	if (r == 0)
		mz_fail(e, MZ_ECONFLICT, "id", "the contract was ended meanwhile", "该合同已被终止");
	if (r <= 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.homebed.end", "ec_home_bed", bed_id,
				   division, reason, NULL, e) || store_commit(c, e)) {
		store_rollback(c);
		return NULL;
	}
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)bed_id, "status", "ended", "end_on", end_on);
}

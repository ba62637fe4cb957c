/* marriages.c - a registered marriage: read, search, correct, declare void
 * or revoke (Art. 1051-1053). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/marriage/common.h"
#include "events/events.h"
#include "store/order.h"

static int load(store_conn *c, const access_ctx *who, int64_t id, mar_marriage *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " MAR_MARRIAGE_COLS " FROM mar_marriages m"
				       " WHERE m.id = ? AND " ACCESS_SCOPE_SQL("m.division_code"), e);
	int r;

	if (!st)
		return -1;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1)
		mar_marriage_fill(st, out);
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "id", "marriage not found", "未找到该婚姻登记");
	return 0;
}

int mar_marriage_get(store_conn *c, const access_ctx *who, int64_t id, mar_marriage *out,
		     mz_err *e)
{
	if (load(c, who, id, out, e))
		return -1;
	return audit_append(c, who, AUDIT_READ, "marriage.read", "marriage", id, out->office_code,
			    NULL, NULL, e);
}

/* The fields a correction may change, and the column each is. The parties
 * and the date of a registration are corrected by revoking it and
 * registering again: the certificate carries them. */
static const char *const correctable[] = { "other_province", "other_reference", "kinship_note",
					    NULL };

int mar_marriage_correct(store_conn *c, const access_ctx *who, int64_t id, const char *field,
			 const char *value, const char *reason, int64_t version, mz_err *e)
{
	mar_marriage m;
	const char *old = NULL;
	char sql[160];
	size_t i;

	for (i = 0; correctable[i] && strcmp(correctable[i], field ? field : ""); i++)
		;
	if (!correctable[i])
		return mz_fail(e, MZ_EINVAL, "field",
			       "field must be other_province, other_reference or kinship_note",
			       "可更正的项目为对方省份、对方登记编号或亲属关系核实记录");
	if (mar_check_reason(reason, 4, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	if (load(c, who, id, &m, e))
		goto fail;
	if (m.version != version) {
		mz_fail(e, MZ_ECONFLICT, "version", "the marriage was changed by someone else; reload",
			"该登记已被他人修改，请刷新后重试");
		goto fail;
	}
	old = !strcmp(field, "other_province") ? m.other_province
	      : !strcmp(field, "other_reference") ? m.other_reference : m.kinship_note;
	snprintf(sql, sizeof(sql), "UPDATE mar_marriages SET %s = ?, version = version + 1,"
		 " updated_at = ? WHERE id = ?", correctable[i]);
	if (store_run(c, e, sql, value ? value : "", mz_now_unix(), id) < 0 ||
	    store_run(c, e, "INSERT INTO mar_corrections (marriage_id, division_code, field, old_value,"
			    " new_value, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		      id, m.office_code, field, old, value ? value : "", reason, who->login,
		      mz_now_unix()) < 0)
		goto fail;
	{
		json_t *d = json_pack("{s:s,s:s,s:s}", "field", field, "old", old, "new",
				      value ? value : "");
		int r = audit_append(c, who, AUDIT_WRITE, "marriage.correct", "marriage", id,
				     m.office_code, reason, d, e);

		json_decref(d);
		if (r)
			goto fail;
	}
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

/* 民法典 第一千零五十一条 (void: bigamy, prohibited kinship, under age),
 * 第一千零五十二条 (coercion), 第一千零五十三条 (a serious illness concealed). */
static const struct ground {
	const char *name, *status, *article;
} grounds[] = {
	{ "bigamy", "void", "民法典第一千零五十一条" },
	{ "kinship", "void", "民法典第一千零五十一条" },
	{ "under_age", "void", "民法典第一千零五十一条" },
	{ "coercion", "revoked", "民法典第一千零五十二条" },
	{ "concealed_illness", "revoked", "民法典第一千零五十三条" },
};

int mar_marriage_revoke(store_conn *c, const access_ctx *who, int64_t id, const char *ground,
			const char *reason, mz_err *e)
{
	const struct ground *g = NULL;
	mar_marriage m;
	char today[11], payload[160];
	json_t *d;
	int r;

	for (size_t i = 0; i < sizeof(grounds) / sizeof(grounds[0]); i++)
		if (ground && !strcmp(grounds[i].name, ground))
			g = &grounds[i];
	if (!g)
		return mz_fail(e, MZ_EINVAL, "ground",
			       "ground must be bigamy, kinship, under_age, coercion or concealed_illness",
			       "事由须为重婚、禁婚亲属、未到法定婚龄、胁迫或隐瞒重大疾病");
	if (mar_check_reason(reason, 4, e))
		return -1;
	mz_day_format(mz_today(), today);
	if (store_begin(c, e))
		return -1;
	if (load(c, who, id, &m, e))
		goto fail;
	if (strcmp(m.status, "registered")) {
		mz_failf(e, MZ_ESTATE, "id", "the marriage is %s, not in force",
			 "该婚姻登记状态为%s，不可撤销", m.status);
		goto fail;
	}
	if (store_run(c, e, "UPDATE mar_marriages SET status = ?, status_reason = ?, status_article = ?,"
			    " ended_on = ?, version = version + 1, updated_at = ? WHERE id = ?",
		      g->status, reason, g->article, today, mz_now_unix(), id) < 0 ||
	    store_run(c, e, "UPDATE mar_spouses SET ended_on = ? WHERE marriage_id = ? AND ended_on IS NULL",
		      today, id) < 0)
		goto fail;
	d = json_pack("{s:s,s:s,s:s}", "ground", g->name, "status", g->status, "article", g->article);
	r = audit_append(c, who, AUDIT_WRITE, "marriage.revoke", "marriage", id, m.office_code,
			 reason, d, e);
	json_decref(d);
	snprintf(payload, sizeof(payload), "{\"man_id\":\"%lld\",\"woman_id\":\"%lld\"}",
		 (long long)m.man.person_id, (long long)m.woman.person_id);
	if (r || events_publish(c, who, EVENT_MARRIAGE_VOIDED, id, m.office_code, payload, NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

void mar_marriage_page_release(mar_marriage_page *p)
{
	if (!p)
		return;
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* Within the caller's offices. By one ID number, every office's records
 * of a person who lives within the caller's scope (the holders of the
 * person's own scope). Beyond both (全城) only with a reason of at least 4
 * bytes, for district and city officers and auditors, audited with it. */
int mar_marriages_search(store_conn *c, const access_ctx *who, const mar_marriage_query *q,
			 mar_marriage_page *out, mz_err *e)
{
	char lo[16], hi[16];
	int citywide = q->reason && *q->reason, resident = 0;
	int64_t page = q->page > 0 ? q->page : 1, size = q->page_size > 0 ? q->page_size : 20;
	const char *where =
		" WHERE m.division_code >= ? AND m.division_code < ?"
		" AND (? = '' OR m.man_id_number = ? OR m.woman_id_number = ?)"
		" AND (? = '' OR m.status = ?) AND (? = '' OR m.office_code = ?)"
		" AND (? = '' OR m.registered_on >= ?) AND (? = '' OR m.registered_on <= ?)";
	const char *idn = q->id_number ? q->id_number : "", *status = q->status ? q->status : "",
		   *office = q->office ? q->office : "", *from = q->from ? q->from : "",
		   *to = q->to ? q->to : "";
	char sql[1200];
	store_stmt *st;
	int r;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (size > MAR_PAGE_MAX)
		size = MAR_PAGE_MAX;
	if (citywide) {
		if (!(who->role & (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_AUDITOR)))
			return mz_fail(e, MZ_EFORBIDDEN, "reason",
				       "only registration officers search the whole city",
				       "仅婚姻登记工作人员可全市查询");
		if (mar_check_reason(q->reason, 4, e))
			return -1;
		if (!*idn)
			return mz_fail(e, MZ_EINVAL, "id_number",
				       "a city-wide search is by one ID number",
				       "全市查询须按身份号码查询");
		mz_strlcpy(lo, "0", sizeof(lo));
		mz_strlcpy(hi, "z", sizeof(hi));
	} else {
		registry_person p;
		mz_err ignored = { 0 };

		mz_strlcpy(lo, who->scope_lo, sizeof(lo));
		mz_strlcpy(hi, who->scope_hi, sizeof(hi));
		/* The person lives in the caller's scope: all their records. */
		if (*idn && !registry_person_find_by_number(c, who, idn, &p, &ignored)) {
			mz_strlcpy(lo, "0", sizeof(lo));
			mz_strlcpy(hi, "z", sizeof(hi));
			resident = 1;
		}
	}
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM mar_marriages m%s", where);
	r = store_row(c, e, sql, STORE_INTO(&out->total), store_arg_range(lo, hi), idn, idn, idn,
		      status, status, office, office, from, from, to, to);
	if (r < 0)
		return -1;
	{
		static const store_order orders[] = {
			{ "registered_on", "m.registered_on" }, { "id", "m.id" },
			{ "certificate_no", "m.certificate_no" }, { "status", "m.status" },
			{ "office_code", "m.office_code" }, { NULL, NULL }
		};
		mz_buf b;

		st = NULL;
		mz_buf_init(&b);
		mz_buf_printf(&b, "SELECT " MAR_MARRIAGE_COLS " FROM mar_marriages m%s", where);
		if (!store_order_by(&b, orders, q->sort, "m.registered_on DESC, m.id DESC", "m.id", e)) {
			mz_buf_puts(&b, " LIMIT ? OFFSET ?");
			st = store_prepare(c, b.data, e);
		}
		mz_buf_release(&b);
	}
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), idn, idn, idn, status, status, office, office,
		     from, from, to, to, size, (page - 1) * size);
	while ((r = store_step(st, e)) == 1) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->items = mz_xrealloc(out->items, cap * sizeof(*out->items));
		}
		mar_marriage_fill(st, &out->items[out->n++]);
	}
	store_done(st);
	if (r < 0) {
		mar_marriage_page_release(out);
		return -1;
	}
	out->citywide = citywide;
	{
		json_t *d = json_pack("{s:s,s:s,s:b,s:b,s:I}", "id_number", *idn ? "given" : "",
				      "status", status, "citywide", citywide, "resident_in_scope",
				      resident, "results", (json_int_t)out->n);
		r = audit_append(c, who, AUDIT_READ,
				 citywide ? "marriage.search.citywide" : "marriage.search", "marriage",
				 0, citywide ? "" : who->scope_code, citywide ? q->reason : NULL, d, e);
		json_decref(d);
	}
	if (r)
		mar_marriage_page_release(out);
	return r;
}

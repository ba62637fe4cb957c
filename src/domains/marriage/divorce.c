/* divorce.c - divorce by agreement (协议离婚, Civil Code Art. 1076-1078)
 * with the cooling-off windows of Art. 1077 (windows.c counts them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/marriage/common.h"
#include "events/events.h"
#include "store/order.h"

#define DIVORCE_COLS                                                                        \
	"d.id, d.marriage_id, d.office_code, d.applied_on, d.withdraw_from, d.withdraw_until,"   \
	" d.appear_from, d.appear_until, d.status, d.closed_on, d.certificate_no,"              \
	" d.close_reason, d.withdrawn_by, m.man_name, m.woman_name, m.man_id_number,"           \
	" m.woman_id_number, d.cross_province, d.other_province, d.other_reference"

static void txt(store_stmt *st, int col, char *out, size_t cap)
{
	mz_strlcpy(out, store_col_is_null(st, col) ? "" : store_col_text(st, col), cap);
}

static void divorce_fill(store_stmt *st, mar_divorce *d, mz_day today)
{
	char buf[11];

	memset(d, 0, sizeof(*d));
	d->id = store_col_i64(st, 0);
	d->marriage_id = store_col_i64(st, 1);
	txt(st, 2, d->office_code, sizeof(d->office_code));
	txt(st, 3, d->applied_on, sizeof(d->applied_on));
	txt(st, 4, buf, sizeof(buf));
	d->w.withdraw_from = mz_day_parse(buf);
	txt(st, 5, buf, sizeof(buf));
	d->w.withdraw_until = mz_day_parse(buf);
	txt(st, 6, buf, sizeof(buf));
	d->w.appear_from = mz_day_parse(buf);
	txt(st, 7, buf, sizeof(buf));
	d->w.appear_until = mz_day_parse(buf);
	txt(st, 8, d->status, sizeof(d->status));
	txt(st, 9, d->closed_on, sizeof(d->closed_on));
	txt(st, 10, d->certificate_no, sizeof(d->certificate_no));
	txt(st, 11, d->close_reason, sizeof(d->close_reason));
	d->withdrawn_by = store_col_i64(st, 12);
	txt(st, 13, d->man_name, sizeof(d->man_name));
	txt(st, 14, d->woman_name, sizeof(d->woman_name));
	txt(st, 15, d->man_id_number, sizeof(d->man_id_number));
	txt(st, 16, d->woman_id_number, sizeof(d->woman_id_number));
	d->cross_province = (int)store_col_i64(st, 17);
	txt(st, 18, d->other_province, sizeof(d->other_province));
	txt(st, 19, d->other_reference, sizeof(d->other_reference));
	/* Where today falls: the page and the API show it beside the dates. */
	if (strcmp(d->status, "applied"))
		mz_strlcpy(d->phase, "closed", sizeof(d->phase));
	else if (today <= d->w.withdraw_until)
		mz_strlcpy(d->phase, "withdraw", sizeof(d->phase));
	else if (today <= d->w.appear_until)
		mz_strlcpy(d->phase, "appear", sizeof(d->phase));
	else
		mz_strlcpy(d->phase, "lapsed", sizeof(d->phase)); /* the job expires it */
}

static int load(store_conn *c, const access_ctx *who, int64_t id, mar_divorce *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " DIVORCE_COLS " FROM mar_divorces d"
				       " JOIN mar_marriages m ON m.id = d.marriage_id"
				       " WHERE d.id = ? AND " ACCESS_SCOPE_SQL("d.division_code"), e);
	int r;

	if (!st)
		return -1;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1)
		divorce_fill(st, out, mz_today());
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "id", "divorce application not found",
			       "未找到该离婚登记申请");
	return 0;
}

int mar_divorce_get(store_conn *c, const access_ctx *who, int64_t id, mar_divorce *out,
		    mz_err *e)
{
	if (load(c, who, id, out, e))
		return -1;
	return audit_append(c, who, AUDIT_READ, "marriage.divorce.read", "divorce", id,
			    out->office_code, NULL, NULL, e);
}

int mar_divorce_apply(store_conn *c, const access_ctx *who, const mar_divorce_new *in,
		      int64_t *id_out, mz_err *e)
{
	registry_person man, woman;
	int64_t mid_m = 0, mid_w = 0, open = 0;
	mar_windows w;
	workcal cal;
	char d[4][11], today[11];
	json_t *detail;
	int r;

	if (mar_office_check(c, who, in->office_code, NULL, e))
		return -1;
	/* 民法典 第一千零七十六条: 夫妻双方自愿离婚的，应当签订书面离婚协议，并亲自到婚姻
	 * 登记机关申请离婚登记。 */
	if (!in->both_present)
		return mz_fail(e, MZ_EINVAL, "both_present",
			       "both spouses must apply in person (Civil Code Art. 1076)",
			       "双方须亲自到场申请（民法典第一千零七十六条）");
	if (in->cross_province && (!in->other_province || !*in->other_province ||
				   !in->other_reference || !*in->other_reference))
		return mz_fail(e, MZ_EINVAL, !in->other_province || !*in->other_province
					      ? "other_province" : "other_reference",
			       "a cross-province application records the other province and its reference",
			       "跨省通办须填写对方省份及其登记编号");
	if (mar_party_find(c, in->man_id_number, "man_id_number", &man, e) ||
	    mar_party_find(c, in->woman_id_number, "woman_id_number", &woman, e))
		return -1;
	if (mar_calendar(c, &cal, e))
		return -1;
	mar_windows_compute(&cal, mz_today(), &w);
	workcal_release(&cal);
	mz_day_format(mz_today(), today);
	mz_day_format(w.withdraw_from, d[0]);
	mz_day_format(w.withdraw_until, d[1]);
	mz_day_format(w.appear_from, d[2]);
	mz_day_format(w.appear_until, d[3]);
	if (store_begin(c, e))
		return -1;
	if ((r = mar_current_marriage(c, man.id, &mid_m, NULL, e)) < 0 ||
	    mar_current_marriage(c, woman.id, &mid_w, NULL, e) < 0)
		goto fail;
	if (!mid_m || mid_m != mid_w) {
		mz_fail(e, MZ_EINVAL, "woman_id_number",
			"the marriage register shows no marriage in force between the two",
			"婚姻登记档案中没有双方之间有效的婚姻登记");
		goto fail;
	}
	if (store_row(c, e, "SELECT count(*) FROM mar_divorces WHERE marriage_id = ? AND status = 'applied'",
		      STORE_INTO(&open), mid_m) < 0)
		goto fail;
	if (open) {
		mz_fail(e, MZ_ESTATE, "woman_id_number",
			"the couple already has a divorce application in its cooling-off period",
			"双方已有处于冷静期的离婚登记申请");
		goto fail;
	}
	*id_out = store_insert_id(c, e,
		"INSERT INTO mar_divorces (marriage_id, office_code, division_code, applied_on,"
		" withdraw_from, withdraw_until, appear_from, appear_until, status, cross_province,"
		" other_province, other_reference, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?, ?, ?, ?) RETURNING id",
		mid_m, in->office_code, in->office_code, today, d[0], d[1], d[2], d[3],
		(int64_t)(in->cross_province != 0), in->other_province ? in->other_province : "",
		in->other_reference ? in->other_reference : "", who->login, mz_now_unix(),
		mz_now_unix());
	if (*id_out <= 0)
		goto fail;
	detail = json_pack("{s:I,s:s,s:s,s:s,s:b,s:s}", "marriage_id", (json_int_t)mid_m,
			   "withdraw_until", d[1], "appear_from", d[2], "appear_until", d[3],
			   "cross_province", in->cross_province != 0, "other_reference",
			   in->other_reference ? in->other_reference : "");
	r = audit_append(c, who, AUDIT_WRITE, "marriage.divorce.apply", "divorce", *id_out,
			 in->office_code, NULL, detail, e);
	json_decref(detail);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int mar_divorce_withdraw(store_conn *c, const access_ctx *who, int64_t id,
			 const char *party_id_number, const char *reason, mz_err *e)
{
	mar_divorce d;
	registry_person p;
	char today[11], until[11];
	int r;

	if (mar_check_reason(reason, 2, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	if (load(c, who, id, &d, e))
		goto fail;
	if (strcmp(d.status, "applied")) {
		mz_failf(e, MZ_ESTATE, "id", "the application is %s already",
			 "该申请已为%s状态", d.status);
		goto fail;
	}
	if (!party_id_number || (strcmp(party_id_number, d.man_id_number) &&
				 strcmp(party_id_number, d.woman_id_number))) {
		mz_fail(e, MZ_EINVAL, "party_id_number", "only a party to the marriage may withdraw",
			"仅婚姻当事人可撤回申请");
		goto fail;
	}
	/* 民法典 第一千零七十七条第一款: within thirty days of the receipt. */
	mz_day_format(d.w.withdraw_until, until);
	if (mz_today() > d.w.withdraw_until) {
		mz_failf(e, MZ_ESTATE, "id",
			 "the window to withdraw ended on %s (Civil Code Art. 1077 para. 1)",
			 "撤回期限已于%s届满（民法典第一千零七十七条第一款）", until);
		goto fail;
	}
	if (registry_person_find_by_number(c, NULL, party_id_number, &p, e))
		goto fail;
	mz_day_format(mz_today(), today);
	if (store_run(c, e, "UPDATE mar_divorces SET status = 'withdrawn', withdrawn_by = ?,"
			    " closed_on = ?, close_reason = ?, updated_at = ? WHERE id = ? AND status = 'applied'",
		      p.id, today, reason, mz_now_unix(), id) < 0)
		goto fail;
	r = audit_append(c, who, AUDIT_WRITE, "marriage.divorce.withdraw", "divorce", id,
			 d.office_code, reason, NULL, e);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int mar_divorce_register(store_conn *c, const access_ctx *who, int64_t id, int both_present,
			 mz_err *e)
{
	mar_divorce d;
	mar_marriage m;
	char today[11], from[11], until[11], number[40], payload[160];
	int r;

	if (!both_present)
		return mz_fail(e, MZ_EINVAL, "both_present",
			       "both spouses must appear in person (Civil Code Art. 1077 para. 2)",
			       "双方须亲自到场（民法典第一千零七十七条第二款）");
	mz_day_format(mz_today(), today);
	if (store_begin(c, e))
		return -1;
	if (load(c, who, id, &d, e))
		goto fail;
	if (strcmp(d.status, "applied")) {
		mz_failf(e, MZ_ESTATE, "id", "the application is %s", "该申请为%s状态", d.status);
		goto fail;
	}
	mz_day_format(d.w.appear_from, from);
	mz_day_format(d.w.appear_until, until);
	/* 民法典 第一千零七十七条第二款: within the thirty days after the first. */
	if (mz_today() < d.w.appear_from || mz_today() > d.w.appear_until) {
		mz_failf(e, MZ_ESTATE, "id",
			 "the certificate is issued from %s to %s (Civil Code Art. 1077 para. 2)",
			 "离婚证须在%s至%s期间申请发给（民法典第一千零七十七条第二款）", from, until);
		goto fail;
	}
	{
		store_stmt *st = store_prepare(c, "SELECT " MAR_MARRIAGE_COLS " FROM mar_marriages m"
					       " WHERE m.id = ?", e);
		if (!st)
			goto fail;
		store_params(st, d.marriage_id);
		r = store_step(st, e);
		if (r == 1)
			mar_marriage_fill(st, &m);
		store_done(st);
		if (r != 1) {
			if (r == 0)
				mz_fail(e, MZ_ESTATE, "id", "the marriage is gone", "婚姻登记不存在");
			goto fail;
		}
	}
	if (strcmp(m.status, "registered")) {
		mz_failf(e, MZ_ESTATE, "id", "the marriage is %s, not in force",
			 "该婚姻登记状态为%s", m.status);
		goto fail;
	}
	if (mar_certificate_issue_tx(c, who, "L", id, 0, d.office_code, 0, "", number, e) ||
	    store_run(c, e, "UPDATE mar_divorces SET status = 'registered', closed_on = ?,"
			    " certificate_no = ?, updated_at = ? WHERE id = ?",
		      today, number, mz_now_unix(), id) < 0 ||
	    store_run(c, e, "UPDATE mar_marriages SET status = 'divorced', ended_on = ?,"
			    " version = version + 1, updated_at = ? WHERE id = ?",
		      today, mz_now_unix(), d.marriage_id) < 0 ||
	    store_run(c, e, "UPDATE mar_spouses SET ended_on = ? WHERE marriage_id = ? AND ended_on IS NULL",
		      today, d.marriage_id) < 0)
		goto fail;
	r = audit_append(c, who, AUDIT_WRITE, "marriage.divorce.register", "divorce", id,
			 d.office_code, NULL, NULL, e);
	snprintf(payload, sizeof(payload), "{\"man_id\":\"%lld\",\"woman_id\":\"%lld\"}",
		 (long long)m.man.person_id, (long long)m.woman.person_id);
	if (r || events_publish(c, who, EVENT_MARRIAGE_DIVORCED, id, d.office_code, payload, NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

void mar_divorce_page_release(mar_divorce_page *p)
{
	if (!p)
		return;
	free(p->items);
	memset(p, 0, sizeof(*p));
}

int mar_divorces_list(store_conn *c, const access_ctx *who, const char *status, const char *sort,
		      int64_t page, int64_t page_size, mar_divorce_page *out, mz_err *e)
{
	static const store_order orders[] = {
		{ "applied_on", "d.applied_on" }, { "id", "d.id" }, { "status", "d.status" },
		{ "closed_on", "d.closed_on" }, { NULL, NULL }
	};
	const char *s = status ? status : "";
	store_stmt *st = NULL;
	mz_buf sql;
	size_t cap = 0;
	mz_day today = mz_today();
	int r;

	memset(out, 0, sizeof(*out));
	if (page < 1)
		page = 1;
	if (page_size < 1 || page_size > MAR_PAGE_MAX)
		page_size = 20;
	if (store_row(c, e, "SELECT count(*) FROM mar_divorces d WHERE " ACCESS_SCOPE_SQL("d.division_code")
			    " AND (? = '' OR d.status = ?)",
		      STORE_INTO(&out->total), access_scope_arg(who), s, s) < 0)
		return -1;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT " DIVORCE_COLS " FROM mar_divorces d"
			  " JOIN mar_marriages m ON m.id = d.marriage_id WHERE "
			  ACCESS_SCOPE_SQL("d.division_code") " AND (? = '' OR d.status = ?)");
	if (!store_order_by(&sql, orders, sort, "d.applied_on DESC, d.id DESC", "d.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return -1;
	store_params(st, access_scope_arg(who), s, s, page_size, (page - 1) * page_size);
	while ((r = store_step(st, e)) == 1) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->items = mz_xrealloc(out->items, cap * sizeof(*out->items));
		}
		divorce_fill(st, &out->items[out->n++], today);
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "marriage.divorce.list", "divorce", 0,
				  who->scope_code, NULL, NULL, e)) {
		mar_divorce_page_release(out);
		return -1;
	}
	return 0;
}

/* 民法典 第一千零七十七条第二款: 未申请的，视为撤回离婚登记申请. Each one in
 * its own audited update: the job sees a few a day. */
int mar_divorces_expire(store_conn *c, const access_ctx *who, mz_day today, int64_t *n_out,
			mz_err *e)
{
	char t[11];
	int64_t ids[256];
	char divs[256][16];
	size_t n = 0;
	store_stmt *st;
	int r;

	*n_out = 0;
	mz_day_format(today, t);
	st = store_prepare(c, "SELECT id, division_code FROM mar_divorces WHERE status = 'applied'"
			   " AND appear_until < ? ORDER BY id LIMIT 256", e);
	if (!st)
		return -1;
	store_params(st, t);
	while ((r = store_step(st, e)) == 1 && n < 256) {
		ids[n] = store_col_i64(st, 0);
		mz_strlcpy(divs[n], store_col_text(st, 1), sizeof(divs[n]));
		n++;
	}
	store_done(st);
	if (r < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (store_begin(c, e))
			return -1;
		r = store_run(c, e, "UPDATE mar_divorces SET status = 'expired', closed_on = ?,"
				    " close_reason = ?, updated_at = ? WHERE id = ? AND status = 'applied'",
			      t, "期满未申请发给离婚证，视为撤回（民法典第一千零七十七条第二款）",
			      mz_now_unix(), ids[i]) < 0 ||
		    audit_append(c, who, AUDIT_WRITE, "marriage.divorce.expire", "divorce", ids[i],
				 divs[i], "民法典第一千零七十七条第二款", NULL, e);
		if (r || store_commit(c, e)) {
			store_rollback(c);
			return -1;
		}
		(*n_out)++;
	}
	return 0;
}

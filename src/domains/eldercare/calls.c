/* calls.c - 平安通 subscribers and their subsidy (see calls.h). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/eldercare.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/order.h"

/* 老年人权益保障法 第二条: 老年人 are citizens aged 60 and over; 平安通
 * serves them (docs/domain.md). A statutory definition, so not a parameter. */
#define CALL_MIN_AGE 60
#define CALL_MAX_CONTACTS 5

int ec_call_rules_load(const ec_params *p, const char *division, ec_call_rules *r, mz_err *e)
{
	const char *cat1;

	memset(r, 0, sizeof(*r));
	if (ec_param_int(p, "call.fee_cap_fen", division, &r->fee_cap, e) ||
	    ec_param_int(p, "call.cat1_permille", division, &r->cat1_permille, e) ||
	    ec_param_int(p, "call.cat2_permille", division, &r->cat2_permille, e) ||
	    ec_param_int(p, "call.cat2_age", division, &r->cat2_age, e) ||
	    ec_param_str(p, "call.cat1_categories", division, &cat1, e))
		return -1;
	mz_strlcpy(r->cat1, cat1, sizeof(r->cat1));
	return 0;
}

void ec_call_subsidy_make(const ec_call_rules *r, int age, const char *categories,
			  const char *flags, int disability_grade, int64_t fee,
			  ec_call_subsidy *out)
{
	char buf[256];
	char *save = NULL, *tok;
	int64_t base = fee < r->fee_cap ? fee : r->fee_cap, pm = 0;

	out->category = "none";
	out->why = "";
	out->fee = fee;
	mz_strlcpy(buf, categories ? categories : "", sizeof(buf));
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (ec_list_has(r->cat1, tok)) {
			out->category = "cat1";
			out->why = ec_category_zh(tok);
			pm = r->cat1_permille;
			break;
		}
	if (!strcmp(out->category, "none")) {
		if (ec_list_has(flags ? flags : "", "living_alone"))
			out->why = "独居";
		else if (disability_grade >= 1 && disability_grade <= 4)
			out->why = "残疾";
		else if (age >= r->cat2_age)
			out->why = "高龄";
		if (*out->why) {
			out->category = "cat2";
			pm = r->cat2_permille;
		}
	}
	/* Rounded down: the subsidy never exceeds what the rule gives. */
	out->subsidy = base > 0 ? base * pm / 1000 : 0;
}

/* The registry's disability grade of a subscriber the caller already holds
 * (0 if the person is gone, as the subsidy rule reads "no disability"). */
static int disability_of(store_conn *c, int64_t person_id, int *grade, mz_err *e)
{
	registry_person p;
	mz_err e2 = { 0 };

	*grade = 0;
	if (registry_person_find_any(c, person_id, &p, &e2)) {
		if (e2.code == MZ_ENOTFOUND)
			return 0;
		if (e)
			*e = e2;
		return -1;
	}
	*grade = p.disability_grade;
	return 0;
}

static const char *const device_kinds[] = { "landline", "pendant", "watch", "app" };

static int check_contacts(json_t *contacts, mz_err *e)
{
	size_t i;
	json_t *ct;

	if (!json_is_array(contacts) || json_array_size(contacts) < 1 ||
	    json_array_size(contacts) > CALL_MAX_CONTACTS)
		return mz_fail(e, MZ_EINVAL, "contacts", "one to five contacts are required",
			       "请填写 1 至 5 名紧急联系人");
	json_array_foreach(contacts, i, ct) {
		const char *n = json_string_value(json_object_get(ct, "name"));
		const char *ph = json_string_value(json_object_get(ct, "phone"));
		const char *rel = json_string_value(json_object_get(ct, "relation"));

		if (!n || !*n || strlen(n) > 60 || !ph || strlen(ph) < 5 || strlen(ph) > 30 ||
		    !rel || !*rel || strlen(rel) > 30)
			return mz_failf(e, MZ_EINVAL, "contacts", "contact %zu needs a name, a phone and a relation",
					"第 %zu 名联系人须填写姓名、电话和关系", i + 1);
		for (const char *s = ph; *s; s++)
			if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == ' '))
				return mz_failf(e, MZ_EINVAL, "contacts", "contact %zu: the phone has invalid characters",
						"第 %zu 名联系人电话格式无效", i + 1);
	}
	return 0;
}

static int provider_check(store_conn *c, const access_ctx *who, int64_t *provider_id,
			  mz_err *e)
{
	int64_t own = 0;

	if (ec_provider_of(c, who, &own, e))
		return -1;
	if (own) {
		if (*provider_id && *provider_id != own)
			return mz_fail(e, MZ_EFORBIDDEN, "provider_id",
				       "a provider may only register its own subscribers",
				       "服务机构只能登记本机构的用户");
		*provider_id = own;
	}
	return 0;
}

json_t *ec_call_subscriber_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	json_int_t pid = json_integer_value(json_object_get(in, "person_id"));
	const char *device = json_string_value(json_object_get(in, "device_code"));
	const char *kind = json_string_value(json_object_get(in, "device_kind"));
	const char *started = json_string_value(json_object_get(in, "started_on"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	json_t *fee_j = json_object_get(in, "fee_fen"), *contacts = json_object_get(in, "contacts");
	int64_t provider = json_integer_value(json_object_get(in, "provider_id"));
	int checkin = json_is_true(json_object_get(in, "daily_checkin"));
	char cats[256];
	ec_person p;
	ec_params prm;
	ec_call_rules rules;
	ec_call_subsidy sub;
	mz_day start;
	int grade, ok = 0, age;
	int64_t id = 0, now = mz_now_unix();
	store_stmt *st;
	json_t *out;

	for (size_t i = 0; kind && i < sizeof(device_kinds) / sizeof(device_kinds[0]); i++)
		ok |= !strcmp(kind, device_kinds[i]);
	if (!ok)
		return mz_fail(e, MZ_EINVAL, "device_kind", "device_kind must be landline, pendant, watch or app",
			       "终端类型须为固话、呼叫器、手表或手机应用"), NULL;
	if (!device || strlen(device) < 4 || strlen(device) > 40)
		return mz_fail(e, MZ_EINVAL, "device_code", "device_code is required (4-40 characters)",
			       "请填写终端编号（4 至 40 位）"), NULL;
	if (!json_is_integer(fee_j) || json_integer_value(fee_j) < 0 ||
	    json_integer_value(fee_j) > 1000000)
		return mz_fail(e, MZ_EINVAL, "fee_fen", "fee_fen must be a whole number of fen",
			       "月服务费须为以分计的整数"), NULL;
	if (ec_parse_day(started, "started_on", &start, e) || check_contacts(contacts, e) ||
	    ec_check_reason(reason, e) || provider_check(c, who, &provider, e) ||
	    ec_person_load(c, who, pid, &p, e))
		return NULL;
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "person_id", "this person is recorded as deceased",
			       "该人员已登记死亡"), NULL;
	age = ec_person_age(&p, start);
	if (age < CALL_MIN_AGE)
		return mz_failf(e, MZ_EINVAL, "person_id", "平安通 serves residents 60 and over (this person is %d)",
				"平安通服务对象为 60 周岁及以上老年人（该人员 %d 岁）", age), NULL;
	if (ec_person_categories(c, p.id, start, cats, sizeof(cats), e) ||
	    disability_of(c, p.id, &grade, e) || ec_params_load(c, start, &prm, e))
		return NULL;
	if (ec_call_rules_load(&prm, p.division, &rules, e)) {
		ec_params_release(&prm);
		return NULL;
	}
	ec_params_release(&prm);
	ec_call_subsidy_make(&rules, age, cats, p.flags, grade, json_integer_value(fee_j), &sub);

	if (store_begin(c, e))
		return NULL;
	id = store_insert_id(c, e,
			"INSERT INTO ec_call_subscribers (person_id, division_code, provider_id,"
			" device_code, device_kind, subsidy_category, fee_fen, subsidy_fen,"
			" daily_checkin, started_on, created_by, created_at)"
			" SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1"
			" FROM ec_call_subscribers WHERE person_id = ? AND status = 'active')"
			" RETURNING id",
			p.id, p.division, store_arg_id_or_null(provider), device, kind,
			sub.category, sub.fee, sub.subsidy, checkin, started, who->login, now, p.id);
	ok = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	/* NOT EXISTS sees only committed rows: of two at once on PostgreSQL
	 * the partial unique index stops the second, with the same answer. */
	if (ok == 0 || (ok < 0 && e && e->code == MZ_ECONFLICT)) {
		mz_fail(e, MZ_ECONFLICT, "person_id", "this person already has an active subscription",
			"该老人已开通平安通");
		goto fail;
	}
	if (ok < 0)
		goto fail;
	/* A device code is unique city-wide through its own row (the
	 * subscribers are keyed with the person); DO NOTHING so a taken code
	 * is an answer, not an aborted transaction. */
	st = store_prepare(c, "INSERT INTO ec_call_devices (device_code, person_id, subscriber_id)"
			      " VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING device_code", e);
	if (!st)
		goto fail;
	store_params(st, device, p.id, id);
	ok = store_step(st, e);
	store_done(st);
	if (ok < 0)
		goto fail;
	if (ok == 0) {
		mz_fail(e, MZ_ECONFLICT, "device_code", "this device code is already registered",
			"该终端编号已被登记");
		goto fail;
	}
	for (size_t i = 0; i < json_array_size(contacts); i++) {
		json_t *ct = json_array_get(contacts, i);

		st = store_prepare(c, "INSERT INTO ec_call_contacts (subscriber_id, person_id, ord, name,"
				      " phone, relation) VALUES (?, ?, ?, ?, ?, ?)", e);
		if (!st)
			goto fail;
		store_params(st, id, p.id, (int64_t)i + 1,
				 json_string_value(json_object_get(ct, "name")),
				 json_string_value(json_object_get(ct, "phone")),
				 json_string_value(json_object_get(ct, "relation")));
		ok = store_step(st, e);
		store_done(st);
		if (ok < 0)
			goto fail;
	}
	out = json_pack("{s:s,s:s,s:I,s:I}", "subsidy_category", sub.category, "why", sub.why,
			"fee_fen", (json_int_t)sub.fee, "subsidy_fen", (json_int_t)sub.subsidy);
	ok = audit_append(c, who, AUDIT_WRITE, "eldercare.call_subscriber.create",
			  "ec_call_subscriber", id, p.division, reason, out, e);
	json_decref(out);
	if (ok || store_commit(c, e))
		goto fail;
	return ec_call_subscriber_get(c, who, id, e);
fail:
	store_rollback(c);
	return NULL;
}

#define SUB_SQL                                                                        \
	"SELECT s.id, s.person_id, s.division_code, s.provider_id, s.device_code,"      \
	" s.device_kind, s.subsidy_category, s.fee_fen, s.subsidy_fen, s.daily_checkin," \
	" s.status, s.started_on, s.ended_on FROM ec_call_subscribers s"

static json_t *sub_row(store_stmt *st)
{
	const char *ended = store_col_text(st, 12);

	return json_pack("{s:I,s:I,s:s,s:o,s:s,s:s,s:s,s:I,s:I,s:b,s:s,s:s,s:o}", "id",
			 (json_int_t)store_col_i64(st, 0), "person_id",
			 (json_int_t)store_col_i64(st, 1), "division_code", store_col_text(st, 2),
			 "provider_id",
			 store_col_is_null(st, 3) ? json_null() : json_integer(store_col_i64(st, 3)),
			 "device_code", store_col_text(st, 4), "device_kind", store_col_text(st, 5),
			 "subsidy_category", store_col_text(st, 6), "fee_fen",
			 (json_int_t)store_col_i64(st, 7), "subsidy_fen",
			 (json_int_t)store_col_i64(st, 8), "daily_checkin",
			 (int)store_col_i64(st, 9), "status", store_col_text(st, 10), "started_on",
			 store_col_text(st, 11), "ended_on", ended ? json_string(ended) : json_null());
}

json_t *ec_call_subscriber_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	int64_t own;
	store_stmt *st;
	json_t *o = NULL, *cts;
	ec_person p;
	int r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	st = store_prepare(c, SUB_SQL " WHERE s.id = ? AND " ACCESS_SCOPE_SQL("s.division_code")
				  " AND (? = 0 OR s.provider_id = ?)", e);
	if (!st)
		return NULL;
	store_params(st, id, access_scope_arg(who), own, own);
	r = store_step(st, e);
	if (r == 1)
		o = sub_row(st);
	store_done(st);
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "id", "no subscriber %lld", "平安通用户 %lld 不存在",
			 (long long)id);
	if (!o)
		return NULL;
	/* The person was in scope when subscribed; load it without a second
	 * scope check so a provider user (scoped to its own area) sees it. */
	{
		access_ctx sys = *who;

		sys.scope_lo[0] = 0;
		mz_strlcpy(sys.scope_hi, "\x7f", sizeof(sys.scope_hi));
		if (ec_person_load(c, &sys, json_integer_value(json_object_get(o, "person_id")), &p, e))
			goto fail;
	}
	json_object_set_new(o, "person", ec_person_brief(&p, mz_today()));
	cts = json_array();
	json_object_set_new(o, "contacts", cts);
	st = store_prepare(c, "SELECT ord, name, phone, relation FROM ec_call_contacts WHERE"
			      " subscriber_id = ? AND person_id = ? ORDER BY ord", e);
	if (!st)
		goto fail;
	store_params(st, id, p.id);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(cts, json_pack("{s:I,s:s,s:s,s:s}", "ord",
						     (json_int_t)store_col_i64(st, 0), "name",
						     store_col_text(st, 1), "phone", store_col_text(st, 2),
						     "relation", store_col_text(st, 3)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.call_subscriber.read",
				  "ec_call_subscriber", id,
				  json_string_value(json_object_get(o, "division_code")), "", NULL, e))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* The subscribers' list sorts by these (the route declares the same keys). */
static const store_order subscriber_orders[] = {
	{ "id", "s.id" }, { "started_on", "s.started_on" }, { "device_kind", "s.device_kind" },
	{ "subsidy_category", "s.subsidy_category" }, { "fee_fen", "s.fee_fen" },
	{ "division_code", "s.division_code" }, { NULL, NULL }
};

json_t *ec_call_subscriber_list(store_conn *c, const access_ctx *who, const char *division,
				const char *sort, int64_t page, int64_t page_size, mz_err *e)
{
	char lo[16], hi[16];
	int64_t own, total = 0;
	store_stmt *st;
	json_t *items;
	mz_buf sql;
	int r;

	if (ec_scope_range(who, division, lo, hi, e) || ec_provider_of(c, who, &own, e))
		return NULL;
	st = store_prepare(c, "SELECT count(*) FROM ec_call_subscribers s WHERE s.status = 'active'"
			      " AND " ACCESS_SCOPE_SQL("s.division_code") " AND (? = 0 OR s.provider_id = ?)", e);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), own, own);
	r = store_step(st, e);
	if (r == 1)
		total = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return NULL;
	st = NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT s.id, s.person_id, s.division_code, s.provider_id, s.device_code,"
		    " s.device_kind, s.subsidy_category, s.fee_fen, s.subsidy_fen, s.daily_checkin,"
		    " s.status, s.started_on, s.ended_on"
		    " FROM ec_call_subscribers s"
		    " WHERE s.status = 'active' AND " ACCESS_SCOPE_SQL("s.division_code")
		    " AND (? = 0 OR s.provider_id = ?)");
	if (!store_order_by(&sql, subscriber_orders, sort, "s.id DESC", "s.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params_at(st, 1, store_arg_range(lo, hi));
	store_bind_i64(st, 3, own);
	store_bind_i64(st, 4, own);
	store_bind_i64(st, 5, page_size);
	store_bind_i64(st, 6, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, sub_row(st));
	store_done(st);
	/* Who each subscriber is: the registry's, for the whole page at once. */
	if (r < 0 || ec_items_name_persons(c, items, 1, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.call_subscriber.list",
			 "ec_call_subscriber", 0, lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
}

int ec_call_subscriber_end(store_conn *c, const access_ctx *who, int64_t id,
			   const char *ended_on, const char *reason, mz_err *e)
{
	json_t *s;
	mz_day d;
	store_stmt *st;
	int r;

	if (ec_parse_day(ended_on, "ended_on", &d, e) || ec_check_reason(reason, e))
		return -1;
	s = ec_call_subscriber_get(c, who, id, e);
	if (!s)
		return -1;
	if (strcmp(json_string_value(json_object_get(s, "status")), "active")) {
		json_decref(s);
		return mz_fail(e, MZ_ESTATE, "id", "the subscription has already ended", "该平安通服务已终止");
	}
	if (store_begin(c, e))
		goto out;
	st = store_prepare(c, "UPDATE ec_call_subscribers SET status = 'ended', ended_on = ?"
			      " WHERE id = ? AND status = 'active'", e);
	if (!st)
		goto fail;
	store_params(st, ended_on, id);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) != 1) {
		/* Ended by someone else since it was read above. */
		store_done(st);
		mz_fail(e, MZ_ESTATE, "id", "the subscription has already ended", "该平安通服务已终止");
		goto fail;
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.call_subscriber.end",
				  "ec_call_subscriber", id,
				  json_string_value(json_object_get(s, "division_code")), reason, NULL,
				  e) ||
	    store_commit(c, e))
		goto fail;
	json_decref(s);
	return 0;
fail:
	store_rollback(c);
out:
	json_decref(s);
	return -1;
}

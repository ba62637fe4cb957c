/* canteen.c - canteens: create, change, read, list; who may act on one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "registry/registry.h"
#include "store/order.h"
#include "store/query.h"

#define CANTEEN_COLS                                                                  \
	"k.id, k.provider_id, p.name, k.name, k.address, k.division_code,"          \
	" k.lat_e6, k.lon_e6, k.hours, k.capacity, k.delivery_radius_m, k.status"
#define CANTEEN_FROM                                                                  \
	" FROM ec_canteens k JOIN ec_providers p ON p.id = k.provider_id"

/* The division's name is the registry's ("" for an unknown code). */
static json_t *canteen_row(store_conn *c, store_stmt *st)
{
	char division_name[128];

	registry_division_name(c, store_col_text(st, 5), division_name, sizeof(division_name));
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:s,s:I,s:I,s:s}", "id",
			 (json_int_t)store_col_i64(st, 0), "provider_id",
			 (json_int_t)store_col_i64(st, 1), "provider_name", store_col_text(st, 2),
			 "name", store_col_text(st, 3), "address", store_col_text(st, 4),
			 "division_code", store_col_text(st, 5), "division_name", division_name,
			 "lat", (double)store_col_i64(st, 6) / 1e6, "lon",
			 (double)store_col_i64(st, 7) / 1e6, "hours", store_col_text(st, 8),
			 "capacity", (json_int_t)store_col_i64(st, 9), "delivery_radius_m",
			 (json_int_t)store_col_i64(st, 10), "status", store_col_text(st, 11));
}

int ec_canteen_access(store_conn *c, const access_ctx *who, int64_t id, ec_canteen *k,
		      mz_err *e)
{
	int64_t mine;
	store_stmt *st;
	int r;

	if (ec_provider_of(c, who, &mine, e))
		return -1;
	st = store_prepare(c, "SELECT id, provider_id, name, division_code, status, lat_e6, lon_e6,"
			      " hours FROM ec_canteens WHERE id = ?", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	r = store_step(st, e);
	if (r == 1) {
		k->id = store_col_i64(st, 0);
		k->provider_id = store_col_i64(st, 1);
		mz_strlcpy(k->name, store_col_text(st, 2), sizeof(k->name));
		mz_strlcpy(k->division, store_col_text(st, 3), sizeof(k->division));
		mz_strlcpy(k->status, store_col_text(st, 4), sizeof(k->status));
		k->lat_e6 = (int)store_col_i64(st, 5);
		k->lon_e6 = (int)store_col_i64(st, 6);
		mz_strlcpy(k->hours, store_col_text(st, 7), sizeof(k->hours));
	}
	store_done(st);
	if (r < 0)
		return -1;
	/* Another provider's canteen, or one outside the caller's scope, does
	 * not exist for the caller. */
	if (r == 0 || (mine ? k->provider_id != mine : !access_in_scope(who, k->division)))
		return mz_failf(e, MZ_ENOTFOUND, "canteen_id", "no canteen %lld",
				"长者饭堂 %lld 不存在", (long long)id);
	return 0;
}

/* "HH:MM-HH:MM" ranges separated by commas, each opening before it closes. */
static int check_hours(const char *h, mz_err *e)
{
	const char *p = h;

	if (!h || !*h || strlen(h) > 100)
		goto bad;
	for (;;) {
		int a, b, c2, d, n = 0;

		if (sscanf(p, "%2d:%2d-%2d:%2d%n", &a, &b, &c2, &d, &n) != 4 || n != 11 ||
		    a > 23 || c2 > 24 || b > 59 || d > 59 || a * 60 + b >= c2 * 60 + d)
			goto bad;
		p += n;
		if (!*p)
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	return mz_fail(e, MZ_EINVAL, "hours", "hours must look like 10:30-13:30,16:30-18:30",
		       "营业时间格式如 10:30-13:30,16:30-18:30");
}

int ec_canteen_open_at(const char *hours, int minute)
{
	const char *p = hours;

	while (p && *p) {
		int a, b, c2, d, n = 0;

		if (sscanf(p, "%2d:%2d-%2d:%2d%n", &a, &b, &c2, &d, &n) != 4)
			return 0;
		if (minute >= a * 60 + b && minute < c2 * 60 + d)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Degrees as a JSON number -> microdegrees, within Guangzhou's box. */
static int coord(json_t *in, const char *k, double lo, double hi, int *out, mz_err *e)
{
	json_t *v = json_object_get(in, k);
	double d;

	if (!json_is_number(v))
		return mz_failf(e, MZ_EINVAL, k, "'%s' (degrees) is required", "请填写坐标 '%s'（度）", k);
	d = json_number_value(v);
	if (d < lo || d > hi)
		return mz_failf(e, MZ_EINVAL, k, "'%s' is outside Guangzhou", "坐标 '%s' 不在广州市范围内",
				k);
	*out = (int)lround(d * 1e6);
	return 0;
}

static int int_field(json_t *in, const char *k, int64_t min, int64_t max, int64_t *out,
		     mz_err *e)
{
	json_t *v = json_object_get(in, k);

	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return mz_failf(e, MZ_EINVAL, k, "'%s' must be an integer from %lld to %lld",
				"'%s' 须为 %lld 至 %lld 之间的整数", k, (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int text_field(json_t *in, const char *k, size_t max, const char **out, mz_err *e)
{
	*out = json_string_value(json_object_get(in, k));
	if (!*out || !**out || strlen(*out) > max)
		return mz_failf(e, MZ_EINVAL, k, "'%s' is required (at most %zu bytes)",
				"请填写 '%s'（不超过 %zu 字节）", k, max);
	return 0;
}

json_t *ec_canteen_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	ec_canteen k;
	store_stmt *st;
	json_t *o = NULL;
	int r;

	if (ec_canteen_access(c, who, id, &k, e))
		return NULL;
	st = store_prepare(c, "SELECT " CANTEEN_COLS CANTEEN_FROM " WHERE k.id = ?", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	r = store_step(st, e);
	if (r == 1)
		o = canteen_row(c, st);
	store_done(st);
	return o;
}

json_t *ec_canteen_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	const char *name, *address, *division, *hours, *reason;
	int64_t provider_id = 0, capacity = 0, radius = 0, now = mz_now_unix(), id = 0;
	char pdiv[16] = "", pkind[16] = "";
	int lat, lon, r;
	store_stmt *st;

	if (who->role == ROLE_SERVICE_PROVIDER)
		return mz_fail(e, MZ_EFORBIDDEN, "", "canteens are registered by the civil-affairs office",
			       "长者饭堂由民政部门登记"), NULL;
	if (int_field(in, "provider_id", 1, INT64_MAX, &provider_id, e) ||
	    text_field(in, "name", 120, &name, e) || text_field(in, "address", 300, &address, e) ||
	    text_field(in, "division_code", 12, &division, e) ||
	    coord(in, "lat", 22.4, 24.1, &lat, e) || coord(in, "lon", 112.9, 114.1, &lon, e) ||
	    text_field(in, "hours", 100, &hours, e) || check_hours(hours, e) ||
	    int_field(in, "capacity", 1, 10000, &capacity, e) ||
	    (json_object_get(in, "delivery_radius_m") &&
	     int_field(in, "delivery_radius_m", 0, 50000, &radius, e)))
		return NULL;
	reason = json_string_value(json_object_get(in, "reason"));
	if (ec_check_reason(reason, e))
		return NULL;
	if (strlen(division) < 9 || !access_in_scope(who, division))
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "the canteen's street or community must be within your scope",
			       "饭堂所在镇街或社区须在您的管辖范围内"), NULL;
	st = store_prepare(c, "SELECT division_code, kind FROM ec_providers WHERE id = ?", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, provider_id);
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(pdiv, store_col_text(st, 0), sizeof(pdiv));
		mz_strlcpy(pkind, store_col_text(st, 1), sizeof(pkind));
	}
	store_done(st);
	if (r < 0)
		return NULL;
	/* The operator may be registered elsewhere (a city-wide chain), but the
	 * caller must be able to see it. */
	if (r == 0 || !access_in_scope(who, pdiv))
		return mz_fail(e, MZ_EINVAL, "provider_id", "no such provider within your scope",
			       "您的管辖范围内没有该服务机构"), NULL;
	if (strcmp(pkind, "canteen") && strcmp(pkind, "mixed"))
		return mz_fail(e, MZ_EINVAL, "provider_id", "the provider does not run canteens",
			       "该服务机构不是助餐服务机构"), NULL;
	/* The same canteen twice (the same name at the same address, or the
	 * same name in the same community) is most often a second registration
	 * by mistake: warned, and registered only when the caller confirms. */
	if (!json_is_true(json_object_get(in, "confirm_duplicate"))) {
		int64_t dup = 0;

		r = store_row(c, e, "SELECT id FROM ec_canteens WHERE name = ? AND (address = ?"
				    " OR division_code = ?) ORDER BY id LIMIT 1",
			      STORE_INTO(&dup), name, address, division);
		if (r < 0)
			return NULL;
		if (r == 1)
			return mz_failf(e, MZ_ECONFLICT, "name",
					"canteen %lld has the same name at the same address or community;"
					" send confirm_duplicate to register another",
					"已有同名同址（或同社区）的长者饭堂 %lld，确认确需另行登记后再提交",
					(long long)dup), NULL;
	}
	if (store_begin(c, e))
		return NULL;
	id = store_insert_id(c, e,
			"INSERT INTO ec_canteens (provider_id, name, address, division_code,"
			" lat_e6, lon_e6, hours, capacity, delivery_radius_m, created_at,"
			" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			provider_id, name, address, division, lat, lon, hours, capacity, radius,
			now, now);
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r < 0) {
		if (e && e->code == MZ_ECONFLICT)
			mz_fail(e, MZ_EINVAL, "division_code", "no such division", "区划不存在");
		goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "eldercare.canteen.create", "ec_canteen", id, division,
			 reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return ec_canteen_get(c, who, id, e);
fail:
	store_rollback(c);
	return NULL;
}

json_t *ec_canteen_update(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			  mz_err *e)
{
	const char *reason = json_string_value(json_object_get(in, "reason"));
	const char *s, *key;
	json_t *v, *changes = json_object();
	ec_canteen k;
	int64_t n = 0;
	mz_buf sql;
	store_stmt *st;
	int r, nb = 0;

	if (who->role == ROLE_SERVICE_PROVIDER)
		goto forbidden;
	json_object_foreach(in, key, v) {
		if (!strcmp(key, "reason"))
			continue;
		if (!strcmp(key, "hours")) {
			if (text_field(in, key, 100, &s, e) || check_hours(s, e))
				goto bad;
		} else if (!strcmp(key, "name") || !strcmp(key, "address")) {
			if (text_field(in, key, !strcmp(key, "name") ? 120 : 300, &s, e))
				goto bad;
		} else if (!strcmp(key, "capacity")) {
			if (int_field(in, key, 1, 10000, &n, e))
				goto bad;
		} else if (!strcmp(key, "delivery_radius_m")) {
			if (int_field(in, key, 0, 50000, &n, e))
				goto bad;
		} else if (!strcmp(key, "status")) {
			s = json_string_value(v);
			if (!s || (strcmp(s, "open") && strcmp(s, "closed"))) {
				mz_fail(e, MZ_EINVAL, "status", "status must be open or closed",
					"状态须为营业或停业");
				goto bad;
			}
		} else {
			mz_failf(e, MZ_EINVAL, key, "field '%s' cannot be changed", "字段 '%s' 不可修改",
				 key);
			goto bad;
		}
		json_object_set(changes, key, v);
	}
	if (ec_check_reason(reason, e) || ec_canteen_access(c, who, id, &k, e))
		goto bad;
	if (!json_object_size(changes)) {
		json_decref(changes);
		return ec_canteen_get(c, who, id, e);
	}
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "UPDATE ec_canteens SET updated_at = ?");
	json_object_foreach(changes, key, v)
		mz_buf_printf(&sql, ", %s = ?", key); /* keys checked against the list above */
	mz_buf_puts(&sql, " WHERE id = ?");
	if (store_begin(c, e)) {
		mz_buf_release(&sql);
		goto bad;
	}
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		goto fail;
	store_bind_i64(st, ++nb, mz_now_unix());
	json_object_foreach(changes, key, v) {
		if (json_is_integer(v))
			store_bind_i64(st, ++nb, json_integer_value(v));
		else
			store_bind_text(st, ++nb, json_string_value(v));
	}
	store_bind_i64(st, ++nb, id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.canteen.update", "ec_canteen", id,
				  k.division, reason, changes, e) ||
	    store_commit(c, e))
		goto fail;
	json_decref(changes);
	return ec_canteen_get(c, who, id, e);
forbidden:
	mz_fail(e, MZ_EFORBIDDEN, "", "canteens are changed by the civil-affairs office",
		"饭堂信息由民政部门变更");
	goto bad;
fail:
	store_rollback(c);
bad:
	json_decref(changes);
	return NULL;
}

/* The canteens' list sorts by these (the route declares the same keys). */
static const store_order canteen_orders[] = {
	{ "id", "k.id" }, { "name", "k.name" }, { "division_code", "k.division_code" },
	{ "provider", "p.name" }, { "capacity", "k.capacity" }, { "status", "k.status" },
	{ NULL, NULL }
};

json_t *ec_canteen_list(store_conn *c, const access_ctx *who, const char *division,
			const char *sort, int64_t page, int64_t page_size, mz_err *e)
{
	char lo[16], hi[16];
	int64_t mine, total = 0;
	store_stmt *st;
	json_t *items;
	mz_buf sql;
	int r;

	if (ec_provider_of(c, who, &mine, e))
		return NULL;
	if (mine) { /* a provider sees its own canteens wherever they are */
		mz_strlcpy(lo, "0", sizeof(lo));
		mz_strlcpy(hi, "9999999999999", sizeof(hi));
	} else if (ec_scope_range(who, division, lo, hi, e)) {
		return NULL;
	}
	st = store_prepare(c, "SELECT count(*) FROM ec_canteens k WHERE " ACCESS_SCOPE_SQL("k.division_code")
			      " AND (? = 0 OR k.provider_id = ?)", e);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), mine, mine);
	r = store_step(st, e);
	total = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		return NULL;
	st = NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT " CANTEEN_COLS CANTEEN_FROM " WHERE " ACCESS_SCOPE_SQL("k.division_code")
		    " AND (? = 0 OR k.provider_id = ?)");
	if (!store_order_by(&sql, canteen_orders, sort, "k.division_code, k.id", "k.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), mine, mine, page_size, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, canteen_row(c, st));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
}

/* params.c - dated, per-division parameters of elderly care. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"

typedef enum { PK_INT, PK_FEN, PK_LIST, PK_ORDER, PK_RANKS } pkind;

/* The parameters the code reads. Bounds catch typing slips (a price of
 * 12000 yuan, a reach of 0 minutes), not policy choices. */
static const struct pdef {
	const char *name;
	pkind kind;
	int64_t min, max;
	const char *zh, *en;
} defs[] = {
	{ "assess.reassess_months", PK_INT, 1, 60, "定期复评间隔（月）", "Re-assessment interval (months)" },
	{ "assess.change_due_days", PK_INT, 0, 90, "状况变化后复评期限（天）", "Days to re-assess after a reported change" },
	{ "canteen.price_fen", PK_FEN, 100, 10000, "餐标（分）", "Meal price (fen)" },
	{ "canteen.pay_hardship_fen", PK_FEN, 0, 10000, "困难老人自付（分）", "Hardship elders pay (fen)" },
	{ "canteen.pay_age_high_fen", PK_FEN, 0, 10000, "高龄老人自付（分）", "Very old elders pay (fen)" },
	{ "canteen.pay_age_min_fen", PK_FEN, 0, 10000, "一般老人自付（分）", "Other elders pay (fen)" },
	{ "canteen.age_min", PK_INT, 50, 100, "助餐起始年龄", "Minimum age for meal subsidy" },
	{ "canteen.age_high", PK_INT, 60, 120, "高龄档起始年龄", "Age of the very-old tier" },
	{ "canteen.hardship_categories", PK_LIST, 0, 0, "困难老人类别", "Hardship categories" },
	{ "canteen.city_share_fen", PK_FEN, 0, 10000, "市级补贴（分/餐）", "City share (fen per meal)" },
	{ "canteen.district_share_fen", PK_FEN, 0, 10000, "区级补贴（分/餐）", "District share (fen per meal)" },
	{ "canteen.lunch_from_min", PK_INT, 0, 1439, "午餐开始（分钟）", "Lunch starts (minute of day)" },
	{ "canteen.dinner_from_min", PK_INT, 0, 1439, "晚餐开始（分钟）", "Dinner starts (minute of day)" },
	{ "canteen.anomaly_meals_per_day", PK_INT, 1, 20, "单人单日用餐异常阈值", "Meals per elder per day flagged" },
	{ "coverage.detour_permille", PK_INT, 1000, 3000, "步行绕行系数（‰）", "Walking detour factor (per mille)" },
	{ "coverage.walk_m_per_min", PK_INT, 20, 120, "步行速度（米/分钟）", "Walking speed (m/min)" },
	{ "coverage.reach_minutes", PK_INT, 1, 60, "服务圈（分钟）", "Reach (minutes)" },
	{ "call.fee_cap_fen", PK_FEN, 0, 100000, "平安通月费上限（分）", "平安通 monthly fee cap (fen)" },
	{ "call.cat1_permille", PK_INT, 0, 1000, "一类对象补贴比例（‰）", "Category 1 subsidy (per mille)" },
	{ "call.cat2_permille", PK_INT, 0, 1000, "二类对象补贴比例（‰）", "Category 2 subsidy (per mille)" },
	{ "call.cat2_age", PK_INT, 60, 120, "二类对象高龄年龄", "Category 2 age" },
	{ "call.cat1_categories", PK_LIST, 0, 0, "一类对象类别", "Category 1 categories" },
	{ "call.response_target_s", PK_INT, 60, 86400, "响应时限（秒）", "Response target (seconds)" },
	{ "waitlist.offer_days", PK_INT, 1, 60, "床位确认期限（天）", "Days to accept an offered bed" },
	{ "waitlist.order", PK_ORDER, 0, 0, "轮候排序规则", "Waiting-list order" },
	{ "waitlist.category_ranks", PK_RANKS, 0, 0, "优先类别次序", "Priority category ranks" },
	{ "homebed.visit_grace_days", PK_INT, 0, 14, "服务缺失判定宽限（天）", "Grace days before a visit is missing" },
	{ "visits.very_old_age", PK_INT, 60, 120, "探访高龄年龄", "Very old age for monthly visits" },
	{ "visits.min_age", PK_INT, 50, 100, "探访起始年龄", "Minimum age for monthly visits" },
	{ "visits.categories", PK_LIST, 0, 0, "探访对象类别", "Categories visited monthly" },
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

static const struct pdef *def_find(const char *name)
{
	for (size_t i = 0; name && i < NDEFS; i++)
		if (!strcmp(defs[i].name, name))
			return &defs[i];
	return NULL;
}

int ec_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, item, n))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

int ec_params_load(store_conn *c, mz_day on, ec_params *p, mz_err *e)
{
	char day[11];
	store_stmt *st;
	size_t cap = 64;
	int r;

	memset(p, 0, sizeof(*p));
	p->on = on;
	mz_day_format(on, day);
	st = store_prepare(c, "SELECT name, division_code, valid_from, value FROM ec_params"
			      " WHERE valid_from <= ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, day);
	p->rows = mz_xmalloc(cap * sizeof(*p->rows));
	while ((r = store_step(st, e)) == 1) {
		ec_param_row *row;

		if (p->n == cap) {
			cap *= 2;
			p->rows = mz_xrealloc(p->rows, cap * sizeof(*p->rows));
		}
		row = &p->rows[p->n++];
		mz_strlcpy(row->name, store_col_text(st, 0), sizeof(row->name));
		mz_strlcpy(row->division, store_col_text(st, 1), sizeof(row->division));
		mz_strlcpy(row->valid_from, store_col_text(st, 2), sizeof(row->valid_from));
		mz_strlcpy(row->value, store_col_text(st, 3), sizeof(row->value));
	}
	store_done(st);
	if (r < 0) {
		ec_params_release(p);
		return -1;
	}
	return 0;
}

void ec_params_release(ec_params *p)
{
	if (!p)
		return;
	free(p->rows);
	p->rows = NULL;
	p->n = 0;
}

const char *ec_param_text(const ec_params *p, const char *name, const char *division)
{
	const ec_param_row *best = NULL;
	size_t best_len = 0;

	if (!division)
		division = "";
	for (size_t i = 0; i < p->n; i++) {
		const ec_param_row *r = &p->rows[i];
		size_t len = strlen(r->division);

		if (strcmp(r->name, name) || strncmp(r->division, division, len))
			continue;
		/* The most specific division wins; within it the latest date. */
		if (!best || len > best_len ||
		    (len == best_len && strcmp(r->valid_from, best->valid_from) > 0)) {
			best = r;
			best_len = len;
		}
	}
	return best ? best->value : NULL;
}

int ec_param_str(const ec_params *p, const char *name, const char *division,
		 const char **out, mz_err *e)
{
	char day[11];

	*out = ec_param_text(p, name, division);
	if (*out)
		return 0;
	mz_day_format(p->on, day);
	return mz_failf(e, MZ_ESTATE, name, "parameter '%s' has no value in force on %s",
			"参数 '%s' 在 %s 没有生效的取值", name, day);
}

int ec_param_int(const ec_params *p, const char *name, const char *division,
		 int64_t *out, mz_err *e)
{
	const char *v;
	char *end;

	if (ec_param_str(p, name, division, &v, e))
		return -1;
	*out = strtoll(v, &end, 10);
	if (!*v || *end)
		return mz_failf(e, MZ_ESTATE, name, "parameter '%s' is not an integer",
				"参数 '%s' 不是整数", name);
	return 0;
}

/* ---- listing and setting ---------------------------------------------- */

static const char *kind_name(pkind k)
{
	switch (k) {
	case PK_INT: return "int";
	case PK_FEN: return "fen";
	case PK_LIST: return "categories";
	case PK_ORDER: return "order";
	case PK_RANKS: return "ranks";
	}
	return "text";
}

json_t *ec_params_list(store_conn *c, const access_ctx *who, mz_err *e)
{
	json_t *items = json_array(), *byname = json_object();
	store_stmt *st;
	int r;

	(void)who; /* parameters are public policy, not personal data */
	for (size_t i = 0; i < NDEFS; i++) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:[]}", "name", defs[i].name, "label_zh",
				      defs[i].zh, "label_en", defs[i].en, "kind",
				      kind_name(defs[i].kind), "rows");
		if (defs[i].kind == PK_INT || defs[i].kind == PK_FEN) {
			json_object_set_new(o, "min", json_integer(defs[i].min));
			json_object_set_new(o, "max", json_integer(defs[i].max));
		}
		json_array_append_new(items, o);
		json_object_set(byname, defs[i].name, o);
	}
	st = store_prepare(c, "SELECT name, division_code, valid_from, value, source, set_by,"
			      " set_at FROM ec_params ORDER BY name, valid_from DESC, division_code", e);
	if (!st)
		goto fail;
	while ((r = store_step(st, e)) == 1) {
		json_t *o = json_object_get(byname, store_col_text(st, 0));

		if (!o)
			continue; /* a retired parameter: kept for history, not shown */
		json_array_append_new(json_object_get(o, "rows"),
				      json_pack("{s:s,s:s,s:s,s:s,s:s,s:I}", "division_code",
						store_col_text(st, 1), "valid_from",
						store_col_text(st, 2), "value", store_col_text(st, 3),
						"source", store_col_text(st, 4), "set_by",
						store_col_text(st, 5), "set_at",
						(json_int_t)store_col_i64(st, 6)));
	}
	store_done(st);
	if (r < 0)
		goto fail;
	json_decref(byname);
	return json_pack("{s:o}", "items", items);
fail:
	json_decref(byname);
	json_decref(items);
	return NULL;
}

static int check_value(const struct pdef *d, const char *v, mz_err *e)
{
	static const char *order_keys[] = { "category", "level", "age", "special_family",
					    "youfu", "applied_on" };
	char buf[256], *save = NULL, *tok;

	if (!v || !*v || strlen(v) >= sizeof(buf))
		return mz_fail(e, MZ_EINVAL, "value", "value is required (at most 255 bytes)",
			       "取值不能为空（不超过 255 字节）");
	if (d->kind == PK_INT || d->kind == PK_FEN) {
		char *end;
		long long n = strtoll(v, &end, 10);

		if (*end || n < d->min || n > d->max)
			return mz_failf(e, MZ_EINVAL, "value",
					"value of '%s' must be an integer from %lld to %lld",
					"参数 '%s' 须为 %lld 至 %lld 之间的整数", d->name,
					(long long)d->min, (long long)d->max);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int ok = 0;

		if (d->kind == PK_LIST) {
			ok = ec_category_valid(tok);
		} else if (d->kind == PK_ORDER) {
			for (size_t i = 0; i < sizeof(order_keys) / sizeof(order_keys[0]); i++)
				ok |= !strcmp(tok, order_keys[i]);
		} else { /* PK_RANKS: category:rank */
			char *colon = strchr(tok, ':');
			char *end;

			if (colon) {
				*colon = '\0';
				ok = ec_category_valid(tok) && strtol(colon + 1, &end, 10) > 0 &&
				     !*end && colon[1];
			}
		}
		if (!ok)
			return mz_failf(e, MZ_EINVAL, "value", "'%s' is not valid in '%s'",
					"'%s' 不是参数 '%s' 的有效取值", tok, d->name);
	}
	return 0;
}

int ec_param_set(store_conn *c, const access_ctx *who, const char *name,
		 const char *division, const char *valid_from, const char *value,
		 const char *source, const char *reason, mz_err *e)
{
	const struct pdef *d = def_find(name);
	store_stmt *st;
	json_t *detail;
	mz_day from;
	int r;

	if (!d)
		return mz_failf(e, MZ_EINVAL, "name", "unknown parameter '%s'", "未知参数 '%s'",
				name ? name : "");
	if (!division)
		division = "";
	if (who->role != ROLE_CITY_ADMIN && who->role != ROLE_DISTRICT_OFFICER)
		return mz_fail(e, MZ_EFORBIDDEN, "", "only city and district officers set parameters",
			       "仅市、区民政部门可设置参数");
	/* A district officer sets values for their own district, never the city. */
	if (!*division ? who->role != ROLE_CITY_ADMIN
		       : (strlen(division) > 12 || !access_in_scope(who, division)))
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "the division must be within your scope",
			       "区划须在您的管辖范围内");
	if (ec_check_reason(reason, e) || ec_parse_day(valid_from, "valid_from", &from, e) ||
	    check_value(d, value, e))
		return -1;
	if (from < mz_today())
		return mz_fail(e, MZ_EINVAL, "valid_from",
			       "a parameter cannot change retroactively: valid_from must be today or later",
			       "参数不能追溯修改：生效日期须为今天或以后");
	if (!source || !*source || strlen(source) > 300)
		return mz_fail(e, MZ_EINVAL, "source", "source is required (the document, or '(unverified)')",
			       "请填写依据（文件名称，或注明待核实）");
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "DELETE FROM ec_params WHERE name = ? AND division_code = ?"
			      " AND valid_from = ?", e);
	if (!st)
		goto fail;
	store_params(st, name, division, valid_from);
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail;
	st = store_prepare(c, "INSERT INTO ec_params (name, division_code, valid_from, value,"
			      " source, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st)
		goto fail;
	store_params(st, name, division, valid_from, value, source, who->login, mz_now_unix());
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail;
	detail = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", name, "division_code", division,
			   "valid_from", valid_from, "value", value, "source", source);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.param.set", "ec_param", 0, division, reason,
			 detail, e);
	json_decref(detail);
	if (r || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

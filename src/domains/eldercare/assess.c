/* assess.c - ability assessments: the standard from its tables, recording,
 * history, the current level and re-assessments falling due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"
#include "store/order.h"

static void copy_col(store_stmt *st, int col, char *out, size_t cap)
{
	const char *v = store_col_text(st, col);
	mz_strlcpy(out, v ? v : "", cap);
}

int ec_assess_std_load(store_conn *c, const char *code, mz_day on, ec_assess_std *s,
		       mz_err *e)
{
	char day[11];
	store_stmt *st;
	int r;

	memset(s, 0, sizeof(*s));
	mz_day_format(on, day);
	if (code && *code) {
		st = store_prepare(c, "SELECT code, name_zh FROM ec_assess_standards WHERE code = ?", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, code);
	} else {
		st = store_prepare(c, "SELECT code, name_zh FROM ec_assess_standards WHERE valid_from <= ?"
				      " ORDER BY valid_from DESC LIMIT 1", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, day);
	}
	r = store_step(st, e);
	if (r == 1) {
		copy_col(st, 0, s->code, sizeof(s->code));
		copy_col(st, 1, s->name_zh, sizeof(s->name_zh));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_failf(e, MZ_ESTATE, "standard", "no assessment standard in force on %s",
				"%s 没有生效的老年人能力评估标准", day);

	st = store_prepare(c, "SELECT code, name_zh, name_en FROM ec_assess_dimensions"
			      " WHERE standard = ? ORDER BY ord", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->ndims < EC_ASSESS_MAX_DIMS) {
		ec_assess_dim *d = &s->dims[s->ndims++];
		copy_col(st, 0, d->code, sizeof(d->code));
		copy_col(st, 1, d->name_zh, sizeof(d->name_zh));
		copy_col(st, 2, d->name_en, sizeof(d->name_en));
	}
	store_done(st);
	if (r < 0)
		return -1;

	st = store_prepare(c, "SELECT code, dimension, name_zh, name_en, min_score, max_score"
			      " FROM ec_assess_items WHERE standard = ? ORDER BY ord", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->nitems < EC_ASSESS_MAX_ITEMS) {
		ec_assess_item *it = &s->items[s->nitems++];
		copy_col(st, 0, it->code, sizeof(it->code));
		copy_col(st, 1, it->dimension, sizeof(it->dimension));
		copy_col(st, 2, it->name_zh, sizeof(it->name_zh));
		copy_col(st, 3, it->name_en, sizeof(it->name_en));
		it->min = (int)store_col_i64(st, 4);
		it->max = (int)store_col_i64(st, 5);
	}
	store_done(st);
	if (r < 0)
		return -1;

	/* Grades and combinations: a standard that grades by them (MZ/T 039-2013). */
	st = store_prepare(c, "SELECT dimension, grade, expr FROM ec_assess_dim_grades"
			      " WHERE standard = ? ORDER BY dimension, ord", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->ngrades < EC_ASSESS_MAX_GRADES) {
		ec_assess_grade *g = &s->grades[s->ngrades];
		const char *dim = store_col_text(st, 0);

		g->dim = -1;
		for (int d = 0; d < s->ndims; d++)
			if (!strcmp(s->dims[d].code, dim))
				g->dim = d;
		g->grade = (int)store_col_i64(st, 1);
		copy_col(st, 2, g->expr, sizeof(g->expr));
		if (g->dim >= 0)
			s->ngrades++;
		else
			r = -2;
		if (r == -2)
			break;
	}
	store_done(st);
	if (r == -2)
		return mz_failf(e, MZ_ESTATE, "standard", "a grade of %s names an unknown dimension",
				"评估标准 %s 的分级引用了未知维度", s->code);
	if (r < 0)
		return -1;
	st = store_prepare(c, "SELECT level, expr, name_zh FROM ec_assess_combos"
			      " WHERE standard = ? ORDER BY ord", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->ncombos < EC_ASSESS_MAX_COMBOS) {
		ec_assess_combo *k = &s->combos[s->ncombos++];

		k->level = (int)store_col_i64(st, 0);
		copy_col(st, 1, k->expr, sizeof(k->expr));
		copy_col(st, 2, k->name_zh, sizeof(k->name_zh));
	}
	store_done(st);
	if (r < 0)
		return -1;

	st = store_prepare(c, "SELECT level, min_total, name_zh, name_en FROM ec_assess_levels"
			      " WHERE standard = ? ORDER BY min_total DESC", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->nlevels < EC_ASSESS_MAX_LEVELS) {
		ec_assess_level *l = &s->levels[s->nlevels++];
		l->level = (int)store_col_i64(st, 0);
		l->min_total = (int)store_col_i64(st, 1);
		copy_col(st, 2, l->name_zh, sizeof(l->name_zh));
		copy_col(st, 3, l->name_en, sizeof(l->name_en));
	}
	store_done(st);
	if (r < 0)
		return -1;

	st = store_prepare(c, "SELECT code, kind, subject, value, level, name_zh, name_en"
			      " FROM ec_assess_rules WHERE standard = ? ORDER BY code", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, s->code);
	while ((r = store_step(st, e)) == 1 && s->nrules < EC_ASSESS_MAX_RULES) {
		ec_assess_rule *ru = &s->rules[s->nrules++];
		const char *kind = store_col_text(st, 1);

		copy_col(st, 0, ru->code, sizeof(ru->code));
		ru->kind = !strcmp(kind, "item_floor")   ? EC_RULE_ITEM_FLOOR
			   : !strcmp(kind, "flag_raise") ? EC_RULE_FLAG_RAISE
							 : EC_RULE_COUNT_RAISE;
		copy_col(st, 2, ru->subject, sizeof(ru->subject));
		ru->value = (int)store_col_i64(st, 3);
		ru->level = (int)store_col_i64(st, 4);
		copy_col(st, 5, ru->name_zh, sizeof(ru->name_zh));
		copy_col(st, 6, ru->name_en, sizeof(ru->name_en));
	}
	store_done(st);
	if (r < 0)
		return -1;
	return ec_assess_std_check(s, e);
}

static const char *jstr(const json_t *in, const char *k)
{
	return json_string_value(json_object_get(in, k));
}

static int check_text(const json_t *in, const char *k, size_t max, int required,
		      const char *zh, mz_err *e)
{
	json_t *v = json_object_get(in, k);

	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
		if (required)
			return mz_failf(e, MZ_EINVAL, k, "'%s' is required%.0s", "%.0s请填写%s", k, zh);
		return 0;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) > max)
		return mz_failf(e, MZ_EINVAL, k, "'%s'%.0s must be text of at most %zu bytes",
				"%.0s%s格式错误或过长（不超过 %zu 字节）", k, zh, max);
	return 0;
}

json_t *ec_assess_record(store_conn *c, const access_ctx *who, int64_t person_id,
			 json_t *in, mz_err *e)
{
	static const char *purposes[] = { "initial", "periodic", "change", "review" };
	const char *purpose = jstr(in, "purpose");
	ec_assess_std std;
	ec_assess_result res;
	ec_params params;
	ec_person p;
	mz_day on, due;
	int64_t months, id = 0, now = mz_now_unix();
	char due_text[11];
	char *items_text = NULL, *cond_text = NULL, *dims_text = NULL, *adj_text = NULL;
	json_t *result, *conditions = json_object_get(in, "conditions"), *dimobj;
	store_stmt *st;
	int ok = 0, r;

	for (size_t i = 0; purpose && i < sizeof(purposes) / sizeof(purposes[0]); i++)
		ok |= !strcmp(purpose, purposes[i]);
	if (ec_parse_day(jstr(in, "assessed_on"), "assessed_on", &on, e) ||
	    check_text(in, "assessor", 60, 1, "评估员", e) ||
	    check_text(in, "assessor2", 60, 0, "第二评估员", e) ||
	    check_text(in, "location", 200, 1, "评估地点", e))
		return NULL;
	if (!ok)
		return mz_fail(e, MZ_EINVAL, "purpose",
			       "purpose must be initial, periodic, change or review",
			       "评估类型须为首次、定期、状况变化或复核"), NULL;
	if (on > mz_today())
		return mz_fail(e, MZ_EINVAL, "assessed_on", "assessed_on is in the future",
			       "评估日期不能晚于今天"), NULL;
	if (ec_person_load(c, who, person_id, &p, e))
		return NULL;
	if (p.death != MZ_DAY_INVALID && p.death < on)
		return mz_fail(e, MZ_ESTATE, "person_id", "the person died before this date",
			       "该人员在评估日期前已故"), NULL;
	if (ec_assess_std_load(c, NULL, on, &std, e))
		return NULL;
	result = ec_assess_score(&std, json_object_get(in, "items"), conditions, &res, e);
	if (!result)
		return NULL;
	if (ec_params_load(c, on, &params, e))
		goto fail_result;
	r = ec_param_int(&params, "assess.reassess_months", p.division, &months, e);
	ec_params_release(&params);
	if (r)
		goto fail_result;
	due = mz_day_add_months(on, (int)months);
	mz_day_format(due, due_text);
	json_object_set_new(result, "next_due", json_string(due_text));

	items_text = json_dumps(json_object_get(in, "items"), JSON_COMPACT | JSON_SORT_KEYS);
	cond_text = json_is_object(conditions) ? json_dumps(conditions, JSON_COMPACT | JSON_SORT_KEYS)
					       : mz_strdup("{}");
	dimobj = json_object();
	for (int d = 0; d < std.ndims; d++)
		json_object_set_new(dimobj, std.dims[d].code, json_integer(res.dim_score[d]));
	dims_text = json_dumps(dimobj, JSON_COMPACT);
	json_decref(dimobj);
	adj_text = json_dumps(json_object_get(result, "adjustments"), JSON_COMPACT);

	if (store_begin(c, e))
		goto fail_result;
	st = store_prepare(c, "INSERT INTO ec_assessments (person_id, division_code, standard,"
			      " assessed_on, assessor, assessor2, location, purpose, items, conditions,"
			      " dimensions, total, base_level, level, adjustments, next_due, created_by,"
			      " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (!st)
		goto fail_tx;
	store_params(st, person_id, p.division, std.code, jstr(in, "assessed_on"),
			 jstr(in, "assessor"), jstr(in, "assessor2") ? jstr(in, "assessor2") : "",
			 jstr(in, "location"), purpose, items_text, cond_text, dims_text, res.total,
			 res.base_level, res.level, adj_text, due_text, who->login, now);
	r = store_step(st, e);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		goto fail_tx;
	/* An assessment answers every change reported up to its date. */
	st = store_prepare(c, "UPDATE ec_assess_changes SET resolved_by = ? WHERE person_id = ?"
			      " AND resolved_by IS NULL AND reported_on <= ?", e);
	if (!st)
		goto fail_tx;
	store_params(st, id, person_id, jstr(in, "assessed_on"));
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail_tx;
	{
		json_t *d = json_pack("{s:I,s:i,s:i,s:i,s:s}", "person_id", (json_int_t)person_id,
				      "total", res.total, "base_level", res.base_level, "level",
				      res.level, "assessed_on", jstr(in, "assessed_on"));
		r = audit_append(c, who, AUDIT_WRITE, "eldercare.assessment.create", "ec_assessment",
				 id, p.division, purpose, d, e);
		json_decref(d);
	}
	if (r || store_commit(c, e))
		goto fail_tx;
	free(items_text);
	free(cond_text);
	free(dims_text);
	free(adj_text);
	json_object_set_new(result, "id", json_integer(id));
	json_object_set_new(result, "person_id", json_integer(person_id));
	json_object_set_new(result, "assessed_on", json_string(jstr(in, "assessed_on")));
	return result;
fail_tx:
	store_rollback(c);
fail_result:
	free(items_text);
	free(cond_text);
	free(dims_text);
	free(adj_text);
	json_decref(result);
	return NULL;
}

int ec_assess_level_of(store_conn *c, int64_t person_id, int *level, int64_t *assessment_id,
		       mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT level, id FROM ec_assessments WHERE person_id = ?"
					  " ORDER BY assessed_on DESC, id DESC LIMIT 1", e);
	int r;

	*level = -1;
	if (assessment_id)
		*assessment_id = 0;
	if (!st)
		return -1;
	store_bind_i64(st, 1, person_id);
	r = store_step(st, e);
	if (r == 1) {
		*level = (int)store_col_i64(st, 0);
		if (assessment_id)
			*assessment_id = store_col_i64(st, 1);
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

static json_t *loads_or(const char *text, json_t *dflt)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	if (j) {
		json_decref(dflt);
		return j;
	}
	return dflt;
}

json_t *ec_assess_history(store_conn *c, const access_ctx *who, int64_t person_id,
			  mz_err *e)
{
	ec_assess_std std;
	ec_person p;
	store_stmt *st;
	json_t *items, *changes, *current = NULL;
	char change_due[11] = "", today[11];
	int r, have_std = 0;

	if (ec_person_load(c, who, person_id, &p, e))
		return NULL;
	st = store_prepare(c, "SELECT id, standard, assessed_on, assessor, assessor2, location,"
			      " purpose, items, conditions, dimensions, total, base_level, level,"
			      " adjustments, next_due, created_by FROM ec_assessments WHERE person_id = ?"
			      " ORDER BY assessed_on DESC, id DESC", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, person_id);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		int level = (int)store_col_i64(st, 12);
		json_t *o;

		if (!have_std) {
			mz_err ignore;
			have_std = !ec_assess_std_load(c, store_col_text(st, 1), 0, &std, &ignore);
		}
		o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:I,s:i,s:s,s:o,s:s,s:s}",
			      "id", (json_int_t)store_col_i64(st, 0), "standard", store_col_text(st, 1),
			      "assessed_on", store_col_text(st, 2), "assessor", store_col_text(st, 3),
			      "assessor2", store_col_text(st, 4), "location", store_col_text(st, 5),
			      "purpose", store_col_text(st, 6),
			      "items", loads_or(store_col_text(st, 7), json_object()),
			      "conditions", loads_or(store_col_text(st, 8), json_object()),
			      "dimensions", loads_or(store_col_text(st, 9), json_object()),
			      "total", (json_int_t)store_col_i64(st, 10),
			      "base_level", (json_int_t)store_col_i64(st, 11), "level", level,
			      "level_name_zh", have_std ? ec_assess_level_zh(&std, level) : "",
			      "adjustments", loads_or(store_col_text(st, 13), json_array()),
			      "next_due", store_col_text(st, 14), "created_by", store_col_text(st, 15));
		json_object_set_new(o, "level_name_en",
				    json_string(have_std ? ec_assess_level_en(&std, level) : ""));
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r < 0)
		goto fail;

	st = store_prepare(c, "SELECT id, reported_on, due_on, description, reported_by, resolved_by"
			      " FROM ec_assess_changes WHERE person_id = ? ORDER BY reported_on DESC, id DESC", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, person_id);
	changes = json_array();
	while ((r = store_step(st, e)) == 1) {
		int open = store_col_is_null(st, 5);

		if (open && (!change_due[0] || strcmp(store_col_text(st, 2), change_due) < 0))
			mz_strlcpy(change_due, store_col_text(st, 2), sizeof(change_due));
		json_array_append_new(changes, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id",
							 (json_int_t)store_col_i64(st, 0), "reported_on",
							 store_col_text(st, 1), "due_on",
							 store_col_text(st, 2), "description",
							 store_col_text(st, 3), "reported_by",
							 store_col_text(st, 4), "resolved_by",
							 open ? json_null() : json_integer(store_col_i64(st, 5))));
	}
	store_done(st);
	if (r < 0) {
		json_decref(changes);
		goto fail;
	}
	mz_day_format(mz_today(), today);
	if (json_array_size(items) || change_due[0]) {
		json_t *latest = json_array_get(items, 0);
		const char *next_due = latest ? json_string_value(json_object_get(latest, "next_due")) : NULL;
		const char *due_on = next_due;

		if (change_due[0] && (!due_on || strcmp(change_due, due_on) < 0))
			due_on = change_due;
		current = json_pack("{s:o,s:s,s:s?,s:b,s:s}", "level",
				    latest ? json_incref(json_object_get(latest, "level")) : json_null(),
				    "due_on", due_on, "change_due_on", change_due[0] ? change_due : NULL,
				    "overdue", strcmp(due_on, today) < 0, "due_reason",
				    due_on == change_due ? "change" : "periodic");
		if (latest) {
			json_object_set(current, "level_name_zh", json_object_get(latest, "level_name_zh"));
			json_object_set(current, "level_name_en", json_object_get(latest, "level_name_en"));
			json_object_set(current, "assessment_id", json_object_get(latest, "id"));
			json_object_set(current, "assessed_on", json_object_get(latest, "assessed_on"));
		}
	}
	if (audit_append(c, who, AUDIT_READ, "eldercare.assessment.read", "person", person_id,
			 p.division, "", NULL, e)) {
		json_decref(changes);
		json_decref(current);
		goto fail;
	}
	return json_pack("{s:o,s:o,s:o,s:o}", "person", ec_person_brief(&p, mz_today()), "current",
			 current ? current : json_null(), "items", items, "changes", changes);
fail:
	json_decref(items);
	return NULL;
}

json_t *ec_assess_report_change(store_conn *c, const access_ctx *who, int64_t person_id,
				const char *reported_on, const char *description, mz_err *e)
{
	ec_params params;
	ec_person p;
	mz_day on;
	int64_t days, id = 0;
	char due[11];
	int r;

	if (ec_parse_day(reported_on, "reported_on", &on, e))
		return NULL;
	if (on > mz_today())
		return mz_fail(e, MZ_EINVAL, "reported_on", "reported_on is in the future",
			       "报告日期不能晚于今天"), NULL;
	if (!description || strlen(description) < 4 || strlen(description) > 1000)
		return mz_fail(e, MZ_EINVAL, "description",
			       "describe the change (4 to 1000 bytes)", "请描述状况变化（至少 2 个字）"), NULL;
	if (ec_person_load(c, who, person_id, &p, e) || ec_params_load(c, on, &params, e))
		return NULL;
	r = ec_param_int(&params, "assess.change_due_days", p.division, &days, e);
	ec_params_release(&params);
	if (r)
		return NULL;
	mz_day_format(on + (mz_day)days, due);
	if (store_begin(c, e))
		return NULL;
	id = store_insert_id(c, e,
			"INSERT INTO ec_assess_changes (person_id, division_code, reported_on,"
			" due_on, description, reported_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
			" RETURNING id",
			person_id, p.division, reported_on, due, description, who->login,
			mz_now_unix());
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.assessment.change_reported",
				  "person", person_id, p.division, description, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return json_pack("{s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "person_id",
			 (json_int_t)person_id, "reported_on", reported_on, "due_on", due,
			 "description", description);
fail:
	store_rollback(c);
	return NULL;
}

#define DUE_SQL                                                                              \
	"SELECT t.id, t.name, t.id_number, t.birth_date, t.division_code, t.next_due, t.level," \
	" t.change_due FROM (SELECT p.id, p.name, p.id_number, p.birth_date, p.division_code,"  \
	" (SELECT a.next_due FROM ec_assessments a WHERE a.person_id = p.id"                    \
	"  ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS next_due,"                        \
	" (SELECT a.level FROM ec_assessments a WHERE a.person_id = p.id"                       \
	"  ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS level,"                           \
	" (SELECT min(ch.due_on) FROM ec_assess_changes ch WHERE ch.person_id = p.id"           \
	"  AND ch.resolved_by IS NULL) AS change_due"                                           \
	" FROM persons p WHERE p.death_date IS NULL AND " ACCESS_SCOPE_SQL("p.division_code")   \
	" AND p.id IN (SELECT person_id FROM ec_assessments"                                    \
	"  WHERE " ACCESS_SCOPE_SQL("division_code") " UNION SELECT person_id"                  \
	"  FROM ec_assess_changes WHERE resolved_by IS NULL AND " ACCESS_SCOPE_SQL("division_code") \
	")) t WHERE t.next_due <= ? OR t.change_due <= ?"

/* The day the re-assessment falls due: the earlier of the periodic and
 * the change-driven dates (the list's due_on). */
#define DUE_ON_SQL                                                                   \
	"CASE WHEN t.change_due IS NOT NULL AND (t.next_due IS NULL OR"              \
	" t.change_due < t.next_due) THEN t.change_due ELSE t.next_due END"

/* The due list sorts by these (the route declares the same keys). */
static const store_order due_orders[] = {
	{ "due_on", DUE_ON_SQL }, { "name", "t.name" }, { "birth_date", "t.birth_date" },
	{ "division_code", "t.division_code" }, { "level", "t.level" }, { NULL, NULL }
};

json_t *ec_assess_due(store_conn *c, const access_ctx *who, const char *division, mz_day by,
		      const char *sort, int64_t page, int64_t page_size, mz_err *e)
{
	char lo[16], hi[16], day[11], today[11];
	store_stmt *st;
	json_t *items;
	int64_t total = 0;
	mz_buf sql;
	int r;

	if (ec_scope_range(who, division, lo, hi, e))
		return NULL;
	mz_day_format(by, day);
	mz_day_format(mz_today(), today);
	mz_buf_init(&sql);
	mz_buf_puts(&sql, DUE_SQL);
	if (store_order_by(&sql, due_orders, sort, DUE_ON_SQL ", t.id", "t.id", e)) {
		mz_buf_release(&sql);
		return NULL;
	}
	mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
	st = NULL;
	for (int pass = 0; pass < 2; pass++) {
		st = store_prepare(c, pass == 0 ? "SELECT count(*) FROM (" DUE_SQL ") n" : sql.data, e);
		if (!st)
			break;
		store_params(st, store_arg_range(lo, hi), store_arg_range(lo, hi),
			     store_arg_range(lo, hi), day, day);
		if (pass == 0) {
			r = store_step(st, e);
			total = r == 1 ? store_col_i64(st, 0) : 0;
			store_done(st);
			st = NULL;
			if (r < 0)
				break;
			continue;
		}
		store_params_at(st, 9, page_size, (page - 1) * page_size);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		const char *next_due = store_col_text(st, 5), *change_due = store_col_text(st, 7);
		const char *due = change_due && (!next_due || strcmp(change_due, next_due) < 0)
					  ? change_due : next_due;
		char masked[19], birth[11];
		ec_person p = { 0 };

		mz_strlcpy(p.id_number, store_col_text(st, 2), sizeof(p.id_number));
		ec_person_masked(&p, masked);
		mz_strlcpy(birth, store_col_text(st, 3), sizeof(birth));
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:i,s:s,s:o,s:s?,s:s?,s:s,s:s,s:b}", "person_id",
			(json_int_t)store_col_i64(st, 0), "name", store_col_text(st, 1),
			"id_number_masked", masked, "birth_date", birth, "age",
			mz_age_on(mz_day_parse(birth), mz_today()), "division_code",
			store_col_text(st, 4), "level",
			store_col_is_null(st, 6) ? json_null() : json_integer(store_col_i64(st, 6)),
			"next_due", next_due, "change_due", change_due, "due_on", due, "reason",
			due == change_due ? "change" : "periodic", "overdue", strcmp(due, today) < 0));
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.assessment.due_list", "person", 0, lo,
				  "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I,s:s}", "items", items, "total", (json_int_t)total,
			 "page", (json_int_t)page, "page_size", (json_int_t)page_size, "by", day);
}

/* assess_score.c - scoring an ability assessment against a standard held as
 * data. Pure: no storage, no clock. */
#include <stdio.h>
#include <string.h>

#include "domains/eldercare/assess.h"

static const ec_assess_level *level_find(const ec_assess_std *s, int level);
static int level_known(const ec_assess_std *s, int level);

/* ---- the expressions of grades and combinations ---- */

typedef struct {
	const ec_assess_std *s;
	const int *score;   /* item scores (NULL: any known name is 0, for checks) */
	int dim;            /* the dimension graded, or -1 */
	int dim_sum;
	const int *grade;   /* dimension grades, for combinations */
} expr_scope;

/* Grades see the dimension's own items and its "sum". */
static int grade_lookup(void *arg, const char *name, int *v)
{
	expr_scope *x = arg;

	if (!strcmp(name, "sum")) {
		*v = x->dim_sum;
		return 1;
	}
	for (int i = 0; i < x->s->nitems; i++)
		if (!strcmp(x->s->items[i].code, name) &&
		    !strcmp(x->s->items[i].dimension, x->s->dims[x->dim].code)) {
			*v = x->score ? x->score[i] : 0;
			return 1;
		}
	return 0;
}

/* Combinations see the dimensions' grades by dimension code. */
static int combo_lookup(void *arg, const char *name, int *v)
{
	expr_scope *x = arg;

	for (int d = 0; d < x->s->ndims; d++)
		if (!strcmp(x->s->dims[d].code, name)) {
			*v = x->grade ? x->grade[d] : 0;
			return 1;
		}
	return 0;
}

static int check_exprs(const ec_assess_std *s, mz_err *e)
{
	char err[96] = "";
	int v;

	for (int g = 0; g < s->ngrades; g++) {
		expr_scope x = { s, NULL, s->grades[g].dim, 0, NULL };

		if (ec_expr_eval(s->grades[g].expr, grade_lookup, &x, &v, err, sizeof(err)))
			return mz_failf(e, MZ_ESTATE, "standard", "a grade of '%s' in %s: %s",
					"评估标准 %2$s 的维度分级“%1$s”有误：%3$s",
					s->dims[s->grades[g].dim].code, s->code, err);
	}
	for (int c = 0; c < s->ncombos; c++) {
		expr_scope x = { s, NULL, -1, 0, NULL };

		if (ec_expr_eval(s->combos[c].expr, combo_lookup, &x, &v, err, sizeof(err)) ||
		    !level_known(s, s->combos[c].level))
			return mz_failf(e, MZ_ESTATE, "standard", "combination %d of %s: %s",
					"评估标准 %2$s 的等级组合 %1$d 有误：%3$s", c + 1, s->code,
					err[0] ? err : "unknown level");
	}
	return 0;
}

int ec_assess_std_check(ec_assess_std *s, mz_err *e)
{
	int seen_zero = 0;

	if (s->nitems <= 0 || s->ndims <= 0 || s->nlevels <= 0)
		return mz_failf(e, MZ_ESTATE, "standard", "standard '%s' has no items, dimensions or levels",
				"评估标准 '%s' 缺少项目、维度或等级", s->code);
	s->max_total = 0;
	for (int d = 0; d < s->ndims; d++)
		s->dims[d].max = 0;
	for (int i = 0; i < s->nitems; i++) {
		ec_assess_item *it = &s->items[i];
		int d;

		for (d = 0; d < s->ndims; d++)
			if (!strcmp(s->dims[d].code, it->dimension))
				break;
		if (d == s->ndims || it->min < 0 || it->max < it->min)
			return mz_failf(e, MZ_ESTATE, "standard", "item '%s' of standard '%s' is malformed",
					"评估项目 '%s' 定义有误（标准 %s）", it->code, s->code);
		s->dims[d].max += it->max;
		s->max_total += it->max;
	}
	/* Levels sorted by min_total, highest first (insertion sort: a handful). */
	for (int i = 1; i < s->nlevels; i++)
		for (int j = i; j > 0 && s->levels[j].min_total > s->levels[j - 1].min_total; j--) {
			ec_assess_level t = s->levels[j];
			s->levels[j] = s->levels[j - 1];
			s->levels[j - 1] = t;
		}
	s->worst_level = 0;
	for (int i = 0; i < s->nlevels; i++) {
		seen_zero |= s->levels[i].min_total == 0;
		if (s->levels[i].level > s->worst_level)
			s->worst_level = s->levels[i].level;
	}
	/* Graded by the total: the levels must cover every total down to 0. */
	if (!s->ncombos && !seen_zero)
		return mz_failf(e, MZ_ESTATE, "standard", "the levels of standard '%s' do not cover a total of 0",
				"评估标准 '%s' 的等级未覆盖总分 0", s->code);
	if (check_exprs(s, e))
		return -1;
	for (int r = 0; r < s->nrules; r++) {
		ec_assess_rule *ru = &s->rules[r];
		int found = ru->kind != EC_RULE_ITEM_FLOOR;

		for (int i = 0; !found && i < s->nitems; i++)
			found = !strcmp(s->items[i].code, ru->subject);
		if (!found || ru->level < 0 || ru->level > s->worst_level)
			return mz_failf(e, MZ_ESTATE, "standard", "rule '%s' of standard '%s' is malformed",
					"调整规则 '%s' 定义有误（标准 %s）", ru->code, s->code);
	}
	return 0;
}

static int level_known(const ec_assess_std *s, int level)
{
	return level_find(s, level) != NULL;
}

static const ec_assess_level *level_find(const ec_assess_std *s, int level)
{
	for (int i = 0; i < s->nlevels; i++)
		if (s->levels[i].level == level)
			return &s->levels[i];
	return NULL;
}

const char *ec_assess_level_zh(const ec_assess_std *s, int level)
{
	const ec_assess_level *l = level_find(s, level);
	return l ? l->name_zh : "";
}

const char *ec_assess_level_en(const ec_assess_std *s, int level)
{
	const ec_assess_level *l = level_find(s, level);
	return l ? l->name_en : "";
}

static int item_index(const ec_assess_std *s, const char *code)
{
	for (int i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i].code, code))
			return i;
	return -1;
}

/* Is `name` the subject of a flag or count rule? Returns its kind or 0. */
static ec_rule_kind condition_kind(const ec_assess_std *s, const char *name)
{
	for (int r = 0; r < s->nrules; r++)
		if (s->rules[r].kind != EC_RULE_ITEM_FLOOR && !strcmp(s->rules[r].subject, name))
			return s->rules[r].kind;
	return 0;
}

static json_t *adjustment(const ec_assess_rule *r, int from, int to)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:i}", "rule", r->code, "name_zh", r->name_zh, "name_en",
			 r->name_en, "from", from, "to", to);
}

json_t *ec_assess_score(const ec_assess_std *s, const json_t *items,
			const json_t *conditions, ec_assess_result *out, mz_err *e)
{
	int score[EC_ASSESS_MAX_ITEMS];
	const char *key;
	json_t *v, *dims, *adj, *res;
	int raise = 0, level;
	const ec_assess_rule *raised_by = NULL;
	const ec_assess_combo *decided_by;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(items))
		return mz_fail(e, MZ_EINVAL, "items", "items must be an object of item scores",
			       "评估项目须为“项目: 得分”的对象"), NULL;
	json_object_foreach((json_t *)items, key, v) {
		if (item_index(s, key) < 0)
			return mz_failf(e, MZ_EINVAL, "items", "unknown item '%s' (not in %s)",
					"未知评估项目 '%s'（不属于 %s）", key, s->code), NULL;
	}
	/* Every item, in the standard's order, so the first missing one is named. */
	for (int i = 0; i < s->nitems; i++) {
		const ec_assess_item *it = &s->items[i];
		char field[64];
		json_t *sv = json_object_get(items, it->code);

		snprintf(field, sizeof(field), "items.%s", it->code);
		if (!sv || json_is_null(sv))
			return mz_failf(e, MZ_EINVAL, field, "item '%s' is missing%.0s%.0s",
					"%.0s缺少评估项目“%s”（%s）", it->code, it->name_zh,
					it->code), NULL;
		if (!json_is_integer(sv) || json_integer_value(sv) < it->min ||
		    json_integer_value(sv) > it->max)
			return mz_failf(e, MZ_EINVAL, field,
					"item '%s'%.0s must be a whole score from %d to %d",
					"%.0s评估项目“%s”的得分须为 %d 至 %d 的整数", it->code,
					it->name_zh, it->min, it->max), NULL;
		score[i] = (int)json_integer_value(sv);
	}
	if (conditions && !json_is_null(conditions)) {
		if (!json_is_object(conditions))
			return mz_fail(e, MZ_EINVAL, "conditions", "conditions must be an object",
				       "调整情形须为对象"), NULL;
		json_object_foreach((json_t *)conditions, key, v) {
			ec_rule_kind k = condition_kind(s, key);
			char field[64];

			snprintf(field, sizeof(field), "conditions.%s", key);
			if (!k)
				return mz_failf(e, MZ_EINVAL, field, "unknown condition '%s'",
						"未知调整情形 '%s'", key), NULL;
			if (k == EC_RULE_FLAG_RAISE && !json_is_boolean(v))
				return mz_failf(e, MZ_EINVAL, field, "condition '%s' must be true or false",
						"调整情形 '%s' 须为是或否", key), NULL;
			if (k == EC_RULE_COUNT_RAISE &&
			    (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 999))
				return mz_failf(e, MZ_EINVAL, field,
						"condition '%s' must be a count from 0 to 999",
						"调整情形 '%s' 须为 0 至 999 的次数", key), NULL;
		}
	}

	for (int i = 0; i < s->nitems; i++) {
		for (int d = 0; d < s->ndims; d++)
			if (!strcmp(s->dims[d].code, s->items[i].dimension))
				out->dim_score[d] += score[i];
		out->total += score[i];
	}
	/* Each dimension's grade, where the standard grades them. */
	for (int d = 0; d < s->ndims; d++)
		out->dim_grade[d] = -1;
	for (int g = 0; g < s->ngrades; g++) {
		const ec_assess_grade *gr = &s->grades[g];
		expr_scope x = { s, score, gr->dim, out->dim_score[gr->dim], NULL };
		int holds;

		if (out->dim_grade[gr->dim] >= 0)
			continue; /* the first grade that holds */
		if (ec_expr_eval(gr->expr, grade_lookup, &x, &holds, NULL, 0))
			return mz_failf(e, MZ_ESTATE, "standard", "grade of '%s' does not evaluate",
					"维度“%s”的分级无法计算", s->dims[gr->dim].code), NULL;
		if (holds)
			out->dim_grade[gr->dim] = gr->grade;
	}
	decided_by = NULL;
	if (s->ncombos) {
		for (int d = 0; d < s->ndims; d++)
			if (out->dim_grade[d] < 0)
				return mz_failf(e, MZ_ESTATE, "standard", "no grade of '%s' holds",
						"维度“%s”没有适用的分级", s->dims[d].code), NULL;
		for (int c = 0; c < s->ncombos && !decided_by; c++) {
			expr_scope x = { s, NULL, -1, 0, out->dim_grade };
			int holds;

			if (ec_expr_eval(s->combos[c].expr, combo_lookup, &x, &holds, NULL, 0))
				return mz_fail(e, MZ_ESTATE, "standard", "a combination does not evaluate",
					       "等级组合无法计算"), NULL;
			if (holds) {
				out->base_level = s->combos[c].level;
				decided_by = &s->combos[c];
			}
		}
		if (!decided_by)
			return mz_fail(e, MZ_ESTATE, "standard", "no combination of grades holds",
				       "没有适用的等级组合"), NULL;
	} else {
		/* levels[] is sorted by min_total descending: the first reached wins. */
		for (int i = 0; i < s->nlevels; i++)
			if (out->total >= s->levels[i].min_total) {
				out->base_level = s->levels[i].level;
				break;
			}
	}
	level = out->base_level;
	adj = json_array();

	/* Raise rules: "any one of the following" lifts the level once. */
	for (int r = 0; r < s->nrules; r++) {
		const ec_assess_rule *ru = &s->rules[r];
		json_t *cv = conditions ? json_object_get(conditions, ru->subject) : NULL;
		int fires = 0;

		if (ru->kind == EC_RULE_FLAG_RAISE)
			fires = json_is_true(cv);
		else if (ru->kind == EC_RULE_COUNT_RAISE)
			fires = json_is_integer(cv) && json_integer_value(cv) >= ru->value;
		if (fires && ru->level > raise) {
			raise = ru->level;
			raised_by = ru;
		}
	}
	if (raised_by) {
		int to = level + raise > s->worst_level ? s->worst_level : level + raise;

		if (to != level)
			json_array_append_new(adj, adjustment(raised_by, level, to));
		level = to;
	}
	/* Floor rules (the coma rule) set a minimum level directly. */
	for (int r = 0; r < s->nrules; r++) {
		const ec_assess_rule *ru = &s->rules[r];

		if (ru->kind != EC_RULE_ITEM_FLOOR || score[item_index(s, ru->subject)] != ru->value)
			continue;
		if (ru->level > level) {
			json_array_append_new(adj, adjustment(ru, level, ru->level));
			level = ru->level;
		}
	}
	out->level = level;

	dims = json_array();
	for (int d = 0; d < s->ndims; d++) {
		json_t *dj = json_pack("{s:s,s:s,s:s,s:i,s:i}", "code", s->dims[d].code, "name_zh",
				       s->dims[d].name_zh, "name_en", s->dims[d].name_en, "score",
				       out->dim_score[d], "max", s->dims[d].max);

		if (out->dim_grade[d] >= 0)
			json_object_set_new(dj, "grade", json_integer(out->dim_grade[d]));
		json_array_append_new(dims, dj);
	}
	res = json_pack("{s:s,s:o,s:i,s:i,s:i,s:s,s:s,s:i,s:s,s:s,s:o}", "standard", s->code,
			"dimensions", dims, "total", out->total, "max_total", s->max_total,
			"base_level", out->base_level, "base_level_name_zh",
			ec_assess_level_zh(s, out->base_level), "base_level_name_en",
			ec_assess_level_en(s, out->base_level), "level", out->level,
			"level_name_zh", ec_assess_level_zh(s, out->level), "level_name_en",
			ec_assess_level_en(s, out->level), "adjustments", adj);
	/* Graded by combination: which one decided the base level. */
	if (decided_by)
		json_object_set_new(res, "decided_by", json_string(decided_by->name_zh));
	return res;
}

json_t *ec_assess_std_json(const ec_assess_std *s)
{
	json_t *dims = json_array(), *items = json_array(), *levels = json_array(),
	       *rules = json_array();
	static const char *kinds[] = { "", "item_floor", "flag_raise", "count_raise" };

	for (int d = 0; d < s->ndims; d++)
		json_array_append_new(dims, json_pack("{s:s,s:s,s:s,s:i}", "code", s->dims[d].code,
						      "name_zh", s->dims[d].name_zh, "name_en",
						      s->dims[d].name_en, "max", s->dims[d].max));
	for (int i = 0; i < s->nitems; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:i,s:i}", "code",
						       s->items[i].code, "dimension",
						       s->items[i].dimension, "name_zh",
						       s->items[i].name_zh, "name_en",
						       s->items[i].name_en, "min", s->items[i].min,
						       "max", s->items[i].max));
	for (int l = s->nlevels - 1; l >= 0; l--)
		json_array_append_new(levels, json_pack("{s:i,s:i,s:s,s:s}", "level",
							s->levels[l].level, "min_total",
							s->levels[l].min_total, "name_zh",
							s->levels[l].name_zh, "name_en",
							s->levels[l].name_en));
	for (int r = 0; r < s->nrules; r++)
		json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:i,s:i,s:s,s:s}", "code",
						       s->rules[r].code, "kind", kinds[s->rules[r].kind],
						       "subject", s->rules[r].subject, "value",
						       s->rules[r].value, "level", s->rules[r].level,
						       "name_zh", s->rules[r].name_zh, "name_en",
						       s->rules[r].name_en));
	{
		json_t *grades = json_array(), *combos = json_array();

		for (int g = 0; g < s->ngrades; g++)
			json_array_append_new(grades, json_pack("{s:s,s:i,s:s}", "dimension",
								s->dims[s->grades[g].dim].code,
								"grade", s->grades[g].grade,
								"expr", s->grades[g].expr));
		for (int k = 0; k < s->ncombos; k++)
			json_array_append_new(combos, json_pack("{s:i,s:s,s:s}", "level",
								s->combos[k].level, "expr",
								s->combos[k].expr, "name_zh",
								s->combos[k].name_zh));
		return json_pack("{s:s,s:s,s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", s->code,
				 "name_zh", s->name_zh, "max_total", s->max_total, "grading",
				 s->ncombos ? "combination" : "total", "dimensions", dims, "items",
				 items, "levels", levels, "rules", rules, "grades", grades,
				 "combos", combos);
	}
}

/* household_json.c - one household as JSON (docs/policy.md) into columns.
 *
 * Strict on purpose: an unknown key, flag or kind is an error naming the
 * field ("members[1].incomes.wgae"), because a misspelt income would
 * otherwise be silently read as zero and a family wrongly found eligible.
 * Money is yuan, written as a string ("850.50") or a whole number (850);
 * JSON reals are refused so that no amount passes through a double. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

#define MAX_MEMBERS 50
#define MAX_YUAN 1000000000LL /* |money| <= 10^9 yuan */

typedef struct hctx {
	mz_err *e;
	char field[128];
} hctx;

static int bad(hctx *H, const char *en, const char *zh)
{
	return mz_fail(H->e, MZ_EINVAL, H->field, en, zh);
}

static int money(hctx *H, const json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t y = json_integer_value(v);

		if (y > MAX_YUAN || y < -MAX_YUAN)
			return bad(H, "amount out of range", "金额超出范围");
		*out = (int64_t)y * 100;
		return 0;
	}
	if (json_is_string(v)) {
		if (mz_fen_parse_yuan(json_string_value(v), out) ||
		    *out > MAX_YUAN * 100 || *out < -MAX_YUAN * 100)
			return bad(H, "money must be yuan with at most two decimals, e.g. \"850.50\"",
				   "金额应为元，最多两位小数，如 \"850.50\"");
		return 0;
	}
	return bad(H, "money must be a string like \"850.50\" or a whole number of yuan",
		   "金额应写作字符串（如 \"850.50\"）或整数元");
}

static int small_int(hctx *H, const json_t *v, int lo, int hi, int *out)
{
	char en[160], zh[160];

	if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	pfmt(en, sizeof(en), "must be a whole number from %d to %d", lo, hi);
	pfmt(zh, sizeof(zh), "应为 %d 到 %d 之间的整数", lo, hi);
	return bad(H, en, zh);
}

static int list_value(hctx *H, const json_t *v, policy_list list, int *out)
{
	char en[400], zh[400], words[300] = "";
	size_t n = 0;

	if (json_is_string(v) && (*out = policy_list_find(list, json_string_value(v))) >= 0)
		return 0;
	for (int i = 0; i < policy_list_size(list) && n < sizeof(words); i++) {
		int w = snprintf(words + n, sizeof(words) - n, "%s%s", i ? ", " : "",
				 policy_list_name(list, i));
		if (w < 0)
			break;
		n += (size_t)w;
	}
	pfmt(en, sizeof(en), "unknown value (one of: %s)", words);
	pfmt(zh, sizeof(zh), "无法识别的取值（可选：%s）", words);
	return bad(H, en, zh);
}

/* {"wage": "2000.00", ...} into the kind columns at row. */
static int money_map(hctx *H, const json_t *obj, policy_list list, int64_t **cols, size_t row)
{
	const char *key;
	const json_t *v;
	size_t base = strlen(H->field);

	if (!json_is_object(obj))
		return bad(H, "must be an object of kind: amount", "应为“类别: 金额”的对象");
	json_object_foreach((json_t *)obj, key, v) {
		int k = policy_list_find(list, key);

		pfmt(H->field + base, sizeof(H->field) - base, ".%s", key);
		if (k < 0) {
			json_t *kv = json_string(key);

			list_value(H, kv, list, &k);
			json_decref(kv);
			return -1;
		}
		if (money(H, v, &cols[k][row]))
			return -1;
	}
	H->field[base] = '\0';
	return 0;
}

static int flag_list(hctx *H, const json_t *arr, policy_list list, uint32_t *bits)
{
	size_t base = strlen(H->field), i;
	const json_t *v;

	if (!json_is_array(arr))
		return bad(H, "must be a list of names", "应为名称列表");
	json_array_foreach(arr, i, v) {
		int k;

		pfmt(H->field + base, sizeof(H->field) - base, "[%zu]", i);
		if (list_value(H, v, list, &k))
			return -1;
		*bits |= 1u << k;
	}
	H->field[base] = '\0';
	return 0;
}

static int enrolled_list(hctx *H, const json_t *arr, const policy_set *s, uint64_t *bits)
{
	size_t base = strlen(H->field), i;
	const json_t *v;

	if (!json_is_array(arr))
		return bad(H, "must be a list of program codes", "应为项目代码列表");
	json_array_foreach(arr, i, v) {
		int bit = json_is_string(v) ? policy_set_program_bit(s, json_string_value(v)) : -1;

		pfmt(H->field + base, sizeof(H->field) - base, "[%zu]", i);
		if (bit < 0)
			return bad(H, "unknown program code", "未知的项目代码");
		*bits |= 1ULL << bit;
	}
	H->field[base] = '\0';
	return 0;
}

static int ignored_key(const char *k)
{
	return !strcmp(k, "name") || !strcmp(k, "id_number") || !strcmp(k, "note") ||
	       !strcmp(k, "comment");
}

/* A parent: a bare state ("dead"), or {state, since, grade}. The states
 * that are facts with a duration or a degree must carry them, so the rules
 * compute the test instead of trusting a declared conclusion (事实无人抚养
 * 儿童: out of contact counts after six months to the decision date; 重残
 * means a grade):
 *   out_of_contact     since = the day contact was lost (required);
 *   severely_disabled  grade = the parent's disability grade 1..4 (required).
 * `since` may be given with any other state (e.g. the date of death). */
static int parent_state(hctx *H, const json_t *v, int father, policy_columns *c, size_t i,
			mz_day date)
{
	size_t base = strlen(H->field);
	const json_t *state = v, *since = NULL, *grade = NULL;
	const char *key;
	const json_t *x;
	int st, g = 0;
	mz_day d = 0;

	if (json_is_object(v)) {
		state = NULL;
		json_object_foreach((json_t *)v, key, x) {
			if (!strcmp(key, "state"))
				state = x;
			else if (!strcmp(key, "since"))
				since = x;
			else if (!strcmp(key, "grade"))
				grade = x;
			else {
				pfmt(H->field + base, sizeof(H->field) - base, ".%s", key);
				return bad(H, "unknown field (state, since, grade)",
					   "无法识别的字段（可用 state、since、grade）");
			}
		}
		pfmt(H->field + base, sizeof(H->field) - base, ".state");
		if (!state)
			return bad(H, "is required", "必填");
	}
	if (list_value(H, state, POLICY_LIST_PARENT_STATE, &st))
		return -1;
	if (since) {
		pfmt(H->field + base, sizeof(H->field) - base, ".since");
		d = json_is_string(since) ? mz_day_parse(json_string_value(since)) : MZ_DAY_INVALID;
		if (d == MZ_DAY_INVALID)
			return bad(H, "must be a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
		if (d > date)
			return bad(H, "is after the evaluation date", "晚于认定日期");
	}
	if (grade) {
		pfmt(H->field + base, sizeof(H->field) - base, ".grade");
		if (small_int(H, grade, 1, 4, &g))
			return -1;
	}
	if (st == POLICY_PARENT_OUT_OF_CONTACT && !since) {
		pfmt(H->field + base, sizeof(H->field) - base, ".since");
		return bad(H, "out_of_contact needs the date contact was lost"
			      " ({\"state\": \"out_of_contact\", \"since\": \"YYYY-MM-DD\"})",
			   "失联需要填写失联日期（since）");
	}
	if (st == POLICY_PARENT_SEVERELY_DISABLED && !grade) {
		pfmt(H->field + base, sizeof(H->field) - base, ".grade");
		return bad(H, "severely_disabled needs the disability grade (1 to 4)",
			   "重度残疾需要填写残疾等级（grade，1 到 4 级）");
	}
	H->field[base] = '\0';
	(father ? c->p_father : c->p_mother)[i] = (uint8_t)st;
	(father ? c->p_father_since : c->p_mother_since)[i] = d;
	(father ? c->p_father_grade : c->p_mother_grade)[i] = (uint8_t)g;
	return 0;
}

static int member(hctx *H, const json_t *m, size_t i, const policy_set *s, mz_day date,
		  policy_household *out)
{
	policy_columns *c = &out->cols;
	const char *key;
	const json_t *v;
	int have_birth = 0, x;
	size_t base;

	pfmt(H->field, sizeof(H->field), "members[%zu]", i);
	base = strlen(H->field);
	if (!json_is_object(m))
		return bad(H, "a member must be an object", "成员应为对象");
	c->p_relation[i] = i == 0 ? POLICY_REL_APPLICANT : POLICY_REL_OTHER;
	json_object_foreach((json_t *)m, key, v) {
		pfmt(H->field + base, sizeof(H->field) - base, ".%s", key);
		if (!strcmp(key, "id")) {
			if (!json_is_string(v) || !json_string_length(v) || json_string_length(v) > 64)
				return bad(H, "must be a short string", "应为简短字符串");
			free(out->member_ids[i]);
			out->member_ids[i] = mz_strdup(json_string_value(v));
		} else if (!strcmp(key, "birth_date")) {
			mz_day d = json_is_string(v) ? mz_day_parse(json_string_value(v)) : MZ_DAY_INVALID;

			if (d == MZ_DAY_INVALID)
				return bad(H, "must be a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
			if (d > date)
				return bad(H, "is after the evaluation date", "晚于认定日期");
			c->p_birth[i] = d;
			have_birth = 1;
		} else if (!strcmp(key, "age")) {
			if (small_int(H, v, 0, 130, &x))
				return -1;
			if (!have_birth) /* the age reached on the evaluation date */
				c->p_birth[i] = mz_day_add_months(date, -12 * x);
			have_birth = 1;
		} else if (!strcmp(key, "sex")) {
			if (list_value(H, v, POLICY_LIST_SEX, &x))
				return -1;
			c->p_sex[i] = (uint8_t)x;
		} else if (!strcmp(key, "relation")) {
			if (list_value(H, v, POLICY_LIST_RELATION, &x))
				return -1;
			c->p_relation[i] = (uint8_t)x;
		} else if (!strcmp(key, "disability")) {
			if (list_value(H, v, POLICY_LIST_DISABILITY, &x))
				return -1;
			c->p_disability[i] = (uint8_t)x;
		} else if (!strcmp(key, "disability_grade")) {
			if (small_int(H, v, 0, 4, &x))
				return -1;
			c->p_disability_grade[i] = (uint8_t)x;
		} else if (!strcmp(key, "selfcare_unable")) {
			if (small_int(H, v, 0, 6, &x))
				return -1;
			c->p_selfcare_unable[i] = (uint8_t)x;
		} else if (!strcmp(key, "father") || !strcmp(key, "mother")) {
			if (parent_state(H, v, key[0] == 'f', c, i, date))
				return -1;
		} else if (!strcmp(key, "flags")) {
			if (flag_list(H, v, POLICY_LIST_PERSON_FLAG, &c->p_flags[i]))
				return -1;
		} else if (!strcmp(key, "religious_apart_since")) {
			mz_day d = json_is_string(v) ? mz_day_parse(json_string_value(v)) : MZ_DAY_INVALID;

			if (d == MZ_DAY_INVALID)
				return bad(H, "must be a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
			if (d > date)
				return bad(H, "is after the evaluation date", "晚于认定日期");
			c->p_apart_since[i] = d;
		} else if (!strcmp(key, "incomes")) {
			if (money_map(H, v, POLICY_LIST_INCOME, c->p_income, i))
				return -1;
		} else if (!strcmp(key, "expenses")) {
			if (money_map(H, v, POLICY_LIST_EXPENSE, c->p_expense, i))
				return -1;
		} else if (!strcmp(key, "enrolled")) {
			if (enrolled_list(H, v, s, &c->p_enrolled[i]))
				return -1;
		} else if (!ignored_key(key)) {
			return bad(H, "unknown field", "无法识别的字段");
		}
	}
	H->field[base] = '\0';
	if (!have_birth)
		return bad(H, "birth_date or age is required", "需要 birth_date（出生日期）或 age（年龄）");
	/* A dated fact: living apart counts only for its length, which the
	 * rules compute; the flag without its date is a declared conclusion. */
	if ((c->p_flags[i] & (1u << POLICY_PF_RELIGIOUS_APART)) && !c->p_apart_since[i]) {
		pfmt(H->field + base, sizeof(H->field) - base, ".religious_apart_since");
		return bad(H, "religious_apart needs the day the member began living apart"
			      " (religious_apart_since: YYYY-MM-DD)",
			   "宗教教职人员离家另居需要填写离家日期（religious_apart_since）");
	}
	if (c->p_disability[i] != POLICY_DIS_NONE && !c->p_disability_grade[i]) {
		pfmt(H->field + base, sizeof(H->field) - base, ".disability_grade");
		return bad(H, "a disability needs its grade (1 to 4)", "残疾需要填写等级（1 到 4 级）");
	}
	return 0;
}

int policy_household_from_json(const json_t *in, const policy_set *s, mz_day date,
			       policy_household *out, mz_err *e)
{
	hctx H = { e, "" };
	const json_t *members = json_object_get(in, "members"), *v;
	const char *key;
	size_t n, i;
	int64_t division = 440100;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(in))
		return mz_fail(e, MZ_EINVAL, "", "the household must be a JSON object",
			       "家庭信息应为 JSON 对象");
	if (date == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "date", "invalid date", "日期无效");
	if (!json_is_array(members) || !json_array_size(members))
		return mz_fail(e, MZ_EINVAL, "members", "at least one member is required",
			       "至少需要一名家庭成员");
	n = json_array_size(members);
	if (n > MAX_MEMBERS)
		return mz_fail(e, MZ_EINVAL, "members", "at most 50 members", "成员最多 50 人");
	policy_columns_alloc(&out->cols, 1, n, 1);
	out->member_ids = mz_xcalloc(n, sizeof(char *));
	out->cols.hh_offset[1] = (uint32_t)n;

	json_object_foreach((json_t *)in, key, v) {
		pfmt(H.field, sizeof(H.field), "%s", key);
		if (!strcmp(key, "members")) {
			continue;
		} else if (!strcmp(key, "division")) {
			int64_t code12;
			int len;

			if (json_is_string(v)) {
				char *end;
				const char *sv = json_string_value(v);

				division = strtoll(sv, &end, 10);
				if (!*sv || *end)
					division = -1;
			} else if (json_is_integer(v)) {
				division = json_integer_value(v);
			} else {
				division = -1;
			}
			if (pdiv_normalize(division, &code12, &len)) {
				bad(&H, "must be a division code of 6, 9 or 12 digits",
				    "应为 6、9 或 12 位区划代码");
				goto fail;
			}
		} else if (!strcmp(key, "rural")) {
			if (!json_is_boolean(v)) {
				bad(&H, "must be true or false", "应为 true 或 false");
				goto fail;
			}
			if (json_is_true(v))
				out->cols.hh_flags[0] |= 1u << POLICY_HF_RURAL;
		} else if (!strcmp(key, "flags")) {
			if (flag_list(&H, v, POLICY_LIST_HOUSEHOLD_FLAG, &out->cols.hh_flags[0]))
				goto fail;
		} else if (!strcmp(key, "enrolled")) {
			if (enrolled_list(&H, v, s, &out->cols.hh_enrolled[0]))
				goto fail;
		} else if (!strcmp(key, "assets")) {
			if (money_map(&H, v, POLICY_LIST_ASSET, out->cols.hh_asset, 0))
				goto fail;
		} else if (!strcmp(key, "housing_units") || !strcmp(key, "vehicle_count")) {
			int x;

			if (small_int(&H, v, 0, 1000, &x))
				goto fail;
			(key[0] == 'h' ? out->cols.hh_housing_units : out->cols.hh_vehicle_count)[0] = x;
		} else if (!ignored_key(key)) {
			bad(&H, "unknown field", "无法识别的字段");
			goto fail;
		}
	}
	out->cols.divisions[0] = division;
	json_array_foreach(members, i, v)
		if (member(&H, v, i, s, date, out))
			goto fail;
	for (i = 0; i < n; i++)
		if (!out->member_ids[i]) {
			char id[16];

			pfmt(id, sizeof(id), "%zu", i + 1);
			out->member_ids[i] = mz_strdup(id);
		}
	return 0;
fail:
	policy_household_release(out);
	return -1;
}

void policy_household_release(policy_household *hh)
{
	if (!hh)
		return;
	if (hh->member_ids)
		for (size_t i = 0; i < hh->cols.n_persons; i++)
			free(hh->member_ids[i]);
	free(hh->member_ids);
	policy_columns_release(&hh->cols);
	memset(hh, 0, sizeof(*hh));
}

json_t *policy_eval_json(const policy_set *s, const json_t *household, mz_day date, mz_err *e)
{
	policy_household hh;
	json_t *out;

	if (policy_household_from_json(household, s, date, &hh, e))
		return NULL;
	out = policy_eval_household(s, &hh.cols, 0, date, (const char *const *)hh.member_ids, e);
	policy_household_release(&hh);
	return out;
}

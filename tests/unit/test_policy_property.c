/* test_policy_property.c - for thousands of random households, the batch
 * vector evaluation (chunks, filters that skip ruled-out households, several
 * threads) and the single-household evaluation with its trace give
 * identical decisions, amounts, first failures and outputs. */
#include "policy_testlib.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int pick(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static int chance(int percent)
{
	return pick(100) < percent;
}

/* Money in fen, mostly small, sometimes zero, sometimes large. */
static int64_t money(int percent_nonzero, int64_t max_fen)
{
	if (!chance(percent_nonzero))
		return 0;
	return (int64_t)(rnd() % (uint64_t)max_fen);
}

static const int64_t division_table[] = { 440106,	440111,	      440112003,
					  440113,	440115001002, 440103,
					  440117,	350100,	      440111002 };

static void build(policy_columns *c, const policy_set *s, size_t nh)
{
	size_t np = 0, p = 0;
	uint32_t *sizes = calloc(nh, sizeof(uint32_t));
	int nprog = (int)policy_set_count(s);

	for (size_t h = 0; h < nh; h++) {
		sizes[h] = chance(2) ? 0 : 1 + (uint32_t)pick(chance(10) ? 8 : 4);
		np += sizes[h];
	}
	policy_columns_alloc(c, nh, np, sizeof(division_table) / sizeof(division_table[0]));
	for (size_t d = 0; d < c->n_divisions; d++)
		c->divisions[d] = division_table[d];
	for (size_t h = 0; h < nh; h++) {
		c->hh_offset[h + 1] = c->hh_offset[h] + sizes[h];
		c->hh_division[h] = (uint32_t)pick((int)c->n_divisions);
		if (chance(20))
			c->hh_flags[h] |= 1u << POLICY_HF_RURAL;
		if (chance(10))
			c->hh_flags[h] |= 1u << POLICY_HF_APPLY_ALONE;
		if (chance(15))
			c->hh_enrolled[h] |= 1ULL << pick(nprog);
		for (int k = 0; k < POLICY_AST_COUNT; k++)
			c->hh_asset[k][h] = money(15, 6000000);
		c->hh_housing_units[h] = chance(80) ? pick(2) : pick(4);
		c->hh_vehicle_count[h] = chance(85) ? 0 : 1;
		for (uint32_t i = 0; i < sizes[h]; i++, p++) {
			/* Birth days spread over 110 years, some on the evaluation
			 * dates' boundaries. */
			c->p_birth[p] = mz_day_from_ymd(1915 + pick(110), 1 + pick(12), 1 + pick(28));
			if (chance(3))
				c->p_birth[p] = mz_day_from_ymd(1942 + pick(20), 3, 1);
			c->p_sex[p] = (uint8_t)(1 + pick(2));
			c->p_relation[p] = i == 0 ? POLICY_REL_APPLICANT : (uint8_t)pick(POLICY_REL_COUNT);
			if (chance(12)) {
				c->p_disability[p] = (uint8_t)(1 + pick(POLICY_DIS_COUNT - 1));
				c->p_disability_grade[p] = (uint8_t)(1 + pick(4));
			}
			c->p_selfcare_unable[p] = chance(70) ? 0 : (uint8_t)pick(7);
			if (chance(10)) {
				c->p_father[p] = (uint8_t)pick(POLICY_PARENT_COUNT);
				c->p_mother[p] = (uint8_t)pick(POLICY_PARENT_COUNT);
			}
			for (int f = 0; f < POLICY_PF_COUNT; f++)
				if (chance(f == POLICY_PF_LOCAL_HUKOU ? 70 : 6))
					c->p_flags[p] |= 1u << f;
			if (chance(5))
				c->p_enrolled[p] |= 1ULL << pick(nprog);
			for (int k = 0; k < POLICY_INC_COUNT; k++)
				c->p_income[k][p] = money(k == POLICY_INC_WAGE ? 50 : 8, 500000);
			if (chance(3))
				c->p_income[POLICY_INC_BUSINESS][p] = -money(100, 200000);
			for (int k = 0; k < POLICY_EXP_COUNT; k++)
				c->p_expense[k][p] = money(10, 100000);
		}
	}
	free(sizes);
}

static const char *failed_id(const policy_program *p, uint8_t f)
{
	if (f == POLICY_FAILED_NONE)
		return "null";
	if (f == POLICY_FAILED_NOT_IN_FORCE)
		return "not_in_force";
	return policy_program_condition_id(p, f - 1u);
}

static void same(const policy_program *prog, const policy_result *res, size_t row, json_t *o,
		 size_t h, const char *date)
{
	int elig = json_is_true(json_object_get(o, "eligible"));
	json_int_t amount = json_integer_value(json_object_get(o, "amount_fen"));
	json_t *f = json_object_get(o, "failed");
	const char *fs = json_is_string(f) ? json_string_value(f) : "null";

	if (elig != res->eligible[row] || amount != res->amount[row] ||
	    strcmp(fs, failed_id(prog, res->failed[row])))
		fail_msg("%s household %zu row %zu on %s: batch %d/%d/%s, single %d/%lld/%s",
			 policy_program_code(prog), h, row, date, res->eligible[row],
			 (int)res->amount[row], failed_id(prog, res->failed[row]), elig,
			 (long long)amount, fs);
	for (size_t i = 0; i < policy_program_output_count(prog); i++) {
		json_t *v = json_object_get(json_object_get(json_object_get(o, "outputs"),
							    policy_program_output_name(prog, i)),
					    "value");
		json_int_t x = json_is_boolean(v) ? json_is_true(v) : json_integer_value(v);

		if (x != res->output[i][row])
			fail_msg("%s household %zu output %zu: batch %d single %lld", policy_program_code(prog),
				 h, i, (int)res->output[i][row], (long long)x);
	}
}

static void compare(const policy_set *s, const policy_columns *c, const char *date, int threads,
		    uint64_t programs)
{
	mz_day d = mz_day_parse(date);
	policy_batch_opts o = { .threads = threads, .programs = programs };
	policy_batch b;
	mz_err e = { 0 };
	size_t checked = 0;

	assert_int_equal(policy_eval_batch(s, c, d, &o, &b, &e), 0);
	for (size_t h = 0; h < c->n_households; h++) {
		json_t *t = policy_eval_household(s, c, h, d, NULL, &e);

		assert_non_null(t);
		for (size_t i = 0; i < policy_set_count(s); i++) {
			const policy_program *prog = policy_set_program(s, i);
			const policy_result *res = &b.result[i];
			json_t *po = tl_prog(t, policy_program_code(prog));

			if (!res->n) /* not asked for, nor needed by what was */
				continue;
			if (policy_program_unit(prog) == POLICY_UNIT_HOUSEHOLD) {
				same(prog, res, h, po, h, date);
			} else {
				json_t *persons = json_object_get(po, "persons");

				assert_int_equal(json_array_size(persons),
						 c->hh_offset[h + 1] - c->hh_offset[h]);
				for (size_t m = 0; m < json_array_size(persons); m++)
					same(prog, res, c->hh_offset[h] + m, json_array_get(persons, m), h,
					     date);
			}
			checked++;
		}
		json_decref(t);
	}
	assert_true(checked > 0);
	policy_batch_release(&b);
}

static void test_shipped_random(void **state)
{
	policy_set *s = tl_load_shipped();
	policy_columns c;
	static const char *dates[] = { "2021-03-31", "2021-04-01", "2022-01-01", "2025-06-01" };

	(void)state;
	build(&c, s, 1000);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		compare(s, &c, dates[i], (int)(i % 2) + 1, 0);
	/* Only the orphan allowance: its dependencies are evaluated with it. */
	compare(s, &c, "2025-06-01", 2, 1ULL << policy_set_program_bit(s, "orphan"));
	policy_columns_release(&c);
	policy_set_unref(s);
}

static const char extra_rules[] =
	"program extra \"附加\" \"Extra\"\nunit person\n"
	"param k \"系数\" rate\n  from 2020-01-01: 0.35\n  from 2022-01-01 in 440111: 0.5\n"
	"let total \"家庭收入\" = sum(members, income(wage) + income(business) - expense(tax))\n"
	"let others_total \"其他成员收入\" = sum(others where age >= 18, income(wage))\n"
	"let oldest_other \"其他成员最大年龄\" = max(others, age)\n"
	"let youngest \"最小年龄\" = min(members where not in_prison, age)\n"
	"let all_adults \"都成年\" = all(members, age >= 18)\n"
	"let share \"份额\" = div_round(total, count(members)) - floor(others_total * k)\n"
	"require a \"甲\": age >= 16 or all_adults\n"
	"require b \"乙\": share < 3000 yuan and not (in_prison or declared_missing)\n"
	"require c \"丙\": oldest_other >= youngest or size == 1\n"
	"amount = max(ceil(3000 yuan * k) - max(share, 0 yuan), 0 yuan)\n"
	"let tier \"档\" = if age >= 80 then 3 else if age >= 60 then 2 else 1\n"
	"output tier, share\n";

/* A second program reading the first's values directly as its conditions,
 * amount and outputs (computed once, in the shared prelude). */
static const char reader_rules[] =
	"program reader \"读取\" \"Reader\"\nunit household\n"
	"let low \"低收入户\" = extra.total < 4000 yuan\n"
	"require r1 \"甲\": low\n"
	"require r2 \"乙\": any(members, extra.youngest < 60)\n"
	"amount = extra.total\n"
	"output low\n";

static const char person_reader_rules[] =
	"program preader \"人读取\" \"Person reader\"\nunit person\n"
	"require r1 \"甲\": reader.low\n"
	"require r2 \"乙\": extra.all_adults or age < 30\n"
	"amount = max(extra.total, 0 yuan)\n";

static void test_language_random(void **state)
{
	const char *names[] = { "extra.rules", "reader.rules", "preader.rules" };
	const char *texts[] = { extra_rules, reader_rules, person_reader_rules };
	policy_set *s = policy_set_load_texts(names, texts, 3, NULL, NULL);
	policy_columns c;

	(void)state;
	assert_non_null(s);
	build(&c, s, 1000);
	compare(s, &c, "2021-06-01", 1, 0);
	compare(s, &c, "2022-06-01", 2, 0);
	policy_columns_release(&c);
	policy_set_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_random),
		cmocka_unit_test(test_language_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

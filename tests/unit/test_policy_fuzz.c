/* test_policy_fuzz.c - broken rules never crash the loader: thousands of
 * mutations of the shipped files (bytes changed, spans cut or doubled,
 * full-width punctuation, invalid UTF-8), and pathological files (deep
 * nesting, very long sums and names). Whatever loads is also evaluated.
 * Run under the sanitizers, this is the loader's fault-injection test. */
#include "policy_testlib.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const pieces[] = {
	"(", ")", "\"", "#", "\n", "，", "（", "\xff", "\xe4\xbd", "0", "9.999", "-", "*", "/",
	"<", "==", "and ", " or ", "not ", "if ", " then ", " else ", "members", "others", "where",
	"let x \"x\" = ", "require r \"r\": ", "from 2021-02-29: ", " in 440106", "amount = ",
	"dibao.", "eligible(", "amount(", "sum(", "round(", "yuan", "2021-04-01", "param p \"p\" ",
	"unit person\n", "program ", "output ", "age", "relation", "≤", "×", "\t", "\r",
};

static char *mutate(const char *src)
{
	size_t n = strlen(src), cap = n * 2 + 256, len;
	char *out = malloc(cap);
	int edits = 1 + (int)(rnd() % 4);

	memcpy(out, src, n + 1);
	len = n;
	for (int e = 0; e < edits && len; e++) {
		size_t at = rnd() % len;

		switch (rnd() % 5) {
		case 0: { /* insert a piece */
			const char *p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t pl = strlen(p);

			if (len + pl + 1 >= cap)
				break;
			memmove(out + at + pl, out + at, len - at + 1);
			memcpy(out + at, p, pl);
			len += pl;
			break;
		}
		case 1: { /* delete a span */
			size_t k = 1 + rnd() % 40;

			if (at + k > len)
				k = len - at;
			memmove(out + at, out + at + k, len - at - k + 1);
			len -= k;
			break;
		}
		case 2: /* change a byte */
			out[at] = (char)(rnd() % 256);
			if (!out[at])
				out[at] = ' ';
			break;
		case 3: { /* double a span */
			size_t k = 1 + rnd() % 60;

			if (at + k > len)
				k = len - at;
			if (len + k + 1 >= cap)
				break;
			memmove(out + at + k, out + at, len - at + 1);
			len += k;
			break;
		}
		case 4: /* truncate */
			out[at] = '\0';
			len = at;
			break;
		}
	}
	return out;
}

static void exercise(const policy_set *s)
{
	static const char *hh = "{\"division\": \"440111\", \"rural\": true, \"members\": ["
				"{\"age\": 75, \"selfcare_unable\": 4, \"incomes\": {\"wage\": 300}},"
				"{\"relation\": \"grandchild\", \"age\": 9, \"father\": \"dead\","
				" \"mother\": \"untraceable\", \"disability\": \"physical\", \"disability_grade\": 1}]}";
	json_t *in = json_loads(hh, 0, NULL), *out;
	mz_err e = { 0 };
	policy_household h;
	policy_batch b;

	out = policy_eval_json(s, in, mz_day_parse("2025-06-01"), &e);
	json_decref(out);
	if (!policy_household_from_json(in, s, mz_day_parse("2021-04-01"), &h, &e)) {
		if (!policy_eval_batch(s, &h.cols, mz_day_parse("2021-04-01"), NULL, &b, &e))
			policy_batch_release(&b);
		policy_household_release(&h);
	}
	json_decref(in);
}

static void test_mutations(void **state)
{
	policy_set *shipped = tl_load_shipped();
	size_t n = policy_set_count(shipped);
	const char **names = calloc(n, sizeof(char *)), **texts = calloc(n, sizeof(char *));
	int loaded = 0, rejected = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		names[i] = policy_program_path(policy_set_program(shipped, i));
		texts[i] = policy_program_text(policy_set_program(shipped, i));
	}
	for (int it = 0; it < 1500; it++) {
		size_t victim = rnd() % n;
		const char *orig = texts[victim];
		char *bad = mutate(orig);
		policy_diags d = { 0 };
		mz_err e = { 0 };
		policy_set *s;

		texts[victim] = bad;
		s = policy_set_load_texts(names, texts, n, &d, &e);
		if (s) {
			loaded++;
			exercise(s);
			policy_set_unref(s);
		} else {
			rejected++;
			/* Every rejection says where. */
			assert_true(d.n > 0);
			assert_int_equal(e.code, MZ_EPOLICY);
			assert_true(d.items[0].file[0] != '\0');
		}
		policy_diags_release(&d);
		texts[victim] = orig;
		free(bad);
	}
	assert_true(rejected > 0);
	fprintf(stderr, "mutations: %d loaded, %d rejected\n", loaded, rejected);
	free(names);
	free(texts);
	policy_set_unref(shipped);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * times + tl + 1), *p = s;

	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < times; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void expect_rejected(char *text, const char *what)
{
	const char *names[] = { "t.rules" };
	const char *texts[] = { text };
	policy_diags d = { 0 };
	policy_set *s = policy_set_load_texts(names, texts, 1, &d, NULL);

	if (s)
		fail_msg("%s: loaded", what);
	assert_true(d.n > 0);
	policy_diags_release(&d);
	free(text);
}

#define HDR "program t \"测试\" \"Test\"\nunit household\n"

static void test_pathological(void **state)
{
	(void)state;
	expect_rejected(repeat(HDR "let a \"甲\" = ", "(", 200000, "1"), "deep parentheses");
	expect_rejected(repeat(HDR "let a \"甲\" = ", "-", 200000, "1"), "long unary chain");
	expect_rejected(repeat(HDR "let a \"甲\" = ", "not ", 100000, "true"), "long not chain");
	expect_rejected(repeat(HDR "let a \"甲\" = 1", " + 1", 100000, "\n"), "long sum");
	expect_rejected(repeat(HDR "let a \"甲\" = max(1, ", "max(1, ", 50000, "1"), "nested calls");
	expect_rejected(repeat(HDR "let a \"", "长", 300000, ""), "unclosed long label");
	expect_rejected(repeat(HDR "let ", "x", 300000, " \"甲\" = 1\nlet b \"乙\" = y"),
			"long name and an error");
	/* A long but flat program loads: 150 chained named values. */
	{
		char *text = malloc(64 * 1024), *p = text;
		policy_set *s;

		p += snprintf(p, 128, HDR "let v0 \"零\" = 1\n");
		for (int i = 1; i < 150; i++)
			p += snprintf(p, 128, "let v%d \"值\" = v%d + 1\n", i, i - 1);
		snprintf(p, 128, "require ok \"符合\": v149 == 150\namount = 1 yuan * v149\n");
		s = tl_load_text(text);
		exercise(s);
		policy_set_unref(s);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_pathological),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

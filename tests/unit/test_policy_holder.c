/* test_policy_holder.c - the reloadable set the server keeps: a broken file
 * on reload keeps the last good set serving; a fixed one replaces it. */
#include <unistd.h>

#include "policy_testlib.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static json_int_t amount_now(policy_holder *h)
{
	policy_set *s = policy_holder_get(h);
	json_t *r = tl_eval(s, "{\"members\": [{\"age\": 40}]}", "2022-01-01");
	json_int_t a = tl_amount(tl_prog(r, "t"));

	json_decref(r);
	policy_set_unref(s);
	return a;
}

static void test_reload(void **state)
{
	char dir[] = "/tmp/mz_policy_XXXXXX", path[256], other[256];
	policy_holder *h;
	policy_diags d = { 0 };
	mz_err e = { 0 };
	policy_set *old;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.rules", dir);
	snprintf(other, sizeof(other), "%s/notes.txt", dir);
	write_file(path, "program t \"测试\" \"Test\"\nunit household\n"
			 "param std \"标准\" money\n  from 2020-01-01: 100\namount = std\n");
	write_file(other, "not a rules file: ignored\n");
	h = policy_holder_new(dir, &d, &e);
	assert_non_null(h);
	assert_int_equal(amount_now(h), 10000);

	/* A reference taken before the reload stays valid after it. */
	old = policy_holder_get(h);

	/* Broken: the reload fails with the place, the old set keeps serving. */
	write_file(path, "program t \"测试\" \"Test\"\nunit household\n"
			 "param std \"标准\" money\n  from 2020-01-01: 100\n  from 2021-01-01: 1.234\n"
			 "amount = std\n");
	assert_int_equal(policy_holder_reload(h, &d, &e), -1);
	assert_int_equal(e.code, MZ_EPOLICY);
	assert_non_null(strstr(e.field, "t.rules:5:20"));
	assert_int_equal(amount_now(h), 10000);

	/* Fixed: one new dated line takes effect. */
	write_file(path, "program t \"测试\" \"Test\"\nunit household\n"
			 "param std \"标准\" money\n  from 2020-01-01: 100\n  from 2021-01-01: 123.45\n"
			 "amount = std\n");
	assert_int_equal(policy_holder_reload(h, NULL, &e), 0);
	assert_int_equal(amount_now(h), 12345);
	assert_int_equal(policy_set_count(old), 1);
	policy_set_unref(old);

	policy_holder_free(h);
	policy_diags_release(&d);
	unlink(path);
	unlink(other);
	rmdir(dir);
}

/* The server refuses to start on a broken directory. */
static void test_broken_start(void **state)
{
	char dir[] = "/tmp/mz_policy_XXXXXX", path[256];
	mz_err e = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.rules", dir);
	write_file(path, "program a \"甲\" \"A\"\nunit households\n");
	assert_null(policy_holder_new(dir, NULL, &e));
	assert_int_equal(e.code, MZ_EPOLICY);
	assert_non_null(strstr(e.message, "a.rules:2:6"));
	unlink(path);
	rmdir(dir);
}

/* The program description carries every dated line of every parameter. */
static void test_describe(void **state)
{
	policy_set *s = tl_load_shipped();
	json_t *d = policy_program_describe(policy_set_find(s, "dibao")), *std;

	(void)state;
	std = tl_find(json_object_get(d, "params"), "name", "standard");
	assert_int_equal(json_array_size(json_object_get(std, "history")), 4);
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(std, "history"), 3), "value")),
			 112000);
	assert_string_equal(json_string_value(json_object_get(d, "unit")), "household");
	assert_non_null(strstr(policy_program_text(policy_set_find(s, "dibao")), "program dibao"));
	json_decref(d);
	policy_set_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_broken_start),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

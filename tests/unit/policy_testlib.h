/* policy_testlib.h - helpers shared by the tests/unit/test_policy_*.c
 * programs: load rules from text or from the shipped directory, evaluate a
 * household given as JSON text, and dig into the trace. */
#ifndef MZ_POLICY_TESTLIB_H
#define MZ_POLICY_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy/policy.h"

/* Loads one rules text as file "t.rules"; fails the test on error. */
static inline policy_set *tl_load_text(const char *text)
{
	const char *names[] = { "t.rules" };
	policy_diags d = { 0 };
	mz_err e = { 0 };
	policy_set *s = policy_set_load_texts(names, &text, 1, &d, &e);

	for (size_t i = 0; !s && i < d.n; i++) {
		char line[1200];

		policy_diag_format(&d.items[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	policy_diags_release(&d);
	assert_non_null(s);
	return s;
}

static inline const char *tl_rules_dir(void)
{
	static char path[1024];
	const char *root = getenv("MZ_SOURCE_DIR");

	snprintf(path, sizeof(path), "%s/policies/guangzhou", root && *root ? root : ".");
	return path;
}

static inline policy_set *tl_load_shipped(void)
{
	policy_diags d = { 0 };
	mz_err e = { 0 };
	policy_set *s = policy_set_load_dir(tl_rules_dir(), &d, &e);

	for (size_t i = 0; !s && i < d.n; i++) {
		char line[1200];

		policy_diag_format(&d.items[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	policy_diags_release(&d);
	assert_non_null(s);
	return s;
}

/* Evaluates the household JSON text on date; fails the test on error. */
static inline json_t *tl_eval(const policy_set *s, const char *household, const char *date)
{
	json_error_t je;
	json_t *in = json_loads(household, 0, &je), *out;
	mz_err e = { 0 };

	if (!in)
		fprintf(stderr, "bad test JSON: %s (line %d)\n", je.text, je.line);
	assert_non_null(in);
	out = policy_eval_json(s, in, mz_day_parse(date), &e);
	if (!out)
		fprintf(stderr, "eval failed: %s: %s\n", e.field, e.message);
	assert_non_null(out);
	json_decref(in);
	return out;
}

/* The program object `code` of an evaluation (borrowed). */
static inline json_t *tl_prog(json_t *res, const char *code)
{
	json_t *progs = json_object_get(res, "programs"), *p;
	size_t i;

	json_array_foreach(progs, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "code")), code))
			return p;
	fail_msg("no program %s in the result", code);
	return NULL;
}

static inline json_t *tl_find(json_t *arr, const char *key, const char *value)
{
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
		if (json_is_string(json_object_get(o, key)) &&
		    !strcmp(json_string_value(json_object_get(o, key)), value))
			return o;
	fail_msg("no element with %s = %s", key, value);
	return NULL;
}

static inline int tl_eligible(json_t *prog)
{
	return json_is_true(json_object_get(prog, "eligible"));
}

static inline json_int_t tl_amount(json_t *prog)
{
	return json_integer_value(json_object_get(prog, "amount_fen"));
}

/* "null" when eligible, else the id of the first failed condition. */
static inline const char *tl_failed(json_t *prog)
{
	json_t *f = json_object_get(prog, "failed");

	return json_is_string(f) ? json_string_value(f) : "null";
}

/* The person `id` of a person program. */
static inline json_t *tl_person(json_t *prog, const char *id)
{
	return tl_find(json_object_get(prog, "persons"), "id", id);
}

/* The raw value of named value `name` (household level). */
static inline json_int_t tl_value(json_t *prog, const char *name)
{
	json_t *v = json_object_get(tl_find(json_object_get(prog, "values"), "name", name), "value");

	return json_is_boolean(v) ? json_is_true(v) : json_integer_value(v);
}

/* The text of condition `id` (household programs). */
static inline const char *tl_cond_text(json_t *prog, const char *id)
{
	return json_string_value(
		json_object_get(tl_find(json_object_get(prog, "conditions"), "id", id), "text"));
}

#endif

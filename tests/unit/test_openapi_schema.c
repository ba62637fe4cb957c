/* test_openapi_schema.c - the compact response notation (http/openapi_schema.h)
 * and the route tables' declarations: every route declares a success response,
 * every declared schema parses, no two declarations share a name, and every
 * @Name reference resolves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/openapi_schema.h"
#include "http/server.h"

static json_t *parse_ok(const char *spec)
{
	const char *err = NULL;
	size_t at = 0;
	json_t *s = openapi_schema_parse(spec, &err, &at);

	if (!s)
		fail_msg("%s: %s at %zu", spec, err, at);
	return s;
}

static void expect_fault(const char *spec, size_t at_expected)
{
	const char *err = NULL;
	size_t at = 0;
	json_t *s = openapi_schema_parse(spec, &err, &at);

	if (s)
		fail_msg("%s parsed", spec);
	assert_non_null(err);
	assert_int_equal(at, at_expected);
}

static void assert_json(json_t *got, const char *want_text)
{
	json_t *want = json_loads(want_text, 0, NULL);
	char *g = json_dumps(got, JSON_SORT_KEYS), *w = json_dumps(want, JSON_SORT_KEYS);

	assert_non_null(want);
	if (!json_equal(got, want))
		fail_msg("got %s\nwant %s", g, w);
	free(g);
	free(w);
	json_decref(want);
	json_decref(got);
}

static void test_object(void **state)
{
	(void)state;
	assert_json(parse_ok("{id:id, name?:str, death:date|null `empty when alive`}"),
		    "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"id\",\"death\"],"
		    "\"properties\":{\"id\":{\"type\":\"integer\",\"format\":\"int64\",\"minimum\":1},"
		    "\"name\":{\"type\":\"string\"},\"death\":{\"type\":\"string\",\"format\":\"date\","
		    "\"nullable\":true,\"description\":\"empty when alive\"}}}");
	/* A trailing ... opens the object; no property: no required list. */
	assert_json(parse_ok("{a?:int ...}"),
		    "{\"type\":\"object\",\"additionalProperties\":true,"
		    "\"properties\":{\"a\":{\"type\":\"integer\",\"format\":\"int64\"}}}");
}

static void test_composites(void **state)
{
	(void)state;
	assert_json(parse_ok("[enum(open done)]"),
		    "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"open\",\"done\"]}}");
	assert_json(parse_ok("map(fen)"),
		    "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"format\":\"int64\","
		    "\"x-unit\":\"fen\",\"description\":\"money in integer fen (1 yuan = 100 fen)\"}}");
	assert_json(parse_ok("@Case|null"),
		    "{\"allOf\":[{\"$ref\":\"#/components/schemas/Case\"}],\"nullable\":true}");
	{
		json_t *l = parse_ok("list(@Case)");

		assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
					    json_object_get(l, "properties"), "items"), "items"), "$ref")),
				    "#/components/schemas/Case");
		assert_int_equal(json_array_size(json_object_get(l, "required")), 4);
		json_decref(l);
	}
	{
		char media[64];

		assert_int_equal(openapi_schema_media("file(text/csv)", media, sizeof(media)), 0);
		assert_string_equal(media, "text/csv");
		assert_int_equal(openapi_schema_media("empty", media, sizeof(media)), 1);
		assert_int_equal(openapi_schema_media("{a:int}", media, sizeof(media)), 0);
		assert_string_equal(media, "");
	}
}

static void test_faults(void **state)
{
	(void)state;
	expect_fault("{id:idd}", 7);       /* unknown type, after the word */
	expect_fault("{id id}", 4);        /* no colon */
	expect_fault("{a:int", 6);         /* unclosed */
	expect_fault("[int", 4);
	expect_fault("{a:int `x}", 7);     /* unterminated description */
	expect_fault("{a:int} trailing", 8);
	expect_fault("enum(a b", 8);
}

/* Every route declares its response; every declaration parses, under a
 * name of its own; each @Name it uses is declared. */
static void test_route_tables(void **state)
{
	size_t n = 0, declared = 0;
	const http_route *routes = http_routes_all(&n);
	json_t *names = json_object();
	(void)state;

	for (size_t t = 0; openapi_schema_tables[t]; t++) {
		for (const http_schema *const *p = openapi_schema_tables[t]; *p; p++) {
			const char *err = NULL;
			size_t at = 0;
			json_t *s = openapi_schema_parse((*p)->spec, &err, &at);

			if (!s)
				fail_msg("%s: %s at %zu", (*p)->name, err, at);
			json_decref(s);
			if (json_object_get(names, (*p)->name))
				fail_msg("two declarations named %s", (*p)->name);
			json_object_set_new(names, (*p)->name, json_true());
			declared++;
		}
	}
	assert_true(declared > 100);
	for (size_t i = 0; i < n; i++) {
		if (!routes[i].response)
			fail_msg("%s %s declares no response (.response)", routes[i].method, routes[i].pattern);
		if (!json_object_get(names, routes[i].response->name))
			fail_msg("%s %s: %s is in no schema table", routes[i].method, routes[i].pattern,
				 routes[i].response->name);
	}
	for (size_t t = 0; openapi_schema_tables[t]; t++) {
		for (const http_schema *const *p = openapi_schema_tables[t]; *p; p++) {
			for (const char *r = strchr((*p)->spec, '@'); r; r = strchr(r + 1, '@')) {
				char ref[80];
				size_t k = strspn(r + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

				snprintf(ref, sizeof(ref), "%.*s", (int)k, r + 1);
				if (!json_object_get(names, ref))
					fail_msg("%s refers to @%s, which is not declared", (*p)->name, ref);
			}
		}
	}
	json_decref(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_composites),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_route_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

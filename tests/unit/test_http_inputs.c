/* test_http_inputs.c - the declared-input checker (http/inputs.c) and the
 * route table's declarations: every route declares its inputs, every path
 * parameter is declared, every string has a bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/inputs.h"
#include "http/server.h"
#include "registry/idcard.h"

/* Checks one JSON value (given as JSON text) against in; returns the rc and
 * leaves the error in *e. */
static int check_json(const http_input *in, const char *json_text, mz_err *e)
{
	json_error_t jerr;
	json_t *v = json_loads(json_text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	int rc;

	if (!v)
		fail_msg("bad test JSON %s: %s", json_text, jerr.text);
	mz_err_clear(e);
	rc = http_input_check_value(in, v, NULL, in->name, e);
	json_decref(v);
	return rc;
}

static void expect_refused(const http_input *in, const char *json_text, mz_code code)
{
	mz_err e = { 0 };

	if (check_json(in, json_text, &e) != -1)
		fail_msg("%s accepted %s", in->name, json_text);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, in->name);
	assert_true(e.message[0] && e.message_zh[0]);
}

static void expect_accepted(const http_input *in, const char *json_text)
{
	mz_err e = { 0 };

	if (check_json(in, json_text, &e))
		fail_msg("%s refused %s: %s", in->name, json_text, e.message);
}

static void test_string(void **state)
{
	const http_input name = HTTP_B_STR("name", 12, HTTP_REQ);
	const http_input note = HTTP_B_STR("note", 100, HTTP_TEXT);
	(void)state;

	expect_accepted(&name, "\"张三\"");
	expect_accepted(&name, "\"abcdefghijkl\"");         /* exactly 12 bytes */
	expect_refused(&name, "\"abcdefghijklm\"", MZ_EINVAL); /* 13 */
	expect_accepted(&name, "\"张三丰李\"");                /* 4 characters, 12 bytes */
	expect_refused(&name, "\"张三丰李五\"", MZ_EINVAL);      /* 15 bytes: bounds are bytes */
	expect_refused(&name, "5", MZ_EINVAL);               /* a number never becomes text */
	expect_refused(&name, "true", MZ_EINVAL);
	expect_refused(&name, "[\"a\"]", MZ_EINVAL);
	expect_refused(&name, "{}", MZ_EINVAL);
	expect_refused(&name, "\"   \"", MZ_EINVAL);          /* blank */
	expect_refused(&name, "\"\u3000\u3000\"", MZ_EINVAL);  /* ideographic spaces: blank */
	expect_refused(&name, "\"a\\nb\"", MZ_EINVAL);        /* a newline in a name */
	expect_refused(&name, "\"a\\u0000b\"", MZ_EINVAL);    /* an embedded NUL */
	expect_refused(&name, "\"a\\u007fb\"", MZ_EINVAL);    /* DEL */
	expect_refused(&name, "\"a\\u0085b\"", MZ_EINVAL);    /* C1 control */
	expect_refused(&name, "\"a\\u202eb\"", MZ_EINVAL);    /* right-to-left override */
	expect_refused(&name, "\"a\\u2066b\"", MZ_EINVAL);    /* left-to-right isolate */
	expect_refused(&name, "\"a\\u2069b\"", MZ_EINVAL);    /* pop directional isolate */
	expect_accepted(&name, "\"a\\u200db\"");              /* zero-width joiner is text */
	expect_accepted(&note, "\"line one\\nline two\\tend\"");
	expect_refused(&note, "\"bell\\u0007\"", MZ_EINVAL);
	expect_accepted(&note, "\"\"");                      /* optional: empty is fine */
}

static void test_text_unsafe(void **state)
{
	(void)state;
	assert_int_equal(http_text_unsafe("王小明", 0), 0);
	assert_int_equal(http_text_unsafe("a\tb", 0), 1);
	assert_int_equal(http_text_unsafe("a\tb", 1), 0);
	assert_int_equal(http_text_unsafe("\xe2\x80\xae", 0), 1); /* U+202E */
	assert_int_equal(http_text_unsafe("\xe2\x80\xa9", 0), 0); /* U+2029 is not an override */
	assert_int_equal(http_text_unsafe("\xff", 0), 1);         /* not UTF-8 */
	assert_int_equal(http_text_unsafe("\xc0\xaf", 0), 1);     /* overlong '/' */
	assert_int_equal(http_text_unsafe("\xed\xa0\x80", 0), 1); /* a surrogate */
}

static void test_integer_and_money(void **state)
{
	const http_input n = HTTP_B_INT("capacity", 1, 10000, HTTP_REQ);
	const http_input fen = HTTP_B_FEN("fee_fen", 1000000, 0);
	mz_err e = { 0 };
	(void)state;

	expect_accepted(&n, "1");
	expect_accepted(&n, "10000");
	expect_refused(&n, "0", MZ_EINVAL);
	expect_refused(&n, "10001", MZ_EINVAL);
	expect_refused(&n, "\"5\"", MZ_EINVAL); /* a numeric string is not an integer */
	expect_refused(&n, "5.5", MZ_EINVAL);
	expect_refused(&n, "null", MZ_EINVAL); /* null as a value (absence is the caller's) */
	expect_accepted(&fen, "0");
	expect_refused(&fen, "-1", MZ_EINVAL);
	expect_refused(&fen, "12.5", MZ_EINVAL); /* money is never fractional */
	/* Query text is parsed whole. */
	const http_input q = HTTP_Q_INT("page", 1, 1000000);
	assert_int_equal(http_input_check_value(&q, NULL, "3", "page", &e), 0);
	assert_int_equal(http_input_check_value(&q, NULL, "3x", "page", &e), -1);
	assert_string_equal(e.field, "page");
	assert_int_equal(http_input_check_value(&q, NULL, "0", "page", &e), -1);
	assert_int_equal(http_input_check_value(&q, NULL, "99999999999999999999", "page", &e), -1);
}

static void test_dates_enums_booleans(void **state)
{
	static const char *const modes[] = { "dine_in", "delivery", NULL };
	const http_input day = HTTP_B_DATE("visited_on", HTTP_REQ);
	const http_input month = HTTP_B_MONTH("month", HTTP_REQ);
	const http_input mode = HTTP_B_ENUM("mode", modes, 0);
	const http_input flag = HTTP_B_BOOL("full_price", 0);
	mz_err e = { 0 };
	(void)state;

	expect_accepted(&day, "\"2024-02-29\"");
	expect_refused(&day, "\"2023-02-29\"", MZ_EINVAL);
	expect_refused(&day, "\"2024-2-9\"", MZ_EINVAL);
	expect_refused(&day, "20240229", MZ_EINVAL);
	expect_accepted(&month, "\"2026-12\"");
	expect_refused(&month, "\"2026-13\"", MZ_EINVAL);
	expect_refused(&month, "\"2026-00\"", MZ_EINVAL);
	expect_refused(&month, "\"2026-1\"", MZ_EINVAL);
	expect_accepted(&mode, "\"delivery\"");
	expect_refused(&mode, "\"takeaway\"", MZ_EINVAL);
	expect_refused(&mode, "\"Delivery\"", MZ_EINVAL);
	expect_accepted(&flag, "false");
	expect_refused(&flag, "0", MZ_EINVAL);
	expect_refused(&flag, "\"true\"", MZ_EINVAL);
	const http_input qflag = { .name = "open", .where = HTTP_WHERE_QUERY,
				   .type = HTTP_T_BOOLEAN };
	assert_int_equal(http_input_check_value(&qflag, NULL, "true", "open", &e), 0);
	assert_int_equal(http_input_check_value(&qflag, NULL, "yes", "open", &e), -1);
}

static void test_id_number(void **state)
{
	const http_input idn = HTTP_B_IDNUM("applicant_id_number", HTTP_REQ);
	char good[19], bad[19], json[32];
	(void)state;

	idcard_make("440105", 1950, 3, 1, 123, good);
	memcpy(bad, good, sizeof(bad));
	bad[17] = bad[17] == '0' ? '1' : '0'; /* a wrong check character */
	snprintf(json, sizeof(json), "\"%s\"", good);
	expect_accepted(&idn, json);
	snprintf(json, sizeof(json), "\"%s\"", bad);
	/* idcard_parse names "id_number"; the input's own name is reported. */
	expect_refused(&idn, json, MZ_EINVAL);
	expect_refused(&idn, "\"44010519500301\"", MZ_EINVAL);
	expect_refused(&idn, "440105195003011230", MZ_EINVAL); /* a number, not text */
}

static void test_nested(void **state)
{
	static const http_input contact[] = {
		HTTP_B_STR("name", 60, HTTP_REQ),
		HTTP_B_STR("phone", 30, HTTP_REQ),
		HTTP_INPUT_END
	};
	static const http_input item[] = { HTTP_I_OBJ(contact) };
	static const http_input id_item[] = { HTTP_I_INT(1, INT64_MAX) };
	const http_input contacts = HTTP_B_ARR("contacts", item, 1, 2, HTTP_REQ);
	const http_input homes = HTTP_B_ARR("homes", id_item, 1, 5, HTTP_REQ);
	static const http_input addr[] = { HTTP_B_STR("street", 10, HTTP_REQ), HTTP_INPUT_END };
	const http_input obj = HTTP_B_OBJ("address", addr, 0);
	const http_input any = HTTP_B_OBJ("household", NULL, HTTP_REQ);
	mz_err e = { 0 };
	(void)state;

	expect_accepted(&contacts, "[{\"name\":\"王\",\"phone\":\"138\"}]");
	expect_refused(&contacts, "[]", MZ_EINVAL);                 /* too few */
	expect_refused(&contacts, "[{\"name\":\"a\",\"phone\":\"1\"},{\"name\":\"b\",\"phone\":\"2\"},"
				  "{\"name\":\"c\",\"phone\":\"3\"}]", MZ_EINVAL); /* too many */
	/* An element's fault is reported on the list, the element in the message. */
	assert_int_equal(check_json(&contacts, "[{\"name\":\"王\",\"phone\":7}]", &e), -1);
	assert_string_equal(e.field, "contacts");
	assert_non_null(strstr(e.message, "contacts[0].phone"));
	assert_int_equal(check_json(&contacts, "[null]", &e), -1);
	assert_string_equal(e.field, "contacts");
	expect_refused(&contacts, "{\"name\":\"王\"}", MZ_EINVAL); /* an object is not a list */
	expect_accepted(&homes, "[3, 4]");
	expect_refused(&homes, "[3, \"4\"]", MZ_EINVAL);
	expect_refused(&homes, "[0]", MZ_EINVAL);
	/* Inside a plain object the path is the field. */
	assert_int_equal(check_json(&obj, "{\"street\":\"\\u202e\"}", &e), -1);
	assert_string_equal(e.field, "address.street");
	assert_int_equal(check_json(&obj, "{}", &e), -1);
	assert_string_equal(e.field, "address.street");
	expect_accepted(&any, "{\"anything\":[1,2]}");
	expect_refused(&any, "[]", MZ_EINVAL);
}

static void test_request_check(void **state)
{
	static const http_input ins[] = {
		HTTP_P_ID("id"),
		HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
		HTTP_B_INT("version", 1, 100, 0),
		HTTP_INPUT_END
	};
	http_request req;
	(void)state;

	memset(&req, 0, sizeof(req));
	req.nparams = 1;
	req.param_names[0] = "id";
	req.param_values[0] = "12";
	req.inputs = ins;
	/* No body while a field is required: bad_json, as http_require_json. */
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_int_equal(req.err.code, MZ_EBADJSON);
	req.json = json_pack("{s:s,s:i}", "reason", "核实后更正", "version", 3);
	mz_err_clear(&req.err);
	assert_int_equal(http_inputs_check(&req, ins), 0);
	assert_string_equal(http_input_str(&req, "reason"), "核实后更正");
	assert_int_equal(http_input_int(&req, "version", 0), 3);
	assert_int_equal(http_input_has(&req, "version"), 1);
	/* A malformed id is 404 whatever the body holds (path first). */
	req.param_values[0] = "12abc";
	json_object_set_new(req.json, "reason", json_integer(5));
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_int_equal(req.err.code, MZ_ENOTFOUND);
	req.param_values[0] = "12";
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_int_equal(req.err.code, MZ_EINVAL);
	assert_string_equal(req.err.field, "reason");
	/* null is absence: required -> "is required", optional -> fine. */
	json_object_set_new(req.json, "reason", json_null());
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_string_equal(req.err.field, "reason");
	json_object_set_new(req.json, "reason", json_string("ok reason"));
	json_object_set_new(req.json, "version", json_null());
	assert_int_equal(http_inputs_check(&req, ins), 0);
	assert_int_equal(http_input_int(&req, "version", -7), -7);
	/* Undeclared body fields are left to the handler. */
	json_object_set_new(req.json, "sex", json_string("F"));
	assert_int_equal(http_inputs_check(&req, ins), 0);
	/* In a PATCH, null is a value ("clear"), refused unless declared so. */
	req.method = "PATCH";
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_string_equal(req.err.field, "version");
	json_object_del(req.json, "version");
	assert_int_equal(http_inputs_check(&req, ins), 0);
	json_decref(req.json);
}

static void test_patch_nullable(void **state)
{
	static const http_input ins[] = {
		HTTP_B_STR("name", 60, 0),
		HTTP_B_DATE("death_date", HTTP_NULL),
		HTTP_INPUT_END
	};
	http_request req;
	(void)state;

	memset(&req, 0, sizeof(req));
	req.method = "PATCH";
	req.json = json_pack("{s:n}", "death_date");
	assert_int_equal(http_inputs_check(&req, ins), 0);
	json_object_set_new(req.json, "name", json_null());
	assert_int_equal(http_inputs_check(&req, ins), -1);
	assert_int_equal(req.err.code, MZ_EINVAL);
	assert_string_equal(req.err.field, "name");
	req.method = "POST"; /* elsewhere null is absence */
	assert_int_equal(http_inputs_check(&req, ins), 0);
	json_decref(req.json);
}

/* Every route declares its inputs; the declarations are well-formed. */
static void check_decl(const http_route *r, const http_input *in, int nested)
{
	for (; in && in->name; in++) {
		if (!nested && in->where == HTTP_WHERE_ITEM)
			fail_msg("%s %s: an item entry at top level", r->method, r->pattern);
		switch (in->type) {
		case HTTP_T_STRING:
			if (in->max <= 0)
				fail_msg("%s %s: string '%s' without a maximum length", r->method,
					 r->pattern, in->name);
			break;
		case HTTP_T_INTEGER:
		case HTTP_T_MONEY_FEN:
			if (in->min > in->max)
				fail_msg("%s %s: '%s' has an empty range", r->method, r->pattern,
					 in->name);
			break;
		case HTTP_T_ENUM:
			if (!in->values || !in->values[0])
				fail_msg("%s %s: enum '%s' without values", r->method, r->pattern,
					 in->name);
			break;
		case HTTP_T_ARRAY:
			if (in->max <= 0 || (in->sub && in->sub->where != HTTP_WHERE_ITEM))
				fail_msg("%s %s: list '%s' without a bound or a proper item",
					 r->method, r->pattern, in->name);
			if (in->sub)
				check_decl(r, in->sub, 1);
			break;
		case HTTP_T_OBJECT:
			if (in->sub)
				check_decl(r, in->sub, 1);
			break;
		default:
			break;
		}
		if (nested)
			return; /* an item entry is one element, not a list */
	}
}

static void test_route_table(void **state)
{
	size_t n;
	const http_route *routes = http_routes_all(&n);
	(void)state;

	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		const http_route *r = &routes[i];
		const char *p = r->pattern;
		int declared_path = 0, in_pattern = 0;

		if (!r->inputs)
			fail_msg("%s %s declares no inputs (http_no_inputs if it takes none)",
				 r->method, r->pattern);
		check_decl(r, r->inputs, 0);
		while ((p = strchr(p, ':'))) {
			char name[64];
			const http_input *in;
			size_t len = strcspn(++p, "/");

			snprintf(name, sizeof(name), "%.*s", (int)len, p);
			in = http_input_find(r->inputs, name);
			if (!in || in->where != HTTP_WHERE_PATH)
				fail_msg("%s %s: path parameter '%s' is not declared", r->method,
					 r->pattern, name);
			in_pattern++;
		}
		for (const http_input *in = r->inputs; in->name; in++)
			declared_path += in->where == HTTP_WHERE_PATH;
		if (declared_path != in_pattern)
			fail_msg("%s %s declares a path parameter it does not have", r->method,
				 r->pattern);
		if (!strcmp(r->method, "GET"))
			for (const http_input *in = r->inputs; in->name; in++)
				if (in->where == HTTP_WHERE_BODY)
					fail_msg("%s %s: a GET with body fields", r->method, r->pattern);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_text_unsafe),
		cmocka_unit_test(test_integer_and_money),
		cmocka_unit_test(test_dates_enums_booleans),
		cmocka_unit_test(test_id_number),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_request_check),
		cmocka_unit_test(test_patch_nullable),
		cmocka_unit_test(test_route_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

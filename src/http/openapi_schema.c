/* openapi_schema.c - the compact response notation (openapi_schema.h)
 * turned into JSON Schema. A recursive descent over the spec text; a fault
 * names its offset so a broken declaration is found at once (the unit test
 * and the API test both parse every declared schema). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/openapi_schema.h"

typedef struct cursor {
	const char *s;
	size_t i;
	const char *err;
} cursor;

static json_t *parse_type(cursor *c);

static void skip_space(cursor *c)
{
	while (c->s[c->i] && (isspace((unsigned char)c->s[c->i]) || c->s[c->i] == ','))
		c->i++;
}

static int fail(cursor *c, const char *msg)
{
	if (!c->err)
		c->err = msg;
	return -1;
}

/* A word: letters, digits, '_', '-', '.', '/', '+' (enum values, media types). */
static size_t word(cursor *c, char *out, size_t cap)
{
	size_t n = 0;

	while (c->s[c->i] && (isalnum((unsigned char)c->s[c->i]) || strchr("_-./+", c->s[c->i]))) {
		if (n + 1 < cap)
			out[n++] = c->s[c->i];
		c->i++;
	}
	out[n] = '\0';
	return n;
}

static int expect(cursor *c, char ch)
{
	skip_space(c);
	if (c->s[c->i] != ch)
		return fail(c, ch == ')'   ? "expected )"
			       : ch == ']' ? "expected ]"
			       : ch == '(' ? "expected ("
			       : ch == ':' ? "expected : after a property name"
					   : "unexpected character");
	c->i++;
	return 0;
}

/* An optional `description` after a type. */
static void description(cursor *c, json_t *schema)
{
	const char *end;

	while (c->s[c->i] == ' ')
		c->i++;
	if (c->s[c->i] != '`')
		return;
	end = strchr(c->s + c->i + 1, '`');
	if (!end) {
		fail(c, "unterminated description");
		return;
	}
	json_object_set_new(schema, "description",
			    json_stringn(c->s + c->i + 1, (size_t)(end - c->s - c->i - 1)));
	c->i = (size_t)(end - c->s) + 1;
}

static json_t *parse_object(cursor *c)
{
	json_t *props = json_object(), *req = json_array(), *o;
	int open = 0;

	c->i++; /* '{' */
	for (;;) {
		char name[80];
		int optional = 0;
		json_t *t;

		skip_space(c);
		if (c->s[c->i] == '}') {
			c->i++;
			break;
		}
		if (!strncmp(c->s + c->i, "...", 3)) {
			open = 1;
			c->i += 3;
			continue;
		}
		if (!word(c, name, sizeof(name))) {
			fail(c, "expected a property name or }");
			break;
		}
		if (c->s[c->i] == '?') {
			optional = 1;
			c->i++;
		}
		if (expect(c, ':') < 0)
			break;
		if (!(t = parse_type(c)))
			break;
		json_object_set_new(props, name, t);
		if (!optional)
			json_array_append_new(req, json_string(name));
	}
	if (c->err) {
		json_decref(props);
		json_decref(req);
		return NULL;
	}
	o = json_pack("{s:s,s:o,s:b}", "type", "object", "properties", props,
		      "additionalProperties", open);
	if (json_array_size(req))
		json_object_set_new(o, "required", req);
	else
		json_decref(req);
	return o;
}

static json_t *parse_enum(cursor *c)
{
	json_t *vals = json_array();
	char w[80];

	if (expect(c, '(') < 0) {
		json_decref(vals);
		return NULL;
	}
	for (;;) {
		while (c->s[c->i] == ' ')
			c->i++;
		if (c->s[c->i] == ')') {
			c->i++;
			break;
		}
		if (!word(c, w, sizeof(w))) {
			json_decref(vals);
			fail(c, "expected an enum value or )");
			return NULL;
		}
		json_array_append_new(vals, json_string(w));
	}
	return json_pack("{s:s,s:o}", "type", "string", "enum", vals);
}

/* list(T): the envelope every paged route answers (http_query_page; docs/api.md,
 * "Lists"). */
static json_t *list_envelope(json_t *item)
{
	json_t *props = json_pack(
		"{s:{s:s,s:o},s:{s:s,s:i,s:s},s:{s:s,s:i},s:{s:s,s:i},s:{s:s,s:s}}", "items", "type",
		"array", "items", item, "total", "type", "integer", "minimum", 0, "description",
		"rows matching the filters over all pages (at most the cap, see total_capped)",
		"page", "type", "integer", "minimum", 1, "page_size", "type", "integer", "minimum", 1,
		"total_capped", "type", "boolean", "description",
		"present and true when more rows match than are counted");

	return json_pack("{s:s,s:[s,s,s,s],s:b,s:o}", "type", "object", "required", "items", "total",
			 "page", "page_size", "additionalProperties", 0, "properties", props);
}

static json_t *base_type(cursor *c, const char *w)
{
	if (!strcmp(w, "id"))
		return json_pack("{s:s,s:s,s:i}", "type", "integer", "format", "int64", "minimum", 1);
	if (!strcmp(w, "int"))
		return json_pack("{s:s,s:s}", "type", "integer", "format", "int64");
	if (!strcmp(w, "num"))
		return json_pack("{s:s}", "type", "number");
	if (!strcmp(w, "bool"))
		return json_pack("{s:s}", "type", "boolean");
	if (!strcmp(w, "str"))
		return json_pack("{s:s}", "type", "string");
	if (!strcmp(w, "date"))
		return json_pack("{s:s,s:s}", "type", "string", "format", "date");
	if (!strcmp(w, "datetime"))
		return json_pack("{s:s,s:s}", "type", "string", "format", "date-time");
	if (!strcmp(w, "month"))
		return json_pack("{s:s,s:s,s:s}", "type", "string", "pattern",
				 "^[0-9]{4}-(0[1-9]|1[0-2])$", "x-format", "month");
	if (!strcmp(w, "fen"))
		return json_pack("{s:s,s:s,s:s,s:s}", "type", "integer", "format", "int64", "x-unit",
				 "fen", "description", "money in integer fen (1 yuan = 100 fen)");
	if (!strcmp(w, "masked"))
		return json_pack("{s:s,s:s,s:s}", "type", "string", "x-format", "masked-id-number",
				 "description",
				 "citizen ID number with its middle digits masked; the full number "
				 "only through an audited reveal with a reason");
	if (!strcmp(w, "idnum"))
		return json_pack("{s:s,s:s,s:s}", "type", "string", "pattern", "^[0-9]{17}[0-9X]$",
				 "x-format", "gb11643");
	if (!strcmp(w, "obj"))
		return json_pack("{s:s,s:b}", "type", "object", "additionalProperties", 1);
	if (!strcmp(w, "any"))
		return json_object();
	fail(c, "unknown type");
	return NULL;
}

static json_t *parse_type(cursor *c)
{
	json_t *t = NULL, *inner;
	char w[80];

	skip_space(c);
	if (c->s[c->i] == '{') {
		t = parse_object(c);
	} else if (c->s[c->i] == '[') {
		c->i++;
		if ((inner = parse_type(c)) && expect(c, ']') == 0)
			t = json_pack("{s:s,s:o}", "type", "array", "items", inner);
		else
			json_decref(inner);
	} else if (c->s[c->i] == '@') {
		c->i++;
		if (word(c, w, sizeof(w)))
			t = json_pack("{s:s+}", "$ref", "#/components/schemas/", w);
		else
			fail(c, "expected a schema name after @");
	} else if (word(c, w, sizeof(w))) {
		if (!strcmp(w, "enum")) {
			t = parse_enum(c);
		} else if (!strcmp(w, "list") || !strcmp(w, "map")) {
			int list = w[0] == 'l';

			if (expect(c, '(') == 0 && (inner = parse_type(c))) {
				if (expect(c, ')') < 0)
					json_decref(inner);
				else
					t = list ? list_envelope(inner)
						 : json_pack("{s:s,s:o}", "type", "object",
							     "additionalProperties", inner);
			}
		} else {
			t = base_type(c, w);
		}
	} else {
		fail(c, "expected a type");
	}
	if (!t)
		return NULL;
	if (!strncmp(c->s + c->i, "|null", 5)) {
		c->i += 5;
		if (json_object_get(t, "$ref")) {
			/* OpenAPI 3.0 ignores siblings of $ref: wrap it. */
			t = json_pack("{s:[o],s:b}", "allOf", t, "nullable", 1);
		} else {
			json_object_set_new(t, "nullable", json_true());
		}
	}
	description(c, t);
	if (c->err) {
		json_decref(t);
		return NULL;
	}
	return t;
}

json_t *openapi_schema_parse(const char *spec, const char **err, size_t *at)
{
	cursor c = { .s = spec ? spec : "", .i = 0, .err = NULL };
	json_t *t;

	/* Not JSON: the body is the file (or nothing). */
	if (!strncmp(c.s, "file(", 5) || !strcmp(c.s, "empty"))
		return json_pack("{s:s,s:s}", "type", "string", "format", "binary");
	t = parse_type(&c);
	if (t) {
		skip_space(&c);
		if (c.s[c.i]) {
			fail(&c, "text after the schema");
			json_decref(t);
			t = NULL;
		}
	}
	if (!t) {
		*err = c.err ? c.err : "unparsable";
		*at = c.i;
	}
	return t;
}

int openapi_schema_media(const char *spec, char *out, size_t cap)
{
	out[0] = '\0';
	if (!spec)
		return 0;
	if (!strcmp(spec, "empty"))
		return 1;
	if (!strncmp(spec, "file(", 5)) {
		size_t n = strcspn(spec + 5, ")");

		snprintf(out, cap, "%.*s", (int)n, spec + 5);
	}
	return 0;
}

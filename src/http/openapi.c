/* openapi.c - /api/openapi.json, generated from the route table and each
 * route's declared inputs (http/inputs.h), so the document can never drift
 * from what the router accepts: parameters and request bodies carry the
 * same types, bounds, enums and required lists the router enforces, and
 * x-roles names the roles the router lets through (the scope probes are
 * generated from it). Success responses are each route's declared schema
 * (http/openapi_schema.h), published in components.schemas. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "http/api.h"
#include "http/openapi_schema.h"
#include "http/server.h"

static json_t *input_schema(const http_input *in);

/* An object's properties and required list from its declared fields. */
static json_t *object_schema(const http_input *fields)
{
	json_t *o = json_pack("{s:s}", "type", "object"), *props, *req;

	if (!fields)
		return o;
	props = json_object();
	req = json_array();
	for (const http_input *f = fields; f->name; f++) {
		if (f->where != HTTP_WHERE_BODY)
			continue;
		json_object_set_new(props, f->name, input_schema(f));
		if (f->flags & HTTP_NULL)
			json_object_set_new(json_object_get(props, f->name), "nullable", json_true());
		if (f->flags & HTTP_REQ)
			json_array_append_new(req, json_string(f->name));
	}
	json_object_set_new(o, "properties", props);
	if (json_array_size(req))
		json_object_set_new(o, "required", req);
	else
		json_decref(req);
	return o;
}

static json_t *input_schema(const http_input *in)
{
	json_t *s, *vals;

	switch (in->type) {
	case HTTP_T_STRING:
		s = json_pack("{s:s,s:I}", "type", "string", "maxLength", (json_int_t)in->max);
		if (in->flags & HTTP_REQ)
			json_object_set_new(s, "minLength", json_integer(1));
		/* Not in JSON Schema: free text may hold line breaks; other
		 * strings may not. Neither may hold control or bidi characters. */
		json_object_set_new(s, "x-multiline", json_boolean(in->flags & HTTP_TEXT));
		return s;
	case HTTP_T_INTEGER:
		return json_pack("{s:s,s:s,s:I,s:I}", "type", "integer", "format", "int64", "minimum",
				 (json_int_t)in->min, "maximum", (json_int_t)in->max);
	case HTTP_T_MONEY_FEN:
		return json_pack("{s:s,s:s,s:I,s:I,s:s}", "type", "integer", "format", "int64",
				 "minimum", (json_int_t)in->min, "maximum", (json_int_t)in->max,
				 "x-unit", "fen");
	case HTTP_T_BOOLEAN:
		return json_pack("{s:s}", "type", "boolean");
	case HTTP_T_DATE:
		return json_pack("{s:s,s:s}", "type", "string", "format", "date");
	case HTTP_T_MONTH:
		return json_pack("{s:s,s:s,s:s}", "type", "string", "pattern",
				 "^[0-9]{4}-(0[1-9]|1[0-2])$", "x-format", "month");
	case HTTP_T_ENUM:
		vals = json_array();
		for (const char *const *v = in->values; v && *v; v++)
			json_array_append_new(vals, json_string(*v));
		return json_pack("{s:s,s:o}", "type", "string", "enum", vals);
	case HTTP_T_ID_NUMBER:
		return json_pack("{s:s,s:i,s:i,s:s,s:s}", "type", "string", "minLength", 18,
				 "maxLength", 18, "pattern", "^[0-9]{17}[0-9Xx]$", "x-format",
				 "gb11643");
	case HTTP_T_NUMBER:
		return json_pack("{s:s,s:f,s:f}", "type", "number", "minimum", in->dmin, "maximum",
				 in->dmax);
	case HTTP_T_OBJECT:
		return object_schema(in->sub);
	case HTTP_T_ARRAY:
		s = json_pack("{s:s,s:I,s:I}", "type", "array", "minItems", (json_int_t)in->min,
			      "maxItems", (json_int_t)in->max);
		json_object_set_new(s, "items", in->sub ? input_schema(in->sub) : json_object());
		return s;
	case HTTP_T_ID:
		return json_pack("{s:s,s:s,s:i}", "type", "integer", "format", "int64", "minimum", 1);
	}
	return json_object();
}

/* "/api/v1/persons/:id" -> "/api/v1/persons/{id}". */
static void openapi_path(const char *pattern, char *out, size_t cap)
{
	size_t o = 0;

	for (const char *p = pattern; *p && o + 2 < cap;) {
		if (*p == ':') {
			size_t n = strcspn(++p, "/");

			o += (size_t)snprintf(out + o, cap - o, "{%.*s}", (int)n, p);
			p += n;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < cap ? o : cap - 1] = '\0';
}

static json_t *roles_json(unsigned roles)
{
	static const unsigned all[] = { ROLE_CITY_ADMIN, ROLE_DISTRICT_OFFICER,
					ROLE_STREET_CASEWORKER, ROLE_COMMUNITY_WORKER,
					ROLE_SERVICE_PROVIDER, ROLE_AUDITOR };
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (roles & all[i])
			json_array_append_new(a, json_string(access_role_name((access_role)all[i])));
	return a;
}

static json_t *error_ref(const char *description)
{
	return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", description, "content",
			 "application/json", "schema", "$ref", "#/components/schemas/Error");
}

/* The success response: the route's declared schema (a $ref to its name
 * in components.schemas), JSON unless the declaration names a file type. A
 * route that declares none says so (x-response-declared false) and the
 * tests refuse it. */
static json_t *success_response(const http_route *r)
{
	char media[128];
	json_t *schema, *content;

	if (!r->response)
		return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", "OK (not declared)",
				 "content", "application/json", "schema", "type", "object");
	if (openapi_schema_media(r->response->spec, media, sizeof(media)))
		return json_pack("{s:s}", "description", "No content");
	if (!media[0]) {
		schema = json_pack("{s:s+}", "$ref", "#/components/schemas/", r->response->name);
		return json_pack("{s:s,s:{s:{s:o}}}", "description", "OK", "content",
				 "application/json", "schema", schema);
	}
	/* A file: one content entry per media type the route may send. */
	content = json_object();
	for (char *save = NULL, *m = strtok_r(media, " ", &save); m; m = strtok_r(NULL, " ", &save))
		json_object_set_new(content, m, json_pack("{s:{s:s,s:s}}", "schema", "type", "string",
							  "format", "binary"));
	return json_pack("{s:s,s:o}", "description", "OK", "content", content);
}

static json_t *operation(const http_route *r)
{
	json_t *params = json_array(), *responses = json_object(), *op;
	int has_body = 0, body_required = 0, has_id = 0;

	for (const http_input *in = r->inputs; in && in->name; in++) {
		if (in->where == HTTP_WHERE_BODY) {
			has_body = 1;
			body_required |= (in->flags & HTTP_REQ) != 0;
		}
		if (in->where != HTTP_WHERE_PATH && in->where != HTTP_WHERE_QUERY)
			continue;
		has_id |= in->type == HTTP_T_ID;
		json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:o}", "name", in->name, "in",
							in->where == HTTP_WHERE_PATH ? "path" : "query",
							"required", (in->flags & HTTP_REQ) != 0,
							"schema", input_schema(in)));
	}
	json_object_set_new(responses, "2XX", success_response(r));
	if (r->inputs && r->inputs[0].name)
		json_object_set_new(responses, "400",
				    error_ref("invalid_argument naming the field, or bad_json"));
	if (!r->public_route) {
		json_object_set_new(responses, "401", error_ref("unauthenticated"));
		json_object_set_new(responses, "403", error_ref("forbidden: the role may not do this"));
	}
	if (has_id)
		json_object_set_new(responses, "404", error_ref("not_found, or outside the caller's scope"));
	json_object_set_new(responses, "default", error_ref("Error"));
	op = json_pack("{s:s,s:o,s:o,s:o,s:b,s:b}", "summary", r->summary ? r->summary : "",
		       "parameters", params, "responses", responses, "x-roles",
		       roles_json(r->public_route ? ROLE_ANY : r->roles), "x-public",
		       r->public_route != 0, "x-inputs-declared", r->inputs != NULL);
	json_object_set_new(op, "x-response-declared", json_boolean(r->response != NULL));
	if (has_body)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b,s:{s:{s:o}}}", "required", body_required,
					      "content", "application/json", "schema",
					      object_schema(r->inputs)));
	if (!r->public_route)
		json_object_set_new(op, "security", json_pack("[{s:[]},{s:[]}]", "cookie", "bearer"));
	return op;
}

/* Every declared response schema under its name. A spec that does not
 * parse, or two declarations under one name, are published as such
 * (x-spec-error, x-name-conflict) for the tests to refuse: the document is
 * still served. */
static void declared_schemas(json_t *schemas)
{
	json_t *seen = json_object();

	for (size_t t = 0; openapi_schema_tables[t]; t++) {
		for (const http_schema *const *p = openapi_schema_tables[t]; *p; p++) {
			const http_schema *d = *p;
			const char *err = NULL;
			size_t at = 0;
			char key[32];
			json_t *s = openapi_schema_parse(d->spec, &err, &at), *prev;

			snprintf(key, sizeof(key), "%p", (const void *)d);
			prev = json_object_get(seen, d->name);
			if (prev && strcmp(json_string_value(prev), key)) {
				json_decref(s);
				json_object_set_new(schemas, d->name,
						    json_pack("{s:s}", "x-name-conflict", d->name));
				continue;
			}
			json_object_set_new(seen, d->name, json_string(key));
			if (!s)
				s = json_pack("{s:s,s:I,s:s}", "x-spec-error", err, "x-spec-offset",
					      (json_int_t)at, "x-spec", d->spec);
			json_object_set_new(schemas, d->name, s);
		}
	}
	json_decref(seen);
}

static json_t *components(void)
{
	json_t *codes = json_array(), *out;

	for (int c = 1; c < MZ_CODE_COUNT; c++)
		json_array_append_new(codes, json_string(mz_code_name((mz_code)c)));
	out = json_pack(
		"{s:{s:{s:s,s:[s],s:{s:{s:s,s:[s,s,s,s],s:{s:{s:s,s:o},s:{s:s},s:{s:s},s:{s:s,s:s}}}}}},"
		"s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}}",
		"schemas",
		"Error", "type", "object", "required", "error", "properties", "error", "type",
		"object", "required", "code", "message", "message_zh", "field", "properties",
		"code", "type", "string", "enum", codes, "message", "type", "string", "message_zh",
		"type", "string", "field", "type", "string", "description",
		"the input at fault, \"\" when none",
		"securitySchemes", "cookie", "type", "apiKey", "in", "cookie", "name", "mz_session",
		"bearer", "type", "http", "scheme", "bearer");
	declared_schemas(json_object_get(out, "schemas"));
	return out;
}

int api_openapi(http_request *req, http_response *res)
{
	json_t *paths = json_object();
	size_t route_count;
	const http_route *routes = http_routes_all(&route_count);
	(void)req;

	for (size_t i = 0; i < route_count; i++) {
		const http_route *r = &routes[i];
		char path[256], method[16];
		json_t *item;

		openapi_path(r->pattern, path, sizeof(path));
		for (size_t k = 0; r->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(r->method[k] | 0x20), method[k + 1] = '\0';
		item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		json_object_set_new(item, method, operation(r));
	}
	return http_ok(res, json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:o,s:o}", "openapi", "3.0.3", "info", "title",
		"minzheng API", "version", "1", "description",
		"民政一体化平台 API. Cookie sessions must send X-CSRF-Token on unsafe methods. "
		"Inputs are checked as declared here before any handler runs: a value of the "
		"wrong type, out of range, too long, blank when required, or holding control or "
		"text-direction characters is refused with 400 invalid_argument naming the field; "
		"a body that is not a JSON object is 400 bad_json; query parameters not listed "
		"for an operation are ignored. x-roles lists the roles that may call an operation.",
		"paths", paths, "components", components()));
}

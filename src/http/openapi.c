/* openapi.c - /api/openapi.json, generated from the route table so the
 * document can never drift from the routes that exist. */
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "http/server.h"

/* "/api/v1/persons/:id" -> "/api/v1/persons/{id}" and its parameters. */
static void openapi_path(const char *pattern, char *out, size_t cap, json_t *params)
{
	size_t o = 0;

	for (const char *p = pattern; *p && o + 2 < cap;) {
		if (*p == ':') {
			const char *name = ++p;
			size_t n = strcspn(p, "/");
			char pname[64];

			snprintf(pname, sizeof(pname), "%.*s", (int)n, name);
			o += (size_t)snprintf(out + o, cap - o, "{%s}", pname);
			json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:{s:s}}", "name", pname,
								"in", "path", "required", 1, "schema",
								"type", "string"));
			p += n;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < cap ? o : cap - 1] = '\0';
}

/* The roles that may call a route, by name, as the extension "x-roles":
 * clients (the scope probes in tests/api/scope_probes.test.mjs) read who
 * may call what from the document instead of a copy of the table. */
static json_t *openapi_roles(unsigned roles)
{
	json_t *names = json_array();

	if (!roles)
		roles = ROLE_ANY;
	for (unsigned bit = 1; bit & ROLE_ANY; bit <<= 1)
		if (roles & bit)
			json_array_append_new(names, json_string(access_role_name((access_role)bit)));
	return names;
}

int api_openapi(http_request *req, http_response *res)
{
	json_t *paths = json_object();
	json_t *error_schema = json_pack(
		"{s:s,s:{s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}}}", "type", "object",
		"properties", "error", "type", "object", "properties", "code", "type", "string",
		"message", "type", "string", "message_zh", "type", "string", "field", "type",
		"string");
	size_t route_count;
	const http_route *http_routes = http_routes_all(&route_count);
	(void)req;

	for (size_t i = 0; i < route_count; i++) {
		const http_route *r = &http_routes[i];
		char path[256], method[16];
		json_t *params = json_array(), *item, *op;

		openapi_path(r->pattern, path, sizeof(path), params);
		for (size_t k = 0; r->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(r->method[k] | 0x20), method[k + 1] = '\0';
		item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		op = json_pack("{s:s,s:o,s:{s:{s:s},s:{s:s,s:{s:{s:{s:s}}}}}}", "summary",
			       r->summary ? r->summary : "", "parameters", params, "responses",
			       "200", "description", "OK", "default", "description",
			       "Error: {\"error\":{\"code\",\"message\",\"message_zh\",\"field\"}}",
			       "content", "application/json", "schema", "$ref",
			       "#/components/schemas/Error");
		json_object_set_new(op, "x-roles", openapi_roles(r->roles));
		if (!r->public_route)
			json_object_set_new(op, "security",
					    json_pack("[{s:[]},{s:[]}]", "cookie", "bearer"));
		json_object_set_new(item, method, op);
	}
	return http_ok(res, json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:o},s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}}}",
		"openapi", "3.0.3", "info", "title", "minzheng API", "version", "1",
		"description",
		"民政一体化平台 API. Cookie sessions must send X-CSRF-Token on unsafe methods.",
		"paths", paths, "components", "schemas", "Error", error_schema,
		"securitySchemes", "cookie", "type", "apiKey", "in", "cookie", "name",
		"mz_session", "bearer", "type", "http", "scheme", "bearer"));
}

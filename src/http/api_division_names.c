/* api_division_names.c - GET /api/v1/division-names?codes=a,b,c: the names
 * of divisions, whoever asks.
 *
 * A division's name is public reference data (the national statistics
 * bureau publishes the code table), so this lookup has no scope filter: a
 * volunteer or a canteen's counter account sees rows whose communities lie
 * outside its own scope, and a page must show their names, never the bare
 * 12-digit code. It answers names only: no counts, no children, nothing
 * about who lives there, so it tells nothing the code table does not. */
#include <string.h>

#include "http/api.h"
#include "http/http.h"
#include "registry/registry.h"

#define NAMES_MAX 100 /* codes in one request: a page's worth */

/* A division code: 2, 4, 6, 9 or 12 digits (province to community). */
static int code_shape_ok(const char *s, size_t n)
{
	if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int api_division_names(http_request *req, http_response *res)
{
	const char *codes = http_query(req, "codes"), *p;
	json_t *names;
	size_t count = 0;

	if (!codes || !*codes)
		return mz_fail(&req->err, MZ_EINVAL, "codes", "codes is required",
			       "codes 不能为空");
	names = json_object();
	for (p = codes; *p;) {
		size_t n = strcspn(p, ",");
		char code[16], name[128];

		if (!code_shape_ok(p, n) || ++count > NAMES_MAX) {
			json_decref(names);
			return mz_failf(&req->err, MZ_EINVAL, "codes",
					"codes must be at most %d division codes of 2, 4, 6, 9 "
					"or 12 digits, comma-separated",
					"codes 须为逗号分隔的区划代码（2、4、6、9 或 12 位数字），至多 %d 个",
					NAMES_MAX);
		}
		memcpy(code, p, n);
		code[n] = '\0';
		registry_division_name(req->db, code, name, sizeof(name));
		if (*name) /* an unknown code is left out: the page shows "—" */
			json_object_set_new(names, code, json_string(name));
		p += n;
		if (*p == ',')
			p++;
	}
	return http_ok(res, json_pack("{s:o}", "names", names));
}

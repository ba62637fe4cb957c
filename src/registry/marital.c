/* marital.c - a person's marital status, set by the civil registers'
 * subscribers (registry.h: registry_person_set_marital_tx). The registry
 * keeps the copy; the register that records the marriage is the source. */
#include <string.h>

#include "base/buf.h"
#include "registry/registry.h"
#include "registry/registry_internal.h"

static int marital_valid(const char *s)
{
	static const char *const ok[] = { "unknown", "unmarried", "married", "divorced",
					   "widowed" };

	for (size_t i = 0; s && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(s, ok[i]))
			return 1;
	return 0;
}

int registry_person_set_marital_tx(store_conn *c, const access_ctx *who, int64_t id,
				   const char *status, const char *reason, mz_err *e)
{
	char old[16] = "", division[16] = "";
	int64_t version = 0;
	json_t *changes;
	int r;

	if (!marital_valid(status))
		return mz_fail(e, MZ_EINVAL, "marital_status",
			       "marital_status must be unknown, unmarried, married, divorced or widowed",
			       "婚姻状况取值无效");
	if (registry_check_reason(reason, e))
		return -1;
	r = store_row(c, e, "SELECT marital_status, division_code, version FROM persons WHERE id = ?",
		      STORE_INTO(STORE_TEXT(old), STORE_TEXT(division), &version), id);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "id", "person not found", "未找到该人员");
	if (!strcmp(old, status))
		return 0;
	if (store_run(c, e, "UPDATE persons SET marital_status = ?, version = version + 1,"
			    " updated_at = ? WHERE id = ?", status, mz_now_unix(), id) < 0)
		return -1;
	changes = json_pack("{s:{s:s,s:s}}", "marital_status", "old", old, "new", status);
	r = registry_history_add(c, who, "person", id, division, version + 1, reason, changes, e);
	json_decref(changes);
	return r;
}

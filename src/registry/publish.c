/* publish.c - the registry's port to the event outbox (see registry.h). */
#include "registry/registry.h"

/* Set once at start-up, before any request thread exists, and never
 * changed while they run: a plain pointer is enough. */
static registry_publish_fn sink;

void registry_publish_set(registry_publish_fn fn)
{
	sink = fn;
}

int registry_publish_tx(store_conn *c, const access_ctx *who, const char *type,
			int64_t subject_id, const char *division_code, const char *payload_json,
			mz_err *e)
{
	if (!sink)
		return mz_failf(e, MZ_EINTERNAL, NULL, "no event outbox attached to publish '%s'",
				"事件发件箱未连接，无法发布 '%s'", type);
	return sink(c, who, type, subject_id, division_code, payload_json, e);
}

/* events.c - publishing events and the process's list of subscribers. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "events/events.h"
#include "events/events_internal.h"
#include "registry/registry.h"

/* A few tables per domain at most; fourteen domains fit with room. */
#define EVENTS_MAX_TABLES 64

static const event_subscriber *tables[EVENTS_MAX_TABLES];
static int ntables;

int events_subscribe(const event_subscriber *table)
{
	for (int i = 0; i < ntables; i++)
		if (tables[i] == table)
			return 0;
	if (ntables == EVENTS_MAX_TABLES)
		return -1;
	tables[ntables++] = table;
	return 0;
}

void events_unsubscribe_all(void)
{
	ntables = 0;
}

const event_subscriber *events_subscriber_at(int i)
{
	int k = 0;

	for (int t = 0; t < ntables; t++)
		for (const event_subscriber *s = tables[t]; s->type; s++)
			if (k++ == i)
				return s;
	return NULL;
}

const event_subscriber *events_subscriber_find(const char *type, const char *name)
{
	const event_subscriber *s;

	for (int i = 0; (s = events_subscriber_at(i)); i++)
		if (!strcmp(s->type, type) && !strcmp(s->name, name))
			return s;
	return NULL;
}

static int publish_for_registry(store_conn *c, const access_ctx *who, const char *type,
				int64_t subject_id, const char *division_code,
				const char *payload_json, mz_err *e)
{
	return events_publish(c, who, type, subject_id, division_code, payload_json, NULL, e);
}

void events_init(void)
{
	registry_publish_set(publish_for_registry);
}

int events_publish(store_conn *c, const access_ctx *who, const char *type, int64_t subject_id,
		   const char *division_code, const char *payload_json, int64_t *id_out,
		   mz_err *e)
{
	store_stmt *st;
	audit_entry a;
	char idbuf[24];
	int64_t id = 0;
	int r;

	if (!payload_json)
		payload_json = "{}";
	if (!division_code)
		division_code = "";
	/* A payload that is not an object is a programming error in the
	 * publisher: refuse it here, not in every subscriber later. */
	{
		json_t *j = json_loads(payload_json, 0, NULL);
		int ok = json_is_object(j);

		json_decref(j);
		if (!ok)
			return mz_failf(e, MZ_EINTERNAL, NULL, "event '%s': payload is not a JSON object",
					"事件 '%s' 的内容不是 JSON 对象", type);
	}
	st = store_prepare(c, "INSERT INTO events (type, subject_id, division_code, payload,"
			      " published_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, type);
	store_bind_i64(st, 2, subject_id);
	store_bind_text(st, 3, division_code);
	store_bind_text(st, 4, payload_json);
	store_bind_text(st, 5, who->login);
	store_bind_i64(st, 6, mz_now_unix());
	r = store_step(st, e);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r != 1)
		return r < 0 ? -1 : mz_fail(e, MZ_ESTORE, NULL, "event insert returned no id",
					    "事件写入失败");
	/* Events are audited like writes: who caused what, in the same chain. */
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	audit_entry_init(&a, who, "event.publish", "event", idbuf, division_code, type);
	a.detail = payload_json;
	if (audit_append_tx(c, &a, 1, e))
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

void events_payload_str(const event *ev, const char *field, char *out, size_t cap)
{
	json_t *j = json_loads(ev->payload ? ev->payload : "{}", 0, NULL);
	const char *v = json_string_value(json_object_get(j, field));

	mz_strlcpy(out, v ? v : "", cap);
	json_decref(j);
}

/* table_settings.c - per-user table settings (table_settings.h). */
#include "access/table_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"

#define SETTINGS_MAX_COLUMNS 100
#define SETTINGS_MAX_BYTES 8192

static int check_table(const char *id, mz_err *e)
{
	size_t n = id ? strlen(id) : 0;

	if (n < 1 || n > 64)
		return mz_fail(e, MZ_EINVAL, "table", "a table id has 1 to 64 characters",
			       "表格标识须为 1 至 64 个字符");
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return mz_fail(e, MZ_EINVAL, "table",
				       "a table id holds letters, digits, '.', '_' and '-' only",
				       "表格标识只能包含字母、数字、“.”、“_”和“-”");
	return 0;
}

/* The one shape accepted: {"columns": [{"key": text, "visible": bool}]},
 * each key once. */
static int check_settings(const json_t *s, mz_err *e)
{
	const json_t *cols = json_object_get(s, "columns"), *c;
	size_t i;

	if (!json_is_object(s) || json_object_size(s) != 1 || !json_is_array(cols))
		return mz_fail(e, MZ_EINVAL, "columns", "settings must be {\"columns\": [...]}",
			       "表格设置须包含列的列表（columns）");
	if (json_array_size(cols) > SETTINGS_MAX_COLUMNS)
		return mz_failf(e, MZ_EINVAL, "columns", "at most %d columns", "最多 %d 列",
				SETTINGS_MAX_COLUMNS);
	json_array_foreach(cols, i, c) {
		const json_t *key = json_object_get(c, "key"), *vis = json_object_get(c, "visible");
		char field[32];

		snprintf(field, sizeof(field), "columns[%zu]", i);
		if (!json_is_object(c) || !json_is_string(key) || !json_string_length(key) ||
		    json_string_length(key) > 64 || !json_is_boolean(vis) || json_object_size(c) != 2)
			return mz_failf(e, MZ_EINVAL, field,
					"'%s' must be {\"key\": text of 1-64 bytes, \"visible\": true|false}",
					"“%s”须为 {key: 1 至 64 字节的列名, visible: 是否显示}", field);
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(cols, j), "key"), key))
				return mz_failf(e, MZ_EINVAL, field, "column '%s' is listed twice",
						"列“%s”重复", json_string_value(key));
	}
	return 0;
}

static json_t *settings_json(const char *table_id, const char *text, int64_t at)
{
	json_t *s = text ? json_loads(text, 0, NULL) : NULL;

	return json_pack("{s:s,s:o,s:I}", "table", table_id, "settings", s ? s : json_null(),
			 "updated_at", (json_int_t)at);
}

json_t *access_table_settings_get(store_conn *c, const access_ctx *who, const char *table_id,
				  mz_err *e)
{
	char *text = calloc(1, SETTINGS_MAX_BYTES + 1);
	int64_t at = 0;
	json_t *out = NULL;
	int r;

	if (!text || check_table(table_id, e)) {
		free(text);
		return NULL;
	}
	r = store_row(c, e, "SELECT settings, updated_at FROM table_settings"
			    " WHERE user_id = ? AND table_id = ?",
		      STORE_INTO(store_out_text(text, SETTINGS_MAX_BYTES + 1), &at), who->user_id,
		      table_id);
	if (r >= 0)
		out = settings_json(table_id, r == 1 ? text : NULL, at);
	free(text);
	return out;
}

json_t *access_table_settings_put(store_conn *c, const access_ctx *who, const char *table_id,
				  const json_t *settings, mz_err *e)
{
	int64_t now = mz_now_unix();
	char *text;
	json_t *out;

	if (check_table(table_id, e) || check_settings(settings, e))
		return NULL;
	text = json_dumps(settings, JSON_COMPACT);
	if (!text || strlen(text) > SETTINGS_MAX_BYTES) {
		free(text);
		return mz_fail(e, MZ_EINVAL, "columns", "the settings are too long", "表格设置过长"),
		       NULL;
	}
	if (store_begin(c, e) ||
	    store_run(c, e, "INSERT INTO table_settings (user_id, table_id, settings, updated_at)"
			    " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, table_id) DO UPDATE SET"
			    " settings = excluded.settings, updated_at = excluded.updated_at",
		      who->user_id, table_id, text, now) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "table_settings.save", "table_settings", table_id, "",
			 "", NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		free(text);
		return NULL;
	}
	out = settings_json(table_id, text, now);
	free(text);
	return out;
}

int access_table_settings_reset(store_conn *c, const access_ctx *who, const char *table_id,
				mz_err *e)
{
	if (check_table(table_id, e))
		return -1;
	if (store_begin(c, e) ||
	    store_run(c, e, "DELETE FROM table_settings WHERE user_id = ? AND table_id = ?",
		      who->user_id, table_id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "table_settings.reset", "table_settings", table_id, "",
			 "", NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

/* table_settings.h - each user's choice of how a staff table is shown (the
 * columns visible, in which order), kept on the server so that it follows
 * the user to any browser.
 *
 * A table is named by the UI ("cases", "eldercare.calls": letters, digits,
 * '.', '_' and '-', at most 64 bytes). The settings are a JSON object
 * {"columns": [{"key": "name", "visible": true}, ...]}: the order of the
 * array is the order of the columns; at most 100 columns, keys of at most
 * 64 bytes. The caller reads and writes only their own rows: no call takes
 * another user's id. Writes are audited (table_settings.save / .reset).
 *
 * Tables owned: table_settings (schema/0064_table_settings.sql). */
#ifndef MZ_ACCESS_TABLE_SETTINGS_H
#define MZ_ACCESS_TABLE_SETTINGS_H

#include <jansson.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

/* {"table": id, "settings": {...} or null when never saved, "updated_at"}.
 * MZ_EINVAL on "table" for a malformed id. */
json_t *access_table_settings_get(store_conn *c, const access_ctx *who, const char *table_id,
				  mz_err *e);

/* Saves settings (borrowed) as who's for table_id, replacing what was
 * there; returns the same shape as _get. MZ_EINVAL naming the field at
 * fault ("table", "columns", "columns[3].key"...) for a shape other than
 * the one above. */
json_t *access_table_settings_put(store_conn *c, const access_ctx *who, const char *table_id,
				  const json_t *settings, mz_err *e);

/* Forgets who's settings for table_id (the table shows its defaults). */
int access_table_settings_reset(store_conn *c, const access_ctx *who, const char *table_id,
				mz_err *e);

#endif

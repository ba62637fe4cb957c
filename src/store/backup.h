/* backup.h - consistent copies of a minzheng database, and putting one back.
 *
 * SQLite: store_backup copies the live file with the online backup API
 * under one read transaction, so the copy is the database as of one
 * instant even while `serve` keeps writing (WAL lets writers go on). The
 * copy is a plain single file (rollback journal mode), checked with
 * PRAGMA quick_check before it is renamed into place.
 *
 * PostgreSQL: pg_dump in custom format (-Fc) taken in an exported snapshot,
 * so the row counts reported here describe exactly what is in the dump;
 * store_restore feeds pg_restore's script to psql inside one transaction, so
 * a failed restore leaves the target as it was. The tools are looked up in
 * $PGBIN, then $PATH, then the newest /usr/lib/postgresql/N/bin. The
 * password of the URL is handed to them in the environment (PGPASSWORD), never
 * on a command line or in a message.
 *
 * Neither function checks the audit chain: that belongs to access/, above
 * this room; `minzheng restore` runs audit_verify on the result. */
#ifndef MZ_STORE_BACKUP_H
#define MZ_STORE_BACKUP_H

#include <stdint.h>

#include "base/err.h"

#define STORE_BACKUP_MAX_TABLES 8

typedef struct store_backup_info {
	int64_t bytes;  /* size of the backup file written */
	int ntables;
	/* Rows of each table named in count_tables, as of the snapshot that
	 * was copied; -1 when the table does not exist. */
	int64_t rows[STORE_BACKUP_MAX_TABLES];
} store_backup_info;

/* Writes a consistent copy of the database at url to out_path (written
 * under a temporary name beside it and renamed when complete, so out_path
 * never holds half a backup). An existing out_path is an error unless
 * overwrite. count_tables: NULL-terminated list of plain table names to
 * count in the copied snapshot (at most STORE_BACKUP_MAX_TABLES); may be
 * NULL. info may be NULL. */
int store_backup(const char *url, const char *out_path, int overwrite,
		 const char *const *count_tables, store_backup_info *info, mz_err *e);

/* Restores in_path (a file written by store_backup for the same engine)
 * into the database at url. A target that holds any table is refused
 * (MZ_ECONFLICT) unless force; with force its content is replaced.
 * SQLite: the input is checked (quick_check) before the target is touched
 * and the result with PRAGMA integrity_check after. PostgreSQL: the target
 * database must exist (CREATE DATABASE); with force its schema "public" is
 * dropped and recreated in the same transaction as the restore. */
int store_restore(const char *url, const char *in_path, int force, mz_err *e);

#endif

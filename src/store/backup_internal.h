/* backup_internal.h - what backup.c (entry points, SQLite) and
 * backup_pg.c (PostgreSQL) share. Nothing else includes it. */
#ifndef MZ_STORE_BACKUP_INTERNAL_H
#define MZ_STORE_BACKUP_INTERNAL_H

#include "store/backup.h"

/* The kind of file found at a path, from its first bytes. */
typedef enum { FMT_NONE, FMT_SQLITE, FMT_PGDUMP, FMT_OTHER } file_format;

/* "PATH.partial" (malloc'd): where a backup is written before it is complete. */
char *backup_partial_name(const char *path);
/* Syncs tmp, renames it to out and syncs the directory; sets info->bytes. */
int backup_publish(const char *tmp, const char *out, store_backup_info *info, mz_err *e);
/* Fails (MZ_EINVAL, field "in") unless path holds a backup of kind want,
 * naming the engine it belongs to when it is the other one. */
int backup_check_input(const char *path, file_format want, mz_err *e);

/* PostgreSQL (backup_pg.c); url is a postgres:// URL. */
int backup_pg_write(const char *url, const char *out, const char *const *tables,
		    store_backup_info *info, mz_err *e);
int backup_pg_restore(const char *url, const char *in, int force, mz_err *e);

#endif

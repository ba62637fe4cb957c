/* sqlite_audit_file.h - on SQLite, the audit log in a database file of its
 * own ("<path>-audit" beside the registry's "<path>").
 *
 * Why: in WAL mode a connection empties its page cache whenever the WAL
 * changed since its last read. With the audit log in the registry's file,
 * every group commit of audited reads (hundreds a second) changed that WAL,
 * so every registry reader read its pages again (19 preads per audited
 * read, issue 18). With its own file the audit appends change only the
 * audit file's WAL; registry readers keep their caches.
 *
 * The rule is by name: the tables named audit_* live in the audit file.
 *  - store_open opens a second store on the audit file (store_audit), with
 *    its own connections and WAL checkpointer;
 *  - migrations run with the audit file attached as schema "audit", and a
 *    CREATE TABLE audit_... or CREATE [UNIQUE] INDEX ... ON audit_... is
 *    made in it (sqlite_audit_rewrite); ALTER, INSERT, UPDATE find the
 *    tables there by name (SQLite looks in main first, then attached files);
 *  - a chain found in the registry's file at open (audit_head there: a
 *    database made before this, or a restored backup, which holds both
 *    files' tables in one file) is moved with every audit_* table of the
 *    registry's file into the audit file in two steps, each one
 *    transaction on one file: copy into the audit file (replacing what it
 *    held), then drop from the registry's file. A crash between the two
 *    repeats the copy at the next open; nothing is lost or doubled.
 *  - a registry that has its audit tables nowhere (the audit file was not
 *    copied with it) or a new registry beside an old audit file is refused
 *    at open with a message naming the file.
 *
 * A transaction over attached files in WAL mode is atomic per file only,
 * so no transaction of the running system writes both: how a write's audit
 * records reach the audit file is access/audit_store.h. */
#ifndef MZ_SQLITE_AUDIT_FILE_H
#define MZ_SQLITE_AUDIT_FILE_H

#include <sqlite3.h>

#include "base/err.h"
#include "store/store.h"

/* 1 if a database at target gets an audit file (a file path; not :memory:
 * or a file: URI). */
int sqlite_audit_file_wanted(const char *target);
/* "<target>-audit" (malloc'd). */
char *sqlite_audit_path(const char *target);
/* After the registry store s is open: moves audit tables out of its file,
 * opens the audit store (s->audit) and checks the pair belongs together. */
int sqlite_audit_file_open(store *s, mz_err *e);
/* Attaches the audit file to c as schema "audit" for migrations (no-op for a
 * store without one); detach undoes it. */
int sqlite_audit_attach(store_conn *c, mz_err *e);
void sqlite_audit_detach(store_conn *c);
/* A migration's SQL with CREATE TABLE audit_... and CREATE INDEX ... ON
 * audit_... aimed at schema "audit" (malloc'd). */
char *sqlite_audit_rewrite(const char *sql);
/* Copies every audit_* table (and its indexes) of the database file at
 * audit_path into db's main schema, reading the audit file in one snapshot.
 * For backups: a backup is one file holding both. */
int sqlite_audit_copy_into(sqlite3 *db, const char *audit_path, mz_err *e);

#endif

/* audit_store.h - where the audit records are kept, and how a write's
 * records reach the chain when the chain has a file of its own.
 *
 * On SQLite with a database file the audit log is in its own file
 * (store_audit, store/sqlite_audit_file.h): the group commit of audited
 * reads writes only that file, so the registry's readers keep their page
 * caches. A write's records cannot go there inside the write's transaction:
 * a transaction over two files is atomic per file only in WAL mode, and a
 * kill -9 between the two commits would leave a change without its record
 * (or a record of a change that never happened). So, on such a store:
 *
 *  1. audit_append_tx inside the write's transaction inserts the records
 *     into pending_audit, in the registry's file: they commit with the
 *     change or not at all (audit_store_add_pending);
 *  2. after that commit (store_after_commit) the writer asks the audit
 *     group commit to move them (audit_record(s, NULL)): in one transaction
 *     of the audit file, every committed pending record with an id above
 *     audit_moved.moved_to is appended to the chain and moved_to set to the
 *     highest (audit_store_move_tx). The request answers after that commit;
 *  3. a later write deletes the pending records up to moved_to in its own
 *     transaction (no commit of its own for the clean-up).
 *
 * Pending ids only grow (the highest row is never deleted, and at start a
 * marker keeps them above moved_to after a restore), so a record is
 * appended exactly once: a crash before 2 leaves it pending (moved at the
 * next start, audit_store_recover, or by the next move of any process), a
 * crash after 2 leaves it pending but at or below moved_to (skipped,
 * deleted later). Readers of the log (search, verify, the key) move the
 * waiting records first and read the audit store. If a move fails the
 * write still stands and its record stays pending: it is durable, and the
 * next move takes it.
 *
 * PostgreSQL and SQLite in memory keep the chain in the registry's
 * database: everything here is then a no-op and audit_append_tx appends in
 * the write's transaction as before. */
#ifndef MZ_AUDIT_STORE_H
#define MZ_AUDIT_STORE_H

#include "access/audit.h"

/* Step 1: the records of a write, inside the caller's write transaction on
 * c (a connection of a store whose audit log is apart). */
int audit_store_add_pending(store_conn *c, const audit_entry *ents, int n, mz_err *e);
/* Step 2, inside a transaction of the audit store on ac: appends the
 * committed pending records of its registry to the chain. No-op when the
 * registry keeps its own chain. */
int audit_store_move_tx(store_conn *ac, mz_err *e);
/* For readers of the log: moves the committed pending records into the
 * chain (audit_record(s, NULL)) when c's store keeps its chain apart; 0 at
 * once otherwise. c must not be inside a transaction. */
int audit_store_flush(store_conn *c, mz_err *e);
/* The calling thread's connection to the store that holds the audit
 * tables of c's store (c itself on PostgreSQL). */
store_conn *audit_store_conn(store_conn *c, mz_err *e);
/* At start, before any write: keeps pending ids above moved_to and moves
 * what a crash left pending. */
int audit_store_recover(store *s, mz_err *e);

#endif

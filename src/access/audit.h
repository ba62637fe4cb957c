/* audit.h - the append-only, hash-chained audit log.
 *
 * Every read of personal data and every write is appended: who, when,
 * action, entity, division, reason. Each record's hash covers the previous
 * record's hash, so `audit_verify` finds any edited, removed or reordered
 * record. Appends are durable before the caller goes on:
 *  - writes append inside their own transaction (audit_append_tx), so the
 *    change and its record commit together or not at all;
 *  - reads go through audit_record, which hands the entry to one writer
 *    thread that commits whatever has queued up in one transaction (group
 *    commit: many requests share one fsync) and wakes the callers. */
#ifndef MZ_AUDIT_H
#define MZ_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "store/store.h"

typedef struct audit_entry {
	int64_t user_id;
	const char *login;
	const char *action;        /* "person.read", "person.update", "login", ... */
	const char *entity;        /* "person", "household", "user", "session", ... */
	const char *entity_id;
	const char *division_code; /* of the record touched ("" if none) */
	const char *reason;        /* stated reason, "" if none */
	const char *detail;        /* JSON text, "{}" if none */
} audit_entry;

/* Fills an entry for the caller `who` (pointers are borrowed). */
void audit_entry_init(audit_entry *a, const access_ctx *who, const char *action,
		      const char *entity, const char *entity_id,
		      const char *division_code, const char *reason);

/* Appends n entries inside the caller's open write transaction. */
int audit_append_tx(store_conn *c, const audit_entry *ents, int n, mz_err *e);

/* Appends one entry and returns once it is durable (group commit when the
 * writer thread runs, else a transaction of its own). */
int audit_record(store *s, const audit_entry *ent, mz_err *e);

/* The group-commit writer thread (serve starts it; CLI commands don't). */
int audit_writer_start(store *s, mz_err *e);
void audit_writer_stop(void);

/* Walks the whole chain. Returns 0 with *ok set; problems (up to max) are
 * appended to `problems` as {"seq":N,"problem":"..."}. */
int audit_verify(store_conn *c, int *ok, int64_t *checked, json_t *problems,
		 int max, mz_err *e);

/* Search within who's scope (records of divisions under it, and records
 * with no division); filters may be NULL. Returns {"items":[...],"total":N}. */
json_t *audit_search(store_conn *c, const access_ctx *who, const char *login, const char *action,
		     const char *entity, const char *entity_id, const char *from_day,
		     const char *to_day, int64_t page, int64_t page_size, mz_err *e);

#endif

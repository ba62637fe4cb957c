/* audit.h - the append-only, hash-chained audit log.
 *
 * Every read of personal data and every write is appended: who, when,
 * action, entity, division, reason. Records are linked in one chain per
 * district (access/audit_chain.h): each record's hash covers the previous
 * record's hash on its chain, so `audit_verify` finds any edited, removed or
 * reordered record. Appends are durable before the caller goes on:
 *  - writes append inside their own transaction (audit_append_tx), so the
 *    change and its record commit together or not at all;
 *  - reads go through audit_record: the entry joins whatever other reads
 *    are waiting and one of the callers commits them all in one transaction
 *    (store/group_commit.h: many requests share one fsync). */
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
	int64_t at_ms;             /* when it happened; 0: when appended */
} audit_entry;

/* ---- the one audit call ----------------------------------------------
 *
 * Every room records its audited reads and writes with audit_append:
 *
 *	audit_append(c, who, AUDIT_WRITE, "case.decide", "case", cs->id, cs->division,
 *		  reason, detail, e)
 *
 * mode: AUDIT_WRITE appends inside the caller's open write transaction on
 * c, so the change and its record commit together or not at all;
 * AUDIT_READ is for a read outside any transaction: the record goes
 * through the group commit (audit_record) and is durable when the call
 * returns. id is an integer (0 = none, stored as "") or text (a login);
 * detail is JSON text, a json_t * (dumped compact with sorted keys, so a
 * record's text does not depend on insertion order) or NULL ("{}");
 * division and reason may be NULL (""). Returns 0, or -1 with e filled
 * (for AUDIT_WRITE the caller then rolls back). */
typedef enum audit_mode { AUDIT_WRITE = 1, AUDIT_READ = 2 } audit_mode;

/* An id or a detail of either C type (the plumbing of audit_append). */
typedef struct audit_value {
	const char *text;
	int64_t n;
	const json_t *json;
	int kind; /* 0 none, 1 text, 2 integer, 3 JSON */
} audit_value;
audit_value audit_value_text(const char *s);
audit_value audit_value_i64(int64_t n);
audit_value audit_value_json(const json_t *j);
audit_value audit_value_none(const void *p);
#define AUDIT_VALUE(x)                                                         \
	_Generic((x),                                                          \
		char *: audit_value_text,                                      \
		const char *: audit_value_text,                                \
		json_t *: audit_value_json,                                    \
		const json_t *: audit_value_json,                              \
		void *: audit_value_none,                                      \
		default: audit_value_i64)(x)

int audit_append_values(store_conn *c, const access_ctx *who, audit_mode mode, const char *action,
		     const char *entity, audit_value id, const char *division,
		     const char *reason, audit_value detail, mz_err *e);
#define audit_append(c, who, mode, action, entity, id, division, reason, detail, e)          \
	audit_append_values((c), (who), (mode), (action), (entity), AUDIT_VALUE(id), (division), \
			 (reason), AUDIT_VALUE(detail), (e))

/* ---- the parts audit_append is made of, for batches and the fronts ----- */

/* Fills an entry for the caller `who` (pointers are borrowed). */
void audit_entry_init(audit_entry *a, const access_ctx *who, const char *action,
		      const char *entity, const char *entity_id,
		      const char *division_code, const char *reason);

/* Appends n entries inside the caller's open write transaction. */
int audit_append_tx(store_conn *c, const audit_entry *ents, int n, mz_err *e);

/* Appends one entry and returns once it is durable, sharing the commit with
 * the other waiting reads (store/group_commit.h), in the audit log's own
 * store (store_audit). The calling thread's connections must not be inside
 * a transaction. ent NULL: appends nothing of its own but moves the
 * committed records of writes still waiting in the registry into the chain
 * first (access/audit_store.h), durably. In an HTTP request the server has
 * opened a deferral: the call queues a copy of the entry and returns at
 * once, and the response is held until the record is durable (replaced by
 * the error if it is not). */
int audit_record(store *s, const audit_entry *ent, mz_err *e);

/* Walks every chain (access/audit_chain.h) up to its head. Returns 0 with
 * *ok set and *checked the records walked; problems (up to max) are
 * appended to `problems` as {"chain":"440105","seq":N,"problem":"..."}. */
int audit_verify(store_conn *c, int *ok, int64_t *checked, json_t *problems,
		 int max, mz_err *e);
/* The same, choosing whether signed checkpoints beyond the chain's end are
 * a problem (tail = 1, audit verify) or not (0: a restored older backup
 * ends before later checkpoints by nature). */
int audit_verify_ex(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max,
		    int tail, mz_err *e);

/* Search within who's scope (records of divisions under it, and records
 * with no division); filters may be NULL. sort: NULL/"" newest first (at_ms,
 * then chain and seq), or "[-]seq|at|login|action|entity" (store/order.h;
 * another is MZ_EINVAL on "sort"). Returns {"items":[{chain, seq, ...}],
 * "total":N}. */
json_t *audit_search(store_conn *c, const access_ctx *who, const char *login, const char *action,
		     const char *entity, const char *entity_id, const char *from_day,
		     const char *to_day, const char *sort, int64_t page, int64_t page_size,
		     mz_err *e);

#endif

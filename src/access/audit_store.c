/* audit_store.c - a write's audit records on their way to the audit log's
 * own file (see audit_store.h). */
#include "access/audit_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "store/group_commit.h"

/* Pending records appended per statement batch of a move: the group's own
 * maximum, so a move after a long import runs in bounded steps. */
#define MOVE_BATCH 1024

store_conn *audit_store_conn(store_conn *c, mz_err *e)
{
	store *s = store_conn_store(c);

	return store_audit_apart(s) ? store_conn_get(store_audit(s), e) : c;
}

int audit_store_flush(store_conn *c, mz_err *e)
{
	store *s = store_conn_store(c);

	/* Inside a request's deferral audit_record only queues the move: wait
	 * for it, since the caller reads the chain next. */
	if (!store_audit_apart(s))
		return 0;
	return audit_record(s, NULL, e) || store_defer_wait(e) ? -1 : 0;
}

/* The highest pending id already in the chain, read from the audit file
 * (on the calling thread's connection to it). */
static int moved_to(store_conn *ac, int64_t *out, mz_err *e)
{
	int r;

	*out = 0;
	r = store_row(ac, e, "SELECT moved_to FROM audit_moved WHERE id = ?", STORE_INTO(out), 1);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ESTORE, "", "audit_moved row missing", "审计迁移位置记录缺失");
	return 0;
}

/* After the write's commit: move its records into the chain now, so the
 * log shows them when the request answers. A failure leaves them pending
 * (durable; the next move takes them): the write itself stands. */
static void move_after_commit(store_conn *c, void *arg)
{
	mz_err e = { 0 };

	(void)arg;
	if (audit_record(store_conn_store(c), NULL, &e))
		mz_log_warn("audit records of a write stay pending until the next move", "error",
			    e.message);
}

int audit_store_add_pending(store_conn *c, const audit_entry *ents, int n, mz_err *e)
{
	int64_t now = mz_now_unix_ms(), done = 0;
	mz_err ignored = { 0 };
	store_conn *ac;

	for (int i = 0; i < n; i++) {
		const audit_entry *a = &ents[i];

		if (store_run(c, e, "INSERT INTO pending_audit (at_ms, user_id, login, action, entity,"
				    " entity_id, division_code, reason, detail)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      a->at_ms ? a->at_ms : now, a->user_id, a->login ? a->login : "",
			      a->action ? a->action : "", a->entity ? a->entity : "",
			      a->entity_id ? a->entity_id : "",
			      a->division_code ? a->division_code : "", a->reason ? a->reason : "",
			      a->detail ? a->detail : "{}") < 0)
			return -1;
	}
	/* The records already in the chain go with this transaction; the rows
	 * just inserted are above moved_to, so the highest row stays and ids
	 * keep growing. The audit file is read on a connection of its own: no
	 * lock of it is taken. Not knowing moved_to only delays the clean-up. */
	if ((ac = store_conn_get(store_audit(store_conn_store(c)), &ignored)) &&
	    !moved_to(ac, &done, &ignored) && done > 0 &&
	    store_run(c, e, "DELETE FROM pending_audit WHERE id <= ?", done) < 0)
		return -1;
	store_after_commit(c, move_after_commit, NULL);
	return 0;
}

/* A pending record read from the registry, its text owned. */
typedef struct pending {
	audit_entry ent;
	char *text[7];
} pending;

static void free_pending(pending *p, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 7; k++)
			free(p[i].text[k]);
}

static int read_pending(store_conn *mc, int64_t after, pending *out, int max, int64_t *last,
			mz_err *e)
{
	store_stmt *st = store_prepare(mc, "SELECT id, at_ms, user_id, login, action, entity,"
					   " entity_id, division_code, reason, detail FROM pending_audit"
					   " WHERE id > ? ORDER BY id LIMIT ?", e);
	int n = 0, r = 0;

	if (!st)
		return -1;
	store_params(st, after, (int64_t)max);
	while (n < max && (r = store_step(st, e)) == 1) {
		pending *p = &out[n++];

		*last = store_col_i64(st, 0);
		for (int k = 0; k < 7; k++)
			p->text[k] = mz_strdup(store_col_text(st, 3 + k));
		p->ent = (audit_entry){ .at_ms = store_col_i64(st, 1), .user_id = store_col_i64(st, 2),
					.login = p->text[0], .action = p->text[1], .entity = p->text[2],
					.entity_id = p->text[3], .division_code = p->text[4],
					.reason = p->text[5], .detail = p->text[6] };
	}
	store_done(st);
	if (n < max && r < 0) {
		free_pending(out, n);
		return -1;
	}
	return n;
}

int audit_store_move_tx(store_conn *ac, mz_err *e)
{
	store *reg = store_registry(store_conn_store(ac));
	pending *batch;
	audit_entry *ents;
	store_conn *mc;
	int64_t from;
	int n, r = 0;

	if (!store_audit_apart(reg))
		return 0;
	if (!(mc = store_conn_get(reg, e)))
		return -1;
	/* Inside a transaction of its own the registry connection would show
	 * records not committed yet (never so: audit_record is called outside
	 * transactions); they wait for the next move. */
	if (store_in_tx(mc))
		return 0;
	/* moved_to is read inside the audit file's write transaction: two
	 * movers (two processes) queue on it and never append a record twice. */
	if (moved_to(ac, &from, e))
		return -1;
	batch = mz_xcalloc(MOVE_BATCH, sizeof(*batch));
	ents = mz_xcalloc(MOVE_BATCH, sizeof(*ents));
	do {
		int64_t last = from;

		n = read_pending(mc, from, batch, MOVE_BATCH, &last, e);
		if (n < 0) {
			r = -1;
			break;
		}
		for (int i = 0; i < n; i++)
			ents[i] = batch[i].ent;
		r = n ? audit_append_tx(ac, ents, n, e) : 0;
		free_pending(batch, n);
		if (r)
			break;
		if (n && store_run(ac, e, "UPDATE audit_moved SET moved_to = ? WHERE id = 1", last) < 0) {
			r = -1;
			break;
		}
		from = last;
	} while (n == MOVE_BATCH);
	free(ents);
	free(batch);
	return r;
}

int audit_store_recover(store *s, mz_err *e)
{
	store_conn *mc, *ac;
	int64_t done = 0, top = 0;

	if (!store_audit_apart(s))
		return 0;
	if (!(mc = store_conn_get(s, e)) || !(ac = store_conn_get(store_audit(s), e)) ||
	    moved_to(ac, &done, e))
		return -1;
	/* A restored backup: its audit file was copied after its registry, so
	 * moved_to may count records of writes the registry copy does not
	 * hold, and SQLite would give the next pending record an id at or
	 * below it (max + 1), which the mover would skip. A marker row at
	 * moved_to keeps the next id above it (it is never moved itself). */
	if (store_begin(mc, e))
		return -1;
	if (store_query_i64(mc, "SELECT COALESCE(max(id), 0) FROM pending_audit", &top, e) ||
	    (top < done &&
	     store_run(mc, e, "INSERT INTO pending_audit (id, at_ms, user_id, login, action, entity,"
			      " entity_id, division_code, reason, detail)"
			      " VALUES (?, 0, 0, '', 'audit.marker', '', '', '', '', '{}')",
		       done) < 0) ||
	    store_commit(mc, e)) {
		store_rollback(mc);
		return -1;
	}
	return audit_record(s, NULL, e);
}

/* demo.c - builds the demo city: communities, then the population in one
 * streaming pass, then the demo accounts' credentials.
 *
 * Each community is filled household by household (demo_household.c) from
 * its own PRNG stream. Rows collect in per-table buffers and are written
 * with store_bulk in one transaction per DEMO_BATCH_PERSONS persons:
 * persons and households before the rows that reference them, one table at
 * a time (the PostgreSQL bulk path is COPY, which allows one table at a
 * time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "registry/registry.h"

#define N(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))

static const char *const person_cols[] = {
	"id", "id_number", "name", "sex", "birth_date", "division_code", "address",
	"phone", "hukou", "disability_kind", "disability_grade", "flags", "death_date",
	"created_at", "updated_at",
};
static const char *const id_number_cols[] = { "id_number", "person_id" };
static const char *const household_cols[] = { "id", "division_code", "address",
					       "created_at", "updated_at" };
static const char *const member_cols[] = { "household_id", "person_id", "relation",
					   "joined_on", "left_on" };
static const char *const income_cols[] = { "person_id", "division_code", "kind",
					   "monthly_fen" };
static const char *const asset_cols[] = { "person_id", "division_code", "kind",
					  "amount_fen" };

static int rb_flush(store_conn *c, demo_rowbuf *r, const char *table,
		    const char *const *cols, int ncols, mz_err *e)
{
	const char *vals[16], *p = r->b.data;
	store_bulk *b;

	if (!r->rows)
		return 0;
	b = store_bulk_begin(c, table, cols, ncols, e);
	if (!b)
		return -1;
	for (int64_t i = 0; i < r->rows; i++) {
		for (int j = 0; j < ncols; j++) {
			size_t n = strlen(p);

			vals[j] = (n == 1 && p[0] == '\1') ? NULL : p;
			p += n + 1;
		}
		if (store_bulk_row(b, vals, e)) {
			store_bulk_end(b, NULL);
			return -1;
		}
	}
	mz_buf_reset(&r->b);
	r->rows = 0;
	return store_bulk_end(b, e);
}

/* The change trace (registry_changes): the smallest and largest id in the
 * first column of the buffered rows, noted as one range. */
static int rb_note(store_conn *c, const demo_rowbuf *r, int ncols, const char *entity, mz_err *e)
{
	const char *p = r->b.data;
	int64_t lo = INT64_MAX, hi = 0;

	for (int64_t i = 0; i < r->rows; i++) {
		int64_t id = strtoll(p, NULL, 10);

		lo = id < lo ? id : lo;
		hi = id > hi ? id : hi;
		for (int j = 0; j < ncols; j++)
			p += strlen(p) + 1;
	}
	return r->rows ? registry_change_note(c, entity, lo, hi, e) : 0;
}

/* Writes the buffered rows in one transaction and reports progress. */
static int flush(store_conn *c, demo_gen *g, const demo_opts *o, int64_t *done,
		 mz_err *e)
{
	if (!g->batch && !g->households.rows)
		return 0;
	if (store_begin(c, e))
		return -1;
	if (rb_note(c, &g->persons, N(person_cols), "person", e) ||
	    rb_note(c, &g->households, N(household_cols), "household", e) ||
	    rb_note(c, &g->members, N(member_cols), "household", e) ||
	    rb_note(c, &g->incomes, N(income_cols), "person", e) ||
	    rb_note(c, &g->assets, N(asset_cols), "person", e) ||
	    rb_flush(c, &g->persons, "persons", person_cols, N(person_cols), e) ||
	    rb_flush(c, &g->id_numbers, "person_id_numbers", id_number_cols, N(id_number_cols),
		     e) ||
	    rb_flush(c, &g->households, "households", household_cols, N(household_cols), e) ||
	    rb_flush(c, &g->members, "household_members", member_cols, N(member_cols), e) ||
	    rb_flush(c, &g->incomes, "person_incomes", income_cols, N(income_cols), e) ||
	    rb_flush(c, &g->assets, "person_assets", asset_cols, N(asset_cols), e)) {
		store_rollback(c);
		return -1;
	}
	if (store_commit(c, e))
		return -1;
	*done += g->batch;
	g->batch = 0;
	if (o->progress)
		o->progress(o->progress_arg, "persons", *done, o->persons);
	return 0;
}

/* SQLite only: a bulk load does not need an fsync per batch (a crash
 * means starting again anyway) and likes a bigger page cache for the
 * randomly ordered id_number index. Both are put back afterwards. */

int demo_pragmas_set(store_conn *c, load_pragmas *p, int64_t persons, mz_err *e)
{
	/* The unique person_id_numbers key takes ~30 bytes a person: keep it in
	 * the cache (64 MB to 1 GB; SQLite allocates pages only as used). */
	int64_t kib = persons * 48 / 1024;
	char sql[128];

	p->set = 0;
	if (store_conn_engine(c) != STORE_SQLITE)
		return 0;
	kib = kib < 65536 ? 65536 : kib > 1048576 ? 1048576 : kib;
	/* temp_store=FILE: the index rebuild sorts through temporary files
	 * (the OS caches them) instead of holding a 20M-row sort in memory. */
	snprintf(sql, sizeof(sql), "PRAGMA synchronous=OFF; PRAGMA cache_size=-%lld;"
		 " PRAGMA temp_store=FILE", (long long)kib);
	if (store_query_i64(c, "PRAGMA synchronous", &p->synchronous, e) ||
	    store_query_i64(c, "PRAGMA cache_size", &p->cache_size, e) ||
	    store_query_i64(c, "PRAGMA temp_store", &p->temp_store, e) ||
	    store_exec(c, sql, e))
		return -1;
	p->set = 1;
	return 0;
}

void demo_pragmas_restore(store_conn *c, load_pragmas *p)
{
	char sql[160];

	if (!p->set)
		return;
	/* Fold the load's WAL into the database file and shrink it, then
	 * make commits durable again. */
	snprintf(sql, sizeof(sql), "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA synchronous=%lld;"
		 " PRAGMA cache_size=%lld; PRAGMA temp_store=%lld", (long long)p->synchronous,
		 (long long)p->cache_size, (long long)p->temp_store);
	store_exec(c, sql, NULL);
	p->set = 0;
}

/* SQLite only: the non-unique indexes of the loaded tables are dropped for
 * the load and created again at the end (from their own CREATE statements in
 * sqlite_master, so a later migration's change to them is kept). persons_name
 * is in random order and costs most of the load's time when kept up to date
 * row by row; a sort at the end is far cheaper. Unique indexes stay: they
 * enforce constraints. A load killed part way leaves them dropped, with a
 * partial city: that database is to be thrown away (the error says so). */
static int indexes_drop(store_conn *c, mz_buf *saved, mz_err *e)
{
	store_stmt *st;
	mz_buf drop;
	int r;

	if (store_conn_engine(c) != STORE_SQLITE)
		return 0;
	st = store_prepare(c, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
			      " AND tbl_name IN ('persons', 'households', 'household_members',"
			      " 'person_incomes', 'person_assets') AND sql IS NOT NULL"
			      " AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name", e);
	if (!st)
		return -1;
	mz_buf_init(&drop);
	while ((r = store_step(st, e)) == 1) {
		const char *name = store_col_text(st, 0);

		if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
		    strlen(name))
			continue;
		mz_buf_printf(&drop, "DROP INDEX %s;", name);
		mz_buf_printf(saved, "%s;", store_col_text(st, 1));
	}
	store_done(st);
	if (r == 0 && drop.len)
		r = store_exec(c, drop.data, e);
	mz_buf_release(&drop);
	if (r < 0)
		mz_buf_reset(saved);
	return r < 0 ? -1 : 0;
}

static int indexes_restore(store_conn *c, mz_buf *saved, mz_err *e)
{
	int r = 0;

	if (saved->len)
		r = store_exec(c, saved->data, e);
	mz_buf_reset(saved);
	return r;
}

int registry_demo_build(store_conn *c, const demo_opts *o, demo_stats *stats,
			mz_err *e)
{
	mz_buf indexes;
	registry_street *streets = NULL;
	demo_community *comms = NULL;
	int nstreets, ncomms, nd, rc = -1;
	char dcodes[16][7];
	int64_t have = 0;
	double wsum = 0, cum = 0;
	int64_t placed = 0;
	load_pragmas pr = { 0 };
	int64_t done = 0, maxid = 0;
	demo_gen g;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (o->persons < 1 || o->persons > DEMO_MAX_PERSONS)
		return mz_failf(e, MZ_EINVAL, "persons",
				"the number of persons must be between 1 and %d",
				"人数必须在 1 到 %d 之间", DEMO_MAX_PERSONS);
	if (registry_divisions_seed(c, e))
		return -1;
	if (store_query_i64(c, "SELECT count(*) FROM (SELECT 1 FROM persons LIMIT 1) t",
			    &have, e))
		return -1;
	if (have)
		return mz_fail(e, MZ_ECONFLICT, "persons",
			       "the city already exists: this database has persons;"
			       " build the demo into a new database",
			       "城市已存在：数据库中已有人员；请在新数据库中生成演示数据");
	if (registry_demo_communities(c, e) ||
	    demo_communities_make(&streets, &nstreets, &comms, &ncomms, dcodes, &nd, e))
		return -1;
	mz_buf_init(&indexes);
	demo_gen_init(&g, comms, streets, dcodes, nd);
	if (store_query_i64(c, "SELECT max(id) FROM persons", &maxid, e))
		goto out;
	g.next_pid = maxid + 1;
	if (store_query_i64(c, "SELECT max(id) FROM households", &maxid, e))
		goto out;
	g.next_hid = maxid + 1;
	if (demo_pragmas_set(c, &pr, o->persons, e) || indexes_drop(c, &indexes, e))
		goto out;

	/* Community i is filled up to floor(N * cum_i / W) persons in total:
	 * households are whole, so one may run past its community's share and
	 * the next community starts that much later; only the city's very last
	 * household is cut to make exactly N. */
	for (int i = 0; i < ncomms; i++)
		wsum += comms[i].weight;
	for (int i = 0; i < ncomms; i++) {
		int64_t upto;
		demo_rng r;

		cum += comms[i].weight;
		upto = i == ncomms - 1 ? o->persons
				       : (int64_t)((double)o->persons * (cum / wsum));
		if (upto > o->persons)
			upto = o->persons;
		demo_rng_seed(&r, o->seed, (uint64_t)i + 1);
		while (placed < upto) {
			int64_t left = o->persons - placed;

			placed += demo_gen_household(&g, &r, &comms[i],
						left > DEMO_MAX_MEMBERS ? DEMO_MAX_MEMBERS : (int)left);
			if (g.batch >= DEMO_BATCH_PERSONS && flush(c, &g, o, &done, e))
				goto fail_load;
		}
	}
	if (flush(c, &g, o, &done, e))
		goto fail_load;
	if (indexes.len && o->progress)
		o->progress(o->progress_arg, "indexes", done, o->persons);
	if (indexes_restore(c, &indexes, e))
		goto fail_load;
	if (store_conn_engine(c) == STORE_POSTGRES) {
		/* Ids were given explicitly: move the identity sequences on. */
		int64_t ignored;

		if (store_query_i64(c, "SELECT setval(pg_get_serial_sequence('persons', 'id'),"
				       " (SELECT max(id) FROM persons))", &ignored, e) ||
		    store_query_i64(c, "SELECT setval(pg_get_serial_sequence('households', 'id'),"
				       " (SELECT max(id) FROM households))", &ignored, e))
			goto out;
	}
	if (stats) {
		*stats = g.st;
		if (store_query_i64(c, "SELECT count(*) FROM divisions WHERE level = 4",
				    &stats->communities, e))
			goto out;
	}
	rc = 0;
	goto out;
fail_load:
	if (done && e) {
		char msg[sizeof(e->message)];

		mz_strlcpy(msg, e->message, sizeof(msg));
		mz_failf(e, e->code, e->field,
			 "%s (%lld persons were written before the failure: build the demo"
			 " into a new database)",
			 "%s（失败前已写入 %lld 人：请在新数据库中重新生成）", msg,
			 (long long)done);
	}
out:
	indexes_restore(c, &indexes, NULL); /* after a failure: best effort */
	mz_buf_release(&indexes);
	demo_pragmas_restore(c, &pr);
	demo_gen_release(&g);
	free(streets);
	free(comms);
	return rc;
}

void registry_demo_users(uint64_t seed, demo_user out[DEMO_USER_COUNT])
{
	static const struct {
		const char *login, *name, *role, *scope;
	} users[DEMO_USER_COUNT] = {
		{ "admin", "市级管理员（演示）", "city_admin", "440100" },
		{ "haizhu_officer", "海珠区民政干部（演示）", "district_officer", "440105" },
		{ "haizhu_caseworker", "赤岗街道经办人（演示）", "street_caseworker", "440105001" },
		{ "haizhu_community", "赤岗街道社区工作人员（演示）", "community_worker",
		  "440105001001" },
		{ "provider", "服务机构（演示）", "service_provider", "440100" },
		{ "auditor", "审计员（演示）", "auditor", "440100" },
		{ "tianhe_caseworker", "五山街道经办人（演示）", "street_caseworker", "440106001" },
		/* Linked by the eldercare demo to its providers (ec_provider_link_user). */
		{ "canteen_operator", "海珠长者饭堂运营方（演示）", "service_provider", "440105" },
		{ "homecare_provider", "海珠居家养老服务机构（演示）", "service_provider", "440105" },
		{ "callcentre_operator", "平安通呼援中心坐席（演示）", "service_provider", "440100" },
	};
	static const char letters[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

	for (int i = 0; i < DEMO_USER_COUNT; i++) {
		demo_rng r;
		char *p = out[i].password;

		demo_rng_seed(&r, seed, 0x75736572ULL + (uint64_t)i); /* "user" */
		out[i].login = users[i].login;
		out[i].name = users[i].name;
		out[i].role = users[i].role;
		mz_strlcpy(out[i].scope, users[i].scope, sizeof(out[i].scope));
		*p++ = 'M';
		*p++ = 'z';
		for (int k = 0; k < 4; k++)
			*p++ = letters[demo_rng_below(&r, sizeof(letters) - 1)];
		for (int k = 0; k < 4; k++)
			*p++ = (char)('0' + demo_rng_below(&r, 10));
		*p = '\0';
	}
}

/* distribution.c - reads the "-- citus:" annotations of the schema files and
 * checks a live database against them (see distribution.h for the rules).
 *
 * The catalog is read through the store interface, with one query per engine
 * for each of: the tables, a column's NOT NULL, the unique keys, the foreign
 * keys. Column lists travel as comma-separated text so both engines give
 * the checker the same shape. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/distribution.h"
#include "store/store_internal.h"

extern const struct {
	const char *name;
	const char *sql;
} mz_schema_files[];

enum plan_kind { PLAN_DISTRIBUTE, PLAN_REFERENCE, PLAN_COORDINATOR };

typedef struct {
	char table[64];
	enum plan_kind kind;
	char column[64]; /* PLAN_DISTRIBUTE only */
	char with[64];   /* co-location root; "" for a root */
	char file[64];
	int count;       /* annotations naming this table (R1: exactly one) */
	int found;       /* the table exists in the database */
} plan_entry;

typedef struct {
	plan_entry *v;
	size_t n, cap;
} plan;

#define NAME_MAX_LEN 63

static plan_entry *plan_find(plan *p, const char *table)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].table, table))
			return &p->v[i];
	return NULL;
}

/* Copies the next space-separated word of *s into out; 0 if there is none
 * or it is too long for a name. */
static int next_word(const char **s, char out[64])
{
	const char *p = *s;
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\r')
		n++;
	if (!n || n > NAME_MAX_LEN)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	*s = p + n;
	return 1;
}

static int parse_line(plan *p, const char *file, const char *line, mz_err *e)
{
	char kind[64], table[64], word[64];
	plan_entry ent = { 0 }, *have;
	const char *s = line;

	if (!next_word(&s, kind) || !next_word(&s, table))
		goto bad;
	snprintf(ent.table, sizeof(ent.table), "%s", table);
	snprintf(ent.file, sizeof(ent.file), "%s", file);
	if (!strcmp(kind, "distribute") || !strcmp(kind, "redistribute")) {
		ent.kind = PLAN_DISTRIBUTE;
		if (!next_word(&s, word) || strcmp(word, "by") || !next_word(&s, ent.column))
			goto bad;
		if (next_word(&s, word)) {
			if (strcmp(word, "with") || !next_word(&s, ent.with))
				goto bad;
		}
	} else if (!strcmp(kind, "reference")) {
		ent.kind = PLAN_REFERENCE;
	} else if (!strcmp(kind, "coordinator")) {
		ent.kind = PLAN_COORDINATOR;
	} else {
		goto bad;
	}
	if (next_word(&s, word))
		goto bad;
	have = plan_find(p, ent.table);
	/* A later file moving a table (the released file that created it is
	 * never edited): its placement replaces the earlier one. */
	if (!strcmp(kind, "redistribute")) {
		if (!have)
			return mz_failf(e, MZ_EINTERNAL, "schema",
					"%s: '-- citus: %.80s' redistributes a table no earlier file"
					" annotates", "%s：分布注释 '-- citus: %.80s' 重新分布的表此前没有注释",
					file, line);
		ent.count = have->count;
		*have = ent;
		return 0;
	}
	if (have) {
		have->count++;
		return 0;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		p->v = mz_xrealloc(p->v, cap * sizeof(*p->v));
		p->cap = cap;
	}
	ent.count = 1;
	p->v[p->n++] = ent;
	return 0;
bad:
	return mz_failf(e, MZ_EINTERNAL, "schema",
			"%s: malformed annotation '-- citus: %.80s' (expected 'distribute T by C"
			" [with ROOT]', 'redistribute T by C [with ROOT]', 'reference T' or"
			" 'coordinator T')",
			"%s：分布注释格式错误 '-- citus: %.80s'", file, line);
}

/* Collects every "-- citus: ..." line of the embedded schema files. */
static int plan_load(plan *p, mz_err *e)
{
	static const char tag[] = "-- citus:";

	for (int i = 0; mz_schema_files[i].name; i++) {
		const char *s = mz_schema_files[i].sql;

		while (s && *s) {
			const char *eol = strchr(s, '\n');
			size_t len = eol ? (size_t)(eol - s) : strlen(s);
			const char *t = s;

			while (t < s + len && (*t == ' ' || *t == '\t'))
				t++;
			if ((size_t)(s + len - t) > sizeof(tag) - 1 && !strncmp(t, tag, sizeof(tag) - 1)) {
				char line[256];
				size_t n = (size_t)(s + len - t) - (sizeof(tag) - 1);

				if (n >= sizeof(line))
					n = sizeof(line) - 1;
				memcpy(line, t + sizeof(tag) - 1, n);
				line[n] = '\0';
				if (parse_line(p, mz_schema_files[i].name, line, e))
					return -1;
			}
			s = eol ? eol + 1 : NULL;
		}
	}
	return 0;
}

/* ---- the catalog, per engine ----------------------------------------- */

typedef struct {
	char name[128];
	int primary;
	int rowid; /* SQLite's INTEGER PRIMARY KEY: the rowid, no index of its own */
	char cols[512];
} cat_key;

typedef struct {
	char name[128];
	char ref[64];
	char cols[512];
	char refcols[512];
	char actions[64]; /* "ON DELETE x, ON UPDATE y" for the non-default ones, or "" */
} cat_fk;

#define CAT_MAX 64

typedef struct {
	cat_key keys[CAT_MAX];
	int nkeys;
	cat_fk fks[CAT_MAX];
	int nfks;
	int column_exists, column_notnull;
	char identity[512]; /* identity columns (PostgreSQL), comma-separated */
	char triggers[512]; /* user triggers, comma-separated */
} cat_table;

static void csv_add(char *list, size_t cap, const char *item)
{
	size_t n = strlen(list);

	snprintf(list + n, cap - n, "%s%s", n ? "," : "", item ? item : "?");
}

static int csv_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && !strncmp(p, item, n))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* The index of item in the list, or -1. */
static int csv_pos(const char *list, const char *item)
{
	size_t n = strlen(item);
	int i = 0;

	for (const char *p = list; p && *p; i++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && !strncmp(p, item, n))
			return i;
		p = comma ? comma + 1 : NULL;
	}
	return -1;
}

/* The i-th item of the list into out ("" if there is none). */
static void csv_at(const char *list, int i, char *out, size_t cap)
{
	const char *p = list;

	out[0] = '\0';
	while (p && i-- > 0) {
		p = strchr(p, ',');
		if (p)
			p++;
	}
	if (p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len >= cap)
			len = cap - 1;
		memcpy(out, p, len);
		out[len] = '\0';
	}
}

/* PostgreSQL's one-letter referential action, in SQLite's spelling. */
static const char *pg_action(const char *code)
{
	switch (code[0]) {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return "NO ACTION";
	}
}

/* Keeps the actions Citus restricts on a distribution column: SET NULL and
 * SET DEFAULT on delete, anything but NO ACTION / RESTRICT on update. */
static void fk_actions(cat_fk *f, const char *on_delete, const char *on_update)
{
	size_t n = 0;

	f->actions[0] = '\0';
	if (on_delete && (!strcmp(on_delete, "SET NULL") || !strcmp(on_delete, "SET DEFAULT")))
		n += (size_t)snprintf(f->actions, sizeof(f->actions), "ON DELETE %s", on_delete);
	if (on_update && strcmp(on_update, "NO ACTION") && strcmp(on_update, "RESTRICT") &&
	    n < sizeof(f->actions))
		snprintf(f->actions + n, sizeof(f->actions) - n, "%sON UPDATE %s", n ? ", " : "",
			 on_update);
}

static int cat_tables(store_conn *c, char (**names)[64], size_t *n, mz_err *e)
{
	const char *sql = store_conn_engine(c) == STORE_POSTGRES
		? "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		  " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
		: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
		  " ORDER BY 1";
	store_stmt *st = store_prepare(c, sql, e);
	size_t cap = 0;
	int rc;

	*names = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = store_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 128;
			*names = mz_xrealloc(*names, cap * sizeof(**names));
		}
		snprintf((*names)[(*n)++], 64, "%s", store_col_text(st, 0));
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static int cat_load_sqlite(store_conn *c, const char *table, const char *column,
			   cat_table *t, mz_err *e)
{
	char pkcols[512] = "";
	int rc, pk_index = 0, npk = 0;
	store_stmt *st;

	/* Unique indexes, the primary key's own (origin 'pk') among them. */
	st = store_prepare(c, "SELECT name, origin FROM pragma_index_list(?) WHERE \"unique\" = 1"
			      " ORDER BY name", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1 && t->nkeys < CAT_MAX) {
		cat_key *k = &t->keys[t->nkeys++];

		snprintf(k->name, sizeof(k->name), "%s", store_col_text(st, 0));
		k->primary = !strcmp(store_col_text(st, 1), "pk");
		pk_index |= k->primary;
	}
	store_done(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < t->nkeys; i++) {
		st = store_prepare(c, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, t->keys[i].name);
		while ((rc = store_step(st, e)) == 1)
			csv_add(t->keys[i].cols, sizeof(t->keys[i].cols), store_col_text(st, 0));
		store_done(st);
		if (rc < 0)
			return -1;
	}
	/* Columns: the primary key's, and the distribution column's NOT NULL. */
	st = store_prepare(c, "SELECT name, \"notnull\", pk FROM pragma_table_info(?) ORDER BY pk", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1) {
		const char *name = store_col_text(st, 0);

		if (store_col_i64(st, 2) > 0) {
			csv_add(pkcols, sizeof(pkcols), name);
			npk++;
		}
		if (column && !strcmp(name, column)) {
			t->column_exists = 1;
			t->column_notnull = store_col_i64(st, 1) || store_col_i64(st, 2) > 0;
		}
	}
	store_done(st);
	if (rc < 0)
		return -1;
	if (npk && !pk_index && t->nkeys < CAT_MAX) {
		cat_key *k = &t->keys[t->nkeys++];

		snprintf(k->name, sizeof(k->name), "primary key");
		snprintf(k->cols, sizeof(k->cols), "%s", pkcols);
		k->primary = 1;
		k->rowid = npk == 1;
	}
	/* Foreign keys, one row per column pair. A missing "to" means the
	 * parent's primary key, which this schema never relies on. */
	st = store_prepare(c, "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update"
			      " FROM pragma_foreign_key_list(?) ORDER BY id, seq", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	{
		int64_t last = -1;

		while ((rc = store_step(st, e)) == 1) {
			cat_fk *f;

			if (store_col_i64(st, 0) != last) {
				if (t->nfks == CAT_MAX)
					continue;
				last = store_col_i64(st, 0);
				f = &t->fks[t->nfks++];
				snprintf(f->name, sizeof(f->name), "foreign key %lld", (long long)last);
				snprintf(f->ref, sizeof(f->ref), "%s", store_col_text(st, 1));
				fk_actions(f, store_col_text(st, 4), store_col_text(st, 5));
			}
			f = &t->fks[t->nfks - 1];
			csv_add(f->cols, sizeof(f->cols), store_col_text(st, 2));
			csv_add(f->refcols, sizeof(f->refcols), store_col_text(st, 3));
		}
	}
	store_done(st);
	if (rc < 0)
		return -1;
	st = store_prepare(c, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
			      " ORDER BY name", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1)
		csv_add(t->triggers, sizeof(t->triggers), store_col_text(st, 0));
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static int cat_load_pg(store_conn *c, const char *table, const char *column, cat_table *t,
		       mz_err *e)
{
	store_stmt *st;
	int rc;

	st = store_prepare(c,
			   "SELECT i.relname::text, ix.indisprimary::int, array_to_string(ARRAY("
			   "  SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, o)"
			   "  JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n"
			   "  ORDER BY k.o), ',')"
			   " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid"
			   " WHERE ix.indrelid = ?::regclass AND ix.indisunique ORDER BY 1",
			   e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1 && t->nkeys < CAT_MAX) {
		cat_key *k = &t->keys[t->nkeys++];

		snprintf(k->name, sizeof(k->name), "%s", store_col_text(st, 0));
		k->primary = store_col_i64(st, 1) != 0;
		snprintf(k->cols, sizeof(k->cols), "%s", store_col_text(st, 2));
	}
	store_done(st);
	if (rc < 0)
		return -1;
	if (column) {
		st = store_prepare(c, "SELECT attnotnull::int FROM pg_attribute WHERE attrelid ="
				      " ?::regclass AND attname = ? AND NOT attisdropped AND attnum > 0", e);
		if (!st)
			return -1;
		store_params(st, table, column);
		if ((rc = store_step(st, e)) == 1) {
			t->column_exists = 1;
			t->column_notnull = store_col_i64(st, 0) != 0;
		}
		store_done(st);
		if (rc < 0)
			return -1;
	}
	st = store_prepare(c,
			   "SELECT con.conname::text, con.confrelid::regclass::text,"
			   " array_to_string(ARRAY(SELECT a.attname::text FROM unnest(con.conkey)"
			   "  WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid"
			   "  AND a.attnum = k.n ORDER BY k.o), ','),"
			   " array_to_string(ARRAY(SELECT a.attname::text FROM unnest(con.confkey)"
			   "  WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid"
			   "  AND a.attnum = k.n ORDER BY k.o), ','),"
			   " con.confdeltype::text, con.confupdtype::text"
			   " FROM pg_constraint con WHERE con.contype = 'f' AND con.conrelid = ?::regclass"
			   " ORDER BY 1",
			   e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1 && t->nfks < CAT_MAX) {
		cat_fk *f = &t->fks[t->nfks++];

		snprintf(f->name, sizeof(f->name), "foreign key %s", store_col_text(st, 0));
		snprintf(f->ref, sizeof(f->ref), "%s", store_col_text(st, 1));
		snprintf(f->cols, sizeof(f->cols), "%s", store_col_text(st, 2));
		snprintf(f->refcols, sizeof(f->refcols), "%s", store_col_text(st, 3));
		fk_actions(f, pg_action(store_col_text(st, 4)), pg_action(store_col_text(st, 5)));
	}
	store_done(st);
	if (rc < 0)
		return -1;
	/* Identity columns: Citus cannot convert a table that has one. */
	st = store_prepare(c, "SELECT attname::text FROM pg_attribute WHERE attrelid = ?::regclass"
			      " AND attidentity <> '' AND NOT attisdropped AND attnum > 0 ORDER BY attnum", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1)
		csv_add(t->identity, sizeof(t->identity), store_col_text(st, 0));
	store_done(st);
	if (rc < 0)
		return -1;
	st = store_prepare(c, "SELECT tgname::text FROM pg_trigger WHERE tgrelid = ?::regclass"
			      " AND NOT tgisinternal ORDER BY 1", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, table);
	while ((rc = store_step(st, e)) == 1)
		csv_add(t->triggers, sizeof(t->triggers), store_col_text(st, 0));
	store_done(st);
	return rc < 0 ? -1 : 0;
}

/* ---- the rules ------------------------------------------------------- */

typedef struct {
	distribution_report_fn report;
	void *arg;
	int violations;
} reporter;

static void violation(reporter *r, const char *table, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void violation(reporter *r, const char *table, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->violations++;
	if (r->report)
		r->report(r->arg, table, msg);
}

static const char *group_of(const plan_entry *p)
{
	return p->with[0] ? p->with : p->table;
}

static void check_keys(reporter *r, const plan_entry *p, const cat_table *t)
{
	for (int i = 0; i < t->nkeys; i++) {
		const cat_key *k = &t->keys[i];
		int ok = csv_has(k->cols, p->column);

		/* SQLite's rowid key: fine when UNIQUE (id, column) exists. */
		for (int j = 0; !ok && k->rowid && j < t->nkeys; j++)
			ok = j != i && csv_has(t->keys[j].cols, k->cols) &&
			     csv_has(t->keys[j].cols, p->column);
		if (!ok)
			violation(r, p->table, "%s %s (%s) does not include the distribution column %s",
				  k->primary ? "primary key" : "unique index", k->name, k->cols,
				  p->column);
	}
}

static void check_fks(reporter *r, plan *pl, const plan_entry *p, const cat_table *t)
{
	static const char *kind_name[] = { "distributed", "reference", "coordinator" };

	for (int i = 0; i < t->nfks; i++) {
		const cat_fk *f = &t->fks[i];
		const plan_entry *q = plan_find(pl, f->ref);
		char mapped[64];
		int pos;

		if (p->kind == PLAN_DISTRIBUTE && f->actions[0] && csv_has(f->cols, p->column))
			violation(r, p->table, "%s (%s) -> %s has %s on the distribution column %s,"
				  " which Citus refuses", f->name, f->cols, f->ref, f->actions, p->column);
		if (!q || !strcmp(f->ref, "schema_migrations"))
			continue; /* an unannotated parent is reported on its own */
		if (p->kind == PLAN_DISTRIBUTE && q->kind == PLAN_REFERENCE)
			continue;
		if (q->kind == PLAN_COORDINATOR && p->kind != PLAN_COORDINATOR) {
			violation(r, p->table, "%s (%s) -> %s: a %s table may not reference the"
				  " coordinator table %s", f->name, f->cols, f->ref,
				  kind_name[p->kind], f->ref);
			continue;
		}
		if (q->kind == PLAN_DISTRIBUTE && p->kind != PLAN_DISTRIBUTE) {
			violation(r, p->table, "%s (%s) -> %s: a %s table may not reference the"
				  " distributed table %s", f->name, f->cols, f->ref,
				  kind_name[p->kind], f->ref);
			continue;
		}
		if (p->kind != PLAN_DISTRIBUTE || q->kind != PLAN_DISTRIBUTE)
			continue; /* reference -> reference, coordinator -> anything local */
		if (strcmp(group_of(p), group_of(q))) {
			violation(r, p->table, "%s (%s) -> %s (%s) joins the co-location groups"
				  " of %s and %s; check it in the application instead",
				  f->name, f->cols, f->ref, f->refcols, group_of(p), group_of(q));
			continue;
		}
		pos = csv_pos(f->cols, p->column);
		csv_at(f->refcols, pos, mapped, sizeof(mapped));
		if (pos < 0 || strcmp(mapped, q->column))
			violation(r, p->table, "%s (%s) -> %s (%s) does not map the distribution"
				  " column %s to %s.%s", f->name, f->cols, f->ref, f->refcols,
				  p->column, f->ref, q->column);
	}
}

/* Whether the text has "AS IDENTITY" outside "--" comments, any case. */
static int sql_has_identity(const char *sql)
{
	static const char word[] = "as identity";
	int in_comment = 0;

	for (const char *p = sql; *p; p++) {
		size_t i = 0;

		if (*p == '\n')
			in_comment = 0;
		else if (p[0] == '-' && p[1] == '-')
			in_comment = 1;
		if (in_comment)
			continue;
		while (word[i] && tolower((unsigned char)p[i]) == word[i])
			i++;
		if (!word[i])
			return 1;
	}
	return 0;
}

/* R5 without a PostgreSQL server: the schema files as PostgreSQL would run
 * them. A column declared "GENERATED ... AS IDENTITY" (by hand, or by what a
 * token stands for) would make its table impossible to distribute, and a
 * SQLite catalog cannot show it, so CI on SQLite reads the text. */
static void check_schema_text(reporter *r)
{
	for (int i = 0; mz_schema_files[i].name; i++) {
		char *sql = store_schema_expand(&store_pg_backend, 1, mz_schema_files[i].sql);

		if (sql_has_identity(sql))
			violation(r, mz_schema_files[i].name, "declares an identity column on"
				  " PostgreSQL (AS IDENTITY): Citus cannot distribute a table with one;"
				  " use {{ID}} or {{ROWID}} (a sequence default)");
		free(sql);
	}
}

int distribution_check(store_conn *c, distribution_report_fn report, void *arg, mz_err *e)
{
	reporter r = { report, arg, 0 };
	char (*tables)[64] = NULL;
	plan pl = { 0 };
	cat_table *t = NULL;
	size_t ntables = 0;
	int rc = -1;

	if (plan_load(&pl, e))
		goto out;
	t = malloc(sizeof(*t));
	if (!t) {
		mz_fail(e, MZ_EINTERNAL, "", "out of memory", "内存不足");
		goto out;
	}
	check_schema_text(&r);
	for (size_t i = 0; i < pl.n; i++) {
		plan_entry *p = &pl.v[i], *root;

		if (p->count > 1)
			violation(&r, p->table, "has %d '-- citus:' annotations; it needs exactly one",
				  p->count);
		if (p->kind != PLAN_DISTRIBUTE || !p->with[0])
			continue;
		root = plan_find(&pl, p->with);
		if (!root || root->kind != PLAN_DISTRIBUTE || root->with[0])
			violation(&r, p->table, "is co-located with %s, which is not an annotated"
				  " distributed group root", p->with);
	}
	/* On SQLite the audit tables are in a file of their own (store_audit):
	 * both files' tables, each read where it is. */
	for (int pass = 0; pass < (store_audit_apart(store_conn_store(c)) ? 2 : 1); pass++) {
		store_conn *tc = pass ? store_conn_get(store_audit(store_conn_store(c)), e) : c;

		free(tables);
		tables = NULL;
		if (!tc || cat_tables(tc, &tables, &ntables, e))
			goto out;
		for (size_t i = 0; i < ntables; i++) {
			plan_entry *p;

			if (!strcmp(tables[i], "schema_migrations"))
				continue; /* migrate.c's own table: stays on the coordinator */
			p = plan_find(&pl, tables[i]);
			if (!p) {
				violation(&r, tables[i], "has no '-- citus:' annotation in the schema files");
				continue;
			}
			p->found = 1;
			memset(t, 0, sizeof(*t));
			if ((store_conn_engine(tc) == STORE_POSTGRES ? cat_load_pg : cat_load_sqlite)(
				    tc, p->table, p->kind == PLAN_DISTRIBUTE ? p->column : NULL, t, e))
				goto out;
			if (p->kind == PLAN_DISTRIBUTE) {
				if (!t->column_exists) {
					violation(&r, p->table, "has no distribution column %s", p->column);
					continue;
				}
				if (!t->column_notnull)
					violation(&r, p->table, "distribution column %s may be NULL", p->column);
				check_keys(&r, p, t);
			}
			if (t->identity[0])
				violation(&r, p->table, "identity column %s: Citus cannot distribute a table"
					  " with an identity column; use {{ID}} or {{ROWID}} (a sequence default)",
					  t->identity);
			if (t->triggers[0] && p->kind != PLAN_COORDINATOR)
				violation(&r, p->table, "trigger %s: Citus refuses triggers on %s tables;"
					  " do the work in the writing transaction", t->triggers,
					  p->kind == PLAN_DISTRIBUTE ? "distributed" : "reference");
			check_fks(&r, &pl, p, t);
		}
	}
	for (size_t i = 0; i < pl.n; i++)
		if (!pl.v[i].found)
			violation(&r, pl.v[i].table, "is annotated in %s but not in the database",
				  pl.v[i].file);
	rc = r.violations;
out:
	free(t);
	free(tables);
	free(pl.v);
	return rc;
}

/* The distributed tables as an SQL array literal, ARRAY['a', 'b', ...]. */
static void print_distributed_array(FILE *out, const plan *pl)
{
	int first = 1;

	fputs("ARRAY[", out);
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].kind == PLAN_DISTRIBUTE) {
			fprintf(out, "%s'%s'", first ? "" : ", ", pl->v[i].table);
			first = 0;
		}
	fputs("]::text[]", out);
}

int distribution_citus_sql(FILE *out, mz_err *e)
{
	plan pl = { 0 };

	if (plan_load(&pl, e)) {
		free(pl.v);
		return -1;
	}
	fputs("-- Distributes the minzheng schema with Citus, as annotated in\n"
	      "-- src/*/schema/*.sql, src/domains/*/schema/*.sql (generated by `minzheng distribution citus-sql`).\n"
	      "-- Run on the coordinator after `minzheng init`, before loading data.\n"
	      "BEGIN;\n"
	      "-- Foreign keys added after distributing in one transaction need one\n"
	      "-- connection per node (Citus: sequential mode).\n"
	      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential';\n"
	      "-- The foreign keys of the tables to distribute are set aside while the\n"
	      "-- tables move and added back after: a local table with a foreign key to\n"
	      "-- a reference table becomes a citus local table, and Citus cannot then\n"
	      "-- distribute it while other local tables still reference it.\n"
	      "CREATE TEMPORARY TABLE mz_citus_fks ON COMMIT DROP AS\n"
	      "  SELECT c.relname::text AS tab, con.conname::text AS name,\n"
	      "         pg_get_constraintdef(con.oid) AS def\n"
	      "  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid\n"
	      "  WHERE con.contype = 'f' AND c.relnamespace = current_schema()::regnamespace\n"
	      "    AND c.relname::text = ANY (", out);
	print_distributed_array(out, &pl);
	fputs(");\n"
	      "DO $drop$ DECLARE f record; BEGIN\n"
	      "  FOR f IN SELECT * FROM mz_citus_fks LOOP\n"
	      "    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', f.tab, f.name);\n"
	      "  END LOOP;\n"
	      "END $drop$;\n", out);
	for (size_t i = 0; i < pl.n; i++)
		if (pl.v[i].kind == PLAN_REFERENCE)
			fprintf(out, "SELECT create_reference_table('%s');\n", pl.v[i].table);
	for (size_t i = 0; i < pl.n; i++)
		if (pl.v[i].kind == PLAN_DISTRIBUTE && !pl.v[i].with[0])
			fprintf(out, "SELECT create_distributed_table('%s', '%s');\n", pl.v[i].table,
				pl.v[i].column);
	for (size_t i = 0; i < pl.n; i++)
		if (pl.v[i].kind == PLAN_DISTRIBUTE && pl.v[i].with[0])
			fprintf(out, "SELECT create_distributed_table('%s', '%s', colocate_with => '%s');\n",
				pl.v[i].table, pl.v[i].column, pl.v[i].with);
	for (size_t i = 0; i < pl.n; i++)
		if (pl.v[i].kind == PLAN_COORDINATOR)
			fprintf(out, "-- %s stays on the coordinator\n", pl.v[i].table);
	fputs("-- Session settings for every connection to this database: joins between\n"
	      "-- the person and the household groups that are not on a distribution\n"
	      "-- column run as repartition joins (docs/scaling.md lists them).\n"
	      "DO $settings$ BEGIN\n"
	      "  EXECUTE format('ALTER DATABASE %I SET citus.enable_repartition_joins = on',"
	      " current_database());\n"
	      "  -- A transaction that reads many shards and then writes a reference\n"
	      "  -- table (a payroll run, a vacancy) must use one connection per node.\n"
	      "  EXECUTE format('ALTER DATABASE %I SET citus.multi_shard_modify_mode = sequential',"
	      " current_database());\n"
	      "END $settings$;\n", out);
	fputs("DO $add$ DECLARE f record; BEGIN\n"
	      "  FOR f IN SELECT * FROM mz_citus_fks LOOP\n"
	      "    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', f.tab, f.name, f.def);\n"
	      "  END LOOP;\n"
	      "END $add$;\n"
	      "COMMIT;\n", out);
	free(pl.v);
	return 0;
}

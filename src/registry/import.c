/* import.c - see import.h. */
#include "registry/import.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/hash.h"
#include "base/table.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* ---- a set of short strings (open addressing) ---------------------------- */

typedef struct strset {
	char **slots;
	size_t cap, len;
} strset;

static void strset_release(strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

static int strset_has(const strset *s, const char *k)
{
	if (!s->cap)
		return 0;
	for (size_t i = mz_fnv1a64_str(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slots[i])
			return 0;
		if (!strcmp(s->slots[i], k))
			return 1;
	}
}

/* Adds k; returns 1 if it was already there. */
static int strset_add(strset *s, const char *k)
{
	size_t i;

	if ((s->len + 1) * 2 > s->cap) {
		strset bigger = { mz_xcalloc(s->cap ? s->cap * 2 : 1024, sizeof(char *)),
				  s->cap ? s->cap * 2 : 1024, 0 };
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->slots[j])
				continue;
			for (i = mz_fnv1a64_str(s->slots[j]) & (bigger.cap - 1); bigger.slots[i];
			     i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slots[i] = s->slots[j];
			bigger.len++;
		}
		free(s->slots);
		*s = bigger;
	}
	for (i = mz_fnv1a64_str(k) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (!strcmp(s->slots[i], k))
			return 1;
	s->slots[i] = mz_strdup(k);
	s->len++;
	return 0;
}

/* ---- shared plumbing ------------------------------------------------------ */

typedef struct columns {
	const char *names[12];
	int index[12];
	int n;
} columns;

static int map_header(table_reader *t, columns *cols, int nrequired, mz_err *e)
{
	table_row row;
	int r = table_next(t, &row, e);

	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_EINVAL, "file", "the file is empty", "文件为空");
	for (int c = 0; c < cols->n; c++) {
		cols->index[c] = -1;
		for (size_t i = 0; i < row.count; i++) {
			char *f = row.fields[i];
			size_t n = strlen(f);
			while (n && (f[n - 1] == ' ' || f[n - 1] == '\r'))
				f[--n] = '\0';
			if (!strcmp(f, cols->names[c]))
				cols->index[c] = (int)i;
		}
		if (c < nrequired && cols->index[c] < 0)
			return mz_failf(e, MZ_EINVAL, cols->names[c],
					"the header has no column '%s'", "表头缺少列 '%s'",
					cols->names[c]);
	}
	return 0;
}

static const char *col(const table_row *row, const columns *cols, int c)
{
	const char *v;

	if (cols->index[c] < 0)
		return "";
	v = table_field(row, (size_t)cols->index[c]);
	return v ? v : "";
}

typedef struct bad_lines {
	long *lines;
	size_t n, cap;
} bad_lines;

static void bad_add(bad_lines *b, long line)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->lines = mz_xrealloc(b->lines, b->cap * sizeof(long));
	}
	b->lines[b->n++] = line; /* appended in file order: stays sorted */
}

static int bad_has(const bad_lines *b, long line)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->lines[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->n && b->lines[lo] == line;
}

static void csv_put(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void reject(const import_opts *o, FILE *rej, bad_lines *bad, const table_row *row,
		   const mz_err *err)
{
	bad_add(bad, row->line);
	if (o->bad_row)
		o->bad_row(o->arg, row->line, err->field, err->message);
	if (rej) {
		fprintf(rej, "%ld,", row->line);
		csv_put(rej, err->message);
		for (size_t i = 0; i < row->count; i++) {
			fputc(',', rej);
			csv_put(rej, row->fields[i]);
		}
		fputc('\n', rej);
	}
}

static int file_sha256(const char *path, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], d[32];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
	return 0;
}

static int load_communities(store_conn *c, const access_ctx *who, strset *set, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT code FROM divisions WHERE level = 4"
					  " AND " ACCESS_SCOPE_SQL("code"), e);
	int r;

	if (!st)
		return -1;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1)
		strset_add(set, store_col_text(st, 0));
	store_done(st);
	return r < 0 ? -1 : 0;
}

static int audit_import(store_conn *c, const access_ctx *who, const char *what,
			const import_opts *o, const import_result *r, mz_err *e)
{
	char sha[65] = "", detail[600];
	const char *base = strrchr(o->path, '/');
	json_t *d;
	char *text;

	file_sha256(o->path, sha);
	d = json_pack("{s:s,s:s,s:I,s:I,s:I}", "file", base ? base + 1 : o->path, "sha256", sha,
		      "rows", (json_int_t)r->rows, "imported", (json_int_t)r->imported, "rejected",
		      (json_int_t)r->bad);
	text = json_dumps(d, JSON_COMPACT);
	snprintf(detail, sizeof(detail), "%s", text);
	free(text);
	json_decref(d);
	return audit_append(c, who, AUDIT_WRITE, what,
			    !strcmp(what, "person.import") ? "person" : "household", "", "", "bulk import",
			    detail, e);
}

/* ---- persons --------------------------------------------------------------- */

enum { P_IDNO, P_NAME, P_DIV, P_ADDR, P_PHONE, P_HUKOU, P_DKIND, P_DGRADE, P_FLAGS, P_NCOLS };

/* The checks of one row that need no database; whether the number is
 * already registered is asked for a batch of rows at once (check_batch). */
static int person_row_check(const strset *communities, strset *seen,
			    const table_row *row, const columns *cols, idcard_info *info,
			    mz_err *e)
{
	const char *dgrade = col(row, cols, P_DGRADE), *hukou = col(row, cols, P_HUKOU);
	char *end;
	long grade = *dgrade ? strtol(dgrade, &end, 10) : 0;

	if (idcard_parse(col(row, cols, P_IDNO), info, e))
		return -1;
	if (!*col(row, cols, P_NAME) || strlen(col(row, cols, P_NAME)) > 60)
		return mz_fail(e, MZ_EINVAL, "name", "name is empty or too long", "姓名为空或过长");
	/* As on every entry path (person.c): no formula-like start. */
	if (strchr("=+-@", col(row, cols, P_NAME)[0]))
		return mz_fail(e, MZ_EINVAL, "name", "name may not start with = + - or @",
			       "姓名不能以 = + - @ 开头");
	if (!strset_has(communities, col(row, cols, P_DIV)))
		return mz_failf(e, MZ_EINVAL, "division_code",
				"division_code '%s' is not a community within your scope",
				"社区代码 '%s' 不存在或不在管辖范围内", col(row, cols, P_DIV));
	if (*hukou && strcmp(hukou, "urban") && strcmp(hukou, "rural"))
		return mz_fail(e, MZ_EINVAL, "hukou", "hukou must be urban or rural",
			       "户籍类型须为 urban 或 rural");
	if (*dgrade && *end)
		return mz_fail(e, MZ_EINVAL, "disability_grade", "disability_grade must be 0-4",
			       "残疾等级须为 0-4");
	if (registry_check_disability(col(row, cols, P_DKIND), grade, e))
		return -1;
	if (strset_add(seen, info->number))
		return mz_fail(e, MZ_EINVAL, "id_number",
			       "the ID number appears more than once in the file",
			       "身份证号码在文件中重复出现");
	return 0;
}

/* Rows wait here, in file order, until CHECK_BATCH of them need the
 * registry: then one query asks for all their numbers (one round trip
 * instead of one per row, which on PostgreSQL was most of the validation
 * time), and the rows are passed on in order, so rejects and the list of
 * bad lines stay in file order. */
#define CHECK_BATCH 500

typedef struct pending_row {
	long line;
	char **fields; /* a copy: the reader's are valid until its next row */
	size_t count;
	char number[20];
	mz_err err; /* code set: the row already failed a check */
} pending_row;

typedef struct pending {
	pending_row v[CHECK_BATCH];
	int n, to_check;
} pending;

static void pending_add(pending *q, const table_row *row, const char *number, const mz_err *err)
{
	pending_row *p = &q->v[q->n++];

	p->line = row->line;
	p->count = row->count;
	p->fields = mz_xcalloc(row->count ? row->count : 1, sizeof(char *));
	for (size_t i = 0; i < row->count; i++) {
		size_t n = strlen(row->fields[i]) + 1;

		p->fields[i] = memcpy(mz_xmalloc(n), row->fields[i], n);
	}
	snprintf(p->number, sizeof(p->number), "%s", number);
	p->err = *err;
	if (!err->code)
		q->to_check++;
}

static void pending_clear(pending *q)
{
	for (int i = 0; i < q->n; i++) {
		for (size_t j = 0; j < q->v[i].count; j++)
			free(q->v[i].fields[j]);
		free(q->v[i].fields);
	}
	q->n = q->to_check = 0;
}

/* Asks the registry for the pending numbers, then rejects (in file order)
 * the rows that failed and those whose number is taken. */
static int pending_flush(store_conn *c, pending *q, const import_opts *o, FILE *rej,
			 bad_lines *bad, mz_err *e)
{
	strset taken = { 0 };
	mz_buf sql;
	int r = 0, k = 0;

	mz_buf_init(&sql);
	if (q->to_check) {
		store_stmt *st;

		mz_buf_puts(&sql, "SELECT id_number FROM person_id_numbers WHERE id_number IN (");
		for (int i = 0; i < q->to_check; i++)
			mz_buf_puts(&sql, i ? ", ?" : "?");
		mz_buf_puts(&sql, ")");
		if (!(st = store_prepare(c, sql.data, e))) {
			r = -1;
			goto out;
		}
		for (int i = 0; i < q->n; i++)
			if (!q->v[i].err.code)
				store_bind_text(st, ++k, q->v[i].number);
		while ((r = store_step(st, e)) == 1)
			strset_add(&taken, store_col_text(st, 0));
		store_done(st);
		if (r < 0)
			goto out;
	}
	for (int i = 0; i < q->n; i++) {
		pending_row *p = &q->v[i];
		table_row row = { p->fields, p->count, p->line };

		if (!p->err.code && strset_has(&taken, p->number))
			mz_fail(&p->err, MZ_EINVAL, "id_number",
				"a person with this ID number is already registered",
				"该身份证号码的人员已登记");
		if (p->err.code)
			reject(o, rej, bad, &row, &p->err);
	}
out:
	pending_clear(q);
	strset_release(&taken);
	mz_buf_release(&sql);
	return r;
}

/* Pass 2 writes persons through the store's bulk path (COPY on PostgreSQL,
 * batched prepared inserts on SQLite) a chunk at a time: ids are assigned
 * first (store_next_ids), so each person's person_id_numbers row, which
 * holds the number's city-wide uniqueness, goes in by the same path. */
#define IMPORT_CHUNK 20000
#define PERSON_FIELDS 11 /* id_number .. flags, as added by chunk_add */

typedef struct person_chunk {
	mz_buf fields; /* NUL-terminated fields, PERSON_FIELDS a row */
	int64_t rows;
} person_chunk;

static void chunk_add(person_chunk *ch, const char *v)
{
	mz_buf_append(&ch->fields, v, strlen(v) + 1);
}

static int chunk_write(store_conn *c, person_chunk *ch, int64_t now, mz_err *e)
{
	static const char *const person_cols[] = {
		"id", "id_number", "name", "sex", "birth_date", "division_code", "address",
		"phone", "hukou", "disability_kind", "disability_grade", "flags",
		"created_at", "updated_at",
	};
	static const char *const number_cols[] = { "id_number", "person_id" };
	const char *vals[14];
	char idbuf[24], stamp[24];
	int64_t *ids;
	store_bulk *b;
	const char *p;
	int rc = -1;

	if (!ch->rows)
		return 0;
	ids = mz_xcalloc((size_t)ch->rows, sizeof(*ids));
	if (store_next_ids(c, "persons", ch->rows, ids, e))
		goto out;
	{ /* the change trace: the chunk's persons (ids need not be contiguous) */
		int64_t lo = ids[0], hi = ids[0];

		for (int64_t i = 1; i < ch->rows; i++)
			lo = ids[i] < lo ? ids[i] : lo, hi = ids[i] > hi ? ids[i] : hi;
		if (registry_change_note(c, "person", lo, hi, e))
			goto out;
	}
	snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	if (!(b = store_bulk_begin(c, "persons", person_cols, 14, e)))
		goto out;
	p = ch->fields.data;
	for (int64_t i = 0; i < ch->rows; i++) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)ids[i]);
		vals[0] = idbuf;
		for (int j = 0; j < PERSON_FIELDS; j++) {
			vals[1 + j] = p;
			p += strlen(p) + 1;
		}
		vals[12] = vals[13] = stamp;
		if (store_bulk_row(b, vals, e)) {
			store_bulk_end(b, NULL);
			goto out;
		}
	}
	if (store_bulk_end(b, e) || !(b = store_bulk_begin(c, "person_id_numbers", number_cols, 2, e)))
		goto out;
	p = ch->fields.data;
	for (int64_t i = 0; i < ch->rows; i++) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)ids[i]);
		vals[0] = p;
		vals[1] = idbuf;
		for (int j = 0; j < PERSON_FIELDS; j++)
			p += strlen(p) + 1;
		if (store_bulk_row(b, vals, e)) {
			store_bulk_end(b, NULL);
			goto out;
		}
	}
	rc = store_bulk_end(b, e);
out:
	free(ids);
	mz_buf_reset(&ch->fields);
	ch->rows = 0;
	return rc;
}

int registry_import_persons(store_conn *c, const access_ctx *who, const import_opts *o,
			    import_result *res, mz_err *e)
{
	columns cols = { { "id_number", "name", "division_code", "address", "phone", "hukou",
			   "disability_kind", "disability_grade", "flags" }, { 0 }, P_NCOLS };
	strset communities = { 0 }, seen = { 0 };
	bad_lines bad = { 0 };
	table_reader *t = NULL;
	pending *queue = mz_xcalloc(1, sizeof(*queue));
	person_chunk chunk = { 0 };
	FILE *rej = NULL;
	table_row row;
	idcard_info info;
	int64_t now = mz_now_unix();
	int r, rc = -1;

	memset(res, 0, sizeof(*res));
	if (load_communities(c, who, &communities, e))
		goto out;
	if (!(t = table_open(o->path, e)) || map_header(t, &cols, 3, e))
		goto out;
	if (o->skip_bad && o->rejects_path && !(rej = fopen(o->rejects_path, "w"))) {
		mz_failf(e, MZ_EINVAL, "rejects", "cannot write rejects file '%s'",
			 "无法写入错误行文件 '%s'", o->rejects_path);
		goto out;
	}
	if (rej)
		fputs("line,reason,original\n", rej);
	/* Pass 1 reads inside one read transaction: SQLite then takes its shared
	 * lock once, not for every row's lookup (an autocommit SELECT costs two
	 * fcntl and a stat: 3 million system calls for a million rows), and no
	 * writer is held up (a deferred BEGIN takes no write lock). */
	if (store_begin_read(c, e))
		goto out;
	/* Pass 1: validate everything. */
	while ((r = table_next(t, &row, e)) == 1) {
		mz_err rowerr = { 0 };
		res->rows++;
		info.number[0] = 0;
		if (person_row_check(&communities, &seen, &row, &cols, &info, &rowerr) &&
		    rowerr.code != MZ_EINVAL) {
			*e = rowerr;
			goto rollback;
		}
		pending_add(queue, &row, info.number, &rowerr);
		if ((queue->to_check == CHECK_BATCH || queue->n == CHECK_BATCH) &&
		    pending_flush(c, queue, o, rej, &bad, e))
			goto rollback;
		if (o->progress && res->rows % 50000 == 0)
			o->progress(o->arg, "validate", table_progress(t), table_progress_total(t));
	}
	if (r < 0 || pending_flush(c, queue, o, rej, &bad, e) || store_commit(c, e))
		goto rollback;
	res->bad = (long)bad.n;
	if (bad.n && !o->skip_bad) {
		mz_failf(e, MZ_EINVAL, "file", "%zu of %ld rows are invalid; nothing was imported",
			 "%zu / %ld 行数据有误，未导入任何数据", bad.n, res->rows);
		goto out;
	}
	/* Pass 2: insert in one transaction. */
	table_close(t);
	if (!(t = table_open(o->path, e)) || map_header(t, &cols, 3, e) || store_begin(c, e))
		goto out;
	mz_buf_init(&chunk.fields);
	while ((r = table_next(t, &row, e)) == 1) {
		char birth[11], grade[24];
		const char *hukou = col(&row, &cols, P_HUKOU);
		if (bad_has(&bad, row.line))
			continue;
		if (idcard_parse(col(&row, &cols, P_IDNO), &info, e))
			goto rollback;
		mz_day_format(info.birth, birth);
		snprintf(grade, sizeof(grade), "%ld", strtol(col(&row, &cols, P_DGRADE), NULL, 10));
		chunk_add(&chunk, info.number);
		chunk_add(&chunk, col(&row, &cols, P_NAME));
		chunk_add(&chunk, info.sex == 'M' ? "M" : "F");
		chunk_add(&chunk, birth);
		chunk_add(&chunk, col(&row, &cols, P_DIV));
		chunk_add(&chunk, col(&row, &cols, P_ADDR));
		chunk_add(&chunk, col(&row, &cols, P_PHONE));
		chunk_add(&chunk, *hukou ? hukou : "urban");
		chunk_add(&chunk, col(&row, &cols, P_DKIND));
		chunk_add(&chunk, grade);
		chunk_add(&chunk, col(&row, &cols, P_FLAGS));
		chunk.rows++;
		if (chunk.rows == IMPORT_CHUNK && chunk_write(c, &chunk, now, e))
			goto rollback;
		res->imported++;
		if (o->progress && res->imported % 50000 == 0)
			o->progress(o->arg, "import", table_progress(t), table_progress_total(t));
	}
	if (r < 0 || chunk_write(c, &chunk, now, e))
		goto rollback;
	if (r < 0 || audit_import(c, who, "person.import", o, res, e) || store_commit(c, e))
		goto rollback;
	if (o->progress)
		o->progress(o->arg, "import", table_progress_total(t), table_progress_total(t));
	rc = 0;
	goto out;
rollback:
	store_rollback(c);
	res->imported = 0;
out:
	if (rej)
		fclose(rej);
	table_close(t);
	strset_release(&communities);
	strset_release(&seen);
	free(bad.lines);
	mz_buf_release(&chunk.fields);
	pending_clear(queue); /* after a failure, rows may still be waiting */
	free(queue);
	return rc;
}

/* ---- households --------------------------------------------------------------- */

enum { H_REF, H_DIV, H_ADDR, H_IDNO, H_REL, H_NCOLS };

/* Looks a person up by ID number: id, and whether in a current household. */
static int person_lookup(store_stmt *st, const char *number, int64_t *id, int *housed,
			 mz_err *e)
{
	int r;

	store_bind_text(st, 1, number);
	r = store_step(st, e);
	if (r == 1) {
		*id = store_col_i64(st, 0);
		*housed = store_col_i64(st, 1) > 0;
	}
	store_done(st);
	return r;
}

int registry_import_households(store_conn *c, const access_ctx *who, const import_opts *o,
			       import_result *res, mz_err *e)
{
	columns cols = { { "household_ref", "division_code", "address", "id_number", "relation" },
			 { 0 }, H_NCOLS };
	strset communities = { 0 }, seen = { 0 }, heads = { 0 }, refs = { 0 };
	bad_lines bad = { 0 };
	table_reader *t = NULL;
	store_stmt *lookup, *ins_h = NULL, *ins_m = NULL;
	FILE *rej = NULL;
	table_row row;
	idcard_info info;
	char cur_ref[128] = "", today[11];
	int64_t hid = 0, hid_lo = 0, hid_hi = 0, now = mz_now_unix();
	int r, rc = -1;

	memset(res, 0, sizeof(*res));
	mz_day_format(mz_today(), today);
	if (load_communities(c, who, &communities, e))
		goto out;
	lookup = store_prepare(c, "SELECT p.id, (SELECT count(*) FROM household_members m"
				  " WHERE m.person_id = p.id AND m.left_on IS NULL) FROM persons p"
				  " WHERE p.id_number = ? AND " ACCESS_SCOPE_SQL("p.division_code"), e);
	if (!lookup || !(t = table_open(o->path, e)) || map_header(t, &cols, 5, e))
		goto out;
	if (o->skip_bad && o->rejects_path && !(rej = fopen(o->rejects_path, "w"))) {
		mz_failf(e, MZ_EINVAL, "rejects", "cannot write rejects file '%s'",
			 "无法写入错误行文件 '%s'", o->rejects_path);
		goto out;
	}
	if (rej)
		fputs("line,reason,original\n", rej);
	while ((r = table_next(t, &row, e)) == 1) {
		mz_err re = { 0 };
		const char *ref = col(&row, &cols, H_REF), *rel = col(&row, &cols, H_REL);
		int64_t pid;
		int housed = 0, found;

		res->rows++;
		access_scope_bind(lookup, 2, who);
		if (!*ref || strlen(ref) > 100)
			mz_fail(&re, MZ_EINVAL, "household_ref", "household_ref is empty or too long",
				"家庭编号为空或过长");
		else if (!strset_has(&communities, col(&row, &cols, H_DIV)))
			mz_failf(&re, MZ_EINVAL, "division_code",
				 "division_code '%s' is not a community within your scope",
				 "社区代码 '%s' 不存在或不在管辖范围内", col(&row, &cols, H_DIV));
		else if (!*col(&row, &cols, H_ADDR))
			mz_fail(&re, MZ_EINVAL, "address", "address is empty", "家庭住址为空");
		else if (registry_check_relation(rel, &re))
			;
		else if (idcard_parse(col(&row, &cols, H_IDNO), &info, &re))
			;
		else if (strset_add(&seen, info.number))
			mz_fail(&re, MZ_EINVAL, "id_number", "the person appears more than once in the file",
				"该人员在文件中重复出现");
		else if ((found = person_lookup(lookup, info.number, &pid, &housed, &re)) < 0) {
			*e = re;
			goto out;
		} else if (!found)
			mz_fail(&re, MZ_EINVAL, "id_number", "no registered person has this ID number",
				"该身份证号码的人员未登记");
		else if (housed)
			mz_fail(&re, MZ_EINVAL, "id_number", "the person already belongs to a household",
				"该人员已属于其他家庭");
		else if (!strcmp(rel, "head") && strset_add(&heads, ref))
			mz_fail(&re, MZ_EINVAL, "relation", "the household has more than one head",
				"该家庭户主多于一人");
		if (re.code)
			reject(o, rej, &bad, &row, &re);
		strset_add(&refs, ref);
	}
	if (r < 0)
		goto out;
	/* Every household needs its head. */
	for (size_t i = 0; i < refs.cap; i++)
		if (refs.slots[i] && !strset_has(&heads, refs.slots[i])) {
			mz_err re = { 0 };
			mz_failf(&re, MZ_EINVAL, "relation", "household '%s' has no head",
				 "家庭 '%s' 没有户主", refs.slots[i]);
			if (o->bad_row)
				o->bad_row(o->arg, 0, re.field, re.message);
			if (!o->skip_bad) {
				*e = re;
				goto out;
			}
		}
	res->bad = (long)bad.n;
	if (bad.n && !o->skip_bad) {
		mz_failf(e, MZ_EINVAL, "file", "%zu of %ld rows are invalid; nothing was imported",
			 "%zu / %ld 行数据有误，未导入任何数据", bad.n, res->rows);
		goto out;
	}
	table_close(t);
	if (!(t = table_open(o->path, e)) || map_header(t, &cols, 5, e) || store_begin(c, e))
		goto out;
	ins_h = store_prepare(c, "INSERT INTO households (division_code, address, created_at,"
				 " updated_at) VALUES (?, ?, ?, ?) RETURNING id", e);
	ins_m = store_prepare(c, "INSERT INTO household_members (household_id, person_id, relation,"
				 " joined_on) VALUES (?, ?, ?, ?)", e);
	if (!ins_h || !ins_m)
		goto rollback;
	/* Rows of one household are expected together; a ref seen again later
	 * starts nothing new only if it is the current one. */
	strset_release(&seen);
	while ((r = table_next(t, &row, e)) == 1) {
		const char *ref = col(&row, &cols, H_REF);
		int64_t pid;
		int housed;

		if (bad_has(&bad, row.line) || !strset_has(&heads, ref))
			continue;
		if (strcmp(ref, cur_ref)) {
			if (strset_add(&seen, ref)) {
				mz_failf(e, MZ_EINVAL, "household_ref",
					 "rows of household '%s' must be adjacent (line %ld)",
					 "家庭 '%s' 的各行须相邻（第 %ld 行）", ref, row.line);
				goto rollback;
			}
			snprintf(cur_ref, sizeof(cur_ref), "%s", ref);
			store_bind_text(ins_h, 1, col(&row, &cols, H_DIV));
			store_bind_text(ins_h, 2, col(&row, &cols, H_ADDR));
			store_bind_i64(ins_h, 3, now);
			store_bind_i64(ins_h, 4, now);
			r = store_step(ins_h, e);
			hid = r == 1 ? store_col_i64(ins_h, 0) : 0;
			store_done(ins_h);
			if (r != 1)
				goto rollback;
			hid_lo = hid_lo && hid_lo < hid ? hid_lo : hid;
			hid_hi = hid_hi > hid ? hid_hi : hid;
			res->imported++;
		}
		idcard_parse(col(&row, &cols, H_IDNO), &info, NULL);
		access_scope_bind(lookup, 2, who);
		r = person_lookup(lookup, info.number, &pid, &housed, e);
		if (r == 0)
			mz_failf(e, MZ_ECONFLICT, "id_number",
				 "line %ld: the person was removed during the import",
				 "第 %ld 行：导入过程中该人员已被删除", row.line);
		if (r != 1)
			goto rollback;
		store_bind_i64(ins_m, 1, hid);
		store_bind_i64(ins_m, 2, pid);
		store_bind_text(ins_m, 3, col(&row, &cols, H_REL));
		store_bind_text(ins_m, 4, today);
		r = store_step(ins_m, e);
		store_done(ins_m);
		if (r < 0)
			goto rollback;
	}
	if (r < 0 || (hid_lo && registry_change_note(c, "household", hid_lo, hid_hi, e)) ||
	    audit_import(c, who, "household.import", o, res, e) || store_commit(c, e))
		goto rollback;
	rc = 0;
	goto out;
rollback:
	store_rollback(c);
	res->imported = 0;
out:
	if (rej)
		fclose(rej);
	table_close(t);
	strset_release(&communities);
	strset_release(&seen);
	strset_release(&heads);
	strset_release(&refs);
	free(bad.lines);
	return rc;
}

/* program_set.c - loading a directory of .rules files as one set, the
 * reloadable holder the server keeps, and what a program says about itself.
 *
 * A set is all or nothing: one broken file rejects the whole directory, so
 * programs that read each other ("dibao.standard", eligible(dibao)) never
 * see a half-updated neighbour. The holder swaps sets under a mutex; a
 * request keeps its reference to the set it started with. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "policy/policy_int.h"

#define MAX_RULES_FILE (1024 * 1024)
#define MAX_PROGRAMS 64

static void set_free(policy_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		pcompiled_release(&s->progs[i]->cc);
	if (s->pre)
		pcompiled_release(&s->pre->cc);
	free(s->progs);
	free(s->source);
	parena_release(&s->arena);
	free(s);
}

policy_set *policy_set_ref(policy_set *s)
{
	if (s)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void policy_set_unref(policy_set *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		set_free(s);
}

static int by_code(const void *a, const void *b)
{
	const policy_program *x = *(policy_program *const *)a, *y = *(policy_program *const *)b;

	return strcmp(x->code, y->code);
}

static policy_set *load_all(const char *source, const char *const *names,
			    const char *const *texts, const size_t *lens, size_t n,
			    policy_diags *diags, mz_err *e)
{
	policy_diags local = { 0 };
	pctx c = { diags ? diags : &local, e, 0 };
	policy_set *s = mz_xcalloc(1, sizeof(*s));

	atomic_init(&s->refs, 1);
	s->source = mz_strdup(source ? source : "");
	s->progs = mz_xcalloc(n + 1, sizeof(*s->progs));
	for (size_t i = 0; i < n; i++) {
		char *text = parena_strndup(&s->arena, texts[i], lens[i]);
		policy_program *p = pparse(&c, s, names[i], text, lens[i]);

		if (p)
			s->progs[s->n++] = p;
	}
	if (!c.nerr && !s->n)
		perr_text(&c, source ? source : "", 0, 0, "no .rules files to load",
			  "没有可加载的 .rules 规则文件");
	if (!c.nerr && s->n > MAX_PROGRAMS)
		perr_text(&c, source ? source : "", 0, 0, "more than 64 programs",
			  "项目数超过 64 个");
	if (!c.nerr) {
		qsort(s->progs, s->n, sizeof(*s->progs), by_code);
		for (size_t i = 0; i < s->n; i++) {
			s->progs[i]->index = (int)i;
			if (i && !strcmp(s->progs[i]->code, s->progs[i - 1]->code)) {
				char en[600], zh[600];

				pfmt(en, sizeof(en), "program '%s' is also defined in %s",
					 s->progs[i]->code, s->progs[i - 1]->path);
				pfmt(zh, sizeof(zh), "项目 '%s' 在 %s 中也有定义",
					 s->progs[i]->code, s->progs[i - 1]->path);
				perr_text(&c, s->progs[i]->path, s->progs[i]->line,
					  s->progs[i]->col, en, zh);
			}
		}
	}
	if (!c.nerr)
		pcheck_set(&c, s);
	if (c.nerr) {
		policy_diags_release(&local);
		set_free(s);
		return NULL;
	}
	pcompile_set(s);
	policy_diags_release(&local);
	return s;
}

policy_set *policy_set_load_texts(const char *const *names, const char *const *texts,
				  size_t n, policy_diags *diags, mz_err *e)
{
	size_t *lens = mz_xcalloc(n + 1, sizeof(*lens));
	policy_set *s;

	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(texts[i]);
	s = load_all("(text)", names, texts, lens, n, diags, e);
	free(lens);
	return s;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, char **out, size_t *len, pctx *c)
{
	FILE *f = fopen(path, "rb");
	mz_buf b;
	char chunk[8192];
	size_t n;

	if (!f) {
		char en[400];

		pfmt(en, sizeof(en), "cannot open the file: %s", strerror(errno));
		return perr_text(c, path, 0, 0, en, "无法打开文件");
	}
	mz_buf_init_max(&b, MAX_RULES_FILE);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (mz_buf_append(&b, chunk, n)) {
			fclose(f);
			mz_buf_release(&b);
			return perr_text(c, path, 0, 0, "the file is larger than 1 MiB",
					 "文件超过 1 MiB");
		}
	fclose(f);
	if (memchr(b.data ? b.data : "", '\0', b.len)) {
		mz_buf_release(&b);
		return perr_text(c, path, 0, 0, "the file contains NUL bytes: not a text file",
				 "文件包含 NUL 字节，不是文本文件");
	}
	*out = mz_buf_detach(&b, len);
	if (!*out) {
		*out = mz_strdup("");
		*len = 0;
	}
	return 0;
}

policy_set *policy_set_load_dir(const char *dir, policy_diags *diags, mz_err *e)
{
	policy_diags local = { 0 };
	pctx c = { diags ? diags : &local, e, 0 };
	struct stat st;
	char **paths = NULL, **texts = NULL;
	size_t *lens = NULL, n = 0, cap = 0;
	policy_set *s = NULL;

	if (stat(dir, &st)) {
		char en[400];

		pfmt(en, sizeof(en), "cannot read the rules directory: %s", strerror(errno));
		perr_text(&c, dir, 0, 0, en, "无法读取规则目录");
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(dir);
		struct dirent *de;

		if (!d) {
			perr_text(&c, dir, 0, 0, "cannot open the rules directory", "无法打开规则目录");
			goto out;
		}
		while ((de = readdir(d))) {
			size_t l = strlen(de->d_name);
			mz_buf p;

			if (de->d_name[0] == '.' || l < 7 || strcmp(de->d_name + l - 6, ".rules"))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				paths = mz_xrealloc(paths, cap * sizeof(*paths));
			}
			mz_buf_init(&p);
			mz_buf_printf(&p, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
				      de->d_name);
			paths[n++] = mz_buf_detach(&p, NULL);
		}
		closedir(d);
		if (n)
			qsort(paths, n, sizeof(*paths), by_str);
	} else {
		paths = mz_xcalloc(1, sizeof(*paths));
		paths[n++] = mz_strdup(dir);
	}
	if (n > MAX_PROGRAMS) {
		perr_text(&c, dir, 0, 0, "more than 64 rules files", "规则文件超过 64 个");
		goto out;
	}
	texts = mz_xcalloc(n + 1, sizeof(*texts));
	lens = mz_xcalloc(n + 1, sizeof(*lens));
	for (size_t i = 0; i < n; i++)
		read_file(paths[i], &texts[i], &lens[i], &c);
	if (!c.nerr)
		s = load_all(dir, (const char *const *)paths, (const char *const *)texts, lens, n,
			     c.diags, e);
out:
	for (size_t i = 0; i < n; i++) {
		free(paths[i]);
		if (texts)
			free(texts[i]);
	}
	free(paths);
	free(texts);
	free(lens);
	policy_diags_release(&local);
	return s;
}

/* ---- accessors ------------------------------------------------------------------ */

size_t policy_set_count(const policy_set *s)
{
	return s ? s->n : 0;
}

const policy_program *policy_set_program(const policy_set *s, size_t i)
{
	return s && i < s->n ? s->progs[i] : NULL;
}

const policy_program *policy_set_find(const policy_set *s, const char *code)
{
	for (size_t i = 0; s && code && i < s->n; i++)
		if (!strcmp(s->progs[i]->code, code))
			return s->progs[i];
	return NULL;
}

int policy_set_program_bit(const policy_set *s, const char *code)
{
	const policy_program *p = policy_set_find(s, code);

	return p ? p->index : -1;
}

const char *policy_set_source(const policy_set *s)
{
	return s->source;
}

const char *policy_program_code(const policy_program *p)
{
	return p->code;
}

const char *policy_program_name_zh(const policy_program *p)
{
	return p->name_zh;
}

const char *policy_program_name_en(const policy_program *p)
{
	return p->name_en;
}

policy_unit policy_program_unit(const policy_program *p)
{
	return p->unit;
}

const char *policy_program_path(const policy_program *p)
{
	return p->path;
}

const char *policy_program_text(const policy_program *p)
{
	return p->text;
}

size_t policy_program_condition_count(const policy_program *p)
{
	return (size_t)p->nconds;
}

const char *policy_program_condition_id(const policy_program *p, size_t i)
{
	return i < (size_t)p->nconds ? p->conds[i].id : NULL;
}

const char *policy_program_condition_label(const policy_program *p, size_t i)
{
	return i < (size_t)p->nconds ? p->conds[i].label : NULL;
}

size_t policy_program_output_count(const policy_program *p)
{
	return (size_t)p->noutputs;
}

const char *policy_program_output_name(const policy_program *p, size_t i)
{
	return i < (size_t)p->noutputs ? p->outputs[i]->name : NULL;
}

static json_t *source_text(const pnode *n)
{
	return json_stringn(n->file->text + n->off, n->len);
}

json_t *policy_program_describe(const policy_program *p)
{
	json_t *o = json_object(), *params = json_array(), *lets = json_array();
	json_t *conds = json_array(), *basis = json_array(), *outs = json_array();

	json_object_set_new(o, "code", json_string(p->code));
	json_object_set_new(o, "name", json_string(p->name_zh));
	json_object_set_new(o, "name_en", json_string(p->name_en));
	json_object_set_new(o, "unit", json_string(p->unit == POLICY_UNIT_PERSON ? "person" : "household"));
	json_object_set_new(o, "path", json_string(p->path));
	for (int i = 0; i < p->nbasis; i++)
		json_array_append_new(basis, json_string(p->basis[i]));
	json_object_set_new(o, "basis", basis);
	for (int i = 0; i < p->nsyms; i++) {
		const psym *y = p->syms[i];
		json_t *so = json_object();

		json_object_set_new(so, "name", json_string(y->name));
		json_object_set_new(so, "label", json_string(y->label));
		json_object_set_new(so, "type", json_string(ptype_name(y->type)));
		json_object_set_new(so, "line", json_integer(y->line));
		if (y->kind == SYM_PARAM) {
			json_t *lines = json_array();

			for (int k = 0; k < y->nlines; k++) {
				const pline *l = &y->lines[k];
				json_t *lo = json_object();
				char d[11], v[64], div[16];

				mz_day_format(l->from, d);
				pvalue_format(y->type, l->value, v, sizeof(v));
				pdiv_format(l->div, l->divlen, div, sizeof(div));
				json_object_set_new(lo, "from", json_string(d));
				json_object_set_new(lo, "division", l->divlen ? json_string(div) : json_null());
				json_object_set_new(lo, "value", y->type.base == T_BOOL
						    ? json_boolean(l->value) : json_integer(l->value));
				json_object_set_new(lo, "display", json_string(v));
				json_object_set_new(lo, "line", json_integer(l->line));
				json_array_append_new(lines, lo);
			}
			json_object_set_new(so, "history", lines);
			json_array_append_new(params, so);
		} else {
			json_object_set_new(so, "level", json_string(y->level == LV_M ? "member"
								       : "household"));
			json_object_set_new(so, "expr", source_text(y->expr));
			json_array_append_new(lets, so);
		}
	}
	for (int i = 0; i < p->nconds; i++) {
		json_t *co = json_object();

		json_object_set_new(co, "id", json_string(p->conds[i].id));
		json_object_set_new(co, "label", json_string(p->conds[i].label));
		json_object_set_new(co, "expr", source_text(p->conds[i].expr));
		json_object_set_new(co, "line", json_integer(p->conds[i].line));
		json_array_append_new(conds, co);
	}
	for (int i = 0; i < p->noutputs; i++)
		json_array_append_new(outs, json_string(p->outputs[i]->name));
	json_object_set_new(o, "params", params);
	json_object_set_new(o, "values", lets);
	json_object_set_new(o, "conditions", conds);
	json_object_set_new(o, "amount", p->amount ? source_text(p->amount) : json_null());
	json_object_set_new(o, "outputs", outs);
	return o;
}

/* ---- the holder ------------------------------------------------------------------ */

struct policy_holder {
	pthread_mutex_t mu;
	char *dir;
	policy_set *cur;
};

policy_holder *policy_holder_new(const char *dir, policy_diags *diags, mz_err *e)
{
	policy_set *s = policy_set_load_dir(dir, diags, e);
	policy_holder *h;

	if (!s)
		return NULL;
	h = mz_xcalloc(1, sizeof(*h));
	pthread_mutex_init(&h->mu, NULL);
	h->dir = mz_strdup(dir);
	h->cur = s;
	return h;
}

void policy_holder_free(policy_holder *h)
{
	if (!h)
		return;
	policy_set_unref(h->cur);
	pthread_mutex_destroy(&h->mu);
	free(h->dir);
	free(h);
}

int policy_holder_reload(policy_holder *h, policy_diags *diags, mz_err *e)
{
	policy_set *s = policy_set_load_dir(h->dir, diags, e), *old;

	if (!s)
		return -1; /* the last good set stays */
	pthread_mutex_lock(&h->mu);
	old = h->cur;
	h->cur = s;
	pthread_mutex_unlock(&h->mu);
	policy_set_unref(old);
	return 0;
}

policy_set *policy_holder_get(policy_holder *h)
{
	policy_set *s;

	pthread_mutex_lock(&h->mu);
	s = policy_set_ref(h->cur);
	pthread_mutex_unlock(&h->mu);
	return s;
}

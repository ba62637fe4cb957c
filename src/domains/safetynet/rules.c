/* rules.c - reads the monitoring rules (rules.h for the format). Every
 * error names the file and the line; nothing of a file that fails is kept. */
#include "domains/safetynet/rules.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "domains/safetynet/safetynet.h"

#define MAX_TOKENS 12
#define MAX_FILE (1024 * 1024)

static int fail_at(mz_err *e, const char *name, int line, const char *en, const char *zh)
{
	char m_en[320], m_zh[320];

	snprintf(m_en, sizeof(m_en), "%s:%d: %s", name, line, en);
	snprintf(m_zh, sizeof(m_zh), "%s:%d: %s", name, line, zh);
	return mz_fail(e, MZ_EPOLICY, "rules", m_en, m_zh);
}

/* Splits a line into words and "quoted strings" (in place); # starts a
 * comment outside quotes. -1 on an unclosed quote. */
static int tokenize(char *s, char **tok, int max)
{
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			break;
		if (n == max)
			return -2;
		if (*s == '"') {
			char *end = strchr(s + 1, '"');
			if (!end)
				return -1;
			*end = '\0';
			tok[n++] = s + 1;
			s = end + 1;
			continue;
		}
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n;
}

static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int copy_key(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (!n || n >= cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!((src[i] >= 'a' && src[i] <= 'z') || (src[i] >= '0' && src[i] <= '9') ||
		      src[i] == '_'))
			return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

/* "TYPE [amount >= FEN]" from tok[0..n) */
static int parse_event_ref(char **tok, int n, char type[32], int64_t *min, const char **why)
{
	if (n < 1 || !sn_event_type_find(tok[0])) {
		*why = "an event type of the catalogue";
		return -1;
	}
	snprintf(type, 32, "%s", tok[0]);
	*min = 0;
	if (n == 1)
		return 0;
	if (n == 4 && !strcmp(tok[1], "amount") && !strcmp(tok[2], ">=") &&
	    !parse_int(tok[3], 0, INT64_C(1000000000000), min))
		return 0;
	*why = "TYPE or TYPE amount >= FEN";
	return -1;
}

static int check_rule(const char *name, const sn_ruleset *set, const sn_rule *r, mz_err *e)
{
	if (r->from == MZ_DAY_INVALID)
		return fail_at(e, name, r->line, "the rule has no 'from' date", "规则缺少 from 生效日期");
	if (!*r->on_type)
		return fail_at(e, name, r->line, "the rule has no 'on' event", "规则缺少 on 触发事件");
	if (!r->nroutes)
		return fail_at(e, name, r->line, "the rule has no 'route'", "规则缺少 route 派单对象");
	if (!sn_rules_level(set, r->level))
		return fail_at(e, name, r->line, "the rule's level is not declared by a 'level' line",
			       "规则的 level 未用 level 行声明");
	for (int i = 0; i < set->nrules; i++)
		if (&set->rules[i] != r && !strcmp(set->rules[i].key, r->key) &&
		    set->rules[i].from == r->from)
			return fail_at(e, name, r->line, "the same rule twice from the same day",
				       "同一规则同一生效日期重复");
	return 0;
}

int sn_rules_parse(const char *name, const char *text, sn_ruleset *set, mz_err *e)
{
	char *copy = strdup(text ? text : ""), *line, *next;
	sn_rule *cur = NULL;
	int lineno = 0, first_new = set->nrules;

	if (!copy)
		return mz_fail(e, MZ_EINTERNAL, NULL, "out of memory", "内存不足");
	for (line = copy; line; line = next) {
		char *tok[MAX_TOKENS];
		const char *why = NULL;
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = tokenize(line, tok, MAX_TOKENS);
		if (n == -1) {
			fail_at(e, name, lineno, "a quoted string is not closed", "引号未闭合");
			goto fail;
		}
		if (n == -2) {
			fail_at(e, name, lineno, "too many words on the line", "一行的词过多");
			goto fail;
		}
		if (!n)
			continue;
		if (!strcmp(tok[0], "level") && !cur) {
			sn_level *l;
			int64_t h;

			if (n != 6 || strcmp(tok[4], "sla_hours") || parse_int(tok[5], 1, 24 * 366, &h)) {
				fail_at(e, name, lineno, "expected: level KEY \"中文\" \"English\" sla_hours N",
					"应为：level 代码 \"中文\" \"English\" sla_hours 小时数");
				goto fail;
			}
			if (set->nlevels == 8 || sn_rules_level(set, tok[1])) {
				fail_at(e, name, lineno, "a level declared twice, or more than 8",
					"预警级别重复或超过 8 个");
				goto fail;
			}
			l = &set->levels[set->nlevels];
			if (copy_key(l->key, sizeof(l->key), tok[1])) {
				fail_at(e, name, lineno, "a level key is lower-case letters, digits and _",
					"级别代码只能含小写字母、数字和下划线");
				goto fail;
			}
			snprintf(l->zh, sizeof(l->zh), "%s", tok[2]);
			snprintf(l->en, sizeof(l->en), "%s", tok[3]);
			l->sla_hours = (int)h;
			set->nlevels++;
			continue;
		}
		if (!strcmp(tok[0], "rule")) {
			if (cur && check_rule(name, set, cur, e))
				goto fail;
			if (n != 4) {
				fail_at(e, name, lineno, "expected: rule KEY \"中文标题\" \"English title\"",
					"应为：rule 代码 \"中文标题\" \"English title\"");
				goto fail;
			}
			set->rules = mz_xrealloc(set->rules, sizeof(*set->rules) * (size_t)(set->nrules + 1));
			cur = &set->rules[set->nrules++];
			memset(cur, 0, sizeof(*cur));
			cur->from = MZ_DAY_INVALID;
			cur->window_days = 30;
			cur->line = lineno;
			snprintf(cur->file, sizeof(cur->file), "%s", name);
			if (copy_key(cur->key, sizeof(cur->key), tok[1])) {
				fail_at(e, name, lineno, "a rule key is lower-case letters, digits and _",
					"规则代码只能含小写字母、数字和下划线");
				goto fail;
			}
			snprintf(cur->title_zh, sizeof(cur->title_zh), "%s", tok[2]);
			snprintf(cur->title_en, sizeof(cur->title_en), "%s", tok[3]);
			continue;
		}
		if (!cur) {
			fail_at(e, name, lineno, "expected 'level' or 'rule'", "应为 level 或 rule 行");
			goto fail;
		}
		if (!strcmp(tok[0], "from")) {
			if (n != 2 || (cur->from = mz_day_parse(tok[1])) == MZ_DAY_INVALID) {
				fail_at(e, name, lineno, "expected: from YYYY-MM-DD", "应为：from 年-月-日");
				goto fail;
			}
		} else if (!strcmp(tok[0], "level")) {
			if (n != 2 || copy_key(cur->level, sizeof(cur->level), tok[1])) {
				fail_at(e, name, lineno, "expected: level KEY", "应为：level 级别代码");
				goto fail;
			}
		} else if (!strcmp(tok[0], "on")) {
			if (parse_event_ref(tok + 1, n - 1, cur->on_type, &cur->on_min, &why)) {
				fail_at(e, name, lineno, why, "应为目录中的事件类型，可加 amount >= 金额（分）");
				goto fail;
			}
		} else if (!strcmp(tok[0], "also") || !strcmp(tok[0], "without") ||
			   !strcmp(tok[0], "fact")) {
			sn_clause *cl;
			int64_t v;

			if (cur->nclauses == SN_RULE_CLAUSES) {
				fail_at(e, name, lineno, "more than 8 clauses in a rule", "一条规则的条件超过 8 个");
				goto fail;
			}
			cl = &cur->clauses[cur->nclauses];
			memset(cl, 0, sizeof(*cl));
			if (!strcmp(tok[0], "fact")) {
				if (n == 4 && !strcmp(tok[1], "age") && !strcmp(tok[2], ">=") &&
				    !parse_int(tok[3], 0, 150, &v)) {
					cl->kind = SN_FACT_AGE;
					cl->min = v;
				} else if (n == 2 && !copy_key(cl->name, sizeof(cl->name), tok[1])) {
					cl->kind = SN_FACT;
				} else {
					fail_at(e, name, lineno, "expected: fact NAME or fact age >= N",
						"应为：fact 名称 或 fact age >= 岁数");
					goto fail;
				}
			} else if (!strcmp(tok[0], "also")) {
				cl->kind = SN_ALSO;
				if (parse_event_ref(tok + 1, n - 1, cl->name, &cl->min, &why)) {
					fail_at(e, name, lineno, why, "应为目录中的事件类型，可加 amount >= 金额（分）");
					goto fail;
				}
			} else {
				cl->kind = SN_WITHOUT;
				if (n == 4 && !strcmp(tok[2], "this") && !strcmp(tok[3], "month")) {
					cl->this_month = 1;
					n = 2;
				}
				if (parse_event_ref(tok + 1, n - 1, cl->name, &cl->min, &why)) {
					fail_at(e, name, lineno, why, "应为目录中的事件类型，可加 this month");
					goto fail;
				}
			}
			cur->nclauses++;
		} else if (!strcmp(tok[0], "window")) {
			int64_t d;

			if (n != 3 || strcmp(tok[2], "days") || parse_int(tok[1], 1, 3660, &d)) {
				fail_at(e, name, lineno, "expected: window N days (1-3660)",
					"应为：window 天数 days（1-3660）");
				goto fail;
			}
			cur->window_days = (int)d;
		} else if (!strcmp(tok[0], "route")) {
			if (n < 2 || n > 4) {
				fail_at(e, name, lineno, "expected: route TARGET [TARGET ...] (1 to 3)",
					"应为：route 派单对象（1 至 3 个）");
				goto fail;
			}
			cur->nroutes = 0;
			for (int i = 1; i < n; i++) {
				if (!in_list(sn_route_targets, tok[i])) {
					fail_at(e, name, lineno,
						"a route is community_worker, volunteer or social_work",
						"派单对象应为 community_worker、volunteer 或 social_work");
					goto fail;
				}
				snprintf(cur->routes[cur->nroutes++], 20, "%s", tok[i]);
			}
		} else if (!strcmp(tok[0], "basis")) {
			if (n != 2) {
				fail_at(e, name, lineno, "expected: basis \"...\"", "应为：basis \"依据\"");
				goto fail;
			}
			snprintf(cur->basis, sizeof(cur->basis), "%s", tok[1]);
		} else {
			char en[96], zh[96];

			snprintf(en, sizeof(en), "unknown clause '%.40s'", tok[0]);
			snprintf(zh, sizeof(zh), "未知的条款“%.40s”", tok[0]);
			fail_at(e, name, lineno, en, zh);
			goto fail;
		}
	}
	if (cur && check_rule(name, set, cur, e))
		goto fail;
	free(copy);
	return 0;
fail:
	set->nrules = first_new;
	free(copy);
	return -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sn_rules_load(const char *dir, sn_ruleset *out, mz_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[64];
	int n = 0, rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(out->dir, sizeof(out->dir), "%s", dir);
	if (!d)
		return mz_failf(e, MZ_EPOLICY, "rules", "cannot open the alert rules folder %s",
				"无法打开预警规则目录 %s", dir);
	while ((de = readdir(d)) && n < 64) {
		size_t len = strlen(de->d_name);
		if (len > 7 && !strcmp(de->d_name + len - 7, ".alerts"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	for (int i = 0; i < n && !rc; i++) {
		char path[512], *text;
		FILE *f;
		long size;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || size > MAX_FILE ||
		    fseek(f, 0, SEEK_SET)) {
			if (f)
				fclose(f);
			rc = mz_failf(e, MZ_EPOLICY, "rules", "%s: cannot read (or over 1 MiB)",
				      "%s：无法读取（或超过 1 MiB）", names[i]);
			break;
		}
		text = calloc(1, (size_t)size + 1);
		if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
			rc = mz_fail(e, MZ_EPOLICY, "rules", "cannot read a rules file", "无法读取规则文件");
		else
			rc = sn_rules_parse(names[i], text, out, e);
		free(text);
		fclose(f);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	if (!rc && !out->nrules)
		rc = mz_failf(e, MZ_EPOLICY, "rules", "no alert rules in %s", "%s 中没有预警规则", dir);
	if (rc)
		sn_ruleset_release(out);
	out->loaded_at = rc ? 0 : mz_now_unix();
	return rc;
}

void sn_ruleset_release(sn_ruleset *set)
{
	if (!set)
		return;
	free(set->rules);
	set->rules = NULL;
	set->nrules = 0;
	set->nlevels = 0;
}

const sn_rule *sn_rules_in_force(const sn_ruleset *set, const char *key, mz_day day)
{
	const sn_rule *best = NULL;

	for (int i = 0; i < set->nrules; i++) {
		const sn_rule *r = &set->rules[i];
		if (!strcmp(r->key, key) && r->from <= day && (!best || r->from > best->from))
			best = r;
	}
	return best;
}

const sn_level *sn_rules_level(const sn_ruleset *set, const char *key)
{
	for (int i = 0; i < set->nlevels; i++)
		if (!strcmp(set->levels[i].key, key))
			return &set->levels[i];
	return NULL;
}

/* ---- the set this process serves ---- */
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static sn_ruleset current;
static int loaded;

static void default_dir(char *out, size_t cap)
{
	const char *p = getenv("MINZHENG_POLICY_DIR");

	snprintf(out, cap, "%s/alerts", p && *p ? p : "policies/guangzhou");
}

int sn_rules_reload(const char *dir, mz_err *e)
{
	sn_ruleset fresh;
	char d[256];

	if (dir && *dir)
		snprintf(d, sizeof(d), "%s", dir);
	else if (loaded)
		snprintf(d, sizeof(d), "%s", current.dir);
	else
		default_dir(d, sizeof(d));
	if (sn_rules_load(d, &fresh, e))
		return -1;
	pthread_rwlock_wrlock(&lock);
	sn_ruleset_release(&current);
	current = fresh;
	loaded = 1;
	pthread_rwlock_unlock(&lock);
	return 0;
}

const sn_ruleset *sn_rules_acquire(mz_err *e)
{
	if (!__atomic_load_n(&loaded, __ATOMIC_ACQUIRE)) {
		int rc = 0;

		pthread_mutex_lock(&load_lock);
		if (!loaded)
			rc = sn_rules_reload(NULL, e);
		pthread_mutex_unlock(&load_lock);
		if (rc)
			return NULL;
	}
	pthread_rwlock_rdlock(&lock);
	return &current;
}

void sn_rules_release(void)
{
	pthread_rwlock_unlock(&lock);
}

json_t *sn_rules_json(const sn_ruleset *set)
{
	json_t *levels = json_array(), *rules = json_array();

	for (int i = 0; i < set->nlevels; i++)
		json_array_append_new(levels, json_pack("{s:s,s:s,s:s,s:i}", "key", set->levels[i].key,
							"zh", set->levels[i].zh, "en", set->levels[i].en,
							"sla_hours", set->levels[i].sla_hours));
	for (int i = 0; i < set->nrules; i++) {
		const sn_rule *r = &set->rules[i];
		json_t *cl = json_array(), *routes = json_array();
		char from[11];

		for (int k = 0; k < r->nclauses; k++)
			json_array_append_new(cl, json_pack("{s:s,s:s,s:I,s:b}", "kind",
							    r->clauses[k].kind == SN_ALSO      ? "also"
							    : r->clauses[k].kind == SN_WITHOUT ? "without"
							    : r->clauses[k].kind == SN_FACT    ? "fact"
											       : "fact_age",
							    "name", r->clauses[k].name, "min",
							    (json_int_t)r->clauses[k].min, "this_month",
							    r->clauses[k].this_month));
		for (int k = 0; k < r->nroutes; k++)
			json_array_append_new(routes, json_string(r->routes[k]));
		mz_day_format(r->from, from);
		json_array_append_new(rules,
				      json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:i,s:o,s:o,s:s,s:s,s:i}",
						"key", r->key, "title_zh", r->title_zh, "title_en",
						r->title_en, "from", from, "level", r->level, "on",
						r->on_type, "on_min_fen", (json_int_t)r->on_min,
						"window_days", r->window_days, "clauses", cl, "routes",
						routes, "basis", r->basis, "file", r->file, "line",
						r->line));
	}
	return json_pack("{s:s,s:I,s:o,s:o}", "dir", set->dir, "loaded_at",
			 (json_int_t)set->loaded_at, "levels", levels, "rules", rules);
}

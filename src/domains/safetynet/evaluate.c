/* evaluate.c - does a rule hold for this event? Every clause that holds
 * adds one line to the alert's explanation, so whoever receives the work
 * order reads why it came (which event, which other events in the window,
 * what the registry says of the person). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/safetynet/evaluate.h"
#include "domains/safetynet/rules.h"
#include "registry/registry.h"

/* The registry's own flags (registry/person.c); any other fact name is one
 * safetynet learnt from the outbox (sn_facts). */
static const char *const registry_flags[] = { "living_alone", "special_family", "veteran",
					       "missing", "religious_apart", NULL };

static int is_registry_flag(const char *name)
{
	for (int i = 0; registry_flags[i]; i++)
		if (!strcmp(registry_flags[i], name))
			return 1;
	return 0;
}

static int has_flag(const char *flags, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = flags; (p = strstr(p, name)); p += n)
		if ((p == flags || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

static void explain(json_t *lines, const char *zh, const char *en)
{
	json_array_append_new(lines, json_pack("{s:s,s:s}", "zh", zh, "en", en));
}

static void yuan(int64_t fen, char out[32])
{
	snprintf(out, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* 1 if the clause holds (and its line added), 0 if not, -1 on error. */
static int clause_holds(store_conn *c, const sn_rule *r, const sn_clause *cl,
			const registry_person *p, int64_t event_id, mz_day day, json_t *lines,
			mz_err *e)
{
	char zh[320], en[320], lo[11], hi[11], found[11] = "";
	int64_t amount = 0, n = 0;
	int rc;

	switch (cl->kind) {
	case SN_FACT_AGE: {
		int age = registry_person_age(p, day);
		if (age < cl->min)
			return 0;
		snprintf(zh, sizeof(zh), "年龄 %d 岁，不低于 %lld 岁", age, (long long)cl->min);
		snprintf(en, sizeof(en), "aged %d, at least %lld", age, (long long)cl->min);
		break;
	}
	case SN_FACT:
		if (is_registry_flag(cl->name)) {
			if (!has_flag(p->flags, cl->name))
				return 0;
			snprintf(zh, sizeof(zh), "户籍登记标注：%s", cl->name);
			snprintf(en, sizeof(en), "the registry marks the person %s", cl->name);
		} else {
			char since[11] = "", source[64] = "";
			rc = store_row(c, e, "SELECT since, source FROM sn_facts WHERE person_id = ? AND fact = ?",
				       STORE_INTO(STORE_TEXT(since), STORE_TEXT(source)), p->id, cl->name);
			if (rc <= 0)
				return rc;
			snprintf(zh, sizeof(zh), "已知情况：%s（自 %s，来源 %s）", cl->name, since, source);
			snprintf(en, sizeof(en), "known: %s (since %s, from %s)", cl->name, since, source);
		}
		break;
	case SN_ALSO:
		mz_day_format(day - r->window_days, lo);
		mz_day_format(day + r->window_days, hi);
		rc = store_row(c, e, "SELECT occurred_on, amount_fen FROM sn_events WHERE person_id = ?"
				     " AND type = ? AND amount_fen >= ? AND occurred_on >= ? AND occurred_on <= ?"
				     " AND id <> ? ORDER BY occurred_on DESC",
			       STORE_INTO(STORE_TEXT(found), &amount), p->id, cl->name, cl->min, lo, hi,
			       event_id);
		if (rc <= 0)
			return rc;
		snprintf(zh, sizeof(zh), "%d 天内另有事件 %s（%s）", r->window_days, cl->name, found);
		snprintf(en, sizeof(en), "also %s within %d days (%s)", cl->name, r->window_days, found);
		break;
	case SN_WITHOUT:
		if (cl->this_month) {
			int y, m, d;
			mz_day_to_ymd(day, &y, &m, &d);
			snprintf(lo, sizeof(lo), "%04d-%02d-01", y, m);
		} else {
			mz_day_format(day - r->window_days, lo);
		}
		mz_day_format(day, hi);
		rc = store_row(c, e, "SELECT COUNT(*) FROM sn_events WHERE person_id = ? AND type = ?"
				     " AND occurred_on >= ? AND occurred_on <= ?",
			       STORE_INTO(&n), p->id, cl->name, lo, hi);
		if (rc < 0)
			return -1;
		if (n > 0)
			return 0;
		snprintf(zh, sizeof(zh), "自 %s 起无事件 %s", lo, cl->name);
		snprintf(en, sizeof(en), "no %s since %s", cl->name, lo);
		break;
	default:
		return 0;
	}
	explain(lines, zh, en);
	return 1;
}

static int raise_alert(store_conn *c, const access_ctx *who, const sn_ruleset *set,
		       const sn_rule *r, const registry_person *p, int64_t event_id, mz_day day,
		       json_t *lines, sn_ingest_result *out, mz_err *e)
{
	char *text, from[11], today[11];
	int64_t open = 0, id;
	int rc;

	rc = store_row(c, e, "SELECT COUNT(*) FROM sn_alerts WHERE person_id = ? AND rule_key = ?"
			     " AND status = 'open'", STORE_INTO(&open), p->id, r->key);
	if (rc < 0)
		return -1;
	if (open > 0)
		return 0; /* the open alert already asks for this: no second one */
	(void)set;
	text = json_dumps(lines, JSON_COMPACT);
	if (!text)
		return mz_fail(e, MZ_EINTERNAL, NULL, "explanation not encodable", "说明无法编码");
	mz_day_format(r->from, from);
	mz_day_format(day, today);
	id = store_insert_id(c, e, "INSERT INTO sn_alerts (person_id, division_code, rule_key, rule_from,"
				   " title, level, explanation, event_id, raised_at, raised_on)"
				   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			     p->id, p->division_code, r->key, from, r->title_zh, r->level, text, event_id,
			     mz_now_unix(), today);
	free(text);
	if (id <= 0 || audit_append(c, who, AUDIT_WRITE, "safetynet.alert.raise", "sn_alert", id,
				    p->division_code, r->key, NULL, e))
		return -1;
	if (out->alerts < 8)
		out->alert_ids[out->alerts] = id;
	out->alerts++;
	for (int k = 0; k < r->nroutes; k++) {
		int64_t oid = 0;
		int merged = 0;

		if (sn_order_open_tx(c, who, p->id, p->division_code, "alert", id, r->title_zh,
				     r->basis, r->level, r->routes[k], &oid, &merged, e))
			return -1;
		if (!merged) {
			if (out->orders < 8)
				out->order_ids[out->orders] = oid;
			out->orders++;
		}
	}
	return 0;
}

int sn_evaluate_tx(store_conn *c, const access_ctx *who, int64_t event_id, int64_t person_id,
		   const char *type, mz_day day, int64_t amount_fen, sn_ingest_result *out,
		   mz_err *e)
{
	const sn_ruleset *set = sn_rules_acquire(e);
	const sn_event_type *t = sn_event_type_find(type);
	registry_person p;
	int loaded = 0, rc = 0;

	if (!set)
		return -1;
	for (int i = 0; i < set->nrules && !rc; i++) {
		const sn_rule *r = &set->rules[i];
		json_t *lines;
		char zh[320], en[320], money[32];
		int holds = 1;

		if (strcmp(r->on_type, type) || amount_fen < r->on_min ||
		    sn_rules_in_force(set, r->key, day) != r)
			continue;
		if (!loaded) {
			if (registry_person_find_any(c, person_id, &p, e)) {
				rc = -1;
				break;
			}
			loaded = 1;
		}
		lines = json_array();
		yuan(amount_fen, money);
		if (r->on_min > 0) {
			char min[32];
			yuan(r->on_min, min);
			snprintf(zh, sizeof(zh), "事件：%s，金额 %s 元，不低于 %s 元", t ? t->zh : type,
				 money, min);
			snprintf(en, sizeof(en), "event: %s, amount %s yuan, at least %s", type, money, min);
		} else {
			snprintf(zh, sizeof(zh), "事件：%s", t ? t->zh : type);
			snprintf(en, sizeof(en), "event: %s", type);
		}
		explain(lines, zh, en);
		for (int k = 0; k < r->nclauses && holds == 1; k++)
			holds = clause_holds(c, r, &r->clauses[k], &p, event_id, day, lines, e);
		if (holds < 0)
			rc = -1;
		else if (holds == 1) {
			snprintf(zh, sizeof(zh), "依据：%s", r->basis);
			snprintf(en, sizeof(en), "basis: %s", r->basis);
			explain(lines, zh, en);
			rc = raise_alert(c, who, set, r, &p, event_id, day, lines, out, e);
		}
		json_decref(lines);
	}
	sn_rules_release();
	return rc;
}

/* demo.c - social assistance in the demo city: a year of dibao casework
 * before the as-of date, replayed through the real functions with the
 * clock moved (demo/demo.h's demo_clock_to), so that rules, scope, audit,
 * deadlines and notice periods hold as they would have on each day.
 *
 * Proportions (docs/domain.md, "Scale of the city"): 26,092 dibao
 * households for 18.8 million residents. A year ago the whole-city
 * screening (政策找人) found the eligible households; about four in five of
 * the stock were applied for then and approved after their public notice,
 * the rest came in month by month. Every month: new applications (some
 * refused with reasons), a few exits (terminations, gradual exits closed by
 * the job), the payroll run prepared, approved by a second person, its bank
 * file released and the bank's answer reconciled (a few accounts closed).
 * In the last weeks before the as-of date the cases stop at every step of
 * the procedure, a few left overdue, notices running with and without an
 * objection. Deterministic: households are taken in the screening's order
 * at a fixed stride, and no random choice depends on anything but the
 * counts. The monthly payroll is in demo_payroll.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "demo/demo.h"
#include "domains/assistance/assistance.h"
#include "domains/assistance/demo_internal.h"
#include "evidence/evidence.h"
#include "registry/registry.h"
#include "screen/screen.h"

/* Errors that belong to the household, not to the run: skip it. */
static int skippable(const mz_err *e)
{
	return e->code == MZ_EINVAL || e->code == MZ_ECONFLICT || e->code == MZ_ESTATE ||
	       e->code == MZ_ENOTFOUND || e->code == MZ_EFORBIDDEN;
}

static int act(store_conn *c, const access_ctx *who, int64_t id, const char *action,
	       const char *note, mz_err *e)
{
	json_t *in = json_pack("{s:s}", "action", action), *out;

	if (note)
		json_object_set_new(in, "note", json_string(note));
	if (!strcmp(action, "phase_out"))
		json_object_set_new(in, "detail", json_pack("{s:i}", "months", 6));
	if (!strcmp(action, "submit_investigation"))
		json_object_set_new(in, "detail", json_pack("{s:[s,s]}", "investigators", "王调查员",
							    "李调查员"));
	out = assist_act(c, who, id, in, e);
	json_decref(in);
	json_decref(out);
	return out ? 0 : -1;
}

/* ---- household pools ---- */

void ad_pool_release(ad_pool *p)
{
	free(p->ids);
	memset(p, 0, sizeof(*p));
}

static void pool_push(ad_pool *p, int64_t id)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->ids = mz_xrealloc(p->ids, p->cap * sizeof(*p->ids));
	}
	p->ids[p->n++] = id;
}

/* The households the last screening found eligible for dibao and not
 * enrolled, in the whole city, at most want of them spread evenly over the
 * list. */
static int pool_eligible_city(store_conn *c, const access_ctx *who, int64_t want, ad_pool *p,
			      mz_err *e)
{
	screen_leads leads = { 0 };
	int64_t taken = 0;

	/* One read of the leads (household ids, sorted), not the worklist's
	 * pages: paging by OFFSET through a 20M city's million leads is
	 * quadratic (hours), and only every total/want-th one is taken. */
	if (screen_leads_load(c, "dibao", &leads, e))
		return -1;
	for (size_t seen = 0; seen < leads.n && taken < want; seen++) {
		/* item k is taken when it crosses the next multiple of total/want */
		if (((int64_t)seen * want) / (int64_t)leads.n >= taken) {
			pool_push(p, leads.households[seen]);
			taken++;
		}
	}
	screen_leads_release(&leads);
	/* The leads name households in need: a read of personal data. */
	return audit_append(c, who, AUDIT_READ, "screen.items.read", "screen_items", "",
			    who->scope_lo, "", NULL, e);
}

/* The same under division ("" for the city): a street's worklist is a few
 * dozen pages at most; the city's is read as its leads. */
static int pool_eligible(store_conn *c, const access_ctx *who, const char *division,
			 int64_t want, ad_pool *p, mz_err *e)
{
	int64_t total = -1, seen = 0, taken = 0;

	if (!*division)
		return pool_eligible_city(c, who, want, p, e);

	for (int64_t page = 1; total < 0 || (page - 1) * SCREEN_PAGE_MAX < total; page++) {
		json_t *r = screen_items(c, who, division, "dibao", "eligible_not_enrolled", NULL, NULL, page,
					 SCREEN_PAGE_MAX, e), *it;
		size_t i;

		if (!r)
			return -1;
		total = json_integer_value(json_object_get(r, "total"));
		json_array_foreach(json_object_get(r, "items"), i, it) {
			/* item k is taken when it crosses the next multiple of total/want */
			if (taken < want && (seen * want) / (total ? total : 1) >= taken) {
				pool_push(p, json_integer_value(json_object_get(it, "household_id")));
				taken++;
			}
			seen++;
		}
		i = json_array_size(json_object_get(r, "items"));
		json_decref(r);
		if (!i || taken >= want)
			break;
	}
	return 0;
}

/* Households of the registry at a stride (most of them not eligible: the
 * applications the street refuses with reasons). */
static int pool_any(store_conn *c, const access_ctx *who, const char *division, int64_t want,
		    int stride, ad_pool *p, mz_err *e)
{
	for (int64_t page = 1; (int64_t)p->n < want; page++) {
		registry_household_page pg;

		registry_household_page_init(&pg);
		if (registry_household_search(c, who, division, page, 200, &pg, e)) {
			registry_household_page_release(&pg);
			return -1;
		}
		for (size_t i = (size_t)(page % stride); i < pg.n && (int64_t)p->n < want; i += stride)
			pool_push(p, pg.items[i].id);
		if (!pg.n || pg.n < 200) {
			registry_household_page_release(&pg);
			break;
		}
		registry_household_page_release(&pg);
	}
	return 0;
}

/* ---- one case ---- */

/* An application by the household's first living adult: 1 when the
 * household cannot apply (no adult, a case already open), 0 with *id. */
static int case_open(store_conn *c, const access_ctx *who, int64_t hh_id, int64_t *id,
		     mz_err *e)
{
	registry_household hh;
	const registry_member *app = NULL;
	char street[10];
	json_t *in = NULL;
	mz_err e2 = { 0 };
	int rc;

	registry_household_init(&hh);
	if (registry_household_find_any(c, hh_id, &hh, e)) {
		registry_household_release(&hh);
		return e->code == MZ_ENOTFOUND ? 1 : -1;
	}
	for (size_t k = 0; k < hh.n_members && !app; k++)
		if (hh.members[k].death == MZ_DAY_INVALID &&
		    mz_age_on(hh.members[k].birth, mz_today()) >= 18)
			app = &hh.members[k];
	snprintf(street, sizeof(street), "%.9s", hh.division_code);
	if (app)
		in = json_pack("{s:s,s:s,s:s,s:s,s:s}", "program", "dibao", "applicant_id_number",
			       app->id_number, "bank_account", "6222020000123456", "intake_street",
			       street, "note", "书面申请（演示数据）");
	registry_household_release(&hh);
	if (!in)
		return 1;
	rc = assist_intake(c, who, in, id, &e2);
	json_decref(in);
	if (rc) {
		if (skippable(&e2))
			return 1;
		*e = e2;
		return -1;
	}
	return 0;
}

/* Takes case id from accepted up to stage: verifying (with the
 * verification report), investigating, reviewing (evaluated), then
 * decided - a public notice when eligible, else refused with reasons and
 * the refusal notified. *decided says which (AD_NOTICE or AD_REFUSED).
 * 1 when the case cannot go on (the household's, not the run's). */
static int case_walk(store_conn *c, const access_ctx *who, const policy_set *set, int64_t id,
		     int stage, int *decided, mz_err *e)
{
	mz_err e2 = { 0 };
	json_t *v, *ev;
	int rc = 0;

	if (stage >= AD_VERIFYING) {
		rc = act(c, who, id, "start_verification", NULL, &e2);
		if (!rc && (v = assist_verify(c, who, id, &e2)))
			json_decref(v);
	}
	if (!rc && stage >= AD_INVESTIGATING)
		rc = act(c, who, id, "start_investigation", NULL, &e2);
	if (!rc && stage >= AD_REVIEWING)
		rc = act(c, who, id, "submit_investigation", "入户调查完成，情况属实（演示数据）", &e2);
	if (!rc && stage >= AD_EVALUATED && set) {
		ev = assist_evaluate(c, who, set, id, NULL, &e2);
		if (!ev) {
			rc = -1;
		} else if (stage >= AD_DECIDED) {
			int ok = json_is_true(json_object_get(ev, "eval_eligible"));

			rc = act(c, who, id, ok ? "post_notice" : "refuse",
				 ok ? NULL : "经家庭经济状况核对，家庭人均收入高于当地低保标准，不符合最低生活保障条件",
				 &e2);
			if (!rc && !ok)
				rc = act(c, who, id, "notify_refusal", "已书面告知申请人不予批准的理由", &e2);
			if (decided)
				*decided = ok ? AD_NOTICE : AD_REFUSED;
		}
		json_decref(ev);
	}
	if (rc) {
		if (skippable(&e2))
			return 1;
		*e = e2;
		return -1;
	}
	return 0;
}

/* n applications from pool, each taken to stage; the cases put on public
 * notice are appended to noticed (may be NULL). */
static int cohort(ad_run *r, ad_pool *pool, int64_t n, int stage, ad_pool *noticed, mz_err *e)
{
	for (int64_t k = 0; k < n && pool->next < pool->n;) {
		int64_t id;
		int decided = 0, rc = case_open(r->c, &r->sys, pool->ids[pool->next++], &id, e);

		if (rc < 0)
			return -1;
		if (rc)
			continue;
		k++;
		r->opened++;
		rc = case_walk(r->c, &r->sys, r->set, id, stage, &decided, e);
		if (rc < 0)
			return -1;
		if (rc)
			continue;
		if (decided == AD_NOTICE && noticed)
			pool_push(noticed, id);
		if (decided == AD_REFUSED)
			r->refused++;
	}
	return 0;
}

/* Approves every case on notice in list (the notice period has run). */
static int approve_all(ad_run *r, ad_pool *list, ad_pool *paying, mz_err *e)
{
	for (size_t i = 0; i < list->n; i++) {
		mz_err e2 = { 0 };

		if (act(r->c, &r->sys, list->ids[i], "approve", "公示期满无异议，审核确认（演示数据）",
			&e2)) {
			if (!skippable(&e2))
				return *e = e2, -1;
			continue;
		}
		r->approved++;
		pool_push(paying, list->ids[i]);
	}
	list->n = 0;
	return 0;
}

/* A paying case leaves: terminated (income above the standard, found at
 * review), or into the gradual exit (employment income, 渐退期, Art. 33). */
static int exit_one(ad_run *r, int64_t id, int phase_out, mz_err *e)
{
	mz_err e2 = { 0 };

	if (act(r->c, &r->sys, id, "start_review", NULL, &e2) ||
	    act(r->c, &r->sys, id, phase_out ? "phase_out" : "terminate",
		phase_out ? "复核发现家庭成员实现就业，收入超过低保标准，给予6个月渐退期"
			  : "复核发现家庭人均收入超过低保标准，终止保障，次月起停发",
		&e2)) {
		if (!skippable(&e2))
			return *e = e2, -1;
		return 0;
	}
	if (phase_out) {
		r->phased++;
	} else {
		r->ended++;
		r->ended_case = id;
	}
	return 0;
}

/* The integrity register (诚信数据库): a terminated household had not
 * declared an income the agencies' data showed. */
static int integrity_one(ad_run *r, int64_t case_id, mz_err *e)
{
	json_t *cs = assist_case_get(r->c, &r->sys, case_id, e);
	int64_t id;
	int rc;

	if (!cs)
		return -1;
	rc = evidence_integrity_add(r->c, &r->sys, json_integer_value(json_object_get(cs,
								   "applicant_id")),
				    case_id, "false_declaration",
				    "申请时未如实申报家庭成员工资性收入（核对发现，演示数据）", 360000, &id,
				    e);
	json_decref(cs);
	if (!rc)
		r->integrity++;
	return rc == 0 || skippable(e) ? 0 : -1;
}

/* The six-monthly review (第三十一条): re-evaluated by the rules of the
 * day, continued at the new amount, or ended when no longer eligible. */
static int review_one(ad_run *r, int64_t id, mz_err *e)
{
	mz_err e2 = { 0 };
	json_t *ev;
	int ok;

	if (act(r->c, &r->sys, id, "start_review", NULL, &e2))
		return skippable(&e2) ? 0 : (*e = e2, -1);
	if (!(ev = assist_evaluate(r->c, &r->sys, r->set, id, NULL, &e2)))
		return skippable(&e2) ? 0 : (*e = e2, -1);
	ok = json_is_true(json_object_get(ev, "eval_eligible"));
	json_decref(ev);
	if (act(r->c, &r->sys, id, ok ? "continue" : "terminate",
		ok ? "复核：家庭经济状况无变化，继续保障" : "复核：家庭人均收入超过低保标准，终止保障",
		&e2))
		return skippable(&e2) ? 0 : (*e = e2, -1);
	r->reviewed++;
	return 0;
}

/* The year before as_of, month by month. */
static int year(ad_run *r, int64_t target, mz_err *e)
{
	mz_day start = mz_day_add_months(r->as_of, -12);
	int64_t stock = target * 4 / 5, flow = (target - stock) / 11 + 1;
	ad_pool eligible = { 0 }, ineligible = { 0 }, noticed = { 0 }, paying = { 0 };
	size_t exits = 1; /* a cursor over the paying cases, stepping by a prime */
	size_t upto[13] = { 0 }; /* paying.n after the approvals of month m */
	int rc = -1;

	demo_clock_to(start);
	if (ad_screen(r, e) || pool_eligible_city(r->c, &r->sys, target * 3 / 2 + 40, &eligible, e) ||
	    pool_any(r->c, &r->sys, "", target / 6 + 12, 7, &ineligible, e))
		goto out;
	/* The stock, applied for when the screening found them. */
	if (cohort(r, &eligible, stock, AD_DECIDED, &noticed, e))
		goto out;
	demo_clock_to(start + 10);
	if (approve_all(r, &noticed, &paying, e))
		goto out;
	upto[0] = paying.n;
	for (int m = 1; m <= 12; m++) {
		mz_day first = mz_day_add_months(start, m), d;
		int y, mo, dd;

		mz_day_to_ymd(first, &y, &mo, &dd);
		first = mz_day_from_ymd(y, mo, 1);
		/* New applications on the 3rd, notices run, approved on the 14th. */
		if ((d = first + 2) >= r->as_of - 20)
			break;
		demo_clock_to(d);
		if (cohort(r, &eligible, flow, AD_DECIDED, &noticed, e) ||
		    cohort(r, &ineligible, flow / 4 + 1, AD_DECIDED, NULL, e))
			goto out;
		demo_clock_to(first + 13);
		if (approve_all(r, &noticed, &paying, e))
			goto out;
		upto[m] = paying.n;
		/* The reviews of the cases approved six months ago; one in 40 is
		 * not done in time (the overdue list). */
		if (m >= 6)
			for (size_t i = m == 6 ? 0 : upto[m - 7]; i < upto[m - 6]; i++)
				if (i % 40 != 39 && review_one(r, paying.ids[i], e))
					goto out;
		/* Exits at the reviews: one household in 150 a month ends, one in
		 * 400 goes into the gradual exit; at least one of each a quarter. */
		demo_clock_to(first + 16);
		for (int64_t k = 0; paying.n && k < (int64_t)paying.n / 150 + (m % 3 == 0); k++)
			if (exit_one(r, paying.ids[(exits++ * 131) % paying.n], 0, e))
				goto out;
		if (m % 4 == 2 && paying.n) /* a city too small to have anyone paid has no exits */
			for (int64_t k = 0; k < (int64_t)paying.n / 400 + 1; k++)
				if (exit_one(r, paying.ids[(exits++ * 131) % paying.n], 1, e))
					goto out;
		if (m == 6 && r->ended_case && integrity_one(r, r->ended_case, e))
			goto out;
		/* The payroll of the month on the 20th (before as_of only). */
		if ((d = first + 19) < r->as_of) {
			demo_clock_to(d);
			if (ad_payroll_month(r, d, e))
				goto out;
		}
	}
	r->paying_ids = paying;
	memset(&paying, 0, sizeof(paying));
	r->eligible = eligible;
	memset(&eligible, 0, sizeof(eligible));
	r->ineligible = ineligible;
	memset(&ineligible, 0, sizeof(ineligible));
	rc = 0;
out:
	ad_pool_release(&eligible);
	ad_pool_release(&ineligible);
	ad_pool_release(&noticed);
	ad_pool_release(&paying);
	return rc;
}

static int reveal_applicant(ad_run *r, int64_t case_id, mz_err *e)
{
	json_t *cs = assist_case_get(r->c, &r->sys, case_id, e);
	char number[19];
	int rc;

	if (!cs)
		return -1;
	rc = registry_person_reveal(r->c, &r->sys,
				    json_integer_value(json_object_get(cs, "applicant_id")),
				    "核实公示期异议，比对申请人身份证件", number, e);
	json_decref(cs);
	return rc == 0 || skippable(e) ? 0 : -1;
}

/* The last weeks: cases stopped at every step, each at the date that puts
 * its deadline where a caseworker meets it on the as-of day. division
 * narrows the households (the demo caseworker's street first). */
static int last_weeks(ad_run *r, const char *division, int64_t each, mz_err *e)
{
	ad_pool el = { 0 }, any = { 0 }, noticed = { 0 };
	/* days before as_of, and the stage the case stops at */
	static const struct {
		int days_before, stage;
	} at[] = {
		{ 45, AD_VERIFYING },     /* overdue: its deadline has passed */
		{ 30, AD_INVESTIGATING }, /* overdue too */
		{ 1, AD_ACCEPTED },       { 2, AD_VERIFYING },  { 4, AD_INVESTIGATING },
		{ 5, AD_EVALUATED },      { 3, AD_DECIDED },    /* notice ends this week */
		{ 12, AD_DECIDED },       /* notice over: to approve */
	};
	int rc = -1;

	if (pool_eligible(r->c, &r->sys, division, each * 12, &el, e) ||
	    pool_any(r->c, &r->sys, division, each * 2 + 2, 3, &any, e))
		goto out;
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		demo_clock_to(r->as_of - at[i].days_before);
		if (cohort(r, &el, each, at[i].stage, NULL, e))
			goto out;
	}
	/* Notices with an objection open (第十九条): posted two days ago. */
	demo_clock_to(r->as_of - 2);
	if (cohort(r, &el, each, AD_DECIDED, &noticed, e))
		goto out;
	for (size_t i = 0; i < noticed.n; i++) {
		json_t *in = json_pack("{s:s}", "content",
				       "群众反映该户有家庭成员在外经商，收入未申报（演示数据）"),
		       *o = assist_objection_add(r->c, &r->sys, noticed.ids[i], in, e);

		json_decref(in);
		if (!o && !skippable(e))
			goto out;
		json_decref(o);
		r->objections += o != NULL;
		/* Checking the objection, the caseworker reads the applicant's
		 * full ID number (an audited reveal the auditor sees). */
		if (o && reveal_applicant(r, noticed.ids[i], e))
			goto out;
	}
	/* Refused with reasons, and a withdrawn application. */
	demo_clock_to(r->as_of - 6);
	if (cohort(r, &any, each, AD_DECIDED, NULL, e))
		goto out;
	for (int64_t k = 0; k < 1 && el.next < el.n; k++) {
		int64_t id;
		int o = case_open(r->c, &r->sys, el.ids[el.next++], &id, e);
		mz_err e2 = { 0 };

		if (o < 0)
			goto out;
		if (!o && act(r->c, &r->sys, id, "withdraw", "申请人书面申请撤回（演示数据）", &e2) &&
		    !skippable(&e2))
			goto err2;
		continue;
err2:
		*e = e2;
		goto out;
	}
	rc = 0;
out:
	ad_pool_release(&el);
	ad_pool_release(&any);
	ad_pool_release(&noticed);
	return rc;
}

int assist_demo_generate(store_conn *c, const policy_set *set, int64_t persons, char *summary,
			 size_t cap, mz_err *e)
{
	/* 26,092 households for 18.8 million residents */
	int64_t target = persons * 26092 / 18800000, each;
	ad_run r = { 0 };
	int rc = -1;

	if (target < 24)
		target = 24;
	each = target / 70 + 1;
	r.c = c;
	r.set = set;
	r.as_of = mz_today();
	access_ctx_system(&r.sys, "demo");
	access_ctx_system(&r.finance, "demo_finance");
	if (!set) {
		snprintf(summary, cap, "assistance: no rules loaded, no case made");
		return 0;
	}
	if (year(&r, target, e))
		goto out;
	/* Some households come up for their yearly review this week. */
	demo_clock_to(r.as_of - 3);
	for (size_t k = 0; k < (size_t)each && k * 17 < r.paying_ids.n; k++) {
		mz_err e2 = { 0 };

		if (act(c, &r.sys, r.paying_ids.ids[r.paying_ids.n - 1 - k * 17], "start_review",
			NULL, &e2) && !skippable(&e2)) {
			*e = e2;
			goto out;
		}
	}
	if (last_weeks(&r, "440105001", 1, e) || last_weeks(&r, "", each, e))
		goto out;
	/* Today's screening: what is still to be found, and who no longer
	 * qualifies. */
	demo_clock_to(r.as_of);
	if (ad_screen(&r, e))
		goto out;
	snprintf(summary, cap,
		 "assistance: %lld dibao applications over the year (%lld approved, %lld refused,"
		 " %lld reviewed, %lld ended, %lld in gradual exit, %lld objections), %lld payroll runs with"
		 " %lld payments (%lld returned by the bank), %lld integrity records",
		 (long long)r.opened, (long long)r.approved, (long long)r.refused,
		 (long long)r.reviewed, (long long)r.ended, (long long)r.phased, (long long)r.objections,
		 (long long)r.runs, (long long)r.payments, (long long)r.failed,
		 (long long)r.integrity);
	rc = 0;
out:
	demo_clock_to(r.as_of);
	ad_pool_release(&r.paying_ids);
	ad_pool_release(&r.eligible);
	ad_pool_release(&r.ineligible);
	return rc;
}

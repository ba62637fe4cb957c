/* demo.c - a year of the marriage register in the demo city, made by the
 * domain's own functions (so every record obeys the refusals, the windows
 * and the audit): appointments (some cancelled, some no-shows), marriages,
 * divorce applications of which some are registered, some withdrawn within
 * the first window and some left to expire.
 *
 * The year is walked with the clock offset (base/date.h): each day's work
 * is done "on" that day, then the clock is put back. Proportions
 * (docs/domain.md, "Marriage registration - the demo's proportions"):
 * about 100,000 marriages a year for 18.8 million residents; divorce
 * applications half as many as marriages, of which about 68% end
 * registered, 16% withdrawn, 16% expired. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains/marriage/common.h"

#define DEMO_MAX_COUPLES 4000

typedef struct couple {
	char man[19], woman[19];
	char office[16];
	int64_t marriage_id;
} couple;

static const char *const offices[] = { "440103", "440104", "440105", "440106", "440111", "440112",
					"440113", "440114", "440115", "440117", "440118" };

/* A candidate for the demo's couples: the person and every household they
 * were ever in. */
typedef struct candidate {
	int64_t id;
	char id_number[19];
	int64_t *households;
	size_t n_households, cap;
	int taken;
} candidate;

static void candidate_add_household(candidate *k, int64_t household_id)
{
	for (size_t i = 0; i < k->n_households; i++)
		if (k->households[i] == household_id)
			return;
	if (k->n_households == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->households = mz_xrealloc(k->households, k->cap * sizeof(int64_t));
	}
	k->households[k->n_households++] = household_id;
}

/* Every household the page's new candidates were ever in, from the
 * registry's memberships (one read by person id each: one shard on Citus). */
static int candidates_memberships(store_conn *c, candidate *ks, size_t n, mz_err *e)
{
	for (size_t i = 0; i < n; i++) {
		registry_membership_list l;
		int r;

		registry_membership_list_init(&l);
		r = registry_person_memberships(c, ks[i].id, &l, e);
		for (size_t j = 0; !r && j < l.n; j++)
			candidate_add_household(&ks[i], l.items[j].household_id);
		registry_membership_list_release(&l);
		if (r)
			return -1;
	}
	return 0;
}

/* Whether two candidates share, or ever shared, a household: the
 * registration would then find them kin (Art. 1048) or ask the desk. */
static int shared_household(const candidate *a, const candidate *b)
{
	for (size_t i = 0; i < a->n_households; i++)
		for (size_t j = 0; j < b->n_households; j++)
			if (a->households[i] == b->households[j])
				return 1;
	return 0;
}

/* Unmarried adults of marriageable age, men and women, by id order, each
 * man paired with the first woman left who was never in a household of
 * his (a woman met before her man was not checked against him before, and
 * a past household not at all). Women are gathered twice as many as
 * wanted, so that a man whose household holds the next women still finds
 * one. */
static int pick_couples(store_conn *c, int64_t persons, int64_t want, couple *out, size_t *n,
			mz_err *e)
{
	int64_t ids[REGISTRY_PAGE_MAX];
	registry_person ps[REGISTRY_PAGE_MAX];
	int64_t want_women = 2 * want;
	candidate *men = mz_xcalloc((size_t)want, sizeof(candidate)),
		  *women = mz_xcalloc((size_t)want_women, sizeof(candidate));
	candidate *page[REGISTRY_PAGE_MAX];
	int64_t nm = 0, nw = 0;
	mz_day today = mz_today() - 365;
	/* Demo persons have ids 1..persons (the registry's demo load); a
	 * little beyond, for persons added before. */
	int64_t max_id = persons + 2 * REGISTRY_PAGE_MAX;
	int r, rc = -1;

	for (int64_t base = 1; base <= max_id && (nm < want || nw < want_women);
	     base += REGISTRY_PAGE_MAX) {
		candidate found[REGISTRY_PAGE_MAX];
		size_t nf = 0;

		for (int i = 0; i < REGISTRY_PAGE_MAX; i++)
			ids[i] = base + i;
		if (registry_person_list_by_ids(c, ids, REGISTRY_PAGE_MAX, ps, e))
			goto out;
		memset(found, 0, sizeof(found));
		for (int i = 0; i < REGISTRY_PAGE_MAX; i++) {
			const registry_person *p = &ps[i];
			int age;

			if (!p->id || p->death != MZ_DAY_INVALID || !strcmp(p->relation, "spouse"))
				continue;
			age = mz_age_on(p->birth, today);
			if (age > 40 || age < (p->sex == 'M' ? MAR_MIN_AGE_MAN : MAR_MIN_AGE_WOMAN))
				continue;
			if (p->sex == 'M' && nm < want)
				page[nf] = &men[nm++];
			else if (p->sex == 'F' && nw < want_women)
				page[nf] = &women[nw++];
			else
				continue;
			found[nf].id = p->id;
			memcpy(found[nf].id_number, p->id_number, 19);
			candidate_add_household(&found[nf], p->household_id);
			nf++;
		}
		/* Handed to men and women before a failure's exit, which frees them. */
		r = candidates_memberships(c, found, nf, e);
		for (size_t i = 0; i < nf; i++)
			*page[i] = found[i];
		if (r)
			goto out;
	}
	*n = 0;
	for (int64_t i = 0; i < nm; i++) {
		int64_t j = 0;

		while (j < nw && (women[j].taken || shared_household(&men[i], &women[j])))
			j++;
		if (j == nw)
			continue;
		women[j].taken = 1;
		memcpy(out[*n].man, men[i].id_number, 19);
		memcpy(out[*n].woman, women[j].id_number, 19);
		mz_strlcpy(out[*n].office, offices[*n % (sizeof(offices) / sizeof(offices[0]))], 16);
		(*n)++;
	}
	rc = 0;
out:
	for (int64_t i = 0; i < want; i++)
		free(men[i].households);
	for (int64_t i = 0; i < want_women; i++)
		free(women[i].households);
	free(men);
	free(women);
	return rc;
}

/* Moves the clock so that mz_today() is `day` (noon, Beijing time). */
static void clock_to(mz_day day, int64_t base_offset)
{
	mz_clock_set_offset(base_offset);
	mz_clock_set_offset(base_offset + (int64_t)(day - mz_today()) * 86400);
}

int mar_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	int64_t want = persons * 100000 / 18800000, base = mz_clock_offset();
	int64_t appts = 0, married = 0, applied = 0, divorced = 0, withdrawn = 0, expired = 0,
		no_show = 0, cancelled = 0;
	couple *cs;
	size_t n = 0;
	access_ctx sys;
	mz_day start = mz_today() - 365;
	workcal cal;
	int rc = -1;

	access_ctx_system(&sys, "demo");
	if (want < 22)
		want = 22;
	if (want > DEMO_MAX_COUPLES)
		want = DEMO_MAX_COUPLES;
	cs = mz_xcalloc((size_t)want, sizeof(*cs));
	if (pick_couples(c, persons, want, cs, &n, e) || mar_calendar(c, &cal, e)) {
		free(cs);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		/* Spread over the year's working days. */
		mz_day day = start + (mz_day)(i * 360 / (n ? n : 1));
		mar_appointment_new an;
		mar_marriage_new mn;
		int64_t aid = 0;
		char dstr[11];

		while (!workcal_is_workday(&cal, day))
			day++;
		clock_to(day, base);
		mz_day_format(day, dstr);
		an = (mar_appointment_new){ .office_code = cs[i].office, .day = dstr,
					    .half = i % 2 ? "pm" : "am", .kind = "marriage",
					    .id_number_a = cs[i].man, .id_number_b = cs[i].woman };
		if (mar_appointment_book(c, &sys, &an, &aid, e))
			goto out;
		appts++;
		if (i % 25 == 7) { /* one in 25 does not come */
			if (mar_appointment_set(c, &sys, aid, "no_show", "演示：未按时到场", e))
				goto out;
			no_show++;
			continue;
		}
		if (i % 25 == 11) {
			if (mar_appointment_set(c, &sys, aid, "cancel", "演示：当事人取消", e))
				goto out;
			cancelled++;
			continue;
		}
		mn = (mar_marriage_new){ .office_code = cs[i].office, .man_id_number = cs[i].man,
					 .woman_id_number = cs[i].woman, .both_present = 1,
					 .man_declares = 1, .woman_declares = 1,
					 .kinship_note = "演示：当事人声明无禁婚亲属关系",
					 .cross_province = i % 40 == 3,
					 .other_province = i % 40 == 3 ? "湖南省" : NULL,
					 .other_reference = i % 40 == 3 ? "HN-KS-2026-0001" : NULL,
					 .appointment_id = aid };
		if (mar_marriage_register(c, &sys, &mn, &cs[i].marriage_id, e))
			goto out;
		married++;
	}
	/* Divorce applications: half as many as marriages, from the first
	 * half of the year's couples, on a day a few months after theirs. */
	for (size_t i = 0; i < n / 2; i++) {
		size_t k = i; /* the couple */
		mz_day day = start + 120 + (mz_day)(i * 240 / (n / 2 ? n / 2 : 1));
		mar_divorce_new dn;
		mar_divorce d;
		int64_t did;
		int fate = (int)(i % 25);

		if (!cs[k].marriage_id)
			continue;
		while (!workcal_is_workday(&cal, day))
			day++;
		clock_to(day, base);
		dn = (mar_divorce_new){ .office_code = cs[k].office, .man_id_number = cs[k].man,
					.woman_id_number = cs[k].woman, .both_present = 1 };
		if (mar_divorce_apply(c, &sys, &dn, &did, e) || mar_divorce_get(c, &sys, did, &d, e))
			goto out;
		applied++;
		if (fate < 4) { /* 16%: withdrawn within the first window */
			clock_to(day + 10, base);
			if (mar_divorce_withdraw(c, &sys, did, cs[k].woman, "演示：一方撤回离婚申请", e))
				goto out;
			withdrawn++;
		} else if (fate < 8) {
			/* 16%: nobody comes; the expiry below treats it as withdrawn. */
		} else {
			mz_day on = d.w.appear_from + 3;

			while (!workcal_is_workday(&cal, on))
				on++;
			mz_clock_set_offset(base);
			if (on <= mz_today()) {
				clock_to(on, base);
				if (mar_divorce_register(c, &sys, did, 1, e))
					goto out;
				divorced++;
			}
		}
	}
	mz_clock_set_offset(base);
	{
		int64_t x = 0;

		if (mar_divorces_expire(c, &sys, mz_today(), &x, e))
			goto out;
		expired = x;
	}
	snprintf(summary, cap,
		 "marriage: %lld appointments (%lld no-shows, %lld cancelled), %lld marriages, %lld "
		 "divorce applications (%lld registered, %lld withdrawn, %lld expired, the rest in "
		 "their windows)",
		 (long long)appts, (long long)no_show, (long long)cancelled, (long long)married,
		 (long long)applied, (long long)divorced, (long long)withdrawn, (long long)expired);
	rc = 0;
out:
	mz_clock_set_offset(base);
	workcal_release(&cal);
	free(cs);
	return rc;
}

/* common.c - persons, audit and date helpers shared by eldercare/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/eldercare.h"
#include "registry/idcard.h"
#include "registry/registry.h"

#define BEIJING_OFFSET_S (8 * 3600)

/* ---- persons ------------------------------------------------------------ */

/* The person record is the registry's (registry_person_find*): eldercare
 * keeps only the few fields its rules read, copied from it, and never reads
 * the registry's tables itself. */
static void person_from(const registry_person *r, ec_person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = r->id;
	mz_strlcpy(p->id_number, r->id_number, sizeof(p->id_number));
	mz_strlcpy(p->name, r->name, sizeof(p->name));
	p->sex = r->sex;
	p->birth = r->birth;
	p->death = r->death;
	mz_strlcpy(p->division, r->division_code, sizeof(p->division));
	mz_strlcpy(p->flags, r->flags, sizeof(p->flags));
}

int ec_person_load(store_conn *c, const access_ctx *who, int64_t id, ec_person *p,
		   mz_err *e)
{
	registry_person r;

	if (registry_person_find(c, who, id, &r, e)) {
		if (e && e->code == MZ_ENOTFOUND)
			mz_failf(e, MZ_ENOTFOUND, "person_id", "no person %lld", "人员 %lld 不存在",
				 (long long)id);
		return -1;
	}
	person_from(&r, p);
	return 0;
}

int ec_person_by_id_number(store_conn *c, const char *number, ec_person *p, mz_err *e)
{
	registry_person r;

	/* City-wide on purpose: a canteen serves any elder of the city. */
	if (registry_person_find_by_number(c, NULL, number, &r, e))
		return -1;
	person_from(&r, p);
	return 0;
}

int ec_person_by_card(store_conn *c, const char *code, ec_person *p, mz_err *e)
{
	registry_person rp;
	store_stmt *st;
	char status[16] = "";
	int64_t pid = 0;
	int r;

	if (!code || !*code || strlen(code) > 32)
		return mz_fail(e, MZ_EINVAL, "card_code", "card code is required (at most 32 characters)",
			       "请输入长者卡号（不超过 32 位）");
	/* The code's own table gives the person (one probe, on the code's
	 * node); the card's status is read on the person's. */
	st = store_prepare(c, "SELECT person_id FROM ec_card_codes WHERE code = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	r = store_step(st, e);
	if (r == 1)
		pid = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "card_code", "unknown card", "长者卡无效：查无此卡");
	st = store_prepare(c, "SELECT status FROM ec_cards WHERE code = ? AND person_id = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	store_bind_i64(st, 2, pid);
	r = store_step(st, e);
	if (r == 1)
		mz_strlcpy(status, store_col_is_null(st, 0) ? "" : store_col_text(st, 0),
			   sizeof(status));
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0 || !status[0])
		return mz_fail(e, MZ_ENOTFOUND, "card_code", "unknown card", "长者卡无效：查无此卡");
	/* The card names the person, so it may be anyone in the city, as with
	 * the ID number. */
	if (registry_person_find_any(c, pid, &rp, e)) {
		if (e && e->code == MZ_ENOTFOUND)
			mz_fail(e, MZ_ENOTFOUND, "card_code", "unknown card", "长者卡无效：查无此卡");
		return -1;
	}
	/* Filled before the status check: a refused lost or cancelled card is
	 * recorded against its person (meal.c, refusal_add). A dead person's
	 * card is cancelled by the person.died subscriber (hooks.c); the
	 * counter is then told of the death, the reason that matters, not of a
	 * cancelled card. */
	person_from(&rp, p);
	if (strcmp(status, "active") && p->death == MZ_DAY_INVALID)
		return mz_failf(e, MZ_ESTATE, "card_code", "this card is %s%.0s; use the new card or the ID number",
				"%.0s该长者卡已%s，请使用新卡或身份证号码",
				!strcmp(status, "lost") ? "reported lost" : "cancelled",
				!strcmp(status, "lost") ? "挂失" : "注销");
	return 0;
}

int ec_person_age(const ec_person *p, mz_day on)
{
	return p->birth == MZ_DAY_INVALID ? -1 : mz_age_on(p->birth, on);
}

void ec_person_masked(const ec_person *p, char out[19])
{
	idcard_mask(p->id_number, out);
}

json_t *ec_person_brief(const ec_person *p, mz_day on)
{
	char masked[19], birth[11], sex[2] = { p->sex, 0 };

	ec_person_masked(p, masked);
	mz_day_format(p->birth, birth);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:b}", "id", (json_int_t)p->id, "name",
			 p->name, "id_number_masked", masked, "sex", sex, "birth_date", birth, "age",
			 ec_person_age(p, on), "division_code", p->division, "deceased",
			 p->death != MZ_DAY_INVALID);
}

int ec_items_name_persons(store_conn *c, json_t *items, int mask, mz_err *e)
{
	size_t n = json_array_size(items), i;
	int64_t *ids;
	registry_person *ps;
	json_t *it;
	int rc;

	if (!n)
		return 0;
	ids = mz_xmalloc(n * sizeof(*ids));
	ps = mz_xmalloc(n * sizeof(*ps));
	json_array_foreach(items, i, it)
		ids[i] = json_integer_value(json_object_get(it, "person_id"));
	rc = registry_person_list_by_ids(c, ids, n, ps, e);
	json_array_foreach(items, i, it) {
		if (rc)
			break;
		/* A row about nobody (a refused attempt with no person) keeps
		 * its null name. */
		if (!json_is_integer(json_object_get(it, "person_id")))
			continue;
		json_object_set_new(it, "name", json_string(ps[i].name));
		if (mask) {
			char masked[19];

			idcard_mask(ps[i].id_number, masked);
			json_object_set_new(it, "id_number_masked", json_string(masked));
		}
	}
	free(ps);
	free(ids);
	return rc;
}

/* ---- small checks ------------------------------------------------------------ */

int ec_check_reason(const char *reason, mz_err *e)
{
	size_t chars = 0;

	/* Count characters that are not blank: "  " or ideographic spaces
	 * (U+3000, E3 80 80) are no reason. */
	for (const char *s = reason; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (!strncmp(s, "\xe3\x80\x80", 3)) {
			s += 2;
			continue;
		}
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	}
	if (chars < 2)
		return mz_fail(e, MZ_EINVAL, "reason", "a reason of at least 2 characters is required",
			       "请填写原因（至少 2 个字）");
	if (strlen(reason) > 500)
		return mz_fail(e, MZ_EINVAL, "reason", "reason is too long (at most 500 bytes)",
			       "原因过长");
	return 0;
}

int ec_parse_day(const char *s, const char *field, mz_day *out, mz_err *e)
{
	*out = s ? mz_day_parse(s) : MZ_DAY_INVALID;
	if (*out == MZ_DAY_INVALID)
		return mz_failf(e, MZ_EINVAL, field, "'%s' must be a date YYYY-MM-DD",
				"'%s' 须为日期（YYYY-MM-DD）", field);
	return 0;
}

void ec_month_of(mz_day d, char out[8])
{
	int y, m, dd;

	mz_day_to_ymd(d, &y, &m, &dd);
	snprintf(out, 8, "%04d-%02d", y, m);
}

int ec_parse_month(const char *s, mz_day *first, mz_day *last, mz_err *e)
{
	char buf[16];
	mz_day d;
	int y, m, dd;

	if (!s || strlen(s) != 7)
		goto bad;
	snprintf(buf, sizeof(buf), "%s-01", s);
	d = mz_day_parse(buf);
	if (d == MZ_DAY_INVALID)
		goto bad;
	mz_day_to_ymd(d, &y, &m, &dd);
	*first = d;
	*last = d + mz_days_in_month(y, m) - 1;
	return 0;
bad:
	return mz_fail(e, MZ_EINVAL, "month", "month must be YYYY-MM", "月份格式须为 YYYY-MM");
}

int ec_scope_range(const access_ctx *who, const char *division, char lo[16], char hi[16],
		   mz_err *e)
{
	if (!division || !*division) {
		mz_strlcpy(lo, who->scope_lo, 16);
		mz_strlcpy(hi, who->scope_hi, 16);
		return 0;
	}
	if (strlen(division) > 12 || !access_in_scope(who, division))
		return mz_failf(e, MZ_EINVAL, "division", "division '%s' is outside your scope",
				"区划 '%s' 不在您的管辖范围内", division);
	access_scope_range(division, lo, hi);
	return 0;
}

mz_day ec_day_of(int64_t unix_s)
{
	int64_t t = unix_s + BEIJING_OFFSET_S;

	return (mz_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int ec_minute_of_day(int64_t unix_s)
{
	int64_t t = unix_s + BEIJING_OFFSET_S;
	int64_t s = t % 86400;

	if (s < 0)
		s += 86400;
	return (int)(s / 60);
}

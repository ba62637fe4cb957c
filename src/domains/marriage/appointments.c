/* appointments.c - the registry offices and their half-day slots: a couple
 * books any office of the city (全城通办); the desk confirms, cancels, or
 * marks a no-show. Slots exist on working days only (work_calendar). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/marriage/common.h"

int mar_offices_list(store_conn *c, mar_office **out, size_t *n, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT code, name, address, slot_capacity FROM mar_offices"
				       " ORDER BY code", e);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = store_step(st, e)) == 1) {
		mar_office *o;

		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = mz_xrealloc(*out, cap * sizeof(**out));
		}
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof(*o));
		mz_strlcpy(o->code, store_col_text(st, 0), sizeof(o->code));
		mz_strlcpy(o->name, store_col_text(st, 1), sizeof(o->name));
		mz_strlcpy(o->address, store_col_text(st, 2), sizeof(o->address));
		o->slot_capacity = (int)store_col_i64(st, 3);
	}
	store_done(st);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int mar_office_set_capacity(store_conn *c, const access_ctx *who, const char *code,
			    int capacity, const char *reason, mz_err *e)
{
	mar_office o;
	json_t *d;
	int r;

	if (capacity < 0 || capacity > 500)
		return mz_fail(e, MZ_EINVAL, "slot_capacity", "slot_capacity must be 0 to 500",
			       "每半天号源须为0至500");
	if (mar_check_reason(reason, 2, e) || mar_office_check(c, who, code, &o, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	d = json_pack("{s:i,s:i}", "old", o.slot_capacity, "new", capacity);
	r = store_run(c, e, "UPDATE mar_offices SET slot_capacity = ?, updated_at = ? WHERE code = ?",
		      (int64_t)capacity, mz_now_unix(), code) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "marriage.office.capacity", "office", code, code,
			 reason, d, e);
	json_decref(d);
	if (r || store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

static int slot_booked(store_conn *c, const char *office, const char *day, const char *half,
		       int64_t *n, mz_err *e)
{
	return store_row(c, e, "SELECT count(*) FROM mar_appointments WHERE office_code = ? AND day = ?"
			       " AND half = ? AND status IN ('booked', 'confirmed')",
			 STORE_INTO(n), office, day, half) < 0 ? -1 : 0;
}

int mar_slots(store_conn *c, const char *office, mz_day from, int days, mar_slot **out,
	      size_t *n, mz_err *e)
{
	mar_office o;
	workcal cal;
	static const char *const halves[] = { "am", "pm" };

	*out = NULL;
	*n = 0;
	if (days < 1 || days > 62)
		return mz_fail(e, MZ_EINVAL, "days", "days must be 1 to 62", "天数须为1至62");
	if (mar_office_get(c, office, &o, e) || mar_calendar(c, &cal, e))
		return -1;
	*out = mz_xcalloc((size_t)days * 2, sizeof(**out));
	for (int i = 0; i < days; i++)
		for (int h = 0; h < 2; h++) {
			mar_slot *s = &(*out)[(*n)++];
			char day[11];
			int64_t booked = 0;

			s->day = from + i;
			mz_strlcpy(s->half, halves[h], sizeof(s->half));
			s->workday = workcal_is_workday(&cal, s->day);
			s->capacity = s->workday ? o.slot_capacity : 0;
			mz_day_format(s->day, day);
			if (s->workday && slot_booked(c, office, day, s->half, &booked, e)) {
				workcal_release(&cal);
				free(*out);
				*out = NULL;
				*n = 0;
				return -1;
			}
			s->booked = (int)booked;
		}
	workcal_release(&cal);
	return 0;
}

int mar_appointment_book(store_conn *c, const access_ctx *who, const mar_appointment_new *in,
			 int64_t *id_out, mz_err *e)
{
	registry_person a, b;
	mar_office o;
	workcal cal;
	mz_day day = mz_day_parse(in->day ? in->day : "");
	int64_t booked = 0;
	int work, r;

	/* 全城通办: any office of the city, whoever books. */
	if (mar_office_get(c, in->office_code, &o, e))
		return -1;
	if (day == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "day", "day must be a date YYYY-MM-DD", "日期格式应为YYYY-MM-DD");
	if (day < mz_today())
		return mz_fail(e, MZ_EINVAL, "day", "day must not be in the past", "预约日期不能早于今天");
	if (day > mz_today() + 90)
		return mz_fail(e, MZ_EINVAL, "day", "appointments open 90 days ahead at most",
			       "最多可预约90天内的号源");
	if (mar_calendar(c, &cal, e))
		return -1;
	work = workcal_is_workday(&cal, day);
	workcal_release(&cal);
	if (!work)
		return mz_fail(e, MZ_EINVAL, "day", "the office is closed on that day (weekend or public holiday)",
			       "该日为休息日或法定节假日，登记处不办公");
	if (mar_party_find(c, in->id_number_a, "id_number_a", &a, e) ||
	    mar_party_find(c, in->id_number_b, "id_number_b", &b, e))
		return -1;
	if (a.id == b.id)
		return mz_fail(e, MZ_EINVAL, "id_number_b", "the two parties must be different persons",
			       "双方不能为同一人");
	if (store_begin(c, e))
		return -1;
	if (mar_office_lock_tx(c, o.code, e) || slot_booked(c, o.code, in->day, in->half, &booked, e))
		goto fail;
	if (booked >= o.slot_capacity) {
		mz_failf(e, MZ_ECONFLICT, "half", "the slot is full (%d places)", "该时段号源已满（%d个）",
			 o.slot_capacity);
		goto fail;
	}
	*id_out = store_insert_id(c, e,
		"INSERT INTO mar_appointments (office_code, division_code, day, half, kind, person_a_id,"
		" person_b_id, phone, status, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?) RETURNING id",
		o.code, o.code, in->day, in->half, in->kind, a.id, b.id, in->phone ? in->phone : "",
		who->login, mz_now_unix(), mz_now_unix());
	if (*id_out <= 0)
		goto fail;
	r = audit_append(c, who, AUDIT_WRITE, "marriage.appointment.book", "appointment", *id_out,
			 o.code, NULL, NULL, e);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

#define APPT_COLS                                                                            \
	"a.id, a.office_code, a.day, a.half, a.kind, a.person_a_id, a.person_b_id, a.status,"     \
	" a.status_reason, a.phone"

static void appt_fill(store_stmt *st, mar_appointment *a)
{
	memset(a, 0, sizeof(*a));
	a->id = store_col_i64(st, 0);
	mz_strlcpy(a->office_code, store_col_text(st, 1), sizeof(a->office_code));
	mz_strlcpy(a->day, store_col_text(st, 2), sizeof(a->day));
	mz_strlcpy(a->half, store_col_text(st, 3), sizeof(a->half));
	mz_strlcpy(a->kind, store_col_text(st, 4), sizeof(a->kind));
	a->person_a_id = store_col_i64(st, 5);
	a->person_b_id = store_col_i64(st, 6);
	mz_strlcpy(a->status, store_col_text(st, 7), sizeof(a->status));
	mz_strlcpy(a->status_reason, store_col_text(st, 8), sizeof(a->status_reason));
	mz_strlcpy(a->phone, store_col_text(st, 9), sizeof(a->phone));
}

/* The names, from the registry (the appointment row keeps only ids). */
static int appt_names(store_conn *c, mar_appointment *a, size_t n, mz_err *e)
{
	int64_t *ids;
	registry_person *ps;
	int r;

	if (!n)
		return 0;
	ids = mz_xcalloc(n * 2, sizeof(*ids));
	ps = mz_xcalloc(n * 2, sizeof(*ps));
	for (size_t i = 0; i < n; i++) {
		ids[2 * i] = a[i].person_a_id;
		ids[2 * i + 1] = a[i].person_b_id;
	}
	r = registry_person_list_by_ids(c, ids, n * 2, ps, e);
	for (size_t i = 0; !r && i < n; i++) {
		mz_strlcpy(a[i].name_a, ps[2 * i].name, sizeof(a[i].name_a));
		mz_strlcpy(a[i].name_b, ps[2 * i + 1].name, sizeof(a[i].name_b));
	}
	free(ids);
	free(ps);
	return r;
}

int mar_appointment_get(store_conn *c, const access_ctx *who, int64_t id, mar_appointment *out,
			mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " APPT_COLS " FROM mar_appointments a WHERE a.id = ?"
				       " AND " ACCESS_SCOPE_SQL("a.division_code"), e);
	int r;

	if (!st)
		return -1;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1)
		appt_fill(st, out);
	store_done(st);
	if (r < 0)
		return -1;
	if (!r)
		return mz_fail(e, MZ_ENOTFOUND, "id", "appointment not found", "未找到该预约");
	if (appt_names(c, out, 1, e))
		return -1;
	return audit_append(c, who, AUDIT_READ, "marriage.appointment.read", "appointment", id,
			    out->office_code, NULL, NULL, e);
}

int mar_appointments_list(store_conn *c, const access_ctx *who, const char *office,
			  const char *day, mar_appointment **out, size_t *n, mz_err *e)
{
	const char *o = office ? office : "", *d = day ? day : "";
	store_stmt *st = store_prepare(c, "SELECT " APPT_COLS " FROM mar_appointments a WHERE "
				       ACCESS_SCOPE_SQL("a.division_code")
				       " AND (? = '' OR a.office_code = ?) AND (? = '' OR a.day = ?)"
				       " ORDER BY a.day, a.half, a.id LIMIT 500", e);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	store_params(st, access_scope_arg(who), o, o, d, d);
	while ((r = store_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = mz_xrealloc(*out, cap * sizeof(**out));
		}
		appt_fill(st, &(*out)[(*n)++]);
	}
	store_done(st);
	if (r < 0 || appt_names(c, *out, *n, e) ||
	    audit_append(c, who, AUDIT_READ, "marriage.appointment.list", "appointment", 0,
			 who->scope_code, NULL, NULL, e)) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* booked -> confirmed -> done; booked/confirmed -> cancelled; a confirmed
 * or booked slot whose day has come and gone -> no_show. */
int mar_appointment_set(store_conn *c, const access_ctx *who, int64_t id, const char *status,
			const char *reason, mz_err *e)
{
	mar_appointment a;
	const char *to;
	int r;

	if (!status)
		status = "";
	to = !strcmp(status, "confirm") ? "confirmed" : !strcmp(status, "cancel") ? "cancelled"
	     : !strcmp(status, "no_show") ? "no_show" : !strcmp(status, "done") ? "done" : NULL;
	if (!to)
		return mz_fail(e, MZ_EINVAL, "action", "action must be confirm, cancel, no_show or done",
			       "操作须为确认、取消、未到或已办结");
	if (store_begin(c, e))
		return -1;
	{
		store_stmt *st = store_prepare(c, "SELECT " APPT_COLS " FROM mar_appointments a WHERE a.id = ?"
					       " AND " ACCESS_SCOPE_SQL("a.division_code"), e);
		if (!st)
			goto fail;
		store_params(st, id, access_scope_arg(who));
		r = store_step(st, e);
		if (r == 1)
			appt_fill(st, &a);
		store_done(st);
		if (r != 1) {
			if (!r)
				mz_fail(e, MZ_ENOTFOUND, "id", "appointment not found", "未找到该预约");
			goto fail;
		}
	}
	if (strcmp(a.status, "booked") && strcmp(a.status, "confirmed")) {
		mz_failf(e, MZ_ESTATE, "action", "the appointment is %s already", "该预约已为%s状态",
			 a.status);
		goto fail;
	}
	if (!strcmp(to, "no_show") && mz_day_parse(a.day) > mz_today()) {
		mz_fail(e, MZ_ESTATE, "action", "a no-show is marked on or after the day",
			"预约日之后方可标记未到");
		goto fail;
	}
	if (!strcmp(to, "cancelled") && mar_check_reason(reason, 2, e))
		goto fail;
	if (store_run(c, e, "UPDATE mar_appointments SET status = ?, status_reason = ?, updated_at = ?"
			    " WHERE id = ?", to, reason ? reason : "", mz_now_unix(), id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "marriage.appointment.set", "appointment", id,
			 a.office_code, reason, NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int mar_appointments_mark_no_shows(store_conn *c, const access_ctx *who, mz_day today,
				   int64_t *n_out, mz_err *e)
{
	char t[11], divs[256][16];
	int64_t ids[256];
	size_t n = 0;
	store_stmt *st;
	int r;

	*n_out = 0;
	mz_day_format(today, t);
	st = store_prepare(c, "SELECT id, division_code FROM mar_appointments WHERE day < ?"
			   " AND status IN ('booked', 'confirmed') ORDER BY id LIMIT 256", e);
	if (!st)
		return -1;
	store_params(st, t);
	while ((r = store_step(st, e)) == 1 && n < 256) {
		ids[n] = store_col_i64(st, 0);
		mz_strlcpy(divs[n], store_col_text(st, 1), sizeof(divs[n]));
		n++;
	}
	store_done(st);
	if (r < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (store_begin(c, e))
			return -1;
		if (store_run(c, e, "UPDATE mar_appointments SET status = 'no_show', status_reason = ?,"
				    " updated_at = ? WHERE id = ? AND status IN ('booked', 'confirmed')",
			      "预约日未到场", mz_now_unix(), ids[i]) < 0 ||
		    audit_append(c, who, AUDIT_WRITE, "marriage.appointment.set", "appointment", ids[i],
				 divs[i], "预约日未到场", NULL, e) ||
		    store_commit(c, e)) {
			store_rollback(c);
			return -1;
		}
		(*n_out)++;
	}
	return 0;
}

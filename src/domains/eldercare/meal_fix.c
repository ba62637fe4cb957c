/* meal_fix.c - a counter check-in corrected (dine-in or delivery, the
 * meal of the day) or cancelled on the day it was made, with a reason,
 * audited. After the day the meal belongs to the month's settlement and is
 * changed only through it. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "store/query.h"

typedef struct {
	int64_t id, canteen_id, person_id, subsidised;
	char served_on[11], slot[16], mode[16], division[16];
} meal_ref;

/* The meal, if the caller may act on its canteen, made today. */
static int meal_today(store_conn *c, const access_ctx *who, int64_t id, meal_ref *m, mz_err *e)
{
	ec_canteen k;
	char today[11];
	int rc;

	memset(m, 0, sizeof(*m));
	rc = store_row(c, e, "SELECT id, canteen_id, person_id, subsidised, served_on, slot, mode,"
			     " division_code FROM ec_meals WHERE id = ?",
		       STORE_INTO(&m->id, &m->canteen_id, &m->person_id, &m->subsidised,
				  STORE_TEXT(m->served_on), STORE_TEXT(m->slot), STORE_TEXT(m->mode),
				  STORE_TEXT(m->division)),
		       id);
	if (rc < 0)
		return -1;
	if (rc == 0 || ec_canteen_access(c, who, m->canteen_id, &k, NULL))
		return mz_failf(e, MZ_ENOTFOUND, "id", "no meal %lld", "就餐记录 %lld 不存在",
				(long long)id);
	mz_day_format(mz_today(), today);
	if (strcmp(m->served_on, today))
		return mz_failf(e, MZ_ESTATE, "id",
				"the meal was served on %s: only today's check-ins can be changed"
				" (later, through the month's settlement)",
				"该餐为 %s 登记，只能更正或撤销当天的登记（此后通过月度结算处理）",
				m->served_on);
	return 0;
}

int ec_meal_cancel(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		   mz_err *e)
{
	meal_ref m;

	if (ec_check_reason(reason, e) || meal_today(c, who, id, &m, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e,
		      "INSERT INTO ec_meal_cancellations (meal_id, canteen_id, canteen_division,"
		      " person_id, division_code, served_on, slot, mode, tier, price_fen, subsidy_fen,"
		      " paid_fen, created_by, created_at, reason, cancelled_by, cancelled_at)"
		      " SELECT id, canteen_id, canteen_division, person_id, division_code, served_on,"
		      " slot, mode, tier, price_fen, subsidy_fen, paid_fen, created_by, created_at,"
		      " ?, ?, ? FROM ec_meals WHERE id = ? AND person_id = ?",
		      reason, who->login, mz_now_unix(), id, m.person_id) != 1 ||
	    store_run(c, e, "DELETE FROM ec_meals WHERE id = ? AND person_id = ?", id,
		      m.person_id) != 1) {
		if (e && !e->code)
			mz_fail(e, MZ_ECONFLICT, "id", "the meal changed meanwhile", "该就餐记录已被修改");
		goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "eldercare.meal.cancel", "ec_meal", id, m.division,
			 reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int ec_meal_correct(store_conn *c, const access_ctx *who, int64_t id, const char *mode,
		    const char *slot, const char *reason, mz_err *e)
{
	meal_ref m;
	char detail[200];
	int64_t taken = 0;

	if (mode && *mode && strcmp(mode, "dine_in") && strcmp(mode, "delivery"))
		return mz_fail(e, MZ_EINVAL, "mode", "mode must be dine_in or delivery",
			       "就餐方式须为堂食或送餐");
	if (slot && *slot && strcmp(slot, "breakfast") && strcmp(slot, "lunch") && strcmp(slot, "dinner"))
		return mz_fail(e, MZ_EINVAL, "slot", "slot must be breakfast, lunch or dinner",
			       "餐次须为早餐、午餐或晚餐");
	if (!(mode && *mode) && !(slot && *slot))
		return mz_fail(e, MZ_EINVAL, "mode", "give the corrected mode or slot",
			       "请填写更正后的就餐方式或餐次");
	if (ec_check_reason(reason, e) || meal_today(c, who, id, &m, e))
		return -1;
	if (!mode || !*mode)
		mode = m.mode;
	if (!slot || !*slot)
		slot = m.slot;
	if (store_begin(c, e))
		return -1;
	/* One subsidised meal per elder and slot (the unique index): a move
	 * into a slot already subsidised is refused by name, not by the index. */
	if (m.subsidised && strcmp(slot, m.slot)) {
		int rc = store_row(c, e, "SELECT id FROM ec_meals WHERE person_id = ? AND served_on = ?"
					 " AND slot = ? AND subsidised = 1 AND id <> ?",
				   STORE_INTO(&taken), m.person_id, m.served_on, slot, id);

		if (rc < 0)
			goto fail;
		if (rc == 1) {
			mz_failf(e, MZ_ECONFLICT, "slot",
				 "the elder already had a subsidised %s today (meal %lld)",
				 "该长者今天的%.0s该餐次已享受补贴（就餐记录 %lld）", slot,
				 (long long)taken);
			goto fail;
		}
	}
	snprintf(detail, sizeof(detail),
		 "{\"from\":{\"mode\":\"%s\",\"slot\":\"%s\"},\"to\":{\"mode\":\"%s\",\"slot\":\"%s\"}}",
		 m.mode, m.slot, mode, slot);
	if (store_run(c, e, "UPDATE ec_meals SET mode = ?, slot = ? WHERE id = ? AND person_id = ?",
		      mode, slot, id, m.person_id) != 1 ||
	    audit_append(c, who, AUDIT_WRITE, "eldercare.meal.correct", "ec_meal", id, m.division,
			 reason, detail, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

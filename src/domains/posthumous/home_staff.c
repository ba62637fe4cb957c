/* home_staff.c - a funeral home's staff (殡仪馆工作人员): a service_provider
 * login linked to one funeral home records the cremations of that home
 * and lists them, nothing else. The home serves the whole city (a family
 * chooses any home), so the deceased is found by the ID number on the
 * death certificate the family brings, city-wide; the staff member reads
 * no case, no task and no other home's records. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/org_link.h"
#include "domains/posthumous/hooks.h"
#include "domains/posthumous/cases_internal.h"
#include "domains/posthumous/posthumous.h"
#include "registry/registry.h"
#include "store/order.h"

int ph_home_of(store_conn *c, const access_ctx *who, int64_t *home_id, mz_err *e)
{
	int r;

	*home_id = 0;
	if (who->role != ROLE_SERVICE_PROVIDER)
		return mz_fail(e, MZ_EFORBIDDEN, "", "only a funeral home's staff records here",
			       "仅殡仪馆工作人员可在此登记");
	r = store_row(c, e, "SELECT home_id FROM ph_home_users WHERE login = ?", STORE_INTO(home_id),
		      who->login);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EFORBIDDEN, "", "your account is not linked to a funeral home",
			       "您的账号尚未关联殡仪馆，请联系民政部门");
	return 0;
}

/* A home's staff: the link of a service_provider account to its home. */
const char posthumous_link_kinds_sql[] =
	"SELECT 'posthumous.home' FROM ph_home_users WHERE login = ?";

static const access_org_link home_staff_link = {
	.unlink_sql = "DELETE FROM ph_home_users WHERE login = ?",
	.link_sql = "INSERT INTO ph_home_users (login, home_id, linked_by, linked_at)"
		    " VALUES (?, ?, ?, ?)",
	.link_records_linker = 1,
	.audit_action = "posthumous.home.link_user",
	.audit_entity = "ph_funeral_home",
};

int ph_home_link_user(store_conn *c, const access_ctx *who, int64_t home_id, const char *login,
		      const char *reason, mz_err *e)
{
	char division[16] = "";
	int r;

	if (!reason || strlen(reason) < 2)
		return mz_fail(e, MZ_EINVAL, "reason", "a reason is required", "请填写原因");
	r = store_row(c, e, "SELECT division_code FROM ph_funeral_homes WHERE id = ?",
		      STORE_INTO(STORE_TEXT(division)), home_id);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EINVAL, "home_id", "no such funeral home", "殡仪馆不存在");
	if (!access_in_scope(who, division))
		return mz_fail(e, MZ_EFORBIDDEN, "home_id", "the funeral home is outside your scope",
			       "该殡仪馆不在您的管辖范围内");
	return access_org_link_set(c, who, &home_staff_link, home_id, division, login, reason, e);
}

json_t *ph_cremation_record(store_conn *c, const access_ctx *who, const char *deceased_id_number,
			    const ph_funeral_in *in, mz_err *e)
{
	access_ctx city;
	registry_person p;
	ph_funeral_in own = *in;
	int64_t home = 0, case_id = 0;
	int r;

	if (ph_home_of(c, who, &home, e))
		return NULL;
	if (in->home_id && in->home_id != home)
		return mz_fail(e, MZ_EFORBIDDEN, "home_id",
			       "a funeral home records its own cremations only",
			       "殡仪馆只能登记本馆的火化记录"), NULL;
	own.home_id = home;
	/* The deceased by the certificate's number, city-wide (the home serves
	 * every district); the lookup is the system's, the record the staff's. */
	access_ctx_system(&city, "posthumous.home_staff");
	if (registry_person_find_by_number(c, &city, deceased_id_number, &p, e)) {
		if (e->code == MZ_ENOTFOUND || e->code == MZ_EINVAL)
			mz_fail(e, MZ_ENOTFOUND, "deceased_id_number",
				"no registered death for this ID number: the death is registered first",
				"该身份证号码没有死亡登记，请先办理死亡登记");
		return NULL;
	}
	r = store_row(c, e, "SELECT id FROM ph_cases WHERE person_id = ?", STORE_INTO(&case_id), p.id);
	if (r == 0)
		mz_fail(e, MZ_ENOTFOUND, "deceased_id_number",
			"no registered death for this ID number: the death is registered first",
			"该身份证号码没有死亡登记，请先办理死亡登记");
	if (r <= 0)
		return NULL;
	return ph_funeral_record_as(c, who, &city, case_id, &own, e);
}

/* The cremations' list sorts by these (the route declares the same keys). */
static const store_order cremation_orders[] = {
	{ "cremated_on", "cremated_on" }, { "id", "id" }, { "cremation_no", "cremation_no" },
	{ "basic_fee_fen", "basic_fee_fen" }, { "burial_kind", "burial_kind" }, { NULL, NULL }
};

json_t *ph_home_cremations(store_conn *c, const access_ctx *who, const char *sort, int64_t page,
			   int64_t size, mz_err *e)
{
	json_t *items = json_array();
	int64_t home = 0, total = 0;
	store_stmt *st = NULL;
	mz_buf sql;
	int r;

	/* An account of no funeral home has no cremations (an empty list, as
	 * any list of nothing). */
	r = store_row(c, e, "SELECT home_id FROM ph_home_users WHERE login = ?", STORE_INTO(&home),
		      who->login);
	if (r < 0 || (r > 0 && store_row(c, e, "SELECT COUNT(*) FROM ph_funerals WHERE home_id = ?",
					 STORE_INTO(&total), home) < 0))
		goto fail;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT id, person_id, cremated_on, cremation_no, basic_fee_fen,"
		    " waived_fen, burial_kind, eco, subsidy_fen FROM ph_funerals WHERE home_id = ?");
	if (!store_order_by(&sql, cremation_orders, sort, "cremated_on DESC, id DESC", "id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		goto fail;
	store_params(st, home, size, (page - 1) * size);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:I,s:s,s:s,s:I,s:I,s:s,s:b,s:I}", "id", (json_int_t)store_col_i64(st, 0),
			"person_id", (json_int_t)store_col_i64(st, 1), "cremated_on",
			store_col_text(st, 2), "cremation_no", store_col_text(st, 3), "basic_fee_fen",
			(json_int_t)store_col_i64(st, 4), "waived_fen", (json_int_t)store_col_i64(st, 5),
			"burial_kind", store_col_text(st, 6), "eco", (int)store_col_i64(st, 7),
			"subsidy_fen", (json_int_t)store_col_i64(st, 8)));
	store_done(st);
	/* The home's own deceased, named (masked number) as on its own
	 * cremation slips; nothing else of the person. */
	if (r < 0 || ph_items_name_persons(c, items, e))
		goto fail;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_object_del(json_array_get(items, i), "person_id");
		json_object_del(json_array_get(items, i), "division_name");
	}
	if (audit_append(c, who, AUDIT_READ, "posthumous.cremation.list", "ph_funeral_home",
				  home, NULL, NULL, NULL, e))
		goto fail;
	return json_pack("{s:o,s:I,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size, "home_id", (json_int_t)home);
fail:
	json_decref(items);
	return NULL;
}

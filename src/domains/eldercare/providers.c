/* providers.c - service providers and the users who act for them.
 *
 * A service_provider account carries a division scope like any user, but
 * scope alone would let a canteen operator in 海珠 see every other
 * operator's canteens there. So a provider user is linked to exactly one
 * provider (ec_provider_users), and every domain call that touches
 * canteens, homes or beds checks the record's provider_id against it. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/org_link.h"
#include "domains/eldercare/hooks.h"
#include "domains/eldercare/eldercare.h"
#include "store/order.h"
#include "store/query.h"
#include "registry/registry.h"

int ec_provider_of(store_conn *c, const access_ctx *who, int64_t *provider_id, mz_err *e)
{
	store_stmt *st;
	int r;

	*provider_id = 0;
	if (who->role != ROLE_SERVICE_PROVIDER)
		return 0;
	st = store_prepare(c, "SELECT pu.provider_id FROM ec_provider_users pu"
			      " JOIN ec_providers p ON p.id = pu.provider_id"
			      " WHERE pu.login = ? AND p.status = 'active'", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, who->login);
	r = store_step(st, e);
	if (r == 1)
		*provider_id = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EFORBIDDEN, "",
			       "your account is not linked to an active service provider",
			       "您的账号尚未关联有效的服务机构，请联系民政部门");
	return 0;
}

static const char *const provider_kinds[] = { "canteen", "care_home", "home_care",
					      "emergency_call", "mixed" };

json_t *ec_provider_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	const char *name = json_string_value(json_object_get(in, "name"));
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *division = json_string_value(json_object_get(in, "division_code"));
	const char *contact = json_string_value(json_object_get(in, "contact"));
	const char *phone = json_string_value(json_object_get(in, "phone"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	int64_t now = mz_now_unix(), id = 0;
	int ok = 0, r;

	for (size_t i = 0; kind && i < sizeof(provider_kinds) / sizeof(provider_kinds[0]); i++)
		ok |= !strcmp(kind, provider_kinds[i]);
	if (!name || !*name || strlen(name) > 120)
		return mz_fail(e, MZ_EINVAL, "name", "name is required (at most 120 bytes)",
			       "请填写机构名称"), NULL;
	if (!ok)
		return mz_fail(e, MZ_EINVAL, "kind",
			       "kind must be canteen, care_home, home_care, emergency_call or mixed",
			       "机构类型无效"), NULL;
	if (!division || strlen(division) < 6 || strlen(division) > 12 ||
	    !access_in_scope(who, division))
		return mz_fail(e, MZ_EINVAL, "division_code", "the division must be within your scope",
			       "所属区划须在您的管辖范围内"), NULL;
	if ((contact && strlen(contact) > 60) || (phone && strlen(phone) > 30))
		return mz_fail(e, MZ_EINVAL, "contact", "contact or phone too long",
			       "联系人或电话过长"), NULL;
	if (ec_check_reason(reason, e) || store_begin(c, e))
		return NULL;
	id = store_insert_id(c, e,
			"INSERT INTO ec_providers (name, kind, division_code, contact, phone,"
			" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			name, kind, division, contact ? contact : "", phone ? phone : "", now, now);
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r < 0) {
		if (e && e->code == MZ_ECONFLICT) /* the division does not exist */
			mz_fail(e, MZ_EINVAL, "division_code", "no such division", "区划不存在");
		goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "eldercare.provider.create", "ec_provider", id, division,
			 reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)id, "name", name,
			 "kind", kind, "division_code", division, "contact", contact ? contact : "",
			 "phone", phone ? phone : "", "status", "active");
fail:
	store_rollback(c);
	return NULL;
}

/* The providers' list sorts by these (the route declares the same keys). */
static const store_order provider_orders[] = {
	{ "id", "p.id" }, { "name", "p.name" }, { "kind", "p.kind" },
	{ "division_code", "p.division_code" }, { "status", "p.status" },
	{ "canteens", "(SELECT count(*) FROM ec_canteens k WHERE k.provider_id = p.id)" },
	{ NULL, NULL }
};

json_t *ec_provider_list(store_conn *c, const access_ctx *who, const char *kind,
			 const char *sort, int64_t page, int64_t page_size, mz_err *e)
{
	int64_t mine;
	store_stmt *st = NULL;
	json_t *items;
	mz_buf sql;
	int r;

	if (ec_provider_of(c, who, &mine, e))
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT p.id, p.name, p.kind, p.division_code, p.contact,"
		    " p.phone, p.status, (SELECT count(*) FROM ec_canteens k WHERE"
		    " k.provider_id = p.id), (SELECT count(*) FROM ec_provider_users u"
		    " WHERE u.provider_id = p.id) FROM ec_providers p"
		    " WHERE (? > 0 AND p.id = ? OR ? = 0 AND"
		    " " ACCESS_SCOPE_SQL("p.division_code") ") AND (? = '' OR p.kind = ?)");
	if (!store_order_by(&sql, provider_orders, sort, "p.id", "p.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, mine);
	store_bind_i64(st, 2, mine);
	store_bind_i64(st, 3, mine);
	access_scope_bind(st, 4, who);
	store_bind_text(st, 6, kind ? kind : "");
	store_bind_text(st, 7, kind ? kind : "");
	store_bind_i64(st, 8, page_size);
	store_bind_i64(st, 9, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		char division_name[128];

		/* The division's name is the registry's ("" for an unknown code). */
		registry_division_name(c, store_col_text(st, 3), division_name,
				       sizeof(division_name));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "id",
						       (json_int_t)store_col_i64(st, 0), "name",
						       store_col_text(st, 1), "kind", store_col_text(st, 2),
						       "division_code", store_col_text(st, 3),
						       "division_name", division_name,
						       "contact", store_col_text(st, 4), "phone",
						       store_col_text(st, 5), "status", store_col_text(st, 6),
						       "canteens", (json_int_t)store_col_i64(st, 7),
						       "accounts", (json_int_t)store_col_i64(st, 8)));
	}
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	{
		int64_t total = 0;

		/* The same filter counted: the pages of the list. */
		if (store_row(c, e, "SELECT count(*) FROM ec_providers p WHERE (? > 0 AND p.id = ?"
				    " OR ? = 0 AND " ACCESS_SCOPE_SQL("p.division_code") ")"
				    " AND (? = '' OR p.kind = ?)",
			      STORE_INTO(&total), mine, mine, mine, access_scope_arg(who),
			      kind ? kind : "", kind ? kind : "") < 0) {
			json_decref(items);
			return NULL;
		}
		return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
				 "page", (json_int_t)page, "page_size", (json_int_t)page_size);
	}
}

/* A provider's operators: the link of a service_provider account to the
 * provider (ec_provider_users). */
const char eldercare_link_kinds_sql[] =
	"SELECT 'eldercare.' || p.kind FROM ec_provider_users u"
	" JOIN ec_providers p ON p.id = u.provider_id WHERE u.login = ?";

static const access_org_link provider_user_link = {
	.unlink_sql = "DELETE FROM ec_provider_users WHERE login = ?",
	.link_sql = "INSERT INTO ec_provider_users (login, provider_id, linked_by, linked_at)"
		    " VALUES (?, ?, ?, ?)",
	.link_records_linker = 1,
	.audit_action = "eldercare.provider.link_user",
	.audit_entity = "ec_provider",
};

int ec_provider_link_user(store_conn *c, const access_ctx *who, int64_t provider_id,
			  const char *login, const char *reason, mz_err *e)
{
	char division[16] = "";
	int r;

	if (ec_check_reason(reason, e))
		return -1;
	r = store_row(c, e, "SELECT division_code FROM ec_providers WHERE id = ? AND "
		      ACCESS_SCOPE_SQL("division_code"), STORE_INTO(STORE_TEXT(division)),
		      provider_id, access_scope_arg(who));
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "provider_id", "no such provider", "服务机构不存在");
	return access_org_link_set(c, who, &provider_user_link, provider_id, division, login, reason,
				   e);
}

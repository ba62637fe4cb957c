/* org_link.c - a staff account that acts for one organisation (org_link.h). */
#include "access/org_link.h"

#include <jansson.h>
#include <string.h>

#include "access/audit.h"
#include "access/user.h"
#include "base/date.h"

/* 0 when login names a service_provider account within who's scope. */
static int org_link_check_login(store_conn *c, const access_ctx *who,
				const access_org_link *link, const char *login, mz_err *e)
{
	access_users users;
	int found = 0;

	if (!login || !*login)
		return mz_fail(e, MZ_EINVAL, "login", "login is required", "请填写账号");
	/* Through the user list, so the account is one the linker may see: a
	 * district cannot hand another district's account to its provider. */
	access_users_init(&users);
	if (access_user_list(c, who, &users, e)) {
		access_users_release(&users);
		return -1;
	}
	for (size_t i = 0; i < users.n; i++)
		if (!strcmp(users.items[i].login, login))
			found = access_role_parse(users.items[i].role) == ROLE_SERVICE_PROVIDER ? 1 : -1;
	access_users_release(&users);
	if (found == 0)
		return mz_fail(e, MZ_EINVAL, "login", "no such user within your scope",
			       "您的管辖范围内没有该账号");
	if (found < 0)
		return mz_fail(e, MZ_EINVAL, "login",
			       link->role_rule_en ? link->role_rule_en
						  : "only a service_provider account can be linked",
			       "只能关联“服务机构”角色的账号");
	return 0;
}

int access_org_link_set(store_conn *c, const access_ctx *who, const access_org_link *link,
			int64_t org_id, const char *division, const char *login, const char *reason,
			mz_err *e)
{
	store_arg args[4];
	json_t *detail;
	int r;

	if (org_link_check_login(c, who, link, login, e))
		return -1;
	args[0] = store_arg_text(login);
	args[1] = store_arg_i64(org_id);
	args[2] = store_arg_text(who->login);
	args[3] = store_arg_i64(mz_now_unix());
	if (store_begin(c, e))
		return -1;
	/* One login acts for one organisation: a new link replaces an old one. */
	if (store_run(c, e, link->unlink_sql, login) < 0 ||
	    store_run_args(c, link->link_sql, args, link->link_records_linker ? 4 : 2, e) < 0)
		goto fail;
	detail = json_pack("{s:s}", "login", login);
	r = audit_append(c, who, AUDIT_WRITE, link->audit_action, link->audit_entity, org_id,
			 division, reason, detail, e);
	json_decref(detail);
	if (r || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

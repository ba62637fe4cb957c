/* api_admin.c - user administration and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "access/audit_key.h"
#include "access/user.h"
#include "base/date.h"
#include "http/api.h"
#include "http/inputs.h"
#include "http/list_sort.h"

/* The users' list comes whole (an administrator's scope holds a few
 * thousand accounts at most, no pages), so ?sort= orders it here, by the
 * keys the route declares (routes.c user_sorts); ties go by id. Strings
 * compare by bytes, which is code point order for UTF-8, as on both
 * engines with the C collation. */
static _Thread_local const char *user_sort_key;
static _Thread_local int user_sort_desc;

static int user_cmp(const void *pa, const void *pb)
{
	const access_user *a = pa, *b = pb;
	int r = 0;

	if (!strcmp(user_sort_key, "login"))
		r = strcmp(a->login, b->login);
	else if (!strcmp(user_sort_key, "name"))
		r = strcmp(a->name, b->name);
	else if (!strcmp(user_sort_key, "role"))
		r = strcmp(a->role, b->role);
	else if (!strcmp(user_sort_key, "scope_code"))
		r = strcmp(a->scope_code, b->scope_code);
	if (!r)
		r = (a->id > b->id) - (a->id < b->id);
	return user_sort_desc ? -r : r;
}

int api_users_list(http_request *req, http_response *res)
{
	access_users users;
	json_t *items;
	const char *sort = list_sort(req);

	if (!sort)
		return -1;
	access_users_init(&users);
	if (access_user_list(req->db, req->who, &users, &req->err)) {
		access_users_release(&users);
		return -1;
	}
	if (*sort && users.n > 1) {
		user_sort_desc = *sort == '-';
		user_sort_key = sort + user_sort_desc;
		qsort(users.items, users.n, sizeof(*users.items), user_cmp);
	}
	items = json_array();
	for (size_t i = 0; i < users.n; i++) {
		const access_user *u = &users.items[i];
		char ts[32] = "";

		if (u->locked_until > mz_now_unix())
			mz_time_format(u->locked_until, ts);
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s?}",
			"id", (json_int_t)u->id, "login", u->login, "name", u->name, "role", u->role,
			"role_label", access_role_label_zh(access_role_parse(u->role)),
			"scope_code", u->scope_code, "scope_name", u->scope_name,
			"disabled", u->disabled, "locked_until", ts[0] ? ts : NULL));
	}
	access_users_release(&users);
	return http_ok(res, json_pack("{s:o}", "items", items));
}

int api_user_create(http_request *req, http_response *res)
{
	const char *login, *name, *role, *scope, *password;
	int64_t id;

	if (http_json_str(req, "login", 1, 64, &login) || http_json_str(req, "name", 1, 120, &name) ||
	    http_json_str(req, "role", 1, 32, &role) ||
	    http_json_str(req, "scope_code", 1, 12, &scope) ||
	    http_json_str(req, "password", 1, 256, &password) ||
	    access_user_add(req->db, req->who, login, name, role, scope, password, &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)id, "login",
					   login, "name", name, "role", role, "scope_code", scope));
}

/* PATCH /users/:id {disabled?, password?, role?, scope_code?} */
int api_user_update(http_request *req, http_response *res)
{
	const char *password, *role, *scope;
	char login[64];
	int64_t id;
	json_t *disabled;

	/* The router has checked the types (routes.c, in_user_update). */
	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	password = http_input_str(req, "password");
	role = http_input_str(req, "role");
	scope = http_input_str(req, "scope_code");
	disabled = json_object_get(req->json, "disabled");
	if (access_user_login_of(req->db, req->who, id, login, &req->err))
		return -1;
	/* Anyone may change their own password; everything else is for admins. */
	if ((role || scope || disabled) &&
	    !(req->who->role & (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)))
		return mz_fail(&req->err, MZ_EFORBIDDEN, "", "your role may not do this",
			       "您的角色无权执行此操作");
	if (password && access_user_passwd(req->db, req->who, login, password, &req->err))
		return -1;
	if ((role || scope) && access_user_update(req->db, req->who, login, role, scope, &req->err))
		return -1;
	if (disabled && access_user_set_disabled(req->db, req->who, login, json_is_true(disabled),
						 &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)id, "login", login,
				      "ok", 1));
}

int api_audit_search(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);
	json_t *out;

	if (!sort || http_query_int(req, "page", 1, 1, 1000000, &page) ||
	    http_query_int(req, "page_size", 50, 1, 500, &size))
		return -1;
	out = audit_search(req->db, req->who, http_query(req, "login"), http_query(req, "action"),
			   http_query(req, "entity"), http_query(req, "entity_id"),
			   http_query(req, "from"), http_query(req, "to"), sort, page, size,
			   &req->err);
	return out ? http_ok(res, out) : -1;
}

int api_audit_verify(http_request *req, http_response *res)
{
	json_t *problems = json_array();
	int64_t checked;
	int ok;

	if (audit_verify(req->db, &ok, &checked, problems, 100, &req->err)) {
		json_decref(problems);
		return -1;
	}
	return http_ok(res, json_pack("{s:b,s:I,s:o}", "ok", ok, "checked", (json_int_t)checked,
				      "problems", problems));
}

/* GET /api/v1/audit/checkpoints: the signed checkpoints and the public key,
 * for an external archive to pull and keep. */
int api_audit_checkpoints(http_request *req, http_response *res)
{
	json_t *j = audit_checkpoints_read(&req->err);

	return j ? http_ok(res, j) : -1;
}

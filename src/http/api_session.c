/* api_session.c - sign in, who am I, sign out. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/org_link.h"
#include "access/session.h"
#include "access/user.h"
#include "base/log.h"
#include "http/api.h"
#include "registry/registry.h"

/* links: what a service_provider account acts for ("eldercare.canteen",
 * "posthumous.home", ...; access/org_link.h), so the menu shows its work
 * and not every provider's; empty for other roles. */
static json_t *user_json(store_conn *c, const access_ctx *who)
{
	char scope_name[128];
	json_t *links = json_array();
	mz_err e = { 0 };

	registry_division_name(c, who->scope_code, scope_name, sizeof(scope_name));
	if (who->role == ROLE_SERVICE_PROVIDER && access_org_link_kinds(c, who->login, links, &e))
		mz_log_warn("cannot read the account's links", "login", who->login, "error", e.message);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)who->user_id,
			 "login", who->login, "name", who->name, "role",
			 access_role_name(who->role), "role_label",
			 access_role_label_zh(who->role), "scope_code", who->scope_code,
			 "scope_name", scope_name, "links", links);
}

int api_session_create(http_request *req, http_response *res)
{
	const char *login, *password;
	char token[65], csrf[65], cookie[200];
	access_ctx who;
	audit_entry a;
	json_t *bearer;

	if (http_json_str(req, "login", 1, 64, &login) ||
	    http_json_str(req, "password", 1, 256, &password))
		return -1;
	bearer = json_object_get(req->json, "bearer");
	if (access_user_authenticate(req->db, login, password, &who, &req->err))
		return -1;
	if (access_session_create(req->db, &who, json_is_true(bearer), token, csrf, &req->err))
		return -1;
	audit_entry_init(&a, &who, "login", "session", "", "", "");
	a.detail = json_is_true(bearer) ? "{\"kind\":\"bearer\"}" : "{\"kind\":\"cookie\"}";
	if (audit_record(req->store, &a, &req->err))
		return -1;
	if (json_is_true(bearer))
		return http_created(res, json_pack("{s:s,s:s,s:o}", "token", token, "token_type",
						   "Bearer", "user", user_json(req->db, &who)));
	snprintf(cookie, sizeof(cookie),
		 "mz_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", token,
		 SESSION_COOKIE_TTL, http_request_is_https(req) ? "; Secure" : "");
	http_add_header(res, "Set-Cookie", cookie);
	return http_created(res, json_pack("{s:o,s:s}", "user", user_json(req->db, &who),
					   "csrf_token", csrf));
}

int api_session_get(http_request *req, http_response *res)
{
	char csrf[65] = "";
	access_ctx tmp;

	if (req->who->via_cookie) {
		/* Hand the UI its CSRF token again after a page reload. */
		const char *tok = http_cookie(req, "mz_session");
		if (tok && access_session_lookup(req->db, tok, 0, &tmp, csrf, NULL))
			csrf[0] = '\0';
	}
	return http_ok(res, json_pack("{s:o,s:s}", "user", user_json(req->db, req->who),
				      "csrf_token", csrf));
}

int api_session_delete(http_request *req, http_response *res)
{
	const char *auth = http_header(req, "Authorization");
	const char *tok = auth && !strncasecmp(auth, "Bearer ", 7) ? auth + 7
								   : http_cookie(req, "mz_session");
	audit_entry a;

	if (tok && access_session_delete(req->db, tok, &req->err))
		return -1;
	audit_entry_init(&a, req->who, "logout", "session", "", "", "");
	if (audit_record(req->store, &a, &req->err))
		return -1;
	if (req->who->via_cookie)
		http_add_header(res, "Set-Cookie",
				"mz_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	return http_ok(res, json_pack("{s:b}", "ok", 1));
}

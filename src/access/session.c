#include "access/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"

static void sha256_hex(const char *s, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

static void random_hex(char out[65])
{
	unsigned char r[32];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, 65, r, sizeof(r));
}

int access_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

int access_session_create(store_conn *c, const access_ctx *who, int bearer,
			  char token[65], char csrf[65], mz_err *e)
{
	char hash[65];
	int64_t now = mz_now_unix();
	store_stmt *st;
	int r;

	random_hex(token);
	random_hex(csrf);
	sha256_hex(token, hash);
	st = store_prepare(c, "INSERT INTO sessions (token_hash, user_id, kind, csrf_token,"
			      " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	store_params(st, hash, who->user_id, bearer ? "bearer" : "cookie", csrf, now,
			 now + (bearer ? SESSION_BEARER_TTL : SESSION_COOKIE_TTL));
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int access_session_lookup(store_conn *c, const char *token, int bearer,
			  access_ctx *who, char csrf[65], mz_err *e)
{
	char hash[65];
	store_stmt *st;
	int r;

	if (!token || strlen(token) != 64)
		return mz_fail(e, MZ_EUNAUTH, "", "not signed in", "未登录或登录已过期");
	sha256_hex(token, hash);
	st = store_prepare(c, "SELECT u.id, u.login, u.name, u.role, u.scope_code, s.csrf_token"
			      " FROM sessions s JOIN users u ON u.id = s.user_id"
			      " WHERE s.token_hash = ? AND s.kind = ? AND s.expires_at > ?"
			      " AND u.disabled = 0", e);
	if (!st)
		return -1;
	store_params(st, hash, bearer ? "bearer" : "cookie", mz_now_unix());
	r = store_step(st, e);
	if (r == 1) {
		memset(who, 0, sizeof(*who));
		who->user_id = store_col_i64(st, 0);
		snprintf(who->login, sizeof(who->login), "%s", store_col_text(st, 1));
		snprintf(who->name, sizeof(who->name), "%s", store_col_text(st, 2));
		who->role = access_role_parse(store_col_text(st, 3));
		snprintf(who->scope_code, sizeof(who->scope_code), "%s", store_col_text(st, 4));
		access_scope_range(who->scope_code, who->scope_lo, who->scope_hi);
		who->via_cookie = !bearer;
		snprintf(who->session_hash, sizeof(who->session_hash), "%s", hash);
		if (csrf)
			snprintf(csrf, 65, "%s", store_col_text(st, 5));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EUNAUTH, "", "not signed in or session expired",
			       "未登录或登录已过期");
	return 0;
}

int access_session_delete(store_conn *c, const char *token, mz_err *e)
{
	char hash[65];
	store_stmt *st;
	int r;

	sha256_hex(token, hash);
	st = store_prepare(c, "DELETE FROM sessions WHERE token_hash = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, hash);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

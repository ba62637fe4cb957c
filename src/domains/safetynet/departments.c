/* departments.c - the accounts of the departments that send events: not
 * users (no session, no password, no role), but an API credential of this
 * domain: a token made here, shown once to the city admin who creates it
 * and kept only as its SHA-256; a scope (a department of 海珠 reaches
 * 海珠's residents only); a rate limit per minute. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/safetynet/safetynet.h"
#include "registry/registry.h"

static void sha256_hex(const char *s, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

int sn_department_create(store_conn *c, const access_ctx *who, const char *code,
			 const char *name, const char *scope_code, int rate_per_min,
			 const char *reason, int64_t *id_out, char token_out[65], mz_err *e)
{
	unsigned char raw[32];
	char hash[65], dname[128];
	int64_t exists = 0, id;

	if (who->role != ROLE_CITY_ADMIN)
		return mz_fail(e, MZ_EFORBIDDEN, "", "only a city admin creates department accounts",
			       "仅市级管理员可创建部门账号");
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return mz_fail(e, MZ_EINVAL, "code", "lower-case letters, digits, - and _ only",
				       "只能含小写字母、数字、- 和 _");
	if (registry_check_reason(reason, e))
		return -1;
	if (registry_division_lookup(c, scope_code, dname, sizeof(dname), e) != 1)
		return mz_fail(e, MZ_EINVAL, "scope_code", "must be a current division",
			       "须为现行行政区划");
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_departments WHERE code = ?", STORE_INTO(&exists),
		      code) < 0)
		return -1;
	if (exists)
		return mz_fail(e, MZ_ECONFLICT, "code", "a department with this code exists",
			       "该部门代码已存在");
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token_out, 65, raw, sizeof(raw));
	sha256_hex(token_out, hash);
	if (store_begin(c, e))
		return -1;
	id = store_insert_id(c, e, "INSERT INTO sn_departments (code, name, scope_code, token_hash,"
				   " rate_per_min, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
				   " RETURNING id",
			     code, name, scope_code, hash, rate_per_min, who->login, mz_now_unix());
	if (id <= 0 || audit_append(c, who, AUDIT_WRITE, "safetynet.department.create",
				    "sn_department", id, scope_code, reason, NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	*id_out = id;
	return 0;
}

int sn_department_authenticate(store_conn *c, const char *token, sn_department *out, mz_err *e)
{
	char hash[65];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!token || strlen(token) != 64)
		return mz_fail(e, MZ_EUNAUTH, "Authorization", "a department token is required",
			       "须提供部门令牌");
	sha256_hex(token, hash);
	rc = store_row(c, e, "SELECT id, code, name, scope_code, rate_per_min, disabled FROM sn_departments"
			     " WHERE token_hash = ?",
		       STORE_INTO(&out->id, STORE_TEXT(out->code), STORE_TEXT(out->name),
				  STORE_TEXT(out->scope_code), &out->rate_per_min, &out->disabled),
		       hash);
	if (rc < 0)
		return -1;
	if (!rc || out->disabled)
		return mz_fail(e, MZ_EUNAUTH, "Authorization", "unknown or disabled department token",
			       "部门令牌无效或已停用");
	return 0;
}

void sn_department_ctx(const sn_department *d, access_ctx *who)
{
	memset(who, 0, sizeof(*who));
	snprintf(who->login, sizeof(who->login), "dept:%s", d->code);
	snprintf(who->name, sizeof(who->name), "%.63s", d->name);
	who->role = ROLE_NONE;
	snprintf(who->scope_code, sizeof(who->scope_code), "%s", d->scope_code);
	access_scope_range(d->scope_code, who->scope_lo, who->scope_hi);
	snprintf(who->ip, sizeof(who->ip), "api");
}

json_t *sn_department_list(store_conn *c, const access_ctx *who, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, code, name, scope_code, rate_per_min, disabled,"
					  " created_by, created_at FROM sn_departments ORDER BY code", e);
	json_t *items = json_array();
	int r;

	(void)who;
	if (!st) {
		json_decref(items);
		return NULL;
	}
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:b,s:s,s:I}", "id",
						       (json_int_t)store_col_i64(st, 0), "code",
						       store_col_text(st, 1), "name", store_col_text(st, 2),
						       "scope_code", store_col_text(st, 3), "rate_per_min",
						       (json_int_t)store_col_i64(st, 4), "disabled",
						       (int)store_col_i64(st, 5), "created_by",
						       store_col_text(st, 6), "created_at",
						       (json_int_t)store_col_i64(st, 7)));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

int sn_department_find(store_conn *c, const char *code, sn_department *out, mz_err *e)
{
	memset(out, 0, sizeof(*out));
	return store_row(c, e, "SELECT id, code, name, scope_code, rate_per_min, disabled"
			       " FROM sn_departments WHERE code = ?",
			 STORE_INTO(&out->id, STORE_TEXT(out->code), STORE_TEXT(out->name),
				    STORE_TEXT(out->scope_code), &out->rate_per_min, &out->disabled),
			 code);
}

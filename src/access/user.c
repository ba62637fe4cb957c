/* user.c - staff accounts. */
#include "access/user.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access/audit.h"
#include "access/session.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"

static int valid_login(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 2 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		      s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return 0;
	return 1;
}

/* Passwords people choose first, which every guessing list tries first:
 * refused whatever their length (compared without case). Our own list of
 * the well-known ones, Chinese habits included (pinyin, 520/1314). */
static const char *const common_passwords[] = {
	"password123", "password1234", "passw0rd123", "1234567890", "0123456789", "12345678910",
	"1234567890a", "a1234567890", "a123456789", "abc1234567", "abcd123456", "qwertyuiop",
	"qwerty1234", "qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t", "1q2w3e4r5t6y", "zaq12wsxcde3",
	"admin12345", "admin123456", "administrator", "iloveyou12", "iloveyou123", "woaini1314",
	"woaini520", "5201314520", "a5201314520", "wang123456", "zhang123456", "li123456789",
	"aa12345678", "aa123456789", "abc123456789", "asdfghjkl1", "zxcvbnm123", "letmein123",
	"welcome123", "test123456", "changeme123", "minzheng123", "guangzhou123", NULL,
};

/* A run of one character, or of consecutive ones ("1234567890",
 * "abcdefghij"): as weak as a common password. */
static int trivial_sequence(const char *pw, size_t n)
{
	int same = 1, up = 1, down = 1;

	for (size_t i = 1; i < n; i++) {
		same &= pw[i] == pw[0];
		up &= pw[i] == pw[i - 1] + 1;
		down &= pw[i] == pw[i - 1] - 1;
	}
	return same || up || down;
}

static int check_password(const char *pw, mz_err *e)
{
	int letters = 0, digits = 0;
	size_t n = pw ? strlen(pw) : 0;

	if (n < USER_MIN_PASSWORD || n > 128)
		return mz_failf(e, MZ_EINVAL, "password",
				"password must be %d to 128 characters",
				"密码长度须为 %d 至 128 个字符", USER_MIN_PASSWORD);
	for (size_t i = 0; i < n; i++) {
		letters += isalpha((unsigned char)pw[i]) != 0;
		digits += isdigit((unsigned char)pw[i]) != 0;
	}
	if (!letters || !digits)
		return mz_fail(e, MZ_EINVAL, "password",
			       "password must contain letters and digits",
			       "密码须同时包含字母和数字");
	for (size_t i = 0; common_passwords[i]; i++)
		if (!strcasecmp(pw, common_passwords[i]))
			return mz_fail(e, MZ_EINVAL, "password",
				       "password is on the list of common passwords; choose another",
				       "该密码属于常见弱密码，请另选一个");
	if (trivial_sequence(pw, n))
		return mz_fail(e, MZ_EINVAL, "password", "password is a trivial sequence",
			       "密码过于简单（连续或重复字符）");
	return 0;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], mz_err *e)
{
	/* argon2id with libsodium's interactive limits (64 MiB, 2 passes). */
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return mz_fail(e, MZ_EINTERNAL, "password", "password hashing ran out of memory",
			       "密码加密时内存不足");
	return 0;
}

static access_division_lookup division_lookup;

void access_divisions_use(access_division_lookup fn)
{
	division_lookup = fn;
}

/* The division must exist and lie within the actor's own scope. */
static int check_scope(store_conn *c, const access_ctx *who, const char *code, mz_err *e)
{
	char name[128];
	int r;

	if (!code || !*code)
		return mz_fail(e, MZ_EINVAL, "scope_code", "scope division is required",
			       "请选择管辖区划");
	if (!division_lookup)
		return mz_fail(e, MZ_EINTERNAL, "scope_code",
			       "no division lookup was given to access (access_divisions_use)",
			       "系统未配置区划查询");
	r = division_lookup(c, code, name, sizeof(name), e);
	if (r < 0)
		return -1;
	if (r == 0 || !access_in_scope(who, code))
		return mz_failf(e, MZ_EINVAL, "scope_code",
				"scope division '%s' is not a current division within your scope",
				"管辖区划 '%s' 不存在或不在您的管辖范围内", code);
	return 0;
}

/* Who may grant which role: only the city admin grants city-wide roles. */
static int check_role_grant(const access_ctx *who, access_role r, mz_err *e)
{
	if (r == ROLE_NONE)
		return mz_fail(e, MZ_EINVAL, "role",
			       "role must be one of city_admin, district_officer, "
			       "street_caseworker, community_worker, service_provider, auditor",
			       "角色无效");
	if (who->role == ROLE_CITY_ADMIN)
		return 0;
	if (who->role == ROLE_DISTRICT_OFFICER &&
	    (r == ROLE_STREET_CASEWORKER || r == ROLE_COMMUNITY_WORKER ||
	     r == ROLE_SERVICE_PROVIDER || r == ROLE_DISTRICT_OFFICER))
		return 0;
	return mz_fail(e, MZ_EFORBIDDEN, "role", "you may not grant this role",
		       "您无权授予该角色");
}

int access_user_add(store_conn *c, const access_ctx *who, const char *login,
		    const char *name, const char *role, const char *scope_code,
		    const char *password, int64_t *id_out, mz_err *e)
{
	char hash[crypto_pwhash_STRBYTES], detail[256];
	access_role r = access_role_parse(role);
	int64_t now = mz_now_unix();
	store_stmt *st;
	int rc;

	if (!valid_login(login))
		return mz_fail(e, MZ_EINVAL, "login",
			       "login must be 2-32 characters of a-z, 0-9, '_', '.', '-'",
			       "登录名须为 2 至 32 位小写字母、数字或 _ . -");
	if (!name || !*name || strlen(name) > 60)
		return mz_fail(e, MZ_EINVAL, "name", "name is required (at most 60 bytes)",
			       "姓名不能为空且不超过 20 个汉字");
	if (check_role_grant(who, r, e) || check_scope(c, who, scope_code, e) ||
	    check_password(password, e) || hash_password(password, hash, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "INSERT INTO users (login, name, role, scope_code, password_hash,"
			      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		goto fail;
	store_params(st, login, name, access_role_name(r), scope_code, hash, now, now);
	rc = store_step(st, e);
	if (rc == 1 && id_out)
		*id_out = store_col_i64(st, 0);
	store_done(st);
	if (rc < 0) {
		if (e && e->code == MZ_ECONFLICT)
			mz_failf(e, MZ_ECONFLICT, "login", "login '%s' is already taken",
				 "登录名 '%s' 已被使用", login);
		goto fail;
	}
	snprintf(detail, sizeof(detail), "{\"role\":\"%s\",\"scope_code\":\"%s\"}",
		 access_role_name(r), scope_code);
	if (audit_append(c, who, AUDIT_WRITE, "user.create", "user", login, "", "", detail, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

/* Loads the target user's scope and role, refusing users outside who's scope
 * as not found. */
static int load_target(store_conn *c, const access_ctx *who, const char *login,
		       int64_t *id, char scope[16], access_role *role, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, scope_code, role FROM users WHERE login = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, login ? login : "");
	r = store_step(st, e);
	if (r == 1) {
		*id = store_col_i64(st, 0);
		snprintf(scope, 16, "%s", store_col_text(st, 1));
		*role = access_role_parse(store_col_text(st, 2));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0 || !access_in_scope(who, scope))
		return mz_failf(e, MZ_ENOTFOUND, "login", "no user '%s'", "用户 '%s' 不存在",
				login ? login : "");
	return 0;
}

static int exec_user_update(store_conn *c, const char *sql, const char *text,
			    int64_t num, int64_t id, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int r;

	if (!st)
		return -1;
	if (text)
		store_bind_text(st, 1, text);
	else
		store_bind_i64(st, 1, num);
	store_params_at(st, 2, mz_now_unix(), id);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int access_user_passwd(store_conn *c, const access_ctx *who, const char *login,
		       const char *password, mz_err *e)
{
	char hash[crypto_pwhash_STRBYTES], scope[16];
	access_role role;
	int64_t id;

	if (load_target(c, who, login, &id, scope, &role, e) || check_password(password, e) ||
	    hash_password(password, hash, e))
		return -1;
	if (who->role != ROLE_CITY_ADMIN && who->user_id != id && check_role_grant(who, role, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	if (exec_user_update(c, "UPDATE users SET password_hash = ?, failed_logins = 0,"
				" locked_until = 0, updated_at = ? WHERE id = ?",
			     hash, 0, id, e) ||
	    audit_append(c, who, AUDIT_WRITE, "user.passwd", "user", login, "", "", NULL, e))
		goto fail;
	/* A new password ends every other session of the account: whoever
	 * held the old one (the reason to change it) is signed out. The
	 * session that changed one's own password stays; an admin's reset
	 * ends them all. */
	/* The counter first: on Citus a reference table (users) may not be
	 * written after a multi-shard write (this DELETE) in a transaction. */
	if (access_sessions_changed(c, id, e) ||
	    store_run(c, e, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", id,
		      who->user_id == id ? who->session_hash : "") < 0)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int access_user_set_disabled(store_conn *c, const access_ctx *who, const char *login,
			     int disabled, mz_err *e)
{
	char scope[16];
	access_role role;
	int64_t id;
	store_stmt *st;
	int r;

	if (load_target(c, who, login, &id, scope, &role, e) || check_role_grant(who, role, e))
		return -1;
	if (id == who->user_id && disabled)
		return mz_fail(e, MZ_EINVAL, "login", "you cannot disable yourself",
			       "不能停用自己的账号");
	if (store_begin(c, e))
		return -1;
	if (exec_user_update(c, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
			     NULL, disabled ? 1 : 0, id, e) ||
	    access_sessions_changed(c, id, e))
		goto fail;
	if (disabled) {
		st = store_prepare(c, "DELETE FROM sessions WHERE user_id = ?", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, id);
		r = store_step(st, e);
		store_done(st);
		if (r < 0)
			goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, disabled ? "user.disable" : "user.enable", "user", login,
			 "", "", NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int access_user_update(store_conn *c, const access_ctx *who, const char *login,
		       const char *role, const char *scope_code, mz_err *e)
{
	char scope[16], detail[256];
	access_role cur, r = role ? access_role_parse(role) : ROLE_NONE;
	int64_t id;

	if (load_target(c, who, login, &id, scope, &cur, e) || check_role_grant(who, cur, e))
		return -1;
	if (role && check_role_grant(who, r, e))
		return -1;
	if (scope_code && check_scope(c, who, scope_code, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	if (role && exec_user_update(c, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
				     access_role_name(r), 0, id, e))
		goto fail;
	if (scope_code &&
	    exec_user_update(c, "UPDATE users SET scope_code = ?, updated_at = ? WHERE id = ?",
			     scope_code, 0, id, e))
		goto fail;
	/* A signed-in user's role and scope come with the session: cached
	 * sessions must be resolved again. */
	if (access_sessions_changed(c, id, e))
		goto fail;
	snprintf(detail, sizeof(detail), "{\"role\":\"%s\",\"scope_code\":\"%s\"}",
		 role ? access_role_name(r) : access_role_name(cur),
		 scope_code ? scope_code : scope);
	if (audit_append(c, who, AUDIT_WRITE, "user.update", "user", login, "", "", detail, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

void access_users_init(access_users *l)
{
	memset(l, 0, sizeof(*l));
}

void access_users_release(access_users *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int access_user_list(store_conn *c, const access_ctx *who, access_users *out, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT u.id, u.login, u.name, u.role, u.scope_code, u.disabled,"
		" u.locked_until FROM users u"
		" WHERE " ACCESS_SCOPE_SQL("u.scope_code") " ORDER BY u.login", e);
	size_t first = out->n;
	int r;

	if (!st)
		return -1;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		access_user *u;

		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = mz_xrealloc(out->items, out->cap * sizeof(*out->items));
		}
		u = &out->items[out->n++];
		memset(u, 0, sizeof(*u));
		u->id = store_col_i64(st, 0);
		mz_strlcpy(u->login, store_col_text(st, 1), sizeof(u->login));
		mz_strlcpy(u->name, store_col_text(st, 2), sizeof(u->name));
		mz_strlcpy(u->role, store_col_text(st, 3), sizeof(u->role));
		mz_strlcpy(u->scope_code, store_col_text(st, 4), sizeof(u->scope_code));
		u->disabled = (int)store_col_i64(st, 5);
		u->locked_until = store_col_i64(st, 6);
	}
	store_done(st);
	if (r < 0)
		return -1;
	/* Names after the rows are read: the lookup is the registry's query. */
	for (size_t i = first; division_lookup && i < out->n; i++)
		if (division_lookup(c, out->items[i].scope_code, out->items[i].scope_name,
				    sizeof(out->items[i].scope_name), e) < 0)
			return -1;
	return 0;
}

int access_user_login_of(store_conn *c, const access_ctx *who, int64_t id, char login[64],
			 mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT login, scope_code FROM users WHERE id = ?", e);
	int r, visible = 0;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	r = store_step(st, e);
	if (r == 1) {
		snprintf(login, 64, "%s", store_col_text(st, 0));
		/* One's own account, or one within the scope: an account elsewhere
		 * does not exist for the caller, as a person elsewhere does not. */
		visible = id == who->user_id || access_in_scope(who, store_col_text(st, 1));
	}
	store_done(st);
	if (r < 0)
		return -1;
	return visible ? 0 : mz_fail(e, MZ_ENOTFOUND, "id", "no such user", "用户不存在");
}

/* Counts a failure; locks the account on the fifth. Audited either way.
 * Returns the count after this failure (the caller's read may be stale).
 * The count and the lock are decided by the UPDATE from the row as it is
 * then: guesses in parallel all read the same count before hashing, and on
 * PostgreSQL each would otherwise write "not locked" over another's lock. */
static int64_t record_failure(store_conn *c, int64_t id, const char *login, int failed)
{
	access_ctx anon;
	mz_err e2 = { 0 };
	store_stmt *st;
	int64_t now_failed = failed + 1;
	int lock;

	access_ctx_system(&anon, login);
	anon.user_id = id;
	if (store_begin(c, &e2))
		return now_failed;
	st = store_prepare(c, "UPDATE users SET failed_logins = failed_logins + 1,"
			      " locked_until = CASE WHEN failed_logins + 1 >= ? THEN ?"
			      " ELSE locked_until END WHERE id = ? RETURNING failed_logins", &e2);
	if (!st)
		goto fail;
	store_params(st, USER_MAX_FAILED_LOGINS, mz_now_unix() + USER_LOCKOUT_SECONDS, id);
	if (store_step(st, &e2) != 1) {
		store_done(st);
		goto fail;
	}
	now_failed = store_col_i64(st, 0);
	store_done(st);
	lock = now_failed >= USER_MAX_FAILED_LOGINS;
	if (audit_append(c, &anon, AUDIT_WRITE, lock ? "login.locked" : "login.failed", "user", login,
			 "", "", NULL, &e2))
		goto fail;
	store_commit(c, &e2);
	return now_failed;
fail:
	store_rollback(c);
	return now_failed;
}

/* A failure under a login that names no account, counted in
 * login_failures exactly as record_failure counts an account's (and
 * audited the same way). Rows older than a day are dropped as we go, so
 * spraying random logins cannot grow the table without end. Returns the
 * count after this failure (0 if the count could not be kept). */
static int64_t unknown_login_failure(store_conn *c, const char *login)
{
	access_ctx anon;
	mz_err e2 = { 0 };
	int64_t now = mz_now_unix(), n = 0;
	int64_t locked_until = 0;
	char name[65];

	mz_strlcpy(name, login, sizeof(name)); /* a bounded key */
	access_ctx_system(&anon, name);
	if (store_begin(c, &e2))
		return 0;
	if (store_run(c, &e2, "DELETE FROM login_failures WHERE updated_at < ?", now - 86400) < 0)
		goto fail;
	/* The same arithmetic as record_failure's UPDATE of users. */
	if (store_row(c, &e2,
		      "INSERT INTO login_failures (login, failed, locked_until, updated_at)"
		      " VALUES (?, 1, 0, ?) ON CONFLICT (login) DO UPDATE SET"
		      " failed = login_failures.failed + 1,"
		      " locked_until = CASE WHEN login_failures.failed + 1 >= ? THEN ?"
		      " ELSE login_failures.locked_until END, updated_at = ?"
		      " RETURNING failed, locked_until",
		      STORE_INTO(&n, &locked_until), name, now, (int64_t)USER_MAX_FAILED_LOGINS,
		      now + USER_LOCKOUT_SECONDS, now) != 1)
		goto fail;
	if (audit_append(c, &anon, AUDIT_WRITE,
			 locked_until > now ? "login.locked" : "login.failed", "user", name, "", "",
			 NULL, &e2))
		goto fail;
	store_commit(c, &e2);
	return n;
fail:
	store_rollback(c);
	return 0;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	mz_err e = { 0 };

	if (hash_password("not-a-real-password-0", dummy_hash, &e))
		dummy_hash[0] = '\0';
}

int access_user_authenticate(store_conn *c, const char *login, const char *password,
			     access_ctx *who, mz_err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id = 0, locked_until = 0, failed = 0, disabled = 0;
	store_stmt *st;
	int r;

	st = store_prepare(c, "SELECT id, name, role, scope_code, password_hash, disabled,"
			      " failed_logins, locked_until FROM users WHERE login = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, login ? login : "");
	r = store_step(st, e);
	if (r == 1) {
		memset(who, 0, sizeof(*who));
		id = who->user_id = store_col_i64(st, 0);
		snprintf(who->login, sizeof(who->login), "%s", login);
		snprintf(who->name, sizeof(who->name), "%s", store_col_text(st, 1));
		who->role = access_role_parse(store_col_text(st, 2));
		snprintf(who->scope_code, sizeof(who->scope_code), "%s", store_col_text(st, 3));
		access_scope_range(who->scope_code, who->scope_lo, who->scope_hi);
		snprintf(hash, sizeof(hash), "%s", store_col_text(st, 4));
		disabled = store_col_i64(st, 5);
		failed = store_col_i64(st, 6);
		locked_until = store_col_i64(st, 7);
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0 || !password) {
		/* Spend the same time as a real check, and count the failure
		 * and lock as for an account: neither the answer, its timing
		 * nor the lockout may tell which logins exist. */
		pthread_once(&dummy_once, make_dummy_hash);
		if (crypto_pwhash_str_verify(dummy_hash, password ? password : "x",
					     password ? strlen(password) : 1) == 0)
			mz_log_debug("dummy password check");
		if (unknown_login_failure(c, login ? login : "") >= USER_MAX_FAILED_LOGINS)
			return mz_fail(e, MZ_ELOCKED, "login",
				       "account locked after repeated failed logins; try again in 15 minutes",
				       "多次登录失败，账号已锁定，请 15 分钟后再试");
		return mz_fail(e, MZ_EUNAUTH, "password", "wrong login or password",
			       "用户名或密码错误");
	}
	if (locked_until > mz_now_unix()) {
		/* The same work as an unlocked attempt before answering. */
		if (crypto_pwhash_str_verify(hash, password, strlen(password)) == 0)
			mz_log_debug("password right while locked");
		return mz_fail(e, MZ_ELOCKED, "login",
			       "account locked after repeated failed logins; try again in 15 minutes",
			       "多次登录失败，账号已锁定，请 15 分钟后再试");
	}
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		if (record_failure(c, id, login, (int)failed) >= USER_MAX_FAILED_LOGINS)
			return mz_fail(e, MZ_ELOCKED, "login",
				       "account locked after repeated failed logins; try again in 15 minutes",
				       "多次登录失败，账号已锁定，请 15 分钟后再试");
		return mz_fail(e, MZ_EUNAUTH, "password", "wrong login or password",
			       "用户名或密码错误");
	}
	/* Only who knows the password learns that the account is disabled. */
	if (disabled)
		return mz_fail(e, MZ_EUNAUTH, "login", "account disabled", "账号已停用");
	if (failed || locked_until) {
		st = store_prepare(c, "UPDATE users SET failed_logins = 0, locked_until = 0"
				      " WHERE id = ?", e);
		if (!st)
			return -1;
		store_bind_i64(st, 1, id);
		r = store_step(st, e);
		store_done(st);
		if (r < 0)
			return -1;
	}
	return 0;
}

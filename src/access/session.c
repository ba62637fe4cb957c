#include "access/session.h"

#include <pthread.h>
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

/* ---- the session cache ------------------------------------------------
 *
 * Resolving a token costs a join of sessions and users on every request.
 * The cache keeps what that join returned, keyed by the token's hash, with
 * the user's session_epoch as read in the same statement. A hit still reads
 * that one integer (and disabled) from users by primary key on the
 * request's own connection: every change that ends or alters a session
 * (sign-out, a new password, disabling, a new role or scope) raises the
 * counter in the transaction that makes the change (access_sessions_changed),
 * so once it commits the next request in ANY server process on the same
 * database sees a different counter and resolves the token afresh. The
 * bound is therefore zero: nothing a committed sign-out, disable or
 * password change ended is let through afterwards, in this process or
 * another. A time-to-live was the other choice; it would save the one read
 * but let an ended session through for the TTL in the other processes.
 * Expiry is checked against the entry's expires_at and the (test) clock on
 * every hit.
 *
 * The table is direct-mapped (a token's slot is fixed by its hash; a new
 * token takes the slot over) and bounded; a slot is copied in and out under
 * one of a few striped locks. Entries are tagged with their store, so two
 * databases open in one process (the tests, backup tools) never share one. */
#define CACHE_SLOTS 4096
#define CACHE_LOCKS 64

typedef struct cached_session {
	const store *owner; /* NULL: an empty slot */
	char hash[65];
	int bearer;
	int64_t expires_at;
	int64_t epoch;
	int64_t user_id;
	char login[64];
	char name[64];
	access_role role;
	char scope_code[16];
	char csrf[65];
} cached_session;

static cached_session cache[CACHE_SLOTS];
static pthread_mutex_t cache_locks[CACHE_LOCKS] = { [0 ... CACHE_LOCKS - 1] =
							    PTHREAD_MUTEX_INITIALIZER };

static size_t cache_slot(const char hash[65])
{
	size_t v = 0;

	/* The hash is hex of SHA-256 over random bytes: any of its digits
	 * are uniform. */
	for (int i = 0; i < 4; i++) {
		char ch = hash[i];
		v = v * 16 + (size_t)(ch <= '9' ? ch - '0' : ch - 'a' + 10);
	}
	return v % CACHE_SLOTS;
}

/* Copies the slot out if it holds this token of this store. */
static int cache_get(const store *owner, const char hash[65], cached_session *out)
{
	size_t i = cache_slot(hash);
	pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];
	int hit;

	pthread_mutex_lock(m);
	hit = cache[i].owner == owner && !strcmp(cache[i].hash, hash);
	if (hit)
		*out = cache[i];
	pthread_mutex_unlock(m);
	return hit;
}

static void cache_put(const cached_session *in)
{
	size_t i = cache_slot(in->hash);
	pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];

	pthread_mutex_lock(m);
	cache[i] = *in;
	pthread_mutex_unlock(m);
}

static void cache_drop(const store *owner, const char hash[65])
{
	size_t i = cache_slot(hash);
	pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];

	pthread_mutex_lock(m);
	if (cache[i].owner == owner && !strcmp(cache[i].hash, hash))
		cache[i].owner = NULL;
	pthread_mutex_unlock(m);
}

void access_session_cache_forget(const store *owner)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		pthread_mutex_t *m = &cache_locks[i % CACHE_LOCKS];

		pthread_mutex_lock(m);
		if (!owner || cache[i].owner == owner)
			cache[i].owner = NULL;
		pthread_mutex_unlock(m);
	}
}

static void fill_who(const cached_session *s, access_ctx *who, char csrf[65])
{
	memset(who, 0, sizeof(*who));
	who->user_id = s->user_id;
	snprintf(who->login, sizeof(who->login), "%s", s->login);
	snprintf(who->name, sizeof(who->name), "%s", s->name);
	who->role = s->role;
	snprintf(who->scope_code, sizeof(who->scope_code), "%s", s->scope_code);
	access_scope_range(who->scope_code, who->scope_lo, who->scope_hi);
	who->via_cookie = !s->bearer;
	snprintf(who->session_hash, sizeof(who->session_hash), "%s", s->hash);
	if (csrf)
		snprintf(csrf, 65, "%s", s->csrf);
}

/* 1 when the cached entry still stands: the user's counter is the one read
 * with it and the user is not disabled; 0 when not; -1 on a store error. */
static int cache_still_valid(store_conn *c, const cached_session *s, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT session_epoch, disabled FROM users WHERE id = ?", e);
	int r, valid = 0;

	if (!st)
		return -1;
	store_bind_i64(st, 1, s->user_id);
	r = store_step(st, e);
	if (r == 1)
		valid = store_col_i64(st, 0) == s->epoch && store_col_i64(st, 1) == 0;
	store_done(st);
	return r < 0 ? -1 : valid;
}

int access_session_lookup(store_conn *c, const char *token, int bearer,
			  access_ctx *who, char csrf[65], mz_err *e)
{
	const store *owner = store_conn_store(c);
	int64_t now = mz_now_unix();
	cached_session s;
	char hash[65];
	store_stmt *st;
	int r;

	if (!token || strlen(token) != 64)
		return mz_fail(e, MZ_EUNAUTH, "", "not signed in", "未登录或登录已过期");
	sha256_hex(token, hash);
	if (cache_get(owner, hash, &s) && s.bearer == !!bearer && s.expires_at > now) {
		r = cache_still_valid(c, &s, e);
		if (r < 0)
			return -1;
		if (r == 1) {
			fill_who(&s, who, csrf);
			return 0;
		}
		cache_drop(owner, hash);
	}
	st = store_prepare(c, "SELECT u.id, u.login, u.name, u.role, u.scope_code, s.csrf_token,"
			      " s.expires_at, u.session_epoch"
			      " FROM sessions s JOIN users u ON u.id = s.user_id"
			      " WHERE s.token_hash = ? AND s.kind = ? AND s.expires_at > ?"
			      " AND u.disabled = 0", e);
	if (!st)
		return -1;
	store_params(st, hash, bearer ? "bearer" : "cookie", now);
	r = store_step(st, e);
	if (r == 1) {
		memset(&s, 0, sizeof(s));
		s.owner = owner;
		snprintf(s.hash, sizeof(s.hash), "%s", hash);
		s.bearer = !!bearer;
		s.user_id = store_col_i64(st, 0);
		snprintf(s.login, sizeof(s.login), "%s", store_col_text(st, 1));
		snprintf(s.name, sizeof(s.name), "%s", store_col_text(st, 2));
		s.role = access_role_parse(store_col_text(st, 3));
		snprintf(s.scope_code, sizeof(s.scope_code), "%s", store_col_text(st, 4));
		snprintf(s.csrf, sizeof(s.csrf), "%s", store_col_text(st, 5));
		s.expires_at = store_col_i64(st, 6);
		s.epoch = store_col_i64(st, 7);
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EUNAUTH, "", "not signed in or session expired",
			       "未登录或登录已过期");
	/* Put after the read: a change committed meanwhile raised the counter
	 * past s.epoch, and the next hit's check refuses the entry. */
	cache_put(&s);
	fill_who(&s, who, csrf);
	return 0;
}

int access_sessions_changed(store_conn *c, int64_t user_id, mz_err *e)
{
	return store_run(c, e, "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?",
			 user_id) < 0
		       ? -1
		       : 0;
}

int access_session_delete(store_conn *c, const char *token, mz_err *e)
{
	char hash[65];
	int64_t user_id = 0;
	int r;

	sha256_hex(token, hash);
	if (store_begin(c, e))
		return -1;
	/* Read, raise the counter, then delete: users (a reference table on
	 * Citus) is written before the distributed sessions, the order every
	 * writer of both keeps (user.c). */
	r = store_row(c, e, "SELECT user_id FROM sessions WHERE token_hash = ?", STORE_INTO(&user_id),
		      hash);
	if (r < 0 || (r == 1 && access_sessions_changed(c, user_id, e)) ||
	    store_run(c, e, "DELETE FROM sessions WHERE token_hash = ?", hash) < 0)
		goto fail;
	if (store_commit(c, e))
		return -1;
	cache_drop(store_conn_store(c), hash);
	return 0;
fail:
	store_rollback(c);
	return -1;
}

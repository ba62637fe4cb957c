/* user.h - staff accounts: argon2id password hashes (libsodium), roles,
 * division scope, lockout after repeated failed logins. */
#ifndef MZ_USER_H
#define MZ_USER_H

#include <stdint.h>

#include "access/access.h"
#include "store/store.h"

#define USER_MAX_FAILED_LOGINS 5
#define USER_LOCKOUT_SECONDS (15 * 60)
#define USER_MIN_PASSWORD 10

/* Creates a user. Validates login ([a-z0-9_.-]{2,32}), name, role, scope (an
 * existing division within who's scope) and password (>= 8 chars, letters and
 * digits). Audited as user.create by who. Returns the new id in *id_out. */
int access_user_add(store_conn *c, const access_ctx *who, const char *login,
		    const char *name, const char *role, const char *scope_code,
		    const char *password, int64_t *id_out, mz_err *e);
/* Sets a new password (same rules); clears lockout. Audited. */
int access_user_passwd(store_conn *c, const access_ctx *who, const char *login,
		       const char *password, mz_err *e);
/* Disables (1) or enables (0) a user; disabling ends their sessions. Audited. */
int access_user_set_disabled(store_conn *c, const access_ctx *who,
			     const char *login, int disabled, mz_err *e);
/* Updates role and/or scope (NULL = unchanged). Audited. */
int access_user_update(store_conn *c, const access_ctx *who, const char *login,
		       const char *role, const char *scope_code, mz_err *e);
/* A staff account as lists show it. */
typedef struct access_user {
	int64_t id;
	char login[64];
	char name[64];
	char role[24];          /* as stored: city_admin, ... (access_role_parse) */
	char scope_code[16];
	char scope_name[128];   /* "" when no division lookup is set or the code is unknown */
	int disabled;
	int64_t locked_until;   /* Unix seconds; locked while in the future */
} access_user;

typedef struct access_users {
	access_user *items;
	size_t n, cap;
} access_users;

void access_users_init(access_users *l);
void access_users_release(access_users *l); /* accepts an initialised, empty list */
/* Users within who's scope, by login, appended to out. */
int access_user_list(store_conn *c, const access_ctx *who, access_users *out, mz_err *e);
/* Looks up a user id's login; 0 if found and it is the caller's own account
 * or one within the caller's scope, else MZ_ENOTFOUND. */
int access_user_login_of(store_conn *c, const access_ctx *who, int64_t id, char login[64],
			 mz_err *e);

/* Checks a password; on success fills *who (role, scope) and resets the
 * failure count. Wrong password -> MZ_EUNAUTH and a failure counted; the
 * fifth failure locks the account for 15 minutes (MZ_ELOCKED). */
int access_user_authenticate(store_conn *c, const char *login, const char *password,
			     access_ctx *who, mz_err *e);

#endif

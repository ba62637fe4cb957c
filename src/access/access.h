/* access.h - who is calling, and what they may see.
 *
 * Every domain call takes an access_ctx and filters by its division scope
 * inside the call (never in the UI): a record is visible when its division
 * code starts with the caller's scope prefix. The prefix of a code drops
 * its trailing "level" zeros: 440100 (city) -> "4401", 440105 (district)
 * -> "440105", 440105001 (street) -> "440105001", a 12-digit community is
 * itself. SQL compares by range, `division_code >= lo AND division_code < hi`,
 * so both engines use a plain index (access_scope_range). */
#ifndef MZ_ACCESS_H
#define MZ_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

typedef enum access_role {
	ROLE_NONE = 0,
	ROLE_CITY_ADMIN = 1 << 0,        /* 市级管理员 */
	ROLE_DISTRICT_OFFICER = 1 << 1,  /* 区级民政干部 */
	ROLE_STREET_CASEWORKER = 1 << 2, /* 镇街经办人 */
	ROLE_COMMUNITY_WORKER = 1 << 3,  /* 村居工作人员 */
	ROLE_SERVICE_PROVIDER = 1 << 4,  /* 服务机构 */
	ROLE_AUDITOR = 1 << 5,           /* 审计员 */
} access_role;

#define ROLE_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | \
		    ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)
#define ROLE_ANY 0x3f

typedef struct access_ctx {
	int64_t user_id;
	char login[64];
	char name[64];
	access_role role;
	char scope_code[16];   /* the division the user is bound to */
	char scope_lo[16];     /* range of visible division codes: [lo, hi) */
	char scope_hi[16];
	char ip[48];
	char request_id[20];
	int via_cookie;        /* cookie session (CSRF applies) vs bearer */
	char session_hash[65]; /* SHA-256 of the request's session token; "" outside a request */
} access_ctx;

/* Role names as stored and sent over the API: "city_admin", ... */
const char *access_role_name(access_role r);
const char *access_role_label_zh(access_role r);
access_role access_role_parse(const char *s); /* ROLE_NONE if unknown */

/* Scope prefix of a division code (see above); out >= 16 bytes. */
void access_scope_prefix(const char *division_code, char out[16]);
/* Fills lo/hi so that lo <= code < hi exactly for codes under prefix. */
void access_scope_range(const char *division_code, char lo[16], char hi[16]);
/* 1 if a record of division_code is within the caller's scope. */
int access_in_scope(const access_ctx *who, const char *division_code);
/* ---- divisions, handed down from the registry ----
 * A user's scope must be a current division, and lists show its name, but
 * the division tree is the registry's table and the registry sits above
 * access (every registry call scopes and audits through access). So access
 * never reads the tree: the program's entry point hands it the registry's
 * lookup once, before any thread starts
 * (access_divisions_use(registry_division_lookup), cli/main.c).
 * The lookup returns 1 and fills name for a current division, 0 for an
 * unknown or retired code (name still filled when the code is known), -1 on
 * a storage error with e filled. */
typedef int (*access_division_lookup)(store_conn *c, const char *code, char *name,
				      size_t cap, mz_err *e);
/* Sets the lookup; NULL unsets it (user creation then fails with
 * MZ_EINTERNAL, and lists show no division names). */
void access_divisions_use(access_division_lookup fn);

/* The division-scope filter, written once. ACCESS_SCOPE_SQL("p.division_code")
 * is the SQL fragment "(" ACCESS_SCOPE_SQL("p.division_code") ")" (col
 * must be a string literal); access_scope_arg(who) is the one store_params /
 * store_run value that fills both placeholders with who's [scope_lo,
 * scope_hi), and access_scope_bind does the same on a prepared statement,
 * returning the next free parameter index. A range of another division (a
 * district asked for by name, a canteen's street) uses the same fragment with
 * store_arg_range(lo, hi) from access_scope_range. */
#define ACCESS_SCOPE_SQL(col) "(" col " >= ? AND " col " < ?)"
store_arg access_scope_arg(const access_ctx *who);
int access_scope_bind(store_stmt *st, int idx, const access_ctx *who);

/* A context for commands run by an operator on the machine (CLI): full city
 * scope, login "system", so CLI writes are audited like any other. */
void access_ctx_system(access_ctx *who, const char *login);

#endif

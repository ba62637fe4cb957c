/* session.h - sign-in sessions. A token is 32 random bytes (hex); only its
 * SHA-256 is stored. Cookie sessions (the UI) carry a CSRF token that every
 * unsafe request must echo in X-CSRF-Token; bearer sessions (API clients)
 * need none since a browser never attaches them on its own. */
#ifndef MZ_SESSION_H
#define MZ_SESSION_H

#include "access/access.h"
#include "store/store.h"

#define SESSION_COOKIE_TTL (8 * 3600)
#define SESSION_BEARER_TTL (24 * 3600)

/* Creates a session for who->user_id; fills token and csrf (65 bytes each). */
int access_session_create(store_conn *c, const access_ctx *who, int bearer,
			  char token[65], char csrf[65], mz_err *e);
/* Resolves a token to its user: fills *who (and csrf if not NULL). Expired,
 * unknown, or a disabled user -> MZ_EUNAUTH. Served from an in-memory cache
 * checked against the user's session_epoch on every call (session.c). */
int access_session_lookup(store_conn *c, const char *token, int bearer,
			  access_ctx *who, char csrf[65], mz_err *e);
/* Ends one session (sign-out) and raises its user's session_epoch. */
int access_session_delete(store_conn *c, const char *token, mz_err *e);
/* THE RULE for the session cache: whatever deletes a session row or changes
 * what a session resolves to (a user's disabled, password, role, scope) calls
 * this in the same transaction. It raises the user's session_epoch, which
 * every server process compares before trusting its cached sessions. */
int access_sessions_changed(store_conn *c, int64_t user_id, mz_err *e);
/* Empties this process's cache of the sessions of owner (NULL: of every
 * store). Never needed for correctness (the counter decides); for a store
 * about to be closed, and for tests of the counter alone. */
void access_session_cache_forget(const store *owner);
/* Constant-time string comparison for tokens. */
int access_token_equal(const char *a, const char *b);

#endif

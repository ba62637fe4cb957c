/* err.h - the one error type of minzheng.
 *
 * Library code fills an mz_err and returns -1 (see mz_fail); only commands and
 * the HTTP layer decide what to do with it. Every code has a stable string and
 * an HTTP status in one table (err.c). Codes are appended, never renumbered.
 * Messages come in English (logs, CLI, API "message") and Chinese (UI,
 * API "message_zh"); "field" names the input field at fault, if any. */
#ifndef MZ_ERR_H
#define MZ_ERR_H

typedef enum mz_code {
	MZ_OK = 0,
	MZ_EINVAL,      /* 400 invalid_argument: bad input, names the field */
	MZ_ENOTFOUND,   /* 404 not_found: absent or outside the caller's scope */
	MZ_ECONFLICT,   /* 409 conflict: uniqueness or version conflict */
	MZ_EUNAUTH,     /* 401 unauthenticated */
	MZ_EFORBIDDEN,  /* 403 forbidden: role may not do this */
	MZ_ETOOBIG,     /* 413 payload_too_large */
	MZ_ESTORE,      /* 500 storage_error */
	MZ_EUNAVAIL,    /* 503 unavailable: database down, retry */
	MZ_EINTERNAL,   /* 500 internal */
	MZ_ELOCKED,     /* 423 account_locked */
	MZ_ECSRF,       /* 403 csrf_failed */
	MZ_EMETHOD,     /* 405 method_not_allowed */
	MZ_EBADJSON,    /* 400 bad_json */
	MZ_EPOLICY,     /* 422 policy_error: a rules file does not load */
	MZ_EUNSUPPORTED,/* 415 unsupported_media_type */
	MZ_ESTATE,      /* 409 invalid_state: transition not allowed now */
	MZ_ERATE,       /* 429 rate_limited: too many requests, retry later */
	MZ_CODE_COUNT
} mz_code;

typedef struct mz_err {
	mz_code code;
	char field[64];
	char message[320];    /* English */
	char message_zh[320]; /* Chinese */
} mz_err;

/* Sets *e (if e is not NULL) and returns -1, so callers write
 * `return mz_fail(e, MZ_EINVAL, "name", "must not be empty", "不能为空");` */
int mz_fail(mz_err *e, mz_code code, const char *field, const char *en,
	    const char *zh);

/* Like mz_fail, with printf formats; both formats consume the same
 * arguments in the same order. */
int mz_failf(mz_err *e, mz_code code, const char *field, const char *en_fmt,
	     const char *zh_fmt, ...)
	__attribute__((format(printf, 4, 6)));

void mz_err_clear(mz_err *e);
const char *mz_code_name(mz_code code); /* "invalid_argument" */
int mz_code_http_status(mz_code code);  /* 400 */

#endif

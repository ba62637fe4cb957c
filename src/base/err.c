#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int status;
} code_table[MZ_CODE_COUNT] = {
	[MZ_OK] = { "ok", 200 },
	[MZ_EINVAL] = { "invalid_argument", 400 },
	[MZ_ENOTFOUND] = { "not_found", 404 },
	[MZ_ECONFLICT] = { "conflict", 409 },
	[MZ_EUNAUTH] = { "unauthenticated", 401 },
	[MZ_EFORBIDDEN] = { "forbidden", 403 },
	[MZ_ETOOBIG] = { "payload_too_large", 413 },
	[MZ_ESTORE] = { "storage_error", 500 },
	[MZ_EUNAVAIL] = { "unavailable", 503 },
	[MZ_EINTERNAL] = { "internal", 500 },
	[MZ_ELOCKED] = { "account_locked", 423 },
	[MZ_ECSRF] = { "csrf_failed", 403 },
	[MZ_EMETHOD] = { "method_not_allowed", 405 },
	[MZ_EBADJSON] = { "bad_json", 400 },
	[MZ_EPOLICY] = { "policy_error", 422 },
	[MZ_EUNSUPPORTED] = { "unsupported_media_type", 415 },
	[MZ_ESTATE] = { "invalid_state", 409 },
	[MZ_ERATE] = { "rate_limited", 429 },
};

static void copy_bounded(char *dst, size_t cap, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, cap, "%s", src);
}

int mz_fail(mz_err *e, mz_code code, const char *field, const char *en,
	    const char *zh)
{
	if (!e)
		return -1;
	e->code = code;
	copy_bounded(e->field, sizeof(e->field), field);
	copy_bounded(e->message, sizeof(e->message), en);
	copy_bounded(e->message_zh, sizeof(e->message_zh), zh ? zh : en);
	return -1;
}

int mz_failf(mz_err *e, mz_code code, const char *field, const char *en_fmt,
	     const char *zh_fmt, ...)
{
	va_list ap, ap2;

	if (!e)
		return -1;
	e->code = code;
	copy_bounded(e->field, sizeof(e->field), field);
	va_start(ap, zh_fmt);
	va_copy(ap2, ap);
	vsnprintf(e->message, sizeof(e->message), en_fmt, ap);
	vsnprintf(e->message_zh, sizeof(e->message_zh), zh_fmt ? zh_fmt : en_fmt,
		  ap2);
	va_end(ap2);
	va_end(ap);
	return -1;
}

void mz_err_clear(mz_err *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

const char *mz_code_name(mz_code code)
{
	if ((unsigned)code >= MZ_CODE_COUNT)
		return "internal";
	return code_table[code].name;
}

int mz_code_http_status(mz_code code)
{
	if ((unsigned)code >= MZ_CODE_COUNT)
		return 500;
	return code_table[code].status;
}

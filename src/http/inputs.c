/* inputs.c - checks a request against its route's declared inputs (see
 * inputs.h for the rules), and the typed getters over checked input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "http/inputs.h"
#include "registry/idcard.h"

const http_input http_no_inputs[] = { HTTP_INPUT_END };

/* Decodes one UTF-8 sequence at s; returns its length and the code point, or
 * 0 when the bytes are not well-formed UTF-8 (overlong forms, surrogates and
 * values past U+10FFFF included). */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
	size_t n;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int http_text_unsafe(const char *s, int text)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c;
		size_t n = utf8_next(p, &c);

		if (!n)
			return 1;
		if (c < 0x20 && !(text && (c == '\t' || c == '\n' || c == '\r')))
			return 1;
		/* DEL and the C1 controls never belong in a record; the bidi
		 * controls can make a name or a reason display as something other
		 * than what is stored (the "Trojan Source" trick). */
		if ((c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069))
			return 1;
		p += n;
	}
	return 0;
}

/* Blank: nothing but spaces (ASCII and U+3000 ideographic), tabs, newlines. */
static int blank(const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (!strncmp(s, "\xe3\x80\x80", 3)) {
			s += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

static const char *type_en(const http_input *in)
{
	switch (in->type) {
	case HTTP_T_STRING: return "a string";
	case HTTP_T_INTEGER: case HTTP_T_ID: return "an integer";
	case HTTP_T_MONEY_FEN: return "an integer amount in fen";
	case HTTP_T_BOOLEAN: return "true or false";
	case HTTP_T_DATE: return "a date YYYY-MM-DD";
	case HTTP_T_MONTH: return "a month YYYY-MM";
	case HTTP_T_ENUM: return "one of the listed values";
	case HTTP_T_ID_NUMBER: return "an 18-character ID number";
	case HTTP_T_NUMBER: return "a number";
	case HTTP_T_OBJECT: return "an object";
	case HTTP_T_ARRAY: return "a list";
	}
	return "valid";
}

static const char *type_zh(const http_input *in)
{
	switch (in->type) {
	case HTTP_T_STRING: return "文本";
	case HTTP_T_INTEGER: case HTTP_T_ID: return "整数";
	case HTTP_T_MONEY_FEN: return "以分计的整数金额";
	case HTTP_T_BOOLEAN: return "是或否（true/false）";
	case HTTP_T_DATE: return "日期（YYYY-MM-DD）";
	case HTTP_T_MONTH: return "月份（YYYY-MM）";
	case HTTP_T_ENUM: return "所列值之一";
	case HTTP_T_ID_NUMBER: return "18 位公民身份号码";
	case HTTP_T_NUMBER: return "数值";
	case HTTP_T_OBJECT: return "对象";
	case HTTP_T_ARRAY: return "列表";
	}
	return "有效值";
}

static int wrong_type(const http_input *in, const char *field, mz_err *e)
{
	return mz_failf(e, MZ_EINVAL, field, "'%s' must be %s%.0s", "'%s' 须为%.0s%s", field,
			type_en(in), type_zh(in));
}

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (end == s || *end || errno)
		return -1;
	*out = n;
	return 0;
}

static int month_valid(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	       s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
	       ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
		(s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

static int check_string(const http_input *in, const char *s, const char *field, mz_err *e)
{
	if (strlen(s) > (size_t)in->max)
		return mz_failf(e, MZ_EINVAL, field, "'%s' is longer than %lld bytes",
				"'%s' 超过 %lld 字节", field, (long long)in->max);
	if (http_text_unsafe(s, in->flags & HTTP_TEXT))
		return mz_failf(e, MZ_EINVAL, field,
				"'%s' holds a control or text-direction character",
				"'%s' 含有控制字符或文字方向控制符", field);
	if ((in->flags & HTTP_REQ) && blank(s))
		return mz_failf(e, MZ_EINVAL, field, "'%s' is required", "缺少必填项 '%s'", field);
	return 0;
}

static int check_array(const http_input *in, const json_t *v, const char *field, mz_err *e);
static int check_fields(const http_input *inputs, const json_t *obj, const char *prefix,
			int patch, mz_err *e);

int http_input_check_value(const http_input *in, const json_t *v, const char *s,
			   const char *field, mz_err *e)
{
	int64_t n;

	/* A JSON body carries types; query and path text is typed by parsing. */
	if (v && in->type != HTTP_T_STRING && in->type != HTTP_T_ENUM && in->type != HTTP_T_DATE &&
	    in->type != HTTP_T_MONTH && in->type != HTTP_T_ID_NUMBER)
		s = NULL;
	else if (v) {
		if (!json_is_string(v))
			return wrong_type(in, field, e);
		s = json_string_value(v);
		/* jansson accepts "\u0000" inside a string; the C side would see
		 * a shorter string than was sent. */
		if (strlen(s) != json_string_length(v))
			return mz_failf(e, MZ_EINVAL, field,
					"'%s' holds a control or text-direction character",
					"'%s' 含有控制字符或文字方向控制符", field);
	}
	switch (in->type) {
	case HTTP_T_STRING:
		return check_string(in, s, field, e);
	case HTTP_T_ENUM:
		if (strlen(s) <= 64 && !http_text_unsafe(s, 0))
			for (const char *const *p = in->values; p && *p; p++)
				if (!strcmp(*p, s))
					return 0;
		{
			char list[200] = "";
			size_t o = 0;

			for (const char *const *p = in->values; p && *p && o < sizeof(list); p++)
				o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
						      p == in->values ? "" : ", ", *p);
			return mz_failf(e, MZ_EINVAL, field, "'%s' must be one of: %s",
					"'%s' 须为以下之一：%s", field, list);
		}
	case HTTP_T_DATE:
		if (mz_day_parse(s) == MZ_DAY_INVALID)
			return wrong_type(in, field, e);
		return 0;
	case HTTP_T_MONTH:
		return month_valid(s) ? 0 : wrong_type(in, field, e);
	case HTTP_T_ID_NUMBER: {
		idcard_info info;

		if (idcard_parse(s, &info, e)) {
			/* idcard_parse names "id_number"; the input may be called
			 * applicant_id_number or sit inside an object. */
			if (e)
				snprintf(e->field, sizeof(e->field), "%s", field);
			return -1;
		}
		return 0;
	}
	case HTTP_T_ID:
		if (parse_int(s, &n) || n <= 0)
			return mz_fail(e, MZ_ENOTFOUND, field, "not found", "记录不存在");
		return 0;
	case HTTP_T_INTEGER:
	case HTTP_T_MONEY_FEN:
		if (v) {
			if (!json_is_integer(v))
				return wrong_type(in, field, e);
			n = json_integer_value(v);
		} else if (parse_int(s, &n)) {
			return wrong_type(in, field, e);
		}
		if (n < in->min || n > in->max)
			return mz_failf(e, MZ_EINVAL, field, "'%s' must be an integer from %lld to %lld",
					"'%s' 须为 %lld 至 %lld 之间的整数", field,
					(long long)in->min, (long long)in->max);
		return 0;
	case HTTP_T_BOOLEAN:
		if (v ? json_is_boolean(v)
		      : (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "1") ||
			 !strcmp(s, "0")))
			return 0;
		return wrong_type(in, field, e);
	case HTTP_T_NUMBER:
		if (!v || !json_is_number(v))
			return wrong_type(in, field, e);
		if (json_number_value(v) < in->dmin || json_number_value(v) > in->dmax)
			return mz_failf(e, MZ_EINVAL, field, "'%s' must be a number from %g to %g",
					"'%s' 须为 %g 至 %g 之间的数值", field, in->dmin, in->dmax);
		return 0;
	case HTTP_T_OBJECT:
		if (!v || !json_is_object(v))
			return wrong_type(in, field, e);
		return in->sub ? check_fields(in->sub, v, field, 0, e) : 0;
	case HTTP_T_ARRAY:
		if (!v || !json_is_array(v))
			return wrong_type(in, field, e);
		return check_array(in, v, field, e);
	}
	return wrong_type(in, field, e);
}

static int check_array(const http_input *in, const json_t *v, const char *field, mz_err *e)
{
	size_t n = json_array_size(v);

	if ((int64_t)n < in->min || (int64_t)n > in->max)
		return mz_failf(e, MZ_EINVAL, field, "'%s' must hold %lld to %lld items",
				"'%s' 须有 %lld 至 %lld 项", field, (long long)in->min,
				(long long)in->max);
	if (!in->sub)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char sub[64];
		const json_t *it = json_array_get(v, i);

		snprintf(sub, sizeof(sub), "%s[%zu]", field, i);
		/* The message names the element ("contacts[1].phone"); the field
		 * stays the list's, as the domains have always reported it and as
		 * the UI marks the one form control that holds the list. */
		if (!it || json_is_null(it))
			mz_failf(e, MZ_EINVAL, sub, "'%s' is required", "缺少必填项 '%s'", sub);
		else if (!http_input_check_value(in->sub, it, NULL, sub, e))
			continue;
		if (e)
			snprintf(e->field, sizeof(e->field), "%s", field);
		return -1;
	}
	return 0;
}

/* The fields of a body (prefix NULL) or of a nested object ("members[0]");
 * patch: null is a value (see inputs.h). */
static int check_fields(const http_input *inputs, const json_t *obj, const char *prefix,
			int patch, mz_err *e)
{
	for (const http_input *in = inputs; in->name; in++) {
		const json_t *v;
		char field[64];

		if (in->where != HTTP_WHERE_BODY)
			continue;
		if (prefix)
			snprintf(field, sizeof(field), "%s.%s", prefix, in->name);
		else
			snprintf(field, sizeof(field), "%s", in->name);
		v = obj ? json_object_get(obj, in->name) : NULL;
		if (v && json_is_null(v) && patch) {
			if (in->flags & HTTP_NULL)
				continue;
			return wrong_type(in, field, e);
		}
		if (!v || json_is_null(v)) {
			if (in->flags & HTTP_REQ)
				return mz_failf(e, MZ_EINVAL, field, "'%s' is required",
						"缺少必填项 '%s'", field);
			continue;
		}
		if (http_input_check_value(in, v, NULL, field, e))
			return -1;
	}
	return 0;
}

const http_input *http_input_find(const http_input *inputs, const char *name)
{
	for (const http_input *in = inputs; in && in->name; in++)
		if (!strcmp(in->name, name))
			return in;
	return NULL;
}

int http_inputs_check(http_request *req, const http_input *inputs)
{
	int body_required = 0;

	if (!inputs)
		return 0;
	/* Path first: a malformed id is 404 whatever the body holds, as the
	 * handlers answered before the inputs were declared. */
	for (const http_input *in = inputs; in->name; in++) {
		const char *s;

		if (in->where != HTTP_WHERE_PATH)
			continue;
		s = http_param(req, in->name);
		if (!s || !*s) {
			if (in->type == HTTP_T_ID)
				return mz_fail(&req->err, MZ_ENOTFOUND, in->name, "not found",
					       "记录不存在");
			return mz_failf(&req->err, MZ_EINVAL, in->name, "'%s' is required",
					"缺少必填项 '%s'", in->name);
		}
		if (http_input_check_value(in, NULL, s, in->name, &req->err))
			return -1;
	}
	for (const http_input *in = inputs; in->name; in++) {
		const char *s;

		if (in->where == HTTP_WHERE_BODY && (in->flags & HTTP_REQ))
			body_required = 1;
		if (in->where != HTTP_WHERE_QUERY)
			continue;
		s = http_query(req, in->name);
		if (!s || !*s) {
			if (in->flags & HTTP_REQ)
				return mz_failf(&req->err, MZ_EINVAL, in->name, "'%s' is required",
						"缺少必填项 '%s'", in->name);
			continue;
		}
		if (http_input_check_value(in, NULL, s, in->name, &req->err))
			return -1;
	}
	if (!req->json && body_required)
		return http_require_json(req);
	return check_fields(inputs, req->json, NULL, req->method && !strcmp(req->method, "PATCH"),
			    &req->err);
}

/* ---- getters ------------------------------------------------------------- */

const char *http_input_str(const http_request *req, const char *name)
{
	const http_input *in = http_input_find(req->inputs, name);
	const char *s;

	if (in && in->where == HTTP_WHERE_BODY)
		return json_string_value(json_object_get(req->json, name));
	s = http_query(req, name);
	return s && *s ? s : NULL;
}

int64_t http_input_int(const http_request *req, const char *name, int64_t def)
{
	const http_input *in = http_input_find(req->inputs, name);
	const char *s;
	int64_t n;

	if (in && in->where == HTTP_WHERE_BODY) {
		json_t *v = json_object_get(req->json, name);
		return json_is_integer(v) ? json_integer_value(v) : def;
	}
	s = http_query(req, name);
	return s && *s && !parse_int(s, &n) ? n : def;
}

int http_input_bool(const http_request *req, const char *name, int def)
{
	const http_input *in = http_input_find(req->inputs, name);
	const char *s;

	if (in && in->where == HTTP_WHERE_BODY) {
		json_t *v = json_object_get(req->json, name);
		return json_is_boolean(v) ? json_is_true(v) : def;
	}
	s = http_query(req, name);
	if (!s || !*s)
		return def;
	return !strcmp(s, "true") || !strcmp(s, "1");
}

int http_input_has(const http_request *req, const char *name)
{
	const http_input *in = http_input_find(req->inputs, name);
	const char *s;

	if (in && in->where == HTTP_WHERE_BODY) {
		json_t *v = json_object_get(req->json, name);
		return v && !json_is_null(v);
	}
	s = http_query(req, name);
	return s && *s;
}

/* registry_validate.c - checks shared by every registry write, the history
 * append and the read audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "registry/registry_internal.h"

/* Counts UTF-8 characters (not bytes), ignoring spaces (ASCII and the
 * ideographic space U+3000): a reason of four Chinese characters is as good
 * as four Latin letters, and "    " is no reason at all. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (!strncmp(s, "\xe3\x80\x80", 3)) {
			s += 2;
			continue;
		}
		n += ((unsigned char)*s & 0xc0) != 0x80;
	}
	return n;
}

int registry_check_reason_min(const char *reason, size_t min, mz_err *e)
{
	if (!reason || utf8_chars(reason) < min)
		return mz_failf(e, MZ_EINVAL, "reason",
				"a reason of at least %zu characters is required",
				"请填写原因（至少 %zu 个字）", min);
	if (strlen(reason) > 500)
		return mz_fail(e, MZ_EINVAL, "reason", "reason is too long (at most 500 bytes)",
			       "原因过长（不超过 160 个汉字）");
	return 0;
}

int registry_check_reason(const char *reason, mz_err *e)
{
	return registry_check_reason_min(reason, 2, e);
}

int registry_check_phone(const char *phone, mz_err *e)
{
	size_t digits = 0;

	if (!phone || !*phone)
		return 0;
	for (const char *p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '-' && *p != '+' && *p != ' ')
			return mz_fail(e, MZ_EINVAL, "phone",
				       "phone may contain only digits, '+', '-' and spaces",
				       "电话号码只能包含数字、+、- 和空格");
	}
	if (digits < 7 || digits > 15)
		return mz_fail(e, MZ_EINVAL, "phone", "phone must have 7 to 15 digits",
			       "电话号码应为 7 至 15 位数字");
	return 0;
}

int registry_check_relation(const char *relation, mz_err *e)
{
	static const char *ok[] = { "head", "spouse", "child", "parent", "grandchild",
				    "grandparent", "sibling", "other" };

	for (size_t i = 0; relation && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(relation, ok[i]))
			return 0;
	return mz_fail(e, MZ_EINVAL, "relation",
		       "relation must be one of head, spouse, child, parent, grandchild,"
		       " grandparent, sibling, other",
		       "与户主关系无效（户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他）");
}

int registry_check_community(store_conn *c, const access_ctx *who, const char *code,
			     mz_err *e)
{
	store_stmt *st;
	int r;

	if (!code || strlen(code) != 12)
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "division_code must be a 12-digit community code",
			       "所属社区须为 12 位村居区划代码");
	st = store_prepare(c, "SELECT level FROM divisions WHERE code = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0 || !access_in_scope(who, code))
		return mz_failf(e, MZ_EINVAL, "division_code",
				"community '%s' does not exist or is outside your scope",
				"社区 '%s' 不存在或不在您的管辖范围内", code);
	return 0;
}

int registry_check_disability(const char *kind, int64_t grade, mz_err *e)
{
	static const char *kinds[] = { "", "physical", "visual", "hearing", "speech",
				       "intellectual", "psychiatric", "multiple" };
	int known = 0;

	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= !strcmp(kind, kinds[i]);
	if (!kind || !known)
		return mz_fail(e, MZ_EINVAL, "disability_kind",
			       "disability_kind must be one of physical, visual, hearing, speech,"
			       " intellectual, psychiatric, multiple (or empty)",
			       "残疾类别无效");
	if (grade < 0 || grade > 4 || (!*kind && grade) || (*kind && !grade))
		return mz_fail(e, MZ_EINVAL, "disability_grade",
			       "disability_grade must be 1-4 with a kind, 0 without",
			       "残疾等级须为 1-4 级（无残疾时为 0）");
	return 0;
}

int registry_history_add(store_conn *c, const access_ctx *who, const char *entity,
			 int64_t id, const char *division, int64_t version,
			 const char *reason, json_t *changes, mz_err *e)
{
	char *text;
	store_stmt *st;
	int r;

	if (registry_change_note(c, entity, id, id, e)) /* the screening snapshot's trace */
		return -1;
	text = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
	st = store_prepare(c, "INSERT INTO registry_history (entity, entity_id, division_code,"
			      " version, changed_at, changed_by, reason, changes)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) {
		free(text);
		return -1;
	}
	store_bind_text(st, 1, entity);
	store_bind_i64(st, 2, id);
	store_bind_text(st, 3, division);
	store_bind_i64(st, 4, version);
	store_bind_i64(st, 5, mz_now_unix());
	store_bind_text(st, 6, who->login);
	store_bind_text(st, 7, reason);
	store_bind_text(st, 8, text);
	r = store_step(st, e);
	store_done(st);
	if (r < 0) {
		free(text);
		return -1;
	}
	r = audit_append(c, who, AUDIT_WRITE,
			 !strcmp(entity, "person") ? (version == 1 ? "person.create" : "person.update")
						: (version == 1 ? "household.create" : "household.update"),
			 entity, id, division, reason, text, e);
	free(text);
	return r;
}


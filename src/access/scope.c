/* scope.c - roles and division scope. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"

static const struct {
	access_role role;
	const char *name;
	const char *zh;
} roles[] = {
	{ ROLE_CITY_ADMIN, "city_admin", "市级管理员" },
	{ ROLE_DISTRICT_OFFICER, "district_officer", "区级民政干部" },
	{ ROLE_STREET_CASEWORKER, "street_caseworker", "镇街经办人" },
	{ ROLE_COMMUNITY_WORKER, "community_worker", "村居工作人员" },
	{ ROLE_SERVICE_PROVIDER, "service_provider", "服务机构" },
	{ ROLE_AUDITOR, "auditor", "审计员" },
};

const char *access_role_name(access_role r)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == r)
			return roles[i].name;
	return "none";
}

const char *access_role_label_zh(access_role r)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == r)
			return roles[i].zh;
	return "无";
}

access_role access_role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(roles[i].name, s))
			return roles[i].role;
	return ROLE_NONE;
}

/* 440100 -> "4401" (a city: every district below it); 440105 -> "440105";
 * 9- and 12-digit codes are their own prefix. The division codes of records
 * are 12-digit communities, so a prefix match is exactly "under". */
void access_scope_prefix(const char *code, char out[16])
{
	size_t n = strlen(code);

	snprintf(out, 16, "%s", code);
	if (n == 6 && !strcmp(code + 4, "00"))
		out[4] = '\0';
	if (n == 6 && !strcmp(code + 2, "0000"))
		out[2] = '\0';
}

void access_scope_range(const char *code, char lo[16], char hi[16])
{
	size_t n;

	access_scope_prefix(code, lo);
	snprintf(hi, 16, "%s", lo);
	n = strlen(hi);
	/* Codes are digits: the smallest string above every "prefix..." is the
	 * prefix with its last character incremented ('9' + 1 = ':'). */
	if (n)
		hi[n - 1] = (char)(hi[n - 1] + 1);
	else
		snprintf(hi, 16, "~");
}

int access_in_scope(const access_ctx *who, const char *division_code)
{
	if (!who || !division_code)
		return 0;
	return strcmp(division_code, who->scope_lo) >= 0 &&
	       strcmp(division_code, who->scope_hi) < 0;
}

void access_ctx_system(access_ctx *who, const char *login)
{
	memset(who, 0, sizeof(*who));
	who->user_id = 0;
	snprintf(who->login, sizeof(who->login), "%s", login ? login : "system");
	snprintf(who->name, sizeof(who->name), "%s", "系统操作员");
	who->role = ROLE_CITY_ADMIN;
	snprintf(who->scope_code, sizeof(who->scope_code), "440100");
	access_scope_range(who->scope_code, who->scope_lo, who->scope_hi);
	snprintf(who->ip, sizeof(who->ip), "local");
}

store_arg access_scope_arg(const access_ctx *who)
{
	return store_arg_range(who->scope_lo, who->scope_hi);
}

int access_scope_bind(store_stmt *st, int idx, const access_ctx *who)
{
	store_arg range = access_scope_arg(who);

	return store_bind_args(st, idx, &range, 1);
}

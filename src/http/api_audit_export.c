/* api_audit_export.c - the audit log search as XLSX: the same filters as
 * GET /api/v1/audit, declared once as a list (http/list_export.h). */
#include "access/audit.h"
#include "http/api.h"
#include "http/list_export.h"
#include "http/list_sort.h"

static json_t *audit_page(http_request *req, int64_t page, int64_t size)
{
	return audit_search(req->db, req->who, http_query(req, "login"), http_query(req, "action"),
			    http_query(req, "entity"), http_query(req, "entity_id"),
			    http_query(req, "from"), http_query(req, "to"), list_sort(req), page, size,
			    &req->err);
}

static const list_column audit_cols[] = {
	{ "seq", "序号", LIST_INT, NULL, 10 },
	{ "chain", "审计链", LIST_TEXT, NULL, 10 }, /* "city" or a district code: seq counts within it */
	{ "at", "时间", LIST_DATETIME, NULL, 17 },
	{ "login", "账号", LIST_TEXT, NULL, 14 },
	{ "action", "操作", LIST_TEXT, NULL, 22 },
	{ "entity", "对象类型", LIST_TEXT, NULL, 14 },
	{ "entity_id", "对象编号", LIST_TEXT, NULL, 10 },
	{ "division_code", "区划", LIST_DIVISION, NULL, 24 },
	{ "reason", "事由", LIST_TEXT, NULL, 24 },
	{ "detail", "详情", LIST_TEXT, NULL, 40 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const audit_filters[] = { "login", "账号", "action", "操作", "entity", "对象类型",
					     "entity_id", "对象编号", "from", "起始日期", "to",
					     "截止日期", "sort", "排序", NULL };
static const list_def audit_list = { "audit", "审计日志", audit_cols, audit_filters, audit_page,
				     500, NULL };

int api_audit_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &audit_list);
}

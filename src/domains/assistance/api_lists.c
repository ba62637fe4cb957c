/* api_lists.c - the assistance lists staff page through and export: the
 * case queue and a payroll run's payment lines, each declared once for
 * its JSON pages and its XLSX (http/list_export.h). */
#include <string.h>

#include "benefits/benefits.h"
#include "cases/cases.h"
#include "domains/assistance/assistance_api.h"
#include "http/list_export.h"
#include "http/list_sort.h"

static const char *const task_labels[] = {
	"start_investigation", "启动入户调查", "decide", "作出审核确认决定",
	"notify_refusal", "书面告知不予批准理由", "periodic_review", "定期复核",
	"reverify_discrepancy", "核对差异复核", "name_payee", "指定新的领款人", NULL
};

/* ---- the case queue ---- */

static json_t *cases_page(http_request *req, int64_t page, int64_t size)
{
	case_query q = { 0 };
	int64_t overdue, open;

	if (http_query_int(req, "overdue", 0, 0, 1, &overdue) ||
	    http_query_int(req, "open", 0, 0, 1, &open))
		return NULL;
	q.page = page;
	q.page_size = size;
	q.program = http_query(req, "program");
	q.state = http_query(req, "state");
	q.division = http_query(req, "division");
	q.sort = list_sort(req);
	q.overdue_only = (int)overdue;
	q.open_only = (int)open;
	return case_list(req->db, req->who, &q, &req->err);
}

static const list_column cases_cols[] = {
	{ "id", "案件编号", LIST_INT, NULL, 10 },
	{ "program", "救助项目", LIST_PROGRAM, NULL, 18 },
	{ "state_label", "办理状态", LIST_TEXT, NULL, 14 },
	{ "applicant_name", "申请人", LIST_TEXT, NULL, 10 },
	{ "applicant_id_number", "申请人身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "intake_street", "受理街道", LIST_DIVISION, NULL, 20 },
	{ "accepted_on", "受理日期", LIST_DATE, NULL, 12 },
	{ "amount_fen", "月保障金额（元）", LIST_YUAN, NULL, 14 },
	{ "next_task", "待办事项", LIST_LABEL, task_labels, 18 },
	{ "next_due", "办理期限", LIST_DATE, NULL, 12 },
	{ "overdue", "是否逾期", LIST_BOOL, NULL, 8 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const cases_filters[] = {
	"program", "救助项目", "state", "办理状态", "division", "区划", "overdue", "仅逾期",
	"open", "仅在办", "sort", "排序", NULL
};
static const list_def cases_list = { "cases", "救助案件", cases_cols, cases_filters, cases_page,
				     200, NULL };

int api_cases_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &cases_list);
}

int api_cases_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &cases_list);
}

/* ---- a payroll run's payment lines ---- */

static json_t *payroll_lines_page(http_request *req, int64_t page, int64_t size)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return NULL;
	return benefits_payroll_lines(req->db, req->who, id, http_query(req, "status"),
				      list_sort(req), page, size, &req->err);
}

static const char *const line_status_labels[] = {
	"pending", "待发放", "sent", "已发送银行", "paid", "已到账", "failed", "发放失败",
	"cancelled", "已取消", NULL
};
static const char *const line_kind_labels[] = {
	"regular", "按月发放", "back_pay", "补发", NULL
};

static const list_column payroll_lines_cols[] = {
	{ "id", "明细编号", LIST_INT, NULL, 10 },
	{ "enrollment_id", "待遇编号", LIST_INT, NULL, 10 },
	{ "month", "发放月份", LIST_TEXT, NULL, 10 },
	{ "program", "救助项目", LIST_PROGRAM, NULL, 18 },
	{ "kind", "类别", LIST_LABEL, line_kind_labels, 10 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "amount_fen", "金额（元）", LIST_YUAN, NULL, 12 },
	{ "status", "状态", LIST_LABEL, line_status_labels, 10 },
	{ "attempts", "发送次数", LIST_INT, NULL, 8 },
	{ "bank_ref", "银行流水号", LIST_TEXT, NULL, 16 },
	{ "fail_reason", "失败原因", LIST_TEXT, NULL, 20 },
	{ "overpaid", "多发待追回", LIST_BOOL, NULL, 10 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const payroll_lines_filters[] = { "status", "状态", "sort", "排序", NULL };
static const list_def payroll_lines_list = { "payroll-lines", "发放明细", payroll_lines_cols,
					     payroll_lines_filters, payroll_lines_page, 200,
					     NULL };

int api_payroll_lines(http_request *req, http_response *res)
{
	return http_list_json(req, res, &payroll_lines_list);
}

int api_payroll_lines_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &payroll_lines_list);
}

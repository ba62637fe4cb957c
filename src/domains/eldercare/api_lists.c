/* api_lists.c - the elderly-care lists staff page through and export:
 * visits due, 平安通 calls, a canteen's meals of a day, a care home's
 * waiting list; each declared once for its JSON pages and its XLSX
 * (http/list_export.h). Scope and audit stay in the domain calls. */
#include <string.h>

#include "base/date.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/dashboard.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/eldercare_api.h"
#include "domains/eldercare/visits.h"
#include "domains/eldercare/waitlist.h"
#include "domains/eldercare/waitlist_internal.h"
#include "http/list_export.h"
#include "http/list_sort.h"

static const char *const division_filter[] = { "division", "区划", NULL };

/* ---- monthly visits due ---- */

static const char *const why_labels[] = {
	"living_alone", "独居", "empty_nest", "空巢", "special_family", "计生特殊家庭（含失独）",
	"very_old", "高龄", "category", "特殊困难类别", NULL
};

static json_t *visits_due_page(http_request *req, int64_t page, int64_t size)
{
	const char *month = http_query(req, "month");
	int64_t overdue;
	char buf[8];

	if (http_query_int(req, "overdue", 0, 0, 1, &overdue))
		return NULL;
	if (!month || !*month) {
		ec_month_of(mz_today(), buf);
		month = buf;
	}
	return ec_visit_due(req->db, req->who, http_query(req, "division"), month, (int)overdue,
			    list_sort(req), page, size, &req->err);
}

static const list_column visits_due_cols[] = {
	{ "name", "姓名", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "birth_date", "出生日期", LIST_DATE, NULL, 12 },
	{ "age", "年龄", LIST_INT, NULL, 6 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "why", "探访原因", LIST_LABEL, why_labels, 20 },
	{ "visits", "本月已探访次数", LIST_INT, NULL, 12 },
	{ "last_visit", "最近探访", LIST_DATE, NULL, 12 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const visits_due_filters[] = { "division", "区划", "month", "月份",
						  "overdue", "仅未探访", "sort", "排序", NULL };
static const list_def visits_due_list = { "visits-due", "应探访老人", visits_due_cols,
					  visits_due_filters, visits_due_page, EC_PAGE_MAX, NULL };

int api_ec_visit_due(http_request *req, http_response *res)
{
	return http_list_json(req, res, &visits_due_list);
}

int api_ec_visit_due_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &visits_due_list);
}

/* ---- 平安通 calls ---- */

static const char *const call_kind_labels[] = { "emergency", "紧急呼叫", "consultation", "咨询",
						"checkin", "日常问候", NULL };
static const char *const call_status_labels[] = { "open", "待处理", "dispatched", "已派单",
						  "closed", "已办结", NULL };
static const char *const dispatch_labels[] = { "contact", "紧急联系人", "community_worker",
					       "社区工作人员", "emergency_service", "120/110",
					       NULL };

static json_t *calls_page(http_request *req, int64_t page, int64_t size)
{
	return ec_call_list(req->db, req->who, http_query(req, "division"), http_query(req, "status"),
			    http_query(req, "kind"), http_query(req, "day"), list_sort(req), page,
			    size, &req->err);
}

static const list_column calls_cols[] = {
	{ "id", "呼叫编号", LIST_INT, NULL, 10 },
	{ "received_at", "呼入时间", LIST_DATETIME, NULL, 17 },
	{ "name", "老人", LIST_TEXT, NULL, 10 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "kind", "类型", LIST_LABEL, call_kind_labels, 10 },
	{ "status", "状态", LIST_LABEL, call_status_labels, 8 },
	{ "dispatch_to", "派单对象", LIST_LABEL, dispatch_labels, 12 },
	{ "dispatched_at", "派单时间", LIST_DATETIME, NULL, 17 },
	{ "response_s", "响应用时（秒）", LIST_INT, NULL, 12 },
	{ "closure_s", "办结用时（秒）", LIST_INT, NULL, 12 },
	{ "summary", "情况", LIST_TEXT, NULL, 30 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const calls_filters[] = { "division", "区划", "status", "状态", "kind", "类型",
					     "day", "日期", "sort", "排序", NULL };
static const list_def calls_list = { "calls", "平安通呼叫", calls_cols, calls_filters, calls_page,
				     EC_PAGE_MAX, NULL };

int api_ec_call_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &calls_list);
}

int api_ec_call_list_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &calls_list);
}

/* ---- a canteen's meals of a day ---- */

static const char *const slot_labels[] = { "breakfast", "早餐", "lunch", "午餐", "dinner", "晚餐",
					   NULL };
static const char *const mode_labels[] = { "dine_in", "堂食", "delivery", "送餐", NULL };
static const char *const method_labels[] = { "card", "刷卡", "id_number", "身份证", NULL };
static const char *const tier_labels[] = { "hardship", "困难老人", "age_high", "高龄老人",
					   "age_min", "60–79 岁", "none", "无补贴", NULL };

static json_t *meals_page(http_request *req, int64_t page, int64_t size)
{
	const char *day = http_query(req, "day");
	char today[11];
	int64_t id;

	if (http_param_id(req, "id", &id))
		return NULL;
	if (!day || !*day) {
		mz_day_format(mz_today(), today);
		day = today;
	}
	return ec_meal_list(req->db, req->who, id, day, http_query(req, "slot"), http_query(req, "mode"),
			    list_sort(req), page, size, &req->err);
}

static const list_column meals_cols[] = {
	{ "at", "就餐时间", LIST_DATETIME, NULL, 17 },
	{ "name", "姓名", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "slot", "餐次", LIST_LABEL, slot_labels, 8 },
	{ "mode", "方式", LIST_LABEL, mode_labels, 8 },
	{ "method", "核验方式", LIST_LABEL, method_labels, 10 },
	{ "tier", "补贴档次", LIST_LABEL, tier_labels, 12 },
	{ "price_fen", "餐价（元）", LIST_YUAN, NULL, 10 },
	{ "subsidy_fen", "补贴（元）", LIST_YUAN, NULL, 10 },
	{ "paid_fen", "自付（元）", LIST_YUAN, NULL, 10 },
	{ "cross_town", "跨街就餐", LIST_BOOL, NULL, 8 },
	{ "cross_district", "跨区就餐", LIST_BOOL, NULL, 8 },
	{ "by", "登记人", LIST_TEXT, NULL, 10 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const meals_filters[] = { "day", "日期", "slot", "餐次", "mode", "方式", "sort", "排序",
					     NULL };
static const list_def meals_list = { "meals", "长者饭堂就餐记录", meals_cols, meals_filters,
				     meals_page, EC_PAGE_MAX, NULL };

int api_ec_meal_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &meals_list);
}

int api_ec_meal_list_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &meals_list);
}

/* ---- a care home's waiting list (one page: the whole queue) ---- */

static const char *const wait_status_labels[] = { "waiting", "轮候中", "offered", "已通知入住",
						  "admitted", "已入住", "withdrawn", "已撤回", NULL };

static json_t *queue_page(http_request *req, int64_t page, int64_t size)
{
	int64_t id, provider, own;
	char div[16];

	(void)size;
	if (http_param_id(req, "id", &id))
		return NULL;
	/* The queue page shows any home's places to every staff member; the
	 * spreadsheet is for the home's own area (or its operator), where the
	 * names are shown: elsewhere the home is not found. */
	if (wait_home_division(req->db, id, div, &provider, &req->err) ||
	    ec_provider_of(req->db, req->who, &own, &req->err))
		return NULL;
	if (own ? own != provider : !access_in_scope(req->who, div))
		return mz_failf(&req->err, MZ_ENOTFOUND, "home_id", "no care home %lld",
				"养老院 %lld 不存在", (long long)id), NULL;
	if (page > 1) /* the queue comes whole on its first page */
		return json_pack("{s:[]}", "items");
	return ec_wait_queue(req->db, req->who, id, &req->err);
}

static const list_column queue_cols[] = {
	{ "position", "轮候序号", LIST_INT, NULL, 10 },
	{ "name", "姓名", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "status", "状态", LIST_LABEL, wait_status_labels, 10 },
	{ "application_id", "申请编号", LIST_INT, NULL, 10 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const list_def queue_list = { "waiting-list", "公办养老机构轮候名单", queue_cols,
				     division_filter, queue_page, 100000, NULL };

int api_ec_home_queue(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_wait_queue(req->db, req->who, id, &req->err));
}

int api_ec_home_queue_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &queue_list);
}

/* ---- the elderly-care dashboard's figures by district (one page) ---- */

static json_t *dashboard_page(http_request *req, int64_t page, int64_t size)
{
	const char *month = http_query(req, "month");
	char buf[8];

	(void)size;
	if (!month || !*month) {
		ec_month_of(mz_today(), buf);
		month = buf;
	}
	if (page > 1) /* the districts come whole on the first page */
		return json_pack("{s:[]}", "districts");
	return ec_dashboard(req->db, req->who, month, &req->err);
}

static const list_column dashboard_cols[] = {
	{ "name", "区", LIST_TEXT, NULL, 12 },
	{ "meals", "长者饭堂就餐人次", LIST_INT, NULL, 14 },
	{ "meals_per_day", "日均就餐人次", LIST_INT, NULL, 12 },
	{ "subsidy_fen", "就餐补贴（元）", LIST_YUAN, NULL, 14 },
	{ "emergency_calls", "紧急呼叫", LIST_INT, NULL, 10 },
	{ "avg_response_s", "平均响应用时（秒）", LIST_INT, NULL, 16 },
	{ "waiting", "轮候人数", LIST_INT, NULL, 10 },
	{ "visits_due", "应探访人数", LIST_INT, NULL, 10 },
	{ "visits_done", "已探访人数", LIST_INT, NULL, 10 },
	{ "visit_rate_permille", "探访率（‰）", LIST_INT, NULL, 10 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const dashboard_filters[] = { "month", "月份", NULL };
static const list_def dashboard_list = { "eldercare-dashboard", "养老服务统计（按区）", dashboard_cols,
					 dashboard_filters, dashboard_page, 100, "districts" };

int api_ec_dashboard_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &dashboard_list);
}

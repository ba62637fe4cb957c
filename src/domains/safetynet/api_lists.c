/* api_lists.c - the safety net's lists staff page through and export:
 * events received, alerts raised, work orders; each declared once for its
 * JSON pages and its XLSX (http/list_export.h), so the workbook holds the
 * rows the page filtered, in its order, with the export's progress shown.
 * Scope and the audited reads stay in the domain calls (orders_view.c). */
#include <string.h>

#include "base/buf.h"
#include "domains/safetynet/safetynet.h"
#include "domains/safetynet/safetynet_api.h"
#include "http/list_export.h"
#include "http/list_sort.h"

static const char *const level_labels[] = { "red", "红色", "orange", "橙色", "yellow", "黄色", NULL };

/* ---- events received ---- */

static const char *const source_labels[] = { "department", "部门接口", "upload", "部门上传",
					     "internal", "系统内部", "resident", "群众求助", NULL };

static json_t *events_page(http_request *req, int64_t page, int64_t size)
{
	json_t *out = sn_event_list(req->db, req->who, http_query(req, "type"),
				    http_query(req, "division"), list_sort(req), page, size, &req->err);
	json_t *it;
	size_t i;

	/* The type's Chinese name from the catalogue (catalog.c), which
	 * holds the kinds of event: the workbook shows it, not the key. */
	json_array_foreach(json_object_get(out, "items"), i, it) {
		const sn_event_type *t = sn_event_type_find(json_string_value(json_object_get(it, "type")));

		if (t)
			json_object_set_new(it, "type_zh", json_string(t->zh));
	}
	return out;
}

static const list_column events_cols[] = {
	{ "id", "事件编号", LIST_INT, NULL, 10 },
	{ "type_zh", "事件类型", LIST_TEXT, NULL, 18 },
	{ "person_name", "对象", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "occurred_on", "发生日期", LIST_DATE, NULL, 12 },
	{ "amount_fen", "金额（元）", LIST_YUAN, NULL, 12 },
	{ "source_kind", "来源", LIST_LABEL, source_labels, 10 },
	{ "source", "发送方", LIST_TEXT, NULL, 16 },
	{ "sender_event_id", "发送方编号", LIST_TEXT, NULL, 16 },
	{ "received_at", "接收时间", LIST_DATETIME, NULL, 17 },
	{ "alerts_raised", "触发预警数", LIST_INT, NULL, 10 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const events_filters[] = { "type", "事件类型", "division", "区划", "sort", "排序",
					      NULL };
static const list_def events_list = { "safetynet-events", "安全网汇集事件", events_cols,
				      events_filters, events_page, SN_PAGE_MAX, NULL };

int api_sn_events_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &events_list);
}

int api_sn_events_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &events_list);
}

/* ---- alerts ---- */

static const char *const alert_status_labels[] = { "open", "未解除", "closed", "已解除", NULL };

static json_t *alerts_page(http_request *req, int64_t page, int64_t size)
{
	json_t *out = sn_alert_list(req->db, req->who, http_query(req, "level"),
				    http_query(req, "status"), http_query(req, "division"),
				    list_sort(req), page, size, &req->err);
	json_t *it, *line;
	size_t i, j;

	/* The explanation is a list of {zh, en} lines: one cell of the
	 * Chinese ones. */
	json_array_foreach(json_object_get(out, "items"), i, it) {
		mz_buf why;

		mz_buf_init(&why);
		json_array_foreach(json_object_get(it, "explanation"), j, line) {
			const char *zh = json_string_value(json_object_get(line, "zh"));

			if (zh)
				mz_buf_printf(&why, "%s%s", why.len ? "；" : "", zh);
		}
		json_object_set_new(it, "explanation_zh", json_string(why.len ? why.data : ""));
		mz_buf_release(&why);
	}
	return out;
}

static const list_column alerts_cols[] = {
	{ "id", "预警编号", LIST_INT, NULL, 10 },
	{ "level", "级别", LIST_LABEL, level_labels, 8 },
	{ "title", "规则", LIST_TEXT, NULL, 30 },
	{ "person_name", "对象", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "raised_at", "预警时间", LIST_DATETIME, NULL, 17 },
	{ "status", "状态", LIST_LABEL, alert_status_labels, 8 },
	{ "explanation_zh", "说明", LIST_TEXT, NULL, 50 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const alerts_filters[] = { "level", "级别", "status", "状态", "division", "区划",
					      "sort", "排序", NULL };
static const list_def alerts_list = { "safetynet-alerts", "安全网预警", alerts_cols, alerts_filters,
				      alerts_page, SN_PAGE_MAX, NULL };

int api_sn_alerts_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &alerts_list);
}

int api_sn_alerts_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &alerts_list);
}

/* ---- work orders ---- */

static const char *const state_labels[] = {
	"open", "未办结", "assigned", "已派单", "accepted", "已接单", "on_site", "已到场",
	"done", "已处置", "returned", "已退回", "escalated", "已升级", "closed", "已办结",
	"merged", "已合并", NULL
};
static const char *const tier_labels[] = { "community", "社区", "street", "镇街", "district", "区",
					   NULL };
static const char *const route_labels[] = { "community_worker", "社区工作人员", "volunteer", "志愿者",
					    "social_work", "社工站", NULL };

static json_t *orders_page(http_request *req, int64_t page, int64_t size)
{
	int64_t overdue;
	json_t *out, *it;
	size_t i;

	if (http_query_int(req, "overdue", 0, 0, 1, &overdue))
		return NULL;
	out = sn_order_list(req->db, req->who, http_query(req, "state"), http_query(req, "tier"),
			    (int)overdue, http_query(req, "division"), list_sort(req), page, size,
			    &req->err);
	/* Whom the order is about: the person in the registry, or the
	 * resident who asked (a request from the public form). */
	json_array_foreach(json_object_get(out, "items"), i, it) {
		const char *name = json_string_value(json_object_get(it, "person_name"));

		if (!name || !*name)
			name = json_string_value(json_object_get(it, "contact_name"));
		json_object_set_new(it, "person", json_string(name ? name : ""));
	}
	return out;
}

static const list_column orders_cols[] = {
	{ "id", "工单号", LIST_INT, NULL, 10 },
	{ "level", "级别", LIST_LABEL, level_labels, 8 },
	{ "title", "事项", LIST_TEXT, NULL, 30 },
	{ "person", "对象", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "state", "状态", LIST_LABEL, state_labels, 8 },
	{ "tier", "层级", LIST_LABEL, tier_labels, 8 },
	{ "route_to", "派给", LIST_LABEL, route_labels, 12 },
	{ "assignee", "承办人", LIST_TEXT, NULL, 12 },
	{ "division_code", "所在社区", LIST_DIVISION, NULL, 28 },
	{ "due_at", "时限", LIST_DATETIME, NULL, 17 },
	{ "late", "已超时", LIST_BOOL, NULL, 8 },
	{ "created_at", "派单时间", LIST_DATETIME, NULL, 17 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const orders_filters[] = { "state", "状态", "tier", "层级", "overdue", "只看超时",
					      "division", "区划", "sort", "排序", NULL };
static const list_def orders_list = { "safetynet-orders", "安全网工单", orders_cols, orders_filters,
				      orders_page, SN_PAGE_MAX, NULL };

int api_sn_orders_list(http_request *req, http_response *res)
{
	return http_list_json(req, res, &orders_list);
}

int api_sn_orders_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &orders_list);
}

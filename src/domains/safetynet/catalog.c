/* catalog.c - the kinds of event the net receives, and the fixed lists of
 * its orders. An event type is data the monitoring rules name; a new kind
 * of event a department sends is one line here. */
#include <string.h>

#include "domains/safetynet/safetynet.h"

static const sn_event_type types[] = {
	/* From other departments. */
	{ "hospital_bill", "住院大额自付", "Hospitalisation with large out-of-pocket costs", 1 },
	{ "unemployment", "失业登记", "Unemployment registration", 0 },
	{ "disability_change", "残疾评定变更", "Disability assessment changed", 0 },
	{ "utility_arrears", "水电燃气欠费", "Utility arrears", 1 },
	{ "rent_arrears", "房租欠缴", "Rent arrears", 1 },
	{ "death", "死亡", "Death", 0 },
	{ "unattended_child", "无人监护儿童报告", "Unattended child reported", 0 },
	{ "rough_sleeper", "流浪露宿人员报告", "Rough sleeper reported", 0 },
	/* From minzheng's own domains. */
	{ "checkin_missed", "平安通未签到", "Missed 平安通 check-in", 0 },
	{ "visit_overdue", "探访逾期", "Visit overdue", 0 },
	{ "payroll_returned", "救助金退回", "Payment returned by the bank", 1 },
	{ "screening_item", "政策找人筛查线索", "Screening item", 0 },
	{ "visit", "上门探访", "Home visit made", 0 },
	{ "resident_request", "群众自主求助", "Resident's own request", 0 },
};

const sn_event_type *sn_event_type_find(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].key, key))
			return &types[i];
	return NULL;
}

const sn_event_type *sn_event_type_at(size_t i)
{
	return i < sizeof(types) / sizeof(types[0]) ? &types[i] : NULL;
}

const char *const sn_route_targets[] = { "community_worker", "volunteer", "social_work", NULL };
const char *const sn_action_kinds[] = { "case_intake", "temp_aid", "visit", "referral", "other",
					 NULL };
const char *const sn_order_states[] = { "assigned", "accepted", "on_site", "done", "returned",
					 "escalated", "closed", "merged", NULL };
const char *const sn_return_reasons[] = { "wrong_address", "wrong_department", NULL };
const char *const sn_request_categories[] = { "living", "medical", "elderly", "child", "disability",
					       "housing", "other", NULL };

/* openapi_schemas_safetynet.c - the success responses of the safety net routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_safetynet_inbound_events_post = { "SafetynetInboundEventsPost",
	"{id:id, duplicate:bool, alerts:[int], orders:[int]}" };
const http_schema oas_safetynet_inbound_files_post = { "SafetynetInboundFilesPost",
	"{"
		"stored:int, "
		"duplicates:int, "
		"refused:int, "
		"alerts:int, "
		"orders:int, "
		"evaluate_seconds:num, "
		"errors:[{line:int, field:str, message:str, message_zh:str}]}" };
const http_schema oas_safetynet_public_requests_post = { "SafetynetPublicRequestsPost",
	"{receipt:int, message_zh:str}" };
const http_schema oas_safetynet_catalog = { "SafetynetCatalog",
	"{event_types:[{key:str, zh:str, en:str, needs_amount:bool}]}" };
const http_schema oas_safetynet_departments = { "SafetynetDepartments",
	"{"
		"items:[{"
			"id:id, "
			"code:str, "
			"name:str, "
			"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
			"rate_per_min:int, "
			"disabled:bool, "
			"created_by:str, "
			"created_at:int `Unix time, seconds`}]}" };
const http_schema oas_safetynet_departments_post = { "SafetynetDepartmentsPost",
	"{id:id, token:str, note:str}" };
const http_schema oas_safetynet_events = { "SafetynetEvents",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"type:str, "
		"occurred_on:date, "
		"amount_fen:fen, "
		"note:str, "
		"source_kind:enum(department upload internal resident), "
		"source:str, "
		"sender_event_id:str, "
		"received_at:int `Unix time, seconds`, "
		"alerts_raised:int, "
		"person_name:str, "
		"id_number_masked:masked, "
		"type_zh:str `the event type's Chinese label (the export's 事件类型 column)`})" };
const http_schema oas_safetynet_alerts = { "SafetynetAlerts",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"rule_key:str, "
		"rule_from:date, "
		"title:str, "
		"level:str, "
		"explanation:[{zh:str, en:str}], "
		"event_id:int `a row id; 0 when none`, "
		"status:enum(open closed), "
		"raised_at:int `Unix time, seconds`, "
		"raised_on:date, "
		"closed_at:int, "
		"person_name:str, "
		"id_number_masked:masked, "
		"explanation_zh:str `the explanation's Chinese lines joined (the export's 说明 column)`})" };
const http_schema oas_safetynet_alert = { "SafetynetAlert",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"rule_key:str, "
		"rule_from:date, "
		"title:str, "
		"level:str, "
		"explanation:[{zh:str, en:str}], "
		"event_id:int `a row id; 0 when none`, "
		"status:enum(open closed), "
		"raised_at:int `Unix time, seconds`, "
		"raised_on:date, "
		"closed_at:int, "
		"person_name:str, "
		"id_number_masked:masked, "
		"orders:[{"
			"id:id, "
			"state:str, "
			"route_to:enum(community_worker volunteer social_work), "
			"tier:str, "
			"assignee:str}]}" };
const http_schema oas_safetynet_orders = { "SafetynetOrders",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"kind:enum(alert request), "
		"alert_id:int `a row id; 0 when none`, "
		"title:str, "
		"detail:str, "
		"level:str, "
		"route_to:enum(community_worker volunteer social_work), "
		"tier:enum(community street district), "
		"assignee:str, "
		"state:enum(assigned accepted on_site done returned escalated closed merged), "
		"sla_seconds:int, "
		"due_at:int `Unix time, seconds`, "
		"overdue:int, "
		"return_reason:str, "
		"action_kind:str, "
		"action_ref:str, "
		"feedback:str, "
		"rating:int, "
		"merged_into:int, "
		"reopen_count:int, "
		"contact_name:str, "
		"contact_phone:str, "
		"address:str, "
		"created_at:int `Unix time, seconds`, "
		"done_at:int, "
		"closed_at:int, "
		"updated_at:int `Unix time, seconds`, "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"origin:str, "
		"origin_id:int `a row id; 0 when none`, "
		"person_name:str, "
		"id_number_masked:masked, "
		"late:bool, "
		"person:str `whom the order is about: the registry's name, or the resident who asked`})" };
const http_schema oas_safetynet_order = { "SafetynetOrder",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"kind:enum(alert request), "
		"alert_id:int `a row id; 0 when none`, "
		"title:str, "
		"detail:str, "
		"level:str, "
		"route_to:enum(community_worker volunteer social_work), "
		"tier:enum(community street district), "
		"assignee:str, "
		"state:enum(assigned accepted on_site done returned escalated closed merged), "
		"sla_seconds:int, "
		"due_at:int `Unix time, seconds`, "
		"overdue:int, "
		"return_reason:str, "
		"action_kind:str, "
		"action_ref:str, "
		"feedback:str, "
		"rating:int, "
		"merged_into:int, "
		"reopen_count:int, "
		"contact_name:str, "
		"contact_phone:str, "
		"address:str, "
		"created_at:int `Unix time, seconds`, "
		"done_at:int, "
		"closed_at:int, "
		"updated_at:int `Unix time, seconds`, "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"origin:str, "
		"origin_id:int `a row id; 0 when none`, "
		"person_name:str, "
		"id_number_masked:masked, "
		"log:[{"
			"at:int, "
			"login:str `a user login`, "
			"action:str, "
			"from_state:str, "
			"to_state:str, "
			"note:str}], "
		"late:bool}" };
const http_schema oas_safetynet_rules = { "SafetynetRules",
	"{"
		"dir:str, "
		"loaded_at:int `Unix time, seconds`, "
		"levels:[{key:str, zh:str, en:str, sla_hours:int}], "
		"rules:[{"
			"key:str, "
			"title_zh:str, "
			"title_en:str, "
			"from:date, "
			"level:str, "
			"on:str, "
			"on_min_fen:fen, "
			"window_days:int, "
			"clauses:[{kind:str, name:str, min:int, this_month:bool}], "
			"routes:[str], "
			"basis:str, "
			"file:str, "
			"line:int}]}" };
const http_schema oas_safetynet_xlsx = { "SafetynetXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema *const openapi_schemas_safetynet[] = {
	&oas_safetynet_inbound_events_post,
	&oas_safetynet_inbound_files_post,
	&oas_safetynet_public_requests_post,
	&oas_safetynet_catalog,
	&oas_safetynet_departments,
	&oas_safetynet_departments_post,
	&oas_safetynet_events,
	&oas_safetynet_alerts,
	&oas_safetynet_alert,
	&oas_safetynet_orders,
	&oas_safetynet_order,
	&oas_safetynet_rules,
	&oas_safetynet_xlsx,
	NULL
};

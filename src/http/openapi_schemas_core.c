/* openapi_schemas_core.c - the success responses of the core: session, registry, users, audit, policy, screening, jobs and events, calendar routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_calendar_years = { "CalendarYears",
	"{year:int, days:[{day:date, kind:enum(holiday workday), name:str}]}" };
const http_schema oas_calendar_years_put = { "CalendarYearsPut",
	"{year:int, holidays:int, workdays:int, replaced:int}" };
const http_schema oas_open_api_document = { "OpenApiDocument",
	"{"
		"openapi:str `3.0.3`, "
		"info:obj, "
		"paths:obj `each path, its operations`, "
		"components:obj `schemas and security schemes` ...}" };
const http_schema oas_session_post = { "SessionPost",
	"{"
		"token?:str, "
		"token_type?:str, "
		"user:{"
			"id:id, "
			"login:str `a user login`, "
			"name:str, "
			"role:enum(city_admin district_officer street_caseworker community_worker service_provider auditor), "
			"role_label:str, "
			"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
			"scope_name:str, "
			"links:[str]}, "
		"csrf_token?:str}" };
const http_schema oas_session = { "Session",
	"{"
		"user:{"
			"id:id, "
			"login:str `a user login`, "
			"name:str, "
			"role:enum(city_admin district_officer street_caseworker community_worker service_provider auditor), "
			"role_label:str, "
			"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
			"scope_name:str, "
			"links:[str]}, "
		"csrf_token:str}" };
const http_schema oas_session_delete = { "SessionDelete",
	"{ok:bool}" };
const http_schema oas_me_table_setting = { "MeTableSetting",
	"{table:str, settings:{columns:[{key:str, visible:bool}]}|null, updated_at:int}" };
const http_schema oas_export = { "Export",
	"{"
		"token:str, "
		"list:str, "
		"rows:int, "
		"total:int|null, "
		"status:str, "
		"started_at:int `Unix time, seconds`, "
		"updated_at:int `Unix time, seconds`}" };
const http_schema oas_divisions = { "Divisions",
	"{items:[@Division]}" };
const http_schema oas_division = { "Division",
	"{"
		"code:str `6 digits a district, 9 a street, 12 a community`, "
		"name:str, "
		"level:int `1 city, 2 district, 3 street or town, 4 community`, "
		"parent:str|null `the parent division code; null at the top`, "
		"historical:bool `a division since merged or renamed`, "
		"has_children:bool}" };
const http_schema oas_persons = { "Persons",
	"list(@PersonRow)" };
const http_schema oas_person = { "Person",
	"{"
		"id:id, "
		"name:str, "
		"id_number_masked:masked, "
		"sex:enum(M F), "
		"birth_date:date, "
		"age:int `age in whole years on the server date`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"disability_kind:str, "
		"disability_grade:int, "
		"death_date:date|null, "
		"household_id:int|null, "
		"address:str, "
		"phone:str, "
		"hukou:enum(urban rural), "
		"marital_status:enum(unknown unmarried married divorced widowed), "
		"flags:str, "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"household:{id:id, relation:str}|null}" };
const http_schema oas_person_reveal_post = { "PersonRevealPost",
	"{id_number:str}" };
const http_schema oas_person_history = { "PersonHistory",
	"{"
		"items:[{"
			"version:int `the record version: send it back with a change (a stale version is refused)`, "
			"changed_at:datetime, "
			"changed_by:str, "
			"reason:str, "
			"changes:{address:{new:str, old:str}, phone:{new:str, old:str}}}]}" };
const http_schema oas_households = { "Households",
	"list(@HouseholdRow)" };
const http_schema oas_households_xlsx = { "HouseholdsXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_persons_xlsx = { "PersonsXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_household = { "Household",
	"{"
		"id:id, "
		"address:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"members:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked, "
			"relation:str, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"joined_on:date, "
			"death_date:date|null, "
			"disability_kind:str, "
			"disability_grade:int, "
			"income_fen:fen, "
			"flags:str `the member's marks set by staff, comma-separated (living_alone, empty_nest, lost_only_child ...)`, "
			"version:int `the person's record version: send it back with a change of marks`}], "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"income_fen:fen, "
		"income_per_capita_fen:fen}" };
const http_schema oas_household_history = { "HouseholdHistory",
	"{"
		"items:[{"
			"version:int `the record version: send it back with a change (a stale version is refused)`, "
			"changed_at:datetime, "
			"changed_by:str, "
			"reason:str, "
			"changes:{"
				"member_removed?:{"
					"new:any, "
					"old:{"
						"name:str, "
						"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
						"relation:str}}, "
				"member_added?:{"
					"new:{"
						"name:str, "
						"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
						"relation:str}, "
					"old:any}}}]}" };
const http_schema oas_stats_registry = { "StatsRegistry",
	"{"
		"persons_total:int, "
		"households_total:int, "
		"persons_by_district:[{code:str, name:str, count:int}], "
		"age_pyramid:[{band:str, male:int, female:int}], "
		"households_by_size:[{size:int, count:int}]}" };
const http_schema oas_users = { "Users",
	"{"
		"items:[{"
			"id:id, "
			"login:str `a user login`, "
			"name:str, "
			"role:enum(city_admin district_officer street_caseworker community_worker service_provider auditor), "
			"role_label:str, "
			"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
			"scope_name:str, "
			"disabled:bool, "
			"locked_until:datetime|null}]}" };
const http_schema oas_users_post = { "UsersPost",
	"{"
		"id:id, "
		"login:str `a user login`, "
		"name:str, "
		"role:enum(city_admin district_officer street_caseworker community_worker service_provider auditor), "
		"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`}" };
const http_schema oas_user_patch = { "UserPatch",
	"{id:id, login:str `a user login`, ok:bool}" };
const http_schema oas_audit = { "Audit",
	"list(@AuditRecord)" };
const http_schema oas_audit_xlsx = { "AuditXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_audit_verify = { "AuditVerify",
	"{ok:bool, checked:int, problems:[{chain:str, seq:int, problem:str}]}" };
const http_schema oas_audit_checkpoints = { "AuditCheckpoints",
	"{"
		"public_key:str, "
		"key_id:str, "
		"items:[{"
			"at:int, "
			"chain_count:int, "
			"chains:[{chain:str, hash:str, keyed_from:int, seq:int}], "
			"key_id:str, "
			"records:int, "
			"signature:str, "
			"time:datetime, "
			"version:int `the record version: send it back with a change (a stale version is refused)`}]}" };
const http_schema oas_policy_programs = { "PolicyPrograms",
	"{"
		"items:[{"
			"code:str, "
			"name:str, "
			"name_en:str, "
			"unit:str, "
			"path:str, "
			"basis:[str], "
			"params:[{"
				"name:str, "
				"label:str, "
				"type:str, "
				"line:int, "
				"history:[{"
					"from:date, "
					"division:str|null, "
					"value:any, "
					"display:str, "
					"line:int}]}], "
			"values:[{name:str, label:str, type:str, line:int, level:str, expr:str}], "
			"conditions:[{id:str, label:str, expr:str, line:int}], "
			"amount:str|null, "
			"outputs:[str]}], "
		"source:str, "
		"total:int}" };
const http_schema oas_policy_program = { "PolicyProgram",
	"{"
		"code:str, "
		"name:str, "
		"name_en:str, "
		"unit:str, "
		"path:str, "
		"basis:[str], "
		"params:[{"
			"name:str, "
			"label:str, "
			"type:str, "
			"line:int, "
			"history:[{from:date, division:any, value:any, display:str, line:int}]}], "
		"values:[{name:str, label:str, type:str, line:int, level:str, expr:str}], "
		"conditions:[{id:str, label:str, expr:str, line:int}], "
		"amount:str `amount_fen in yuan, as text for display`, "
		"outputs:[str], "
		"text:str}" };
const http_schema oas_policy_eval_post = { "PolicyEvalPost",
	"{"
		"date:date, "
		"division:str, "
		"programs:[{"
			"code:str, "
			"name:str, "
			"name_en:str, "
			"unit:str, "
			"params:[{"
				"name:str, "
				"label:str, "
				"type?:str, "
				"value:any, "
				"display?:str, "
				"from?:date, "
				"division?:any, "
				"source?:str}], "
			"values:[{name:str, label:str, type:str, value:any, display:str}], "
			"members:[{"
				"index:int, "
				"id:str, "
				"values:[{"
					"name:str, "
					"label:str, "
					"type:str, "
					"value:any, "
					"display:str}]}], "
			"eligible:bool, "
			"amount_fen:fen, "
			"amount:str `amount_fen in yuan, as text for display`, "
			"failed?:str|null, "
			"conditions?:[{id:str, label:str, passed:bool, text:str}], "
			"reasons?:[str], "
			"outputs?:obj `named outputs of the rules, each {label, type, value, display}`, "
			"persons?:[{"
				"index:int, "
				"id:str, "
				"eligible:bool, "
				"amount_fen:fen, "
				"amount:str `amount_fen in yuan, as text for display`, "
				"failed:str|null, "
				"conditions:[{id:str, label:str, passed:bool, text:str}], "
				"reasons:[str], "
				"outputs:obj `named outputs of the rules, each {label, type, value, display}`}]}]}" };
const http_schema oas_policy_reload_post = { "PolicyReloadPost",
	"{reloaded:bool, source:str, programs:int, warnings:[any]}" };
const http_schema oas_screen_items = { "ScreenItems",
	"list(@ScreenItem)" };
const http_schema oas_screen_items_xlsx = { "ScreenItemsXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_screen_item_work_post = { "ScreenItemWorkPost",
	"{"
		"id:id, "
		"household_id:int `a household of the registry (GET /api/v1/households/{id}); 0 when none`, "
		"program:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"disposition:str}" };
const http_schema oas_screen_runs = { "ScreenRuns",
	"{"
		"runs:[{"
			"id:id, "
			"on_date:date, "
			"programs:str, "
			"households:int, "
			"persons:int, "
			"items:int, "
			"created_by:str, "
			"created_at:datetime}], "
		"job:{"
			"next_due:datetime, "
			"last_run_at:datetime|null `null before the first run`, "
			"last_status:str|null, "
			"last_result:str, "
			"running:bool, "
			"requested:bool}, "
		"progress:{"
			"running:bool, "
			"stage:str, "
			"done:int, "
			"total:int, "
			"started_at:datetime|null `null before the first run`, "
			"finished_at:datetime|null}}" };
const http_schema oas_screen_runs_post = { "ScreenRunsPost",
	"{job:str, queued:bool}" };
const http_schema oas_jobs = { "Jobs",
	"{items:[@Job]}" };
const http_schema oas_events = { "Events",
	"{items:[@Event], total:int}" };
const http_schema oas_event_retry = { "EventRetry",
	"{id:id, requeued:int `failed deliveries made due now`}" };
const http_schema oas_test_clock = { "TestClock",
	"{enabled:bool, offset_seconds:int, now:datetime, today:date}" };
const http_schema oas_test_fault = { "TestFault",
	"{"
		"enabled:bool, "
		"left:int `storage calls before the fault fires`, "
		"fired:int `faults fired so far`}" };
const http_schema oas_event = { "Event",
	"{"
		"id:id, "
		"type:str, "
		"subject_id:int `a row id; 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"payload:obj `the event payload: its keys depend on the event type`, "
		"published_by:str, "
		"created_at:datetime, "
		"status:enum(pending done failed), "
		"deliveries:[{"
			"subscriber:str, "
			"status:enum(pending done failed), "
			"attempts:int, "
			"last_error:str, "
			"next_attempt_at:datetime|null, "
			"done_at:datetime|null}]}" };
const http_schema oas_job = { "Job",
	"{"
		"name:str, "
		"title_zh:str, "
		"title_en:str, "
		"schedule:str, "
		"next_due:datetime, "
		"last_run_at:datetime|null, "
		"last_status:str|null, "
		"last_result:str, "
		"runs:int, "
		"running:bool}" };
const http_schema oas_person_row = { "PersonRow",
	"{"
		"id:id, "
		"name:str, "
		"id_number_masked:masked, "
		"sex:enum(M F), "
		"birth_date:date, "
		"age:int `age in whole years on the server date`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"disability_kind:str, "
		"disability_grade:int, "
		"death_date:date|null, "
		"household_id:int|null}" };
const http_schema oas_household_row = { "HouseholdRow",
	"{"
		"id:id, "
		"address:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"head_name:str, "
		"member_count:int, "
		"income_fen:fen, "
		"income_per_capita_fen:fen}" };
const http_schema oas_audit_record = { "AuditRecord",
	"{"
		"chain:str, "
		"seq:int, "
		"at_ms:int, "
		"at:datetime, "
		"login:str `a user login`, "
		"action:str, "
		"entity:str, "
		"entity_id:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"reason:str, "
		"detail:obj `what the action recorded: its keys depend on the action`}" };
const http_schema oas_screen_item = { "ScreenItem",
	"{"
		"id:id, "
		"household_id:int `a household of the registry (GET /api/v1/households/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"program:str, "
		"kind:enum(eligible_not_enrolled enrolled_not_eligible amount_changed), "
		"amount_fen:fen, "
		"enrolled_amount_fen:fen, "
		"failed:str, "
		"on_date:date, "
		"run_id:int `a row id; 0 when none`, "
		"status:enum(open done), "
		"disposition:str, "
		"note:str, "
		"handled_by:str, "
		"case_id:int|null, "
		"handled_at:datetime|null}" };
const http_schema oas_division_names = { "DivisionNames",
	"{names:map(str `the division's name; codes nobody has are left out`)}" };
const http_schema *const openapi_schemas_core[] = {
	&oas_calendar_years,
	&oas_calendar_years_put,
	&oas_open_api_document,
	&oas_session_post,
	&oas_session,
	&oas_session_delete,
	&oas_me_table_setting,
	&oas_export,
	&oas_divisions,
	&oas_division,
	&oas_persons,
	&oas_person,
	&oas_person_reveal_post,
	&oas_person_history,
	&oas_households,
	&oas_households_xlsx,
	&oas_persons_xlsx,
	&oas_household,
	&oas_household_history,
	&oas_stats_registry,
	&oas_users,
	&oas_users_post,
	&oas_user_patch,
	&oas_audit,
	&oas_audit_xlsx,
	&oas_audit_verify,
	&oas_audit_checkpoints,
	&oas_policy_programs,
	&oas_policy_program,
	&oas_policy_eval_post,
	&oas_policy_reload_post,
	&oas_screen_items,
	&oas_screen_items_xlsx,
	&oas_screen_item_work_post,
	&oas_screen_runs,
	&oas_screen_runs_post,
	&oas_jobs,
	&oas_events,
	&oas_event_retry,
	&oas_test_clock,
	&oas_test_fault,
	&oas_event,
	&oas_job,
	&oas_person_row,
	&oas_household_row,
	&oas_audit_record,
	&oas_screen_item,
	&oas_division_names,
	NULL
};

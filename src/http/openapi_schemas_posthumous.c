/* openapi_schemas_posthumous.c - the success responses of after a death (身后事) routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_posthumous_matters = { "PosthumousMatters",
	"{"
		"items:[{"
			"code:str, "
			"valid_from:date, "
			"kind:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"subscriber:str, "
			"deadline_days:int, "
			"basis:str}]}" };
const http_schema oas_posthumous_deaths_post = { "PosthumousDeathsPost",
	"{"
		"case_id:int `an assistance case (GET /api/v1/cases/{id}); 0 when none`, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"case_opened:bool, "
		"death_recorded:bool}" };
const http_schema oas_posthumous_deaths = { "PosthumousDeaths",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"death_date:date, "
		"cause_category:enum(disease natural accident other unknown), "
		"open_tasks:int, "
		"overdue_tasks:int, "
		"tasks:int, "
		"name:str, "
		"id_number_masked:masked, "
		"division_name:str `the division name`})" };
const http_schema oas_posthumous_death = { "PosthumousDeath",
	"{"
		"id:id, "
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"division_name:str `the division name`}, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"death_date:date, "
		"cause_category:enum(disease natural accident other unknown), "
		"place_kind:enum(hospital home elsewhere), "
		"place:str, "
		"opened_by:str, "
		"opened_at:int `Unix time, seconds`, "
		"reports:[{"
			"source:enum(hospital police family registry), "
			"reporter_name:str, "
			"reporter_id_number_masked:masked, "
			"reporter_relation:str, "
			"reporter_phone:str, "
			"documents:str, "
			"reported_by:str, "
			"reported_at:int `Unix time, seconds`}], "
		"internal:[{"
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"subscriber:str, "
			"status:str, "
			"attempts:int, "
			"last_error:str, "
			"done_at:int}], "
		"tasks:[{"
			"id:id, "
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"due_on:date, "
			"status:enum(open done), "
			"overdue:bool, "
			"done_on:str `a date YYYY-MM-DD; empty while there is none`, "
			"late:bool, "
			"receipt_ref:str, "
			"done_by:str, "
			"overdue_flagged_on:str `a date YYYY-MM-DD; empty while there is none`}], "
		"funeral:{"
			"id:id, "
			"home_id:int `a row id; 0 when none`, "
			"home_name:str, "
			"cremated_on:date, "
			"cremation_no:str, "
			"basic_fee_fen:fen, "
			"waived_fen:fen, "
			"payable_fen:fen, "
			"burial_kind:str, "
			"eco:bool, "
			"subsidy_fen:fen}|null, "
		"progress:{done:int, total:int, overdue:int, complete:bool}}" };
const http_schema oas_posthumous_cremations_post = { "PosthumousCremationsPost",
	"{"
		"id:id, "
		"home_id:int `a row id; 0 when none`, "
		"home_name:str, "
		"cremated_on:date, "
		"cremation_no:str, "
		"basic_fee_fen:fen, "
		"waived_fen:fen, "
		"payable_fen:fen, "
		"burial_kind:str, "
		"eco:bool, "
		"subsidy_fen:fen}" };
const http_schema oas_posthumous_death_task_receipt_post = { "PosthumousDeathTaskReceiptPost",
	"{id:id, status:str}" };
const http_schema oas_posthumous_progress_post = { "PosthumousProgressPost",
	"{"
		"deceased_name:str, "
		"death_date:date, "
		"internal:[{"
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"status:str, "
			"done_at:int}], "
		"tasks:[{"
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"due_on:date, "
			"status:str, "
			"overdue:bool, "
			"done_on:str `a date YYYY-MM-DD; empty while there is none`, "
			"late:bool}], "
		"progress:{done:int, total:int, overdue:int, complete:bool}}" };
const http_schema oas_public_posthumous_progress_post = { "PublicPosthumousProgressPost",
	"{"
		"case_no:int, "
		"internal:[{"
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"status:str, "
			"done_at:int}], "
		"tasks:[{"
			"code:str, "
			"department_zh:str, "
			"department_en:str, "
			"matter_zh:str, "
			"matter_en:str, "
			"due_on:date, "
			"status:str, "
			"overdue:bool, "
			"done_on:str `a date YYYY-MM-DD; empty while there is none`, "
			"late:bool, "
			"receipt_ref:str}], "
		"progress:{done:int, total:int, overdue:int, complete:bool}}" };
const http_schema oas_posthumous_funeral_homes = { "PosthumousFuneralHomes",
	"{"
		"items:[{"
			"id:id, "
			"name:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"address:str, "
			"phone:str}]}" };
const http_schema oas_posthumous_funeral_home_staff_post = { "PosthumousFuneralHomeStaffPost",
	"{home_id:int `a row id; 0 when none`, login:str `a user login`}" };
const http_schema oas_posthumous_cremations = { "PosthumousCremations",
	"{"
		"items:[{"
			"id:id, "
			"cremated_on:date, "
			"cremation_no:str, "
			"basic_fee_fen:fen, "
			"waived_fen:fen, "
			"burial_kind:str, "
			"eco:bool, "
			"subsidy_fen:fen, "
			"name:str, "
			"id_number_masked:masked}], "
		"total:int, "
		"page:int, "
		"page_size:int, "
		"home_id:int `a row id; 0 when none`}" };
const http_schema oas_posthumous_eco_burial = { "PosthumousEcoBurial",
	"{"
		"year:int, "
		"districts:[{code:str, name:str, funerals:int, eco:int, rate:num}], "
		"city:{funerals:int, eco:int, rate:num}, "
		"goal:num}" };
const http_schema *const openapi_schemas_posthumous[] = {
	&oas_posthumous_matters,
	&oas_posthumous_deaths_post,
	&oas_posthumous_deaths,
	&oas_posthumous_death,
	&oas_posthumous_cremations_post,
	&oas_posthumous_death_task_receipt_post,
	&oas_posthumous_progress_post,
	&oas_public_posthumous_progress_post,
	&oas_posthumous_funeral_homes,
	&oas_posthumous_funeral_home_staff_post,
	&oas_posthumous_cremations,
	&oas_posthumous_eco_burial,
	NULL
};

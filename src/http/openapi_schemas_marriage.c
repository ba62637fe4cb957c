/* openapi_schemas_marriage.c - the success responses of marriage registration routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_marriage_offices = { "MarriageOffices",
	"{items:[{code:str, name:str, address:str, slot_capacity:int}]}" };
const http_schema oas_marriage_office_slots = { "MarriageOfficeSlots",
	"{"
		"office_code:str, "
		"items:[{"
			"day:date, "
			"half:enum(am pm), "
			"workday:bool, "
			"capacity:int, "
			"booked:int, "
			"free:int}]}" };
const http_schema oas_marriage_appointments_post = { "MarriageAppointmentsPost",
	"{"
		"id:id, "
		"office_code:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"day:date, "
		"half:enum(am pm), "
		"kind:str, "
		"name_a:str, "
		"name_b:str, "
		"status:enum(booked confirmed cancelled no_show done), "
		"status_reason:str}" };
const http_schema oas_marriage_appointments = { "MarriageAppointments",
	"{"
		"items:[{"
			"id:id, "
			"office_code:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"day:date, "
			"half:enum(am pm), "
			"kind:str, "
			"name_a:str, "
			"name_b:str, "
			"status:enum(booked confirmed cancelled no_show done), "
			"status_reason:str}], "
		"total:int}" };
const http_schema oas_marriage_precheck_post = { "MarriagePrecheckPost",
	"{finding:str, field:str, message:str, message_zh:str}" };
const http_schema oas_marriage_marriage = { "MarriageMarriage",
	"{"
		"id:id, "
		"office_code:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"office_name:str, "
		"registered_on:date, "
		"certificate_no:str, "
		"man:{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked}, "
		"woman:{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked}, "
		"status:enum(registered divorced void revoked ended), "
		"status_reason:str, "
		"status_article:str, "
		"kinship_finding:str, "
		"ended_on:date|null, "
		"kinship_note:str, "
		"other_province:str, "
		"cross_province:bool, "
		"other_reference:str, "
		"registered_by_office:str, "
		"version:int `the record version: send it back with a change (a stale version is refused)`}" };
const http_schema oas_marriage_marriages = { "MarriageMarriages",
	"{"
		"items:[{"
			"id:id, "
			"office_code:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"office_name:str, "
			"registered_on:date, "
			"certificate_no:str, "
			"man:{"
				"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
				"name:str, "
				"id_number_masked:masked}, "
			"woman:{"
				"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
				"name:str, "
				"id_number_masked:masked}, "
			"status:enum(registered divorced void revoked ended), "
			"status_reason:str, "
			"status_article:str, "
			"kinship_finding:str, "
			"ended_on:date|null, "
			"kinship_note:str, "
			"other_province:str, "
			"cross_province:bool, "
			"other_reference:str, "
			"registered_by_office:str, "
			"version:int `the record version: send it back with a change (a stale version is refused)`}], "
		"total:int, "
		"page:int, "
		"page_size:int, "
		"citywide:bool}" };
const http_schema oas_marriage_marriage_reissue_post = { "MarriageMarriageReissuePost",
	"{marriage_id:int `a row id; 0 when none`, certificate_no:str}" };
const http_schema oas_marriage_certificate = { "MarriageCertificate",
	"file(application/pdf)" };
const http_schema oas_marriage_stats = { "MarriageStats",
	"{"
		"from:date, "
		"to:date, "
		"items:[{"
			"office_code:str, "
			"office_name:str, "
			"marriages:int, "
			"divorces:int, "
			"applications:int, "
			"pending:int, "
			"withdrawn:int, "
			"expired:int, "
			"appointments:int, "
			"no_shows:int}]}" };
const http_schema oas_marriage_divorce = { "MarriageDivorce",
	"{"
		"id:id, "
		"marriage_id:int `a row id; 0 when none`, "
		"office_code:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"applied_on:date, "
		"windows:{"
			"withdraw_from:date, "
			"withdraw_until:date, "
			"appear_from:date, "
			"appear_until:date, "
			"counting:str}, "
		"status:enum(applied withdrawn expired registered), "
		"phase:str, "
		"closed_on:date|null, "
		"certificate_no:str, "
		"close_reason:str, "
		"man_name:str, "
		"woman_name:str, "
		"man_id_number_masked:masked, "
		"woman_id_number_masked:masked, "
		"cross_province:bool, "
		"other_province:str, "
		"other_reference:str}" };
const http_schema oas_marriage_divorces = { "MarriageDivorces",
	"list({"
		"id:id, "
		"marriage_id:int `a row id; 0 when none`, "
		"office_code:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"applied_on:date, "
		"windows:{"
			"withdraw_from:date, "
			"withdraw_until:date, "
			"appear_from:date, "
			"appear_until:date, "
			"counting:str}, "
		"status:enum(applied withdrawn expired registered), "
		"phase:str, "
		"closed_on:date|null, "
		"certificate_no:str, "
		"close_reason:str, "
		"man_name:str, "
		"woman_name:str, "
		"man_id_number_masked:masked, "
		"woman_id_number_masked:masked, "
		"cross_province:bool, "
		"other_province:str, "
		"other_reference:str})" };
const http_schema oas_divorce_certificate = { "DivorceCertificate",
	"file(application/pdf)" };
const http_schema *const openapi_schemas_marriage[] = {
	&oas_marriage_offices,
	&oas_marriage_office_slots,
	&oas_marriage_appointments_post,
	&oas_marriage_appointments,
	&oas_marriage_precheck_post,
	&oas_marriage_marriage,
	&oas_marriage_marriages,
	&oas_marriage_marriage_reissue_post,
	&oas_marriage_certificate,
	&oas_marriage_stats,
	&oas_marriage_divorce,
	&oas_marriage_divorces,
	&oas_divorce_certificate,
	NULL
};

/* openapi_schemas_eldercare.c - the success responses of elderly care routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_eldercare_params = { "EldercareParams",
	"{"
		"items:[{"
			"name:str, "
			"label_zh:str, "
			"label_en:str, "
			"kind:str, "
			"rows:[{"
				"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
				"valid_from:date, "
				"value:str, "
				"source:str, "
				"set_by:str, "
				"set_at:int}], "
			"min?:int, "
			"max?:int}]}" };
const http_schema oas_eldercare_assessment_standard = { "EldercareAssessmentStandard",
	"{"
		"code:str, "
		"name_zh:str, "
		"max_total:int, "
		"grading:str, "
		"dimensions:[{code:str, name_zh:str, name_en:str, max:int}], "
		"items:[{code:str, dimension:str, name_zh:str, name_en:str, min:int, max:int}], "
		"levels:[{level:int, min_total:int, name_zh:str, name_en:str}], "
		"rules:[{"
			"code:str, "
			"kind:str, "
			"subject:str, "
			"value:int, "
			"level:int, "
			"name_zh:str, "
			"name_en:str}], "
		"grades:[{dimension:str, grade:int, expr:str}], "
		"combos:[{level:int, expr:str, name_zh:str}]}" };
const http_schema oas_eldercare_assessments_score_post = { "EldercareAssessmentsScorePost",
	"{"
		"standard:str, "
		"dimensions:[{code:str, name_zh:str, name_en:str, score:int, max:int, grade:int}], "
		"total:int, "
		"max_total:int, "
		"base_level:int, "
		"base_level_name_zh:str, "
		"base_level_name_en:str, "
		"level:int, "
		"level_name_zh:str, "
		"level_name_en:str, "
		"adjustments:[{rule:str, name_zh:str, name_en:str, from:int, to:int}], "
		"decided_by:str}" };
const http_schema oas_eldercare_assessments_due = { "EldercareAssessmentsDue",
	"{"
		"items:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked, "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"level:int, "
			"next_due:date, "
			"change_due:date|null, "
			"due_on:date, "
			"reason:str, "
			"overdue:bool}], "
		"total:int, "
		"page:int, "
		"page_size:int, "
		"by:date}" };
const http_schema oas_eldercare_person_assessments = { "EldercarePersonAssessments",
	"{"
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"deceased:bool}, "
		"current:{"
			"level:int, "
			"due_on:date, "
			"change_due_on:date|null, "
			"overdue:bool, "
			"due_reason:str, "
			"level_name_zh:str, "
			"level_name_en:str, "
			"assessment_id:int `a row id; 0 when none`, "
			"assessed_on:date}, "
		"items:[{"
			"id:id, "
			"standard:str, "
			"assessed_on:date, "
			"assessor:str, "
			"assessor2:str, "
			"location:str, "
			"purpose:enum(initial periodic change review), "
			"items:obj `score per item of the assessment standard, by item code`, "
			"conditions:obj `named conditions, each true or false`, "
			"dimensions:obj `score per dimension of the assessment standard`, "
			"total:int, "
			"base_level:int, "
			"level:int, "
			"level_name_zh:str, "
			"adjustments:[{rule:str, name_zh:str, name_en:str, from:int, to:int}], "
			"next_due:date, "
			"created_by:str, "
			"level_name_en:str}], "
		"changes:[{"
			"address?:{new:str, old:str}, "
			"phone?:{new:str, old:str}, "
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
				"old:any}}]}" };
const http_schema oas_eldercare_person_assessments_post = { "EldercarePersonAssessmentsPost",
	"{"
		"standard:str, "
		"dimensions:[{code:str, name_zh:str, name_en:str, score:int, max:int, grade?:int}], "
		"total:int, "
		"max_total:int, "
		"base_level:int, "
		"base_level_name_zh:str, "
		"base_level_name_en:str, "
		"level:int, "
		"level_name_zh:str, "
		"level_name_en:str, "
		"adjustments:[{rule:str, name_zh:str, name_en:str, from:int, to:int}], "
		"decided_by?:str, "
		"next_due:date, "
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"assessed_on:date}" };
const http_schema oas_eldercare_person_assessment_changes_post = { "EldercarePersonAssessmentChangesPost",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"reported_on:date, "
		"due_on:date, "
		"description:str}" };
const http_schema oas_eldercare_person_categories = { "EldercarePersonCategories",
	"{"
		"items:[{"
			"id:id, "
			"category:enum(tekun_dispersed tekun_centralized dibao low_income youfu special_family), "
			"category_zh:str, "
			"valid_from:date, "
			"valid_to:str|null `the last day (YYYY-MM-DD); empty or null while the category holds`, "
			"source:str, "
			"note:str, "
			"recorded_by:str `a user login`}]}" };
const http_schema oas_eldercare_person_categories_post = { "EldercarePersonCategoriesPost",
	"{"
		"items:[{"
			"id:id, "
			"category:enum(tekun_dispersed tekun_centralized dibao low_income youfu special_family), "
			"category_zh:str, "
			"valid_from:date, "
			"valid_to:{type:str, format:str}|null, "
			"source:str, "
			"note:str, "
			"recorded_by:str}]}" };
const http_schema oas_eldercare_category_end = { "EldercareCategoryEnd",
	"{id:id, valid_to:date}" };
const http_schema oas_eldercare_person_cards_post = { "EldercarePersonCardsPost",
	"{"
		"code:str, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"issued_on:date}" };
const http_schema oas_eldercare_person_card_pdf = { "EldercarePersonCardPdf",
	"file(application/pdf)" };
const http_schema oas_eldercare_person_assessment_report = { "EldercarePersonAssessmentReport",
	"file(application/pdf)" };
const http_schema oas_eldercare_person_meals = { "EldercarePersonMeals",
	"{"
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"deceased:bool}, "
		"month:month, "
		"items:[{"
			"id:id, "
			"served_on:date, "
			"slot:enum(breakfast lunch dinner), "
			"mode:enum(dine_in delivery), "
			"canteen:str `the canteen name`, "
			"tier:enum(hardship age_high age_min none), "
			"price_fen:fen, "
			"subsidy_fen:fen, "
			"paid_fen:fen}]}" };
const http_schema oas_eldercare_providers = { "EldercareProviders",
	"list({"
		"id:id, "
		"name:str, "
		"kind:enum(canteen care_home home_care emergency_call mixed), "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"contact:str, "
		"phone:str, "
		"status:enum(active suspended), "
		"canteens:int, "
		"accounts:int})" };
const http_schema oas_eldercare_providers_post = { "EldercareProvidersPost",
	"{"
		"id:id, "
		"name:str, "
		"kind:enum(canteen care_home home_care emergency_call mixed), "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"contact:str, "
		"phone:str, "
		"status:enum(active suspended)}" };
const http_schema oas_eldercare_provider_users_post = { "EldercareProviderUsersPost",
	"{provider_id:int `a row id; 0 when none`, login:str `a user login`}" };
const http_schema oas_eldercare_canteens = { "EldercareCanteens",
	"list({"
		"id:id, "
		"provider_id:int `a row id; 0 when none`, "
		"provider_name:str, "
		"name:str, "
		"address:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"lat:num, "
		"lon:num, "
		"hours:str, "
		"capacity:int, "
		"delivery_radius_m:int, "
		"status:str})" };
const http_schema oas_eldercare_canteen = { "EldercareCanteen",
	"{"
		"id:id, "
		"provider_id:int `a row id; 0 when none`, "
		"provider_name:str, "
		"name:str, "
		"address:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`, "
		"lat:num, "
		"lon:num, "
		"hours:str, "
		"capacity:int, "
		"delivery_radius_m:int, "
		"status:str}" };
const http_schema oas_eldercare_canteen_checkins_post = { "EldercareCanteenCheckinsPost",
	"{"
		"id:id, "
		"canteen_id:int `a row id; 0 when none`, "
		"canteen_name:str, "
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"deceased:bool}, "
		"served_on:date, "
		"slot:enum(breakfast lunch dinner), "
		"mode:enum(dine_in delivery), "
		"tier:enum(hardship age_high age_min none), "
		"category:str, "
		"price_fen:fen, "
		"subsidy_fen:fen, "
		"paid_fen:fen, "
		"city_fen:fen, "
		"district_fen:fen, "
		"town_fen:fen, "
		"cross_town:bool, "
		"cross_district:bool, "
		"categories:str, "
		"note?:{en:str, zh:str}, "
		"subsidy_age?:int}" };
const http_schema oas_eldercare_meal_cancel_post = { "EldercareMealCancelPost",
	"{id:id, cancelled:bool}" };
const http_schema oas_eldercare_meal_patch = { "EldercareMealPatch",
	"{id:id, corrected:bool}" };
const http_schema oas_eldercare_canteen_meals = { "EldercareCanteenMeals",
	"{"
		"items:[{"
			"id:id, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked, "
			"slot:enum(breakfast lunch dinner), "
			"mode:enum(dine_in delivery), "
			"method:enum(id_number card), "
			"tier:enum(hardship age_high age_min none), "
			"category:str, "
			"price_fen:fen, "
			"subsidy_fen:fen, "
			"paid_fen:fen, "
			"cross_town:bool, "
			"cross_district:bool, "
			"at:datetime, "
			"by:str}], "
		"totals:{"
			"meals:int, "
			"subsidised:int, "
			"price_fen:fen, "
			"subsidy_fen:fen, "
			"paid_fen:fen, "
			"delivery:int}, "
		"day:date, "
		"total:int, "
		"page:int, "
		"page_size:int}" };
const http_schema oas_eldercare_canteen_meals_xlsx = { "EldercareCanteenMealsXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_eldercare_canteen_settlements_post = { "EldercareCanteenSettlementsPost",
	"{"
		"canteen_id:int `a row id; 0 when none`, "
		"canteen_name:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"month:month, "
		"meals:int, "
		"subsidised_meals:int, "
		"price_fen:fen, "
		"subsidy_fen:fen, "
		"paid_fen:fen, "
		"city_fen:fen, "
		"district_fen:fen, "
		"town_fen:fen, "
		"detail:obj `what the action recorded: its keys depend on the action`, "
		"status:enum(draft confirmed), "
		"computed_by:str, "
		"computed_at:datetime, "
		"confirmed_by:str, "
		"confirmed_at:datetime|null}" };
const http_schema oas_eldercare_settlements = { "EldercareSettlements",
	"{"
		"items:[{"
			"canteen_id:int `a row id; 0 when none`, "
			"canteen_name:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"month:month, "
			"meals:int, "
			"subsidised_meals:int, "
			"price_fen:fen, "
			"subsidy_fen:fen, "
			"paid_fen:fen, "
			"city_fen:fen, "
			"district_fen:fen, "
			"town_fen:fen, "
			"detail:obj `what the action recorded: its keys depend on the action`, "
			"status:enum(draft confirmed), "
			"computed_by:str, "
			"computed_at:datetime, "
			"confirmed_by:str, "
			"confirmed_at:datetime|null}], "
		"total:int, "
		"totals:{"
			"meals:int, "
			"subsidy_fen:fen, "
			"paid_fen:fen, "
			"city_fen:fen, "
			"district_fen:fen, "
			"town_fen:fen}, "
		"month:month, "
		"page:int, "
		"page_size:int}" };
const http_schema oas_eldercare_meal_anomalies = { "EldercareMealAnomalies",
	"{"
		"month:month, "
		"max_meals_per_day:int, "
		"refused:[{"
			"id:id, "
			"kind:str, "
			"served_on:date, "
			"slot:enum(breakfast lunch dinner), "
			"detail:str, "
			"canteen_id:int `a row id; 0 when none`, "
			"canteen_name:str, "
			"person_id:int|null, "
			"name:str|null, "
			"at:datetime}], "
		"many_meals:[any], "
		"after_death:[{"
			"kind:str, "
			"meal_id:int `a row id; 0 when none`, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"death_date:date, "
			"served_on:date, "
			"canteen_id:int `a row id; 0 when none`, "
			"canteen_name:str, "
			"subsidy_fen:fen}]}" };
const http_schema oas_eldercare_coverage = { "EldercareCoverage",
	"{"
		"communities:int, "
		"reachable:int, "
		"canteens:int, "
		"elders_60_reached:int, "
		"elders_60_outside:int, "
		"items:[{"
			"code:str, "
			"name:str, "
			"lat:num, "
			"lon:num, "
			"elders_60:int, "
			"reachable:bool, "
			"reach_minutes:int, "
			"canteen_id:int `a row id; 0 when none`, "
			"canteen_name:str, "
			"straight_m:int, "
			"walk_m:int, "
			"walk_minutes:num}], "
		"outside:[{"
			"code:str, "
			"name:str, "
			"lat:num, "
			"lon:num, "
			"elders_60:int, "
			"reachable:bool, "
			"reach_minutes:int, "
			"canteen_id:int `a row id; 0 when none`, "
			"canteen_name:str, "
			"straight_m:int, "
			"walk_m:int, "
			"walk_minutes:num}], "
		"by_district:map({"
			"communities:int, "
			"reachable:int, "
			"elders_60:int, "
			"elders_60_outside:int})}" };
const http_schema oas_eldercare_call_subscribers = { "EldercareCallSubscribers",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"provider_id:int|null, "
		"device_code:str, "
		"device_kind:enum(landline pendant watch app), "
		"subsidy_category:enum(cat1 cat2 none), "
		"fee_fen:fen, "
		"subsidy_fen:fen, "
		"daily_checkin:bool, "
		"status:enum(active ended), "
		"started_on:date, "
		"ended_on:any, "
		"name:str, "
		"id_number_masked:masked})" };
const http_schema oas_eldercare_call_subscriber = { "EldercareCallSubscriber",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"provider_id:int|null, "
		"device_code:str, "
		"device_kind:enum(landline pendant watch app), "
		"subsidy_category:enum(cat1 cat2 none), "
		"fee_fen:fen, "
		"subsidy_fen:fen, "
		"daily_checkin:bool, "
		"status:enum(active ended), "
		"started_on:date, "
		"ended_on:date|null, "
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"deceased:bool}, "
		"contacts:[{ord:int, name:str, phone:str, relation:str}]}" };
const http_schema oas_eldercare_calls = { "EldercareCalls",
	"{"
		"items:[{"
			"id:id, "
			"subscriber_id:int `a row id; 0 when none`, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"kind:enum(emergency consultation checkin), "
			"received_at:int `Unix time, seconds`, "
			"status:enum(open dispatched closed), "
			"dispatch_to:enum(contact community_worker emergency_service)|null, "
			"dispatched_at:int|null `Unix time, seconds`, "
			"response_s:int|null, "
			"closure_s:int|null, "
			"name:str, "
			"location:str, "
			"summary:str}], "
		"page:int, "
		"page_size:int, "
		"has_more:bool}" };
const http_schema oas_eldercare_calls_xlsx = { "EldercareCallsXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_eldercare_calls_post = { "EldercareCallsPost",
	"{"
		"id:id, "
		"subscriber_id:int `a row id; 0 when none`, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"kind:enum(emergency consultation checkin), "
		"received_at:int `Unix time, seconds`, "
		"day:date, "
		"location:str, "
		"summary:str, "
		"status:enum(open dispatched closed), "
		"dispatch_to:enum(contact community_worker emergency_service)|null, "
		"dispatch_note:str, "
		"dispatched_at:int|null `Unix time, seconds`, "
		"responded_at:int|null `Unix time, seconds`, "
		"closed_at:int|null `Unix time, seconds`, "
		"outcome:str, "
		"name:str, "
		"device_code:str, "
		"lat?:num, "
		"lon?:num, "
		"response_s:int|null, "
		"closure_s:int|null}" };
const http_schema oas_eldercare_calls_board = { "EldercareCallsBoard",
	"{"
		"now:int, "
		"response_target_s:int, "
		"open:int, "
		"overdue:int, "
		"calls:[{"
			"id:id, "
			"subscriber_id:int `a row id; 0 when none`, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"kind:str, "
			"received_at:int `Unix time, seconds`, "
			"status:str, "
			"dispatch_to:enum(contact community_worker emergency_service)|null, "
			"dispatched_at:int|null `Unix time, seconds`, "
			"response_s:int|null, "
			"closure_s:int|null, "
			"name:str, "
			"location:str, "
			"summary:str, "
			"waiting_s:int, "
			"overdue:bool}], "
		"alerts:[{"
			"id:id, "
			"subscriber_id:int `a row id; 0 when none`, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"day:date, "
			"name:str}]}" };
const http_schema oas_eldercare_call = { "EldercareCall",
	"{"
		"id:id, "
		"subscriber_id:int `a row id; 0 when none`, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"kind:enum(emergency consultation checkin), "
		"received_at:int `Unix time, seconds`, "
		"day:date, "
		"location:str, "
		"summary:str, "
		"status:enum(open dispatched closed), "
		"dispatch_to:enum(contact community_worker emergency_service)|null, "
		"dispatch_note:str, "
		"dispatched_at:int|null `Unix time, seconds`, "
		"responded_at:int|null `Unix time, seconds`, "
		"closed_at:int|null, "
		"outcome:str, "
		"name:str, "
		"device_code:str, "
		"response_s:int|null, "
		"closure_s:int|null}" };
const http_schema oas_eldercare_call_alerts_sweep_post = { "EldercareCallAlertsSweepPost",
	"{day:date, checked:int, raised:int}" };
const http_schema oas_eldercare_call_alerts = { "EldercareCallAlerts",
	"{"
		"items:[{"
			"id:id, "
			"subscriber_id:int `a row id; 0 when none`, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"day:date, "
			"status:enum(open closed), "
			"raised_at:int `Unix time, seconds`, "
			"closed_by:str, "
			"note:str, "
			"name:str}], "
		"page:int, "
		"page_size:int}" };
const http_schema oas_eldercare_call_alert_close_post = { "EldercareCallAlertClosePost",
	"{id:id, status:enum(open closed)}" };
const http_schema oas_eldercare_homes = { "EldercareHomes",
	"{"
		"items:[{"
			"id:id, "
			"name:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"address:str, "
			"beds_total:int, "
			"provider_id:int|null, "
			"queue_length:int}]}" };
const http_schema oas_eldercare_homes_post = { "EldercareHomesPost",
	"{"
		"id:id, "
		"name:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"beds_total:int}" };
const http_schema oas_eldercare_home_queue = { "EldercareHomeQueue",
	"{"
		"home_id:int `a row id; 0 when none`, "
		"items:[{"
			"position:int, "
			"status?:enum(waiting offered admitted withdrawn), "
			"key?:{"
				"applied_on:date, "
				"birth_date:date, "
				"category:str, "
				"category_rank:int, "
				"level:int, "
				"special_family:bool, "
				"youfu:bool}, "
			"application_id?:int `a row id; 0 when none`, "
			"division_code?:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"name?:str, "
			"id_number_masked?:masked, "
			"masked?:bool}]}" };
const http_schema oas_eldercare_home_queue_xlsx = { "EldercareHomeQueueXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_eldercare_home_requeue = { "EldercareHomeRequeue",
	"{moved:int `applications whose queue position changed`}" };
const http_schema oas_eldercare_home_vacancies_post = { "EldercareHomeVacanciesPost",
	"{"
		"id:id, "
		"home_id:int `a row id; 0 when none`, "
		"freed_on:date, "
		"status:enum(open filled unfilled), "
		"offer:{"
			"id:id, "
			"vacancy_id:int `a row id; 0 when none`, "
			"home_id:int `a row id; 0 when none`, "
			"application_id:int `a row id; 0 when none`, "
			"offered_at:int `Unix time, seconds`, "
			"deadline_at:int `Unix time, seconds`, "
			"status:str, "
			"decided_by:str}}" };
const http_schema oas_eldercare_wait_application = { "EldercareWaitApplication",
	"{"
		"id:id, "
		"status:enum(waiting offered admitted withdrawn), "
		"person:{"
			"id:id, "
			"name:str, "
			"id_number_masked:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"deceased:bool}, "
		"homes:[{"
			"home_id:int `a row id; 0 when none`, "
			"choice:int, "
			"name:str, "
			"position:int|null, "
			"queue_length:int, "
			"key:{"
				"applied_on:date, "
				"birth_date:date, "
				"category:str, "
				"category_rank:int, "
				"level:int, "
				"special_family:bool, "
				"youfu:bool}|null}], "
		"applied_on:date, "
		"offers:[{"
			"id:id, "
			"vacancy_id:int `a row id; 0 when none`, "
			"home_id:int `a row id; 0 when none`, "
			"offered_at:int `Unix time, seconds`, "
			"deadline_at:int `Unix time, seconds`, "
			"status:enum(open accepted declined expired)}], "
		"events:[{"
			"id:id, "
			"home_id:int `a row id; 0 when none`, "
			"at:int, "
			"event:str, "
			"old_position:int|null, "
			"new_position:int|null, "
			"explanation:{"
				"cause:str, "
				"en:str, "
				"key?:{"
					"applied_on:date, "
					"birth_date:date, "
					"category:str, "
					"category_rank:int, "
					"level:int, "
					"special_family:bool, "
					"youfu:bool}, "
				"zh:str, "
				"vacancy_id?:int `a row id; 0 when none`, "
				"position?:int}, "
			"by:str}]}" };
const http_schema oas_eldercare_offer_decide_post = { "EldercareOfferDecidePost",
	"{"
		"id:id, "
		"home_id:int `a row id; 0 when none`, "
		"freed_on:date, "
		"status:str, "
		"offer:{"
			"id:id, "
			"vacancy_id:int `a row id; 0 when none`, "
			"home_id:int `a row id; 0 when none`, "
			"application_id:int `a row id; 0 when none`, "
			"offered_at:int `Unix time, seconds`, "
			"deadline_at:int `Unix time, seconds`, "
			"status:str, "
			"decided_by:str}, "
		"decided_offer:{"
			"id:id, "
			"vacancy_id:int `a row id; 0 when none`, "
			"home_id:int `a row id; 0 when none`, "
			"application_id:int `a row id; 0 when none`, "
			"offered_at:int `Unix time, seconds`, "
			"deadline_at:int `Unix time, seconds`, "
			"status:str, "
			"decided_by:str}}" };
const http_schema oas_eldercare_offers_expire_post = { "EldercareOffersExpirePost",
	"{expired:int, reoffered:int}" };
const http_schema oas_eldercare_visits_post = { "EldercareVisitsPost",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"visited_on:date, "
		"month:month, "
		"visitor_kind:enum(community_worker volunteer), "
		"visitor:str, "
		"needs_followup:bool}" };
const http_schema oas_eldercare_visits_due = { "EldercareVisitsDue",
	"{"
		"month:month, "
		"items:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"id_number_masked:masked, "
			"birth_date:date, "
			"age:int `age in whole years on the server date`, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"why:[str], "
			"visits:int, "
			"last_visit:date|null}], "
		"total:int, "
		"page:int, "
		"page_size:int, "
		"has_more:bool}" };
const http_schema oas_eldercare_visits_due_xlsx = { "EldercareVisitsDueXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_eldercare_visits_rates = { "EldercareVisitsRates",
	"{"
		"month:month, "
		"items:[{"
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"name:str, "
			"due:int, "
			"visited:int, "
			"rate_permille:int}], "
		"due:int, "
		"visited:int, "
		"rate_permille:int, "
		"target_permille:int}" };
const http_schema oas_eldercare_home_beds = { "EldercareHomeBeds",
	"{"
		"items:[{"
			"id:id, "
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"name:str, "
			"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
			"provider_id:int `a row id; 0 when none`, "
			"contract_no:str, "
			"level:int, "
			"services:[str], "
			"visits_per_week:int, "
			"start_on:date}], "
		"page:int, "
		"page_size:int}" };
const http_schema oas_eldercare_home_beds_post = { "EldercareHomeBedsPost",
	"{"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"provider_id:int `a row id; 0 when none`, "
		"contract_no:str, "
		"level:int, "
		"services:[str], "
		"visits_per_week:int, "
		"start_on:date}" };
const http_schema oas_eldercare_home_bed_end_post = { "EldercareHomeBedEndPost",
	"{id:id, status:str, end_on:date}" };
const http_schema oas_eldercare_home_beds_missing = { "EldercareHomeBedsMissing",
	"{"
		"items:[{"
			"bed_id:int `a row id; 0 when none`, "
			"name:str, "
			"contract_no:str, "
			"week_start:date, "
			"week_end:date, "
			"planned:int, "
			"done:int, "
			"missing:int}], "
		"grace_days:int}" };
const http_schema oas_eldercare_home_bed_visits_post = { "EldercareHomeBedVisitsPost",
	"{"
		"id:id, "
		"bed_id:int `a row id; 0 when none`, "
		"day:date, "
		"started_at:int `Unix time, seconds`, "
		"ended_at:int `Unix time, seconds`}" };
const http_schema oas_eldercare_dashboard = { "EldercareDashboard",
	"{"
		"month:month, "
		"days:int, "
		"districts:[{"
			"code:str, "
			"name:str, "
			"meals:int, "
			"meals_per_day:num, "
			"subsidy_fen:fen, "
			"emergency_calls:int, "
			"responded:int, "
			"avg_response_s:int|null, "
			"waiting:int, "
			"visits_due:int, "
			"visits_done:int, "
			"visit_rate_permille:int}], "
		"daily:[{day:date, meals:int}]}" };
const http_schema oas_eldercare_dashboard_xlsx = { "EldercareDashboardXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema *const openapi_schemas_eldercare[] = {
	&oas_eldercare_params,
	&oas_eldercare_assessment_standard,
	&oas_eldercare_assessments_score_post,
	&oas_eldercare_assessments_due,
	&oas_eldercare_person_assessments,
	&oas_eldercare_person_assessments_post,
	&oas_eldercare_person_assessment_changes_post,
	&oas_eldercare_person_categories,
	&oas_eldercare_person_categories_post,
	&oas_eldercare_category_end,
	&oas_eldercare_person_cards_post,
	&oas_eldercare_person_card_pdf,
	&oas_eldercare_person_assessment_report,
	&oas_eldercare_person_meals,
	&oas_eldercare_providers,
	&oas_eldercare_providers_post,
	&oas_eldercare_provider_users_post,
	&oas_eldercare_canteens,
	&oas_eldercare_canteen,
	&oas_eldercare_canteen_checkins_post,
	&oas_eldercare_meal_cancel_post,
	&oas_eldercare_meal_patch,
	&oas_eldercare_canteen_meals,
	&oas_eldercare_canteen_meals_xlsx,
	&oas_eldercare_canteen_settlements_post,
	&oas_eldercare_settlements,
	&oas_eldercare_meal_anomalies,
	&oas_eldercare_coverage,
	&oas_eldercare_call_subscribers,
	&oas_eldercare_call_subscriber,
	&oas_eldercare_calls,
	&oas_eldercare_calls_xlsx,
	&oas_eldercare_calls_post,
	&oas_eldercare_calls_board,
	&oas_eldercare_call,
	&oas_eldercare_call_alerts_sweep_post,
	&oas_eldercare_call_alerts,
	&oas_eldercare_call_alert_close_post,
	&oas_eldercare_homes,
	&oas_eldercare_homes_post,
	&oas_eldercare_home_queue,
	&oas_eldercare_home_queue_xlsx,
	&oas_eldercare_home_requeue,
	&oas_eldercare_home_vacancies_post,
	&oas_eldercare_wait_application,
	&oas_eldercare_offer_decide_post,
	&oas_eldercare_offers_expire_post,
	&oas_eldercare_visits_post,
	&oas_eldercare_visits_due,
	&oas_eldercare_visits_due_xlsx,
	&oas_eldercare_visits_rates,
	&oas_eldercare_home_beds,
	&oas_eldercare_home_beds_post,
	&oas_eldercare_home_bed_end_post,
	&oas_eldercare_home_beds_missing,
	&oas_eldercare_home_bed_visits_post,
	&oas_eldercare_dashboard,
	&oas_eldercare_dashboard_xlsx,
	NULL
};

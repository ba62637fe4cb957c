/* openapi_schemas_hall.c - the success responses of the data hall routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_hall = { "Hall",
	"{"
		"division:{code:str, name:str, level:int}, "
		"path:[{code:str, name:str, level:int}], "
		"as_of:date|null `null before the hall was first computed`, "
		"children:[{code:str, name:str, level:int}], "
		"indicators:[{"
			"key:str, "
			"group:str, "
			"label_zh:str, "
			"label_en:str, "
			"unit:str, "
			"unit_zh:str, "
			"list_path:str, "
			"better:int, "
			"num:int|null `null before the figure was first computed`, "
			"den:int|null, "
			"value:num|null, "
			"computed_at:int|null `Unix time, seconds`, "
			"age_seconds:int|null, "
			"children:[{code:str, num:int|null, den:int|null, value:num|null}]}]}" };
const http_schema oas_hall_indicators = { "HallIndicators",
	"{items:[{key:str, label_zh:str, label_en:str}]}" };
const http_schema oas_hall_export = { "HallExport",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet text/csv)" };
const http_schema oas_hall_trend = { "HallTrend",
	"{"
		"indicator:{"
			"key:str, "
			"group:str, "
			"label_zh:str, "
			"label_en:str, "
			"unit:str, "
			"unit_zh:str, "
			"list_path:str, "
			"better:int}, "
		"division:{code:str, name:str, level:int}, "
		"points:[{month:month, as_of:date, num:int, den:int, value:int}]}" };
const http_schema *const openapi_schemas_hall[] = {
	&oas_hall,
	&oas_hall_indicators,
	&oas_hall_export,
	&oas_hall_trend,
	NULL
};

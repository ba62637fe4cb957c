/* openapi_schemas.c - the tables of declared response schemas, one per
 * domain, that /api/openapi.json publishes (openapi.c). */
#include "http/openapi_schemas.h"

const http_schema *const *const openapi_schema_tables[] = {
	openapi_schemas_assistance,
	openapi_schemas_deliberation,
	openapi_schemas_eldercare,
	openapi_schemas_marriage,
	openapi_schemas_posthumous,
	openapi_schemas_safetynet,
	openapi_schemas_volunteer,
	openapi_schemas_core,
	openapi_schemas_hall,
	openapi_schemas_notices,
	NULL
};

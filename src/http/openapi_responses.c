/* openapi_responses.c - the response bodies /api/openapi.json describes in
 * full: the shapes integrators read most (divisions, persons, households,
 * the session), written once here as JSON Schema and named in
 * components.schemas. Every other route answers the general shape its form
 * implies (openapi.c: a list envelope for routes that page, a file for the
 * exports, else a JSON object), marked x-response-declared false. */
#include <string.h>

#include "http/openapi_responses.h"

/* The schemas, as JSON text: parsed once per document. */
static const char schemas_json[] =
	"{"
	"\"Division\":{\"type\":\"object\",\"required\":[\"code\",\"name\",\"level\"],\"properties\":{"
	"\"code\":{\"type\":\"string\",\"pattern\":\"^[0-9]{2,12}$\"},\"name\":{\"type\":\"string\"},"
	"\"level\":{\"type\":\"integer\",\"description\":\"1 province ... 5 community\"},"
	"\"parent\":{\"type\":\"string\"},\"historical\":{\"type\":\"boolean\"},"
	"\"has_children\":{\"type\":\"boolean\"}}},"
	"\"DivisionList\":{\"type\":\"object\",\"required\":[\"items\"],\"properties\":{"
	"\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Division\"}}}},"
	"\"DivisionNames\":{\"type\":\"object\",\"required\":[\"names\"],\"properties\":{"
	"\"names\":{\"type\":\"object\",\"description\":\"division code -> name; unknown codes left out\","
	"\"additionalProperties\":{\"type\":\"string\"}}}},"
	"\"Person\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"id_number_masked\"],\"properties\":{"
	"\"id\":{\"type\":\"integer\",\"format\":\"int64\"},\"name\":{\"type\":\"string\"},"
	"\"id_number_masked\":{\"type\":\"string\",\"description\":\"the citizen ID with its middle masked; "
	"POST /persons/{id}/reveal with a reason gives the full number\"},"
	"\"sex\":{\"type\":\"string\",\"enum\":[\"M\",\"F\"]},\"birth_date\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"age\":{\"type\":\"integer\"},\"division_code\":{\"type\":\"string\"},\"division_name\":{\"type\":\"string\"},"
	"\"disability_kind\":{\"type\":\"string\"},\"disability_grade\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":4},"
	"\"death_date\":{\"type\":\"string\",\"format\":\"date\",\"nullable\":true},"
	"\"household_id\":{\"type\":\"integer\",\"format\":\"int64\",\"nullable\":true},"
	"\"address\":{\"type\":\"string\"},\"phone\":{\"type\":\"string\"},\"hukou\":{\"type\":\"string\"},"
	"\"marital_status\":{\"type\":\"string\"},"
	"\"flags\":{\"type\":\"string\",\"description\":\"comma-separated marks: living_alone, empty_nest, "
	"special_family, veteran, full_time_student, in_prison, in_rehab, missing, religious_apart\"},"
	"\"version\":{\"type\":\"integer\",\"description\":\"send it back with a change\"},"
	"\"household\":{\"type\":\"object\",\"nullable\":true,\"properties\":{"
	"\"id\":{\"type\":\"integer\",\"format\":\"int64\"},\"relation\":{\"type\":\"string\"}}}}},"
	"\"HouseholdMember\":{\"type\":\"object\",\"required\":[\"person_id\",\"name\",\"relation\"],\"properties\":{"
	"\"person_id\":{\"type\":\"integer\",\"format\":\"int64\"},\"name\":{\"type\":\"string\"},"
	"\"id_number_masked\":{\"type\":\"string\"},\"relation\":{\"type\":\"string\"},"
	"\"sex\":{\"type\":\"string\",\"enum\":[\"M\",\"F\"]},\"birth_date\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"age\":{\"type\":\"integer\",\"description\":\"-1 when the birth date is unknown\"},"
	"\"joined_on\":{\"type\":\"string\",\"format\":\"date\"},"
	"\"death_date\":{\"type\":\"string\",\"format\":\"date\",\"nullable\":true},"
	"\"disability_kind\":{\"type\":\"string\"},\"disability_grade\":{\"type\":\"integer\"},"
	"\"income_fen\":{\"type\":\"integer\",\"description\":\"declared monthly income, fen\"},"
	"\"flags\":{\"type\":\"string\",\"description\":\"the member's marks, as on Person\"},"
	"\"version\":{\"type\":\"integer\",\"description\":\"the person's version, for PATCH /persons/{id}\"}}},"
	"\"Household\":{\"type\":\"object\",\"required\":[\"id\",\"members\",\"version\"],\"properties\":{"
	"\"id\":{\"type\":\"integer\",\"format\":\"int64\"},\"address\":{\"type\":\"string\"},"
	"\"division_code\":{\"type\":\"string\"},\"division_name\":{\"type\":\"string\"},"
	"\"members\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/HouseholdMember\"}},"
	"\"version\":{\"type\":\"integer\"},\"income_fen\":{\"type\":\"integer\"},"
	"\"income_per_capita_fen\":{\"type\":\"integer\",\"description\":\"rounded down to the fen\"}}},"
	"\"Session\":{\"type\":\"object\",\"properties\":{"
	"\"user\":{\"type\":\"object\",\"properties\":{\"login\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
	"\"role\":{\"type\":\"string\"},\"scope_code\":{\"type\":\"string\"},\"scope_name\":{\"type\":\"string\"}}},"
	"\"csrf_token\":{\"type\":\"string\",\"description\":\"cookie sessions: send as X-CSRF-Token\"},"
	"\"token\":{\"type\":\"string\",\"description\":\"bearer sessions: send as Authorization: Bearer\"}}}"
	"}";

static const struct {
	const char *method, *pattern, *schema;
} declared[] = {
	{ "GET", "/api/v1/divisions", "DivisionList" },
	{ "GET", "/api/v1/divisions/:code", "Division" },
	{ "GET", "/api/v1/division-names", "DivisionNames" },
	{ "GET", "/api/v1/persons/:id", "Person" },
	{ "POST", "/api/v1/persons", "Person" },
	{ "PATCH", "/api/v1/persons/:id", "Person" },
	{ "GET", "/api/v1/households/:id", "Household" },
	{ "POST", "/api/v1/session", "Session" },
	{ "GET", "/api/v1/session", "Session" },
};

const char *openapi_response_schema(const char *method, const char *pattern)
{
	for (size_t i = 0; i < sizeof(declared) / sizeof(declared[0]); i++)
		if (!strcmp(declared[i].method, method) && !strcmp(declared[i].pattern, pattern))
			return declared[i].schema;
	return NULL;
}

json_t *openapi_response_components(void)
{
	return json_loads(schemas_json, 0, NULL);
}

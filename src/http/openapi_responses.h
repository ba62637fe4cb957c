/* openapi_responses.h - response bodies described in full in the OpenAPI
 * document (see openapi_responses.c). */
#ifndef MZ_HTTP_OPENAPI_RESPONSES_H
#define MZ_HTTP_OPENAPI_RESPONSES_H

#include <jansson.h>

/* The components.schemas name of a route's response body, or NULL when the
 * route answers only the general shape of its form. */
const char *openapi_response_schema(const char *method, const char *pattern);
/* The declared schemas, to merge into components.schemas (new reference). */
json_t *openapi_response_components(void);

#endif

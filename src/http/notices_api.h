/* notices_api.h - the bell's routes (http/api_notices.c), one line in
 * domain_tables[] of http/routes.c. */
#ifndef MZ_NOTICES_API_H
#define MZ_NOTICES_API_H

#include "http/server.h"

extern const http_route notices_routes[];

#endif

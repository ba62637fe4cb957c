/* hall_api.h - the monitoring hall's routes (http/api_hall.c), one line in
 * domain_tables[] of http/routes.c. */
#ifndef MZ_HALL_API_H
#define MZ_HALL_API_H

#include "http/server.h"

extern const http_route hall_routes[];

#endif

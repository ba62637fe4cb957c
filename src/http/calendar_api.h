/* calendar_api.h - the working-day calendar's year schedules over HTTP
 * (http/api_calendar.c), one line in domain_tables[] of http/routes.c. */
#ifndef MZ_CALENDAR_API_H
#define MZ_CALENDAR_API_H

#include "http/server.h"

extern const http_route calendar_routes[];

#endif

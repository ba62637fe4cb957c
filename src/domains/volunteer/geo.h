/* geo.h - check-in by location: a volunteer's reported position (the
 * phone's geolocation) against the place of an activity or an order, within
 * the radius in force (vol_params checkin.radius_m, dated). */
#ifndef MZ_VOL_GEO_H
#define MZ_VOL_GEO_H

#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* A point in millionths of a degree (WGS-84, as a browser reports it). */
typedef struct vol_point {
	int known; /* 0: no point (a place never located, a position not sent) */
	int lat_e6, lon_e6;
} vol_point;

/* Great-circle distance in metres between two points (haversine on the
 * mean Earth radius: within a metre at a city's scale). */
double vol_distance_m(int lat1_e6, int lon1_e6, int lat2_e6, int lon2_e6);

/* How a check-in or check-out proves the volunteer is at the place: the
 * place's code (its QR code, the resident's slip) or a position. code
 * given: it must match place_code. Else a position: the place must be
 * located and the position within the radius in force today. Neither:
 * refused, naming "code". *distance_m gets the distance (-1 without a
 * position). MZ_EINVAL naming the field with the distance and the radius
 * in the message. */
int vol_presence_check(store_conn *c, const char *code, const char *place_code,
		       const vol_point *place, const vol_point *pos, int64_t *distance_m,
		       mz_err *e);

#endif

/* geo.c - check-in by location (geo.h). */
#include <math.h>
#include <string.h>

#include "base/date.h"
#include "domains/volunteer/geo.h"
#include "domains/volunteer/volunteer.h"

#define EARTH_RADIUS_M 6371008.8
#define RAD_PER_E6 (M_PI / 180.0 / 1e6)

double vol_distance_m(int lat1_e6, int lon1_e6, int lat2_e6, int lon2_e6)
{
	double p1 = lat1_e6 * RAD_PER_E6, p2 = lat2_e6 * RAD_PER_E6;
	double dp = p2 - p1, dl = (lon2_e6 - lon1_e6) * RAD_PER_E6;
	double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	return 2 * EARTH_RADIUS_M * asin(sqrt(h < 1 ? h : 1));
}

int vol_presence_check(store_conn *c, const char *code, const char *place_code,
		       const vol_point *place, const vol_point *pos, int64_t *distance_m,
		       mz_err *e)
{
	int64_t radius = 0, d;

	*distance_m = -1;
	if (code && *code) {
		if (strcmp(code, place_code))
			return mz_fail(e, MZ_EINVAL, "code", "the check-in code does not match",
				       "签到码不符");
		return 0;
	}
	if (!pos || !pos->known)
		return mz_fail(e, MZ_EINVAL, "code",
			       "check in with the code shown at the place or with your position",
			       "请输入现场签到码，或允许获取您的位置后签到");
	if (!place->known)
		return mz_fail(e, MZ_EINVAL, "lat_e6",
			       "this place has no location on record: check in with its code",
			       "该地点未登记位置，请使用现场签到码签到");
	if (vol_param_int(c, "checkin.radius_m", mz_today(), &radius, e))
		return -1;
	d = (int64_t)(vol_distance_m(place->lat_e6, place->lon_e6, pos->lat_e6, pos->lon_e6) + 0.5);
	*distance_m = d;
	if (d > radius)
		return mz_failf(e, MZ_EINVAL, "lat_e6",
				"you are %lld m from the place; check-in and check-out need you within %lld m",
				"您距离服务地点约 %lld 米，须在 %lld 米范围内才能签到或签退",
				(long long)d, (long long)radius);
	return 0;
}

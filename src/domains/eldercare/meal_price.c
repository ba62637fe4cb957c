/* meal_price.c - what a meal costs the elder and who pays the rest. Pure.
 *
 * 增城 2020 guide (docs/domain.md, unverified, so every figure is a parameter):
 * a 12-yuan meal; hardship elders pay 1, 80+ pay 3, 60-79 pay 5; the city
 * and the district fund 3 yuan each, the town the rest; the town's share
 * does not apply when eating in another town, nor the district's in another
 * district. */
#include <string.h>

#include "base/buf.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"

int ec_meal_rules_load(const ec_params *p, const char *canteen_division, ec_meal_rules *r,
		       mz_err *e)
{
	const char *hardship;

	memset(r, 0, sizeof(*r));
	if (ec_param_int(p, "canteen.price_fen", canteen_division, &r->price, e) ||
	    ec_param_int(p, "canteen.pay_hardship_fen", canteen_division, &r->pay_hardship, e) ||
	    ec_param_int(p, "canteen.pay_age_high_fen", canteen_division, &r->pay_age_high, e) ||
	    ec_param_int(p, "canteen.pay_age_min_fen", canteen_division, &r->pay_age_min, e) ||
	    ec_param_int(p, "canteen.age_min", canteen_division, &r->age_min, e) ||
	    ec_param_int(p, "canteen.age_high", canteen_division, &r->age_high, e) ||
	    ec_param_int(p, "canteen.city_share_fen", canteen_division, &r->city_share, e) ||
	    ec_param_int(p, "canteen.district_share_fen", canteen_division, &r->district_share, e) ||
	    ec_param_str(p, "canteen.hardship_categories", canteen_division, &hardship, e))
		return -1;
	mz_strlcpy(r->hardship, hardship, sizeof(r->hardship));
	return 0;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* The first category of `categories` that the hardship list names. */
static int hardship_category(const char *hardship, const char *categories, char out[32])
{
	for (const char *p = categories; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char one[32];

		if (len < sizeof(one)) {
			memcpy(one, p, len);
			one[len] = '\0';
			if (ec_list_has(hardship, one)) {
				mz_strlcpy(out, one, 32);
				return 1;
			}
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

void ec_meal_quote_make(const ec_meal_rules *r, int age, const char *categories,
			const char *elder_division, const char *canteen_division,
			int subsidised, ec_meal_quote *q)
{
	int64_t pays = r->price, gov;

	memset(q, 0, sizeof(*q));
	q->price = r->price;
	/* Districts are the first 6 digits, streets/towns the first 9. */
	q->cross_district = strncmp(elder_division, canteen_division, 6) != 0;
	q->cross_town = q->cross_district || strlen(canteen_division) < 9 ||
			strncmp(elder_division, canteen_division, 9) != 0;
	q->tier = "none";
	if (subsidised && age >= r->age_min) {
		if (hardship_category(r->hardship, categories, q->category)) {
			q->tier = "hardship";
			pays = r->pay_hardship;
		} else if (age >= r->age_high) {
			q->tier = "age_high";
			pays = r->pay_age_high;
		} else {
			q->tier = "age_min";
			pays = r->pay_age_min;
		}
	}
	gov = r->price - pays;
	if (gov < 0)
		gov = 0;
	q->city = min64(r->city_share, gov);
	q->district = q->cross_district ? 0 : min64(r->district_share, gov - q->city);
	/* The town funds whatever the city and the district shares leave. */
	q->town = q->cross_town ? 0 : gov - q->city - min64(r->district_share, gov - q->city);
	q->subsidy = q->city + q->district + q->town;
	q->paid = r->price - q->subsidy;
}

const char *ec_meal_slot_of(int minute, int64_t lunch_from, int64_t dinner_from)
{
	if (minute < lunch_from)
		return "breakfast";
	if (minute < dinner_from)
		return "lunch";
	return "dinner";
}

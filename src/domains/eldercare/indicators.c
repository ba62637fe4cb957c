/* indicators.c - elderly care's figures for the monitoring hall
 * (hall/hall.h): meals, 平安通 calls and how fast they are answered, the
 * care-home waiting list, monthly visits. Only eldercare's own tables. */
#include "domains/eldercare/eldercare.h"

#define MONTH_UP_TO(col_month, col_day) \
	col_month " = SUBSTR(?, 1, 7) AND " col_day " <= ?"
/* The same as a range of days, which an index on the day can serve (a
 * SUBSTR of the column cannot: every call of the year was read). */
#define DAYS_OF_MONTH_UP_TO(col_day) \
	col_day " >= SUBSTR(?, 1, 7) || '-01' AND " col_day " <= ?"

const hall_indicator eldercare_indicators[] = {
	{ "eldercare.meals_month", "本月助餐人次", "Meals served this month", HALL_COUNT, "人次",
	  "SELECT division_code, COUNT(*), 0 FROM ec_meals WHERE " MONTH_UP_TO("month", "served_on")
	  " GROUP BY division_code",
	  "/eldercare/canteens", 1 },
	{ "eldercare.calls_month", "本月平安通呼叫", "平安通 calls this month", HALL_COUNT, "次",
	  "SELECT division_code, COUNT(*), 0 FROM ec_calls"
	  " WHERE " DAYS_OF_MONTH_UP_TO("day") " GROUP BY division_code",
	  "/eldercare/calls", 0 },
	/* From the call to the first response (dispatch), emergencies only. */
	{ "eldercare.response_seconds", "紧急呼叫平均响应时间", "Average emergency response time",
	  HALL_AVG, "秒",
	  "SELECT division_code, SUM(responded_at - received_at), COUNT(*) FROM ec_calls"
	  " WHERE kind = 'emergency' AND responded_at IS NOT NULL"
	  " AND " DAYS_OF_MONTH_UP_TO("day") " GROUP BY division_code",
	  "/eldercare/calls", -1 },
	{ "eldercare.calls_open", "未结案呼叫", "Calls not yet closed", HALL_COUNT, "次",
	  "SELECT division_code, COUNT(*), 0 FROM ec_calls"
	  " WHERE status IN ('open', 'dispatched') AND day <= ?"
	  " GROUP BY division_code",
	  "/eldercare/calls", -1 },
	{ "eldercare.waiting", "养老院轮候人数", "Waiting for a care-home place", HALL_COUNT, "人",
	  "SELECT division_code, COUNT(*), 0 FROM ec_wait_applications"
	  " WHERE status IN ('waiting', 'offered') AND applied_on <= ? GROUP BY division_code",
	  "/eldercare/waitlist", -1 },
	/* Elders of a recorded category (特困, 低保, 低收入, 优抚, 计生特殊家庭)
	 * visited at least once this month, over all of them in force. */
	{ "eldercare.visit_rate", "特殊困难老人月探访率", "Elders in difficulty visited this month",
	  HALL_RATE, "",
	  "SELECT e.division_code, SUM(CASE WHEN EXISTS (SELECT 1 FROM ec_visits v"
	  " WHERE v.person_id = e.person_id AND " MONTH_UP_TO("v.month", "v.visited_on")
	  ") THEN 1 ELSE 0 END), COUNT(*) FROM (SELECT DISTINCT person_id, division_code"
	  " FROM elder_categories WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)) e"
	  " GROUP BY e.division_code",
	  "/eldercare/visits", 1 },
	{ NULL }
};

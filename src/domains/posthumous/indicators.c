/* indicators.c - the posthumous domain's figures for the monitoring hall
 * (hall/hall.h): deaths registered this month, outside tasks overdue, and
 * the land-saving eco-burial rate (Guangzhou 84.25% in 2020, goal 90%). */
#include "domains/posthumous/hooks.h"

const hall_indicator posthumous_indicators[] = {
	{ "posthumous.deaths_month", "本月死亡登记", "Deaths registered this month", HALL_COUNT,
	  "人",
	  "SELECT division_code, COUNT(*), 0 FROM ph_cases WHERE SUBSTR(death_date, 1, 7) ="
	  " SUBSTR(?, 1, 7) GROUP BY division_code",
	  "/posthumous/deaths", 0 },
	{ "posthumous.tasks_overdue", "身后事逾期未办结事项", "Posthumous tasks overdue", HALL_COUNT,
	  "件",
	  "SELECT division_code, COUNT(*), 0 FROM ph_tasks WHERE status = 'open' AND due_on < ?"
	  " GROUP BY division_code",
	  "/posthumous/deaths?status=overdue", -1 },
	{ "posthumous.eco_burial_rate", "节地生态安葬率（本年）", "Eco-burial rate (this year)",
	  HALL_RATE, "",
	  "SELECT division_code, SUM(eco), COUNT(*) FROM ph_funerals WHERE SUBSTR(cremated_on, 1, 4)"
	  " = SUBSTR(?, 1, 4) GROUP BY division_code",
	  "/posthumous/funerals", 1 },
	{ NULL },
};

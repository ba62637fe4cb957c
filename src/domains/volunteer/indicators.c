/* indicators.c - the volunteer domain's figures for the monitoring hall
 * (hall/hall.h). Each SQL takes the as-of date once, as the one
 * parameter, and groups by the rows' own community or street code. */
#include "domains/volunteer/indicators.h"

/* The as-of date as a one-row table, so the SQL names its one parameter once. */
#define ASOF "(SELECT CAST(? AS TEXT) AS d) p"

const hall_indicator volunteer_indicators[] = {
	{ "volunteer.active", "在册活跃志愿者", "Active volunteers", HALL_COUNT, "人",
	  "SELECT v.division_code, COUNT(*), 0 FROM vol_volunteers v, " ASOF
	  " WHERE v.status = 'active' AND v.registered_on <= p.d GROUP BY v.division_code",
	  "/volunteer/volunteers?status=active", 1 },
	{ "volunteer.hours_month", "本月入账服务时长", "Service hours credited this month", HALL_COUNT,
	  "小时",
	  "SELECT o.division_code, SUM(o.credited_minutes) / 60, 0 FROM vol_orders o, " ASOF
	  " WHERE o.state = 'rated' AND SUBSTR(o.wanted_on, 1, 7) = SUBSTR(p.d, 1, 7)"
	  " AND o.wanted_on <= p.d GROUP BY o.division_code",
	  "/volunteer/orders?state=rated", 1 },
	{ "volunteer.orders_waiting", "待接单工单", "Orders waiting for a volunteer", HALL_COUNT, "件",
	  "SELECT o.division_code, COUNT(*), 0 FROM vol_orders o, " ASOF
	  " WHERE o.state IN ('open', 'offered') AND o.wanted_on <= p.d GROUP BY o.division_code",
	  "/volunteer/orders?state=offered", -1 },
	{ "volunteer.orders_unassigned", "无人接单转街道工单", "Orders nobody accepted (to the street)",
	  HALL_COUNT, "件",
	  "SELECT o.division_code, COUNT(*), 0 FROM vol_orders o, " ASOF
	  " WHERE o.state = 'unassigned' AND o.wanted_on <= p.d GROUP BY o.division_code",
	  "/volunteer/orders?state=unassigned", -1 },
	{ "volunteer.orders_in_service", "服务中工单", "Orders accepted or in service", HALL_COUNT, "件",
	  "SELECT o.division_code, COUNT(*), 0 FROM vol_orders o, " ASOF
	  " WHERE o.state IN ('accepted', 'in_service') AND o.wanted_on <= p.d GROUP BY o.division_code",
	  "/volunteer/orders?state=accepted", 0 },
	{ "volunteer.accept_sla", "时限内接单率", "Orders accepted within the time limit", HALL_RATE, "",
	  "SELECT o.division_code, SUM(o.accepted_in_sla), COUNT(*) FROM vol_orders o, " ASOF
	  " WHERE o.volunteer_id > 0 AND o.accepted_at > 0 AND SUBSTR(o.wanted_on, 1, 7) = SUBSTR(p.d, 1, 7)"
	  " AND o.wanted_on <= p.d GROUP BY o.division_code",
	  "/volunteer/orders", 1 },
	{ NULL },
};

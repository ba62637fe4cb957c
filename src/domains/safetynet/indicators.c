/* indicators.c - the safety net's figures for the monitoring hall
 * (hall/hall.h): open alerts by level, open work orders, the share of
 * orders done within their clock, and overdue orders, per community, as of
 * a date. Each SQL takes the date once, through a one-row subquery, so the
 * same text works on both engines. */
#include "domains/safetynet/indicators.h"

#define AS_OF " (SELECT CAST(? AS TEXT) AS d) p"
#define ALERTS_OPEN(level)                                                                   \
	"SELECT a.division_code, COUNT(*), 0 FROM sn_alerts a," AS_OF " WHERE a.level = '" level \
	"' AND a.raised_on <= p.d AND (a.closed_on = '' OR a.closed_on > p.d)"                 \
	" GROUP BY a.division_code"
#define ORDER_OPEN_AS_OF " o.created_on <= p.d AND (o.closed_on = '' OR o.closed_on > p.d)"

const hall_indicator safetynet_indicators[] = {
	{ "safetynet.alerts_red", "红色预警（未解除）", "Open red alerts", HALL_COUNT, "条",
	  ALERTS_OPEN("red"), "/safetynet/alerts?level=red&status=open", -1 },
	{ "safetynet.alerts_orange", "橙色预警（未解除）", "Open orange alerts", HALL_COUNT, "条",
	  ALERTS_OPEN("orange"), "/safetynet/alerts?level=orange&status=open", -1 },
	{ "safetynet.alerts_yellow", "黄色预警（未解除）", "Open yellow alerts", HALL_COUNT, "条",
	  ALERTS_OPEN("yellow"), "/safetynet/alerts?level=yellow&status=open", -1 },
	{ "safetynet.orders_open", "在办工单", "Open work orders", HALL_COUNT, "件",
	  "SELECT o.division_code, COUNT(*), 0 FROM sn_orders o," AS_OF " WHERE" ORDER_OPEN_AS_OF
	  " GROUP BY o.division_code",
	  "/safetynet/orders?state=open", 0 },
	/* Done within the clock of the first tier: never escalated. */
	{ "safetynet.sla_met", "工单按时办结率", "Work orders done within their clock", HALL_RATE, "",
	  "SELECT o.division_code, SUM(CASE WHEN o.overdue = 0 THEN 1 ELSE 0 END), COUNT(*)"
	  " FROM sn_orders o," AS_OF " WHERE o.done_on <> '' AND o.done_on <= p.d"
	  " GROUP BY o.division_code",
	  "/safetynet/orders?state=closed", 1 },
	{ "safetynet.orders_overdue", "超时工单", "Overdue work orders", HALL_COUNT, "件",
	  "SELECT o.division_code, COUNT(*), 0 FROM sn_orders o," AS_OF " WHERE o.overdue = 1 AND"
	  ORDER_OPEN_AS_OF " GROUP BY o.division_code",
	  "/safetynet/orders?overdue=1", -1 },
	{ NULL },
};

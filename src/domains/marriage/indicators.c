/* indicators.c - the register hall's figures (hall/hall.h), per office
 * (division_code: the office's district). One placeholder each, the as-of
 * date, read once through a one-row subquery. */
#include <stddef.h>

#include "domains/marriage/hooks.h"

#define ASOF " (SELECT CAST(? AS TEXT) AS d) p"
#define MONTH_OF(col) " " col " >= substr(p.d, 1, 7) || '-01' AND " col " <= p.d"

const hall_indicator marriage_indicators[] = {
	{ "marriage.marriages_month", "本月结婚登记", "Marriages registered this month", HALL_COUNT, "对",
	  "SELECT m.division_code, count(*), 0 FROM mar_marriages m," ASOF
	  " WHERE" MONTH_OF("m.registered_on") " GROUP BY m.division_code",
	  "/marriage/marriages", 0 },
	{ "marriage.divorces_month", "本月离婚登记", "Divorces registered this month", HALL_COUNT, "对",
	  "SELECT d.division_code, count(*), 0 FROM mar_divorces d," ASOF
	  " WHERE d.status = 'registered' AND" MONTH_OF("d.closed_on") " GROUP BY d.division_code",
	  "/marriage/divorces?status=registered", 0 },
	{ "marriage.cooling_off_pending", "冷静期内离婚申请", "Divorce applications in the cooling-off period",
	  HALL_COUNT, "件",
	  "SELECT d.division_code, count(*), 0 FROM mar_divorces d," ASOF
	  " WHERE d.applied_on <= p.d AND (d.closed_on IS NULL OR d.closed_on > p.d)"
	  " GROUP BY d.division_code",
	  "/marriage/divorces?status=applied", 0 },
	{ "marriage.divorce_withdrawn_share", "本月离婚申请撤回及视为撤回占比",
	  "Share of divorce applications withdrawn or expired this month", HALL_RATE, "",
	  "SELECT d.division_code, sum(CASE WHEN d.status IN ('withdrawn', 'expired') THEN 1 ELSE 0 END),"
	  " count(*) FROM mar_divorces d," ASOF
	  " WHERE d.status <> 'applied' AND" MONTH_OF("d.closed_on") " GROUP BY d.division_code",
	  "/marriage/divorces", 0 },
	{ NULL },
};

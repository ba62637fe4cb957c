/* indicators.c - the deliberation halls' figures for the monitoring hall
 * (hall/hall.h), computed with the execution-rate definition of rate.h, per
 * hall division (a community or a street), as of a date. */
#include "domains/deliberation/hooks.h"
#include "domains/deliberation/rate.h"

/* (division_code, num, den) rows; the as-of date is the one parameter. */
#define DL_IND(num, den)                                                                   \
	"SELECT r.division_code, SUM(" num "), SUM(" den ")" DL_RATE_SQL_FROM                \
	" GROUP BY r.division_code"
#define IS_DUE "CASE WHEN r.due_on <= p.d OR r.carried_out_on <= p.d THEN 1 ELSE 0 END"
#define IS_DONE "CASE WHEN r.carried_out_on <= p.d THEN 1 ELSE 0 END"
#define IS_OVERDUE                                                                         \
	"CASE WHEN r.due_on < p.d AND (r.carried_out_on IS NULL OR r.carried_out_on > p.d)"  \
	" THEN 1 ELSE 0 END"

const hall_indicator deliberation_indicators[] = {
	{ "deliberation.resolutions_due", "到期议事决议", "Resolutions due", HALL_COUNT, "项",
	  DL_IND(IS_DUE, "0"), "/deliberation/resolutions", 0 },
	{ "deliberation.carried_out", "已落实议事决议", "Resolutions carried out", HALL_COUNT, "项",
	  DL_IND(IS_DONE, "0"), "/deliberation/resolutions?status=carried_out", 1 },
	{ "deliberation.execution_rate", "议事决议执行率", "Resolution execution rate", HALL_RATE, "",
	  DL_IND(IS_DONE, IS_DUE), "/deliberation/rates", 1 },
	{ "deliberation.overdue", "逾期未落实决议", "Overdue resolutions", HALL_COUNT, "项",
	  DL_IND(IS_OVERDUE, "0"), "/deliberation/resolutions?status=overdue", -1 },
	{ NULL },
};

/* benefit_indicators.c - enrollments in force in the month of the day, and
 * what they pay a month (低保 Art. 21, 25: paid from the month after
 * approval, so an enrollment counts from its start_month). */
#include "benefits/benefit_indicators.h"

#define IN_FORCE                                                                \
	" FROM enrollments WHERE start_month <= SUBSTR(?, 1, 7)"                \
	" AND (end_month IS NULL OR end_month >= SUBSTR(?, 1, 7))"              \
	" AND status <> 'suspended' GROUP BY division_code"

const hall_indicator benefits_indicators[] = {
	{ "benefits.enrolled", "在保对象（户/人）", "Enrollments in force", HALL_COUNT, "个",
	  "SELECT division_code, COUNT(*), 0" IN_FORCE, "/assistance/totals", 0 },
	{ "benefits.monthly_fen", "月保障金额", "Monthly benefit amount", HALL_FEN, "",
	  "SELECT division_code, SUM(amount_fen), 0" IN_FORCE, "/assistance/totals", 0 },
	{ NULL }
};

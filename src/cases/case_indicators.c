/* case_indicators.c - case figures for the monitoring hall, as of a day:
 * applications awaiting a decision, those past their legal deadline, and
 * the share decided within it. Every program's cases (dibao, 特困, 临时救助
 * ...), by the household's community. */
#include "cases/case_indicators.h"

const hall_indicator cases_indicators[] = {
	{ "cases.pending", "在办救助申请", "Applications awaiting a decision", HALL_COUNT, "件",
	  "SELECT division_code, COUNT(*), 0 FROM cases"
	  " WHERE accepted_on <= ? AND (decided_on IS NULL OR decided_on > ?)"
	  " AND state <> 'withdrawn' GROUP BY division_code",
	  "/assistance/cases?open=1", 0 },
	/* 低保审核确认办法 第二十条 and the 2022 notice: 30 (20 delegated) working
	 * days from acceptance; decision_due holds the day computed at intake. */
	{ "cases.overdue", "超期未决申请", "Applications past their decision deadline", HALL_COUNT,
	  "件",
	  "SELECT division_code, COUNT(*), 0 FROM cases"
	  " WHERE accepted_on <= ? AND decision_due < ? AND (decided_on IS NULL OR decided_on > ?)"
	  " AND state <> 'withdrawn' GROUP BY division_code",
	  "/assistance/cases?overdue=1", -1 },
	{ "cases.on_time", "按期办结率", "Decided within the deadline", HALL_RATE, "",
	  "SELECT division_code,"
	  " SUM(CASE WHEN decision_due IS NULL OR decided_on <= decision_due THEN 1 ELSE 0 END),"
	  " COUNT(*) FROM cases WHERE decided_on IS NOT NULL AND decided_on <= ?"
	  " GROUP BY division_code",
	  "/assistance/cases", 1 },
	{ NULL }
};

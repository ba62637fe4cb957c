/* screen_indicators.c - 政策找人: the open items of the latest screening
 * (households the rules find eligible but not enrolled, or enrolled and no
 * longer eligible), waiting for the street to act. Open items are the
 * present state, whatever the day asked. */
#include "screen/screen_indicators.h"

const hall_indicator screen_indicators[] = {
	{ "screen.open_items", "政策找人待核实", "Screening items to follow up", HALL_COUNT, "户",
	  "SELECT i.division_code, COUNT(*), 0 FROM screen_items i"
	  " JOIN screen_runs r ON r.id = i.run_id"
	  " WHERE i.status = 'open' AND r.on_date <= ? GROUP BY i.division_code",
	  "/policy/worklist", -1 },
	{ NULL }
};

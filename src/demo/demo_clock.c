/* demo_clock.c - the demo's calendar: the domains' generators replay a year
 * before the as-of date through their real functions, with the process
 * clock moved (base/date.h's offset), so that every timestamp, deadline and
 * notice period is what it would have been on that day. */
#include "base/date.h"
#include "demo/demo.h"

void demo_clock_to(mz_day day)
{
	mz_clock_set_offset(mz_clock_offset() + (int64_t)(day - mz_today()) * 86400);
}

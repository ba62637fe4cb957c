/* rate.c - the execution-rate arithmetic (rate.h has the definition). */
#include "domains/deliberation/rate.h"

void dl_rate_add(dl_rate *r, const dl_rate_fact *f, mz_day as_of)
{
	int done;

	if (f->decided_on == MZ_DAY_INVALID || f->decided_on > as_of)
		return; /* not yet decided on that day: not counted at all */
	r->decided++;
	done = f->carried_out_on != MZ_DAY_INVALID && f->carried_out_on <= as_of;
	if (f->due_on <= as_of || done)
		r->due++;
	if (done) {
		r->carried_out++;
		if (f->carried_out_on <= f->due_on)
			r->on_time++;
	} else if (f->due_on < as_of) {
		r->overdue++;
	}
}

int64_t dl_rate_bp(int64_t carried_out, int64_t due)
{
	if (due <= 0)
		return -1;
	return (carried_out * 20000 + due) / (2 * due);
}

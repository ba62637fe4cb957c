/* params.c - the time bank's and dispatch's dated parameters (vol_params):
 * a change of a rule is a new dated row, never a code change. */
#include <stdlib.h>

#include "domains/volunteer/volunteer.h"
#include "store/query.h"

int vol_param_int(store_conn *c, const char *name, mz_day on, int64_t *out, mz_err *e)
{
	char value[64] = "";
	int r = store_row(c, e, "SELECT value FROM vol_params WHERE name = ? AND valid_from <= ?"
			  " ORDER BY valid_from DESC LIMIT 1",
			  STORE_INTO(STORE_TEXT(value)), name, store_arg_day(on));

	if (r < 0)
		return -1;
	if (r == 0)
		return mz_failf(e, MZ_EINTERNAL, "", "parameter %s has no value on that day",
				"参数%s在该日期无有效值", name);
	*out = strtoll(value, NULL, 10);
	return 0;
}

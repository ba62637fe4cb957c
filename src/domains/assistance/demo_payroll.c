/* demo_payroll.c - the demo's monthly payroll and screening runs, through
 * the same functions as `minzheng payroll` and the screen.city job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "benefits/benefits.h"
#include "domains/assistance/assistance.h"
#include "domains/assistance/demo_internal.h"
#include "screen/screen.h"

int ad_screen(ad_run *r, mz_err *e)
{
	screen_summary sum = { 0 };

	if (screen_run(r->c, &r->sys, r->set, mz_today(), 0, NULL, NULL, &sum, e))
		return -1;
	json_decref(sum.by_district);
	return 0;
}

/* The bank's answer to a bank file: every line paid, but one in 300
 * returned because the account was closed (reconcile.c keeps those lines
 * waiting for a new account). */
static char *bank_answer(const char *csv, int64_t *lines, int64_t *failed)
{
	mz_buf b;
	const char *p = csv;
	int64_t n = 0;

	mz_buf_init(&b);
	mz_buf_puts(&b, "payment_id,status,bank_ref,reason\r\n");
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		long long id = strtoll(p, NULL, 10);

		if (id > 0) {
			n++;
			if (n % 300 == 7) {
				mz_buf_printf(&b, "%lld,failed,,账户已销户\r\n", id);
				(*failed)++;
			} else {
				mz_buf_printf(&b, "%lld,paid,BK%010lld,\r\n", id, id);
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	*lines += n;
	return mz_buf_detach(&b, NULL);
}

int ad_payroll_month(ad_run *r, mz_day day, mz_err *e)
{
	char month[8], *csv = NULL, *answer;
	size_t len;
	json_t *run, *ok;
	int64_t id;
	int closed;

	benefits_month_of(day, month);
	if (assist_close_phase_outs(r->c, &r->sys, month, &closed, e))
		return -1;
	run = benefits_payroll_run(r->c, &r->sys, month, "440100", NULL, e);
	if (!run)
		return -1;
	id = json_integer_value(json_object_get(run, "id"));
	json_decref(run);
	ok = benefits_payroll_approve(r->c, &r->finance, id, e);
	if (!ok)
		return -1;
	json_decref(ok);
	if (benefits_payroll_bank_file(r->c, &r->sys, id, &csv, &len, e))
		return -1;
	answer = bank_answer(csv, &r->payments, &r->failed);
	free(csv);
	ok = benefits_payroll_reconcile(r->c, &r->sys, id, answer, strlen(answer), e);
	free(answer);
	if (!ok)
		return -1;
	json_decref(ok);
	r->runs++;
	return 0;
}

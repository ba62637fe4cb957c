/* windows.c - the two windows of Civil Code Art. 1077, counted as the Code
 * counts periods (docs/domain.md, "counting the days").
 *
 * 民法典 第一千零七十七条: 自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方
 * 不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请。前款规定期限届满后三十日内，双方
 * 应当亲自到婚姻登记机关申请发给离婚证；未申请的，视为撤回离婚登记申请。
 * 第二百零一条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 * 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。 */
#include "domains/marriage/marriage.h"

/* A last day that falls on a rest day (a weekend not worked, or a public
 * holiday of the calendar) moves to the next working day. */
static mz_day last_day(const workcal *cal, mz_day d)
{
	for (int guard = 0; guard < 60 && !workcal_is_workday(cal, d); guard++)
		d++;
	return d;
}

void mar_windows_compute(const workcal *cal, mz_day applied, mar_windows *out)
{
	/* The application may be withdrawn on the day it was received too:
	 * "within thirty days" from the receipt includes that day for the
	 * parties, while the count of thirty starts the next day (Art. 201). */
	out->withdraw_from = applied;
	out->withdraw_until = last_day(cal, applied + MAR_WINDOW_DAYS);
	out->appear_from = out->withdraw_until + 1;
	out->appear_until = last_day(cal, out->withdraw_until + MAR_WINDOW_DAYS);
}

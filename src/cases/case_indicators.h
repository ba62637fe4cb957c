/* case_indicators.h - the case mechanism's figures for the monitoring hall
 * (hall/hall.h). The case tables are this room's, so their figures are
 * declared here and registered in src/domains/domains.c like a domain's. */
#ifndef MZ_CASE_INDICATORS_H
#define MZ_CASE_INDICATORS_H

#include "hall/hall.h"

extern const hall_indicator cases_indicators[];

#endif

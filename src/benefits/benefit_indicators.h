/* benefit_indicators.h - the benefits mechanism's figures for the
 * monitoring hall (hall/hall.h): its enrollments, its payments. Registered
 * in src/domains/domains.c like a domain's. */
#ifndef MZ_BENEFIT_INDICATORS_H
#define MZ_BENEFIT_INDICATORS_H

#include "hall/hall.h"

extern const hall_indicator benefits_indicators[];

#endif

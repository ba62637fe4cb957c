/* screen_indicators.h - whole-city screening's figure for the monitoring
 * hall (hall/hall.h), registered in src/domains/domains.c. */
#ifndef MZ_SCREEN_INDICATORS_H
#define MZ_SCREEN_INDICATORS_H

#include "hall/hall.h"

extern const hall_indicator screen_indicators[];

#endif

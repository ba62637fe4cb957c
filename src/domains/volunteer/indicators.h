/* indicators.h - the volunteer domain's monitoring-hall figures. */
#ifndef MZ_VOLUNTEER_INDICATORS_H
#define MZ_VOLUNTEER_INDICATORS_H

#include "hall/hall.h"

extern const hall_indicator volunteer_indicators[];

#endif

/* indicators.h - the safety net's figures for the monitoring hall. */
#ifndef MZ_SAFETYNET_INDICATORS_H
#define MZ_SAFETYNET_INDICATORS_H

#include "hall/hall.h"

extern const hall_indicator safetynet_indicators[];

#endif

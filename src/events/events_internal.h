/* events_internal.h - shared between the files of events/ only. */
#ifndef MZ_EVENTS_INTERNAL_H
#define MZ_EVENTS_INTERNAL_H

#include "events/events.h"

/* The i-th subscriber over all registered tables, NULL past the last. */
const event_subscriber *events_subscriber_at(int i);
/* The subscriber called name for type, NULL if this process has none. */
const event_subscriber *events_subscriber_find(const char *type, const char *name);

#endif

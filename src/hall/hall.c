/* hall.c - the list of declared indicators (hall.h). */
#include <string.h>

#include "hall/hall.h"

#define HALL_TABLES_MAX 32

static const hall_indicator *tables[HALL_TABLES_MAX];
static size_t ntables;

int hall_register(const hall_indicator *table)
{
	for (size_t i = 0; i < ntables; i++)
		if (tables[i] == table)
			return 0;
	if (ntables == HALL_TABLES_MAX)
		return -1;
	tables[ntables++] = table;
	return 0;
}

size_t hall_indicator_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ntables; i++)
		for (const hall_indicator *d = tables[i]; d->key; d++)
			n++;
	return n;
}

const hall_indicator *hall_indicator_at(size_t i)
{
	for (size_t t = 0; t < ntables; t++)
		for (const hall_indicator *d = tables[t]; d->key; d++)
			if (i-- == 0)
				return d;
	return NULL;
}

const hall_indicator *hall_find(const char *key)
{
	for (size_t t = 0; t < ntables; t++)
		for (const hall_indicator *d = tables[t]; d->key; d++)
			if (!strcmp(d->key, key))
				return d;
	return NULL;
}

void hall_unregister_all(void)
{
	ntables = 0;
}

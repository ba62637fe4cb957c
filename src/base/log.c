#include "base/log.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/date.h"

static mz_log_level min_level = MZ_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void mz_log_set_level(mz_log_level lvl)
{
	min_level = lvl;
}

void mz_log(mz_log_level lvl, const char *msg, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char ts[32];
	json_t *o;
	char *line;
	va_list ap;
	const char *k;

	if (lvl < min_level)
		return;
	o = json_object();
	mz_time_format(mz_now_unix(), ts);
	json_object_set_new(o, "ts", json_string(ts));
	json_object_set_new(o, "level", json_string(names[lvl]));
	json_object_set_new(o, "msg", json_string(msg));
	va_start(ap, msg);
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);
		json_object_set_new(o, k, v ? json_string(v) : json_null());
	}
	va_end(ap);
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s\n", line);
	pthread_mutex_unlock(&log_lock);
	free(line);
	json_decref(o);
}

/* log.h - structured JSON logs, one object per line on stderr:
 * {"ts":"...","level":"info","msg":"...", ...extra fields}. Thread-safe. */
#ifndef MZ_LOG_H
#define MZ_LOG_H

typedef enum { MZ_LOG_DEBUG, MZ_LOG_INFO, MZ_LOG_WARN, MZ_LOG_ERROR } mz_log_level;

void mz_log_set_level(mz_log_level lvl);
/* kv: alternating key and string value, terminated by NULL. */
void mz_log(mz_log_level lvl, const char *msg, ...);
#define mz_log_info(...) mz_log(MZ_LOG_INFO, __VA_ARGS__, (const char *)0)
#define mz_log_warn(...) mz_log(MZ_LOG_WARN, __VA_ARGS__, (const char *)0)
#define mz_log_error(...) mz_log(MZ_LOG_ERROR, __VA_ARGS__, (const char *)0)
#define mz_log_debug(...) mz_log(MZ_LOG_DEBUG, __VA_ARGS__, (const char *)0)

#endif

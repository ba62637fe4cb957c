/* rules.h - the monitoring rules as data: the .alerts files of policies/guangzhou/alerts/.
 *
 * The rules language of src/policy decides a household's eligibility from
 * columns; it has no events, windows or absences, so the alert rules have
 * their own small line format beside it (docs/domain.md, "Monitoring
 * rules"):
 *
 *   level KEY "中文" "English" sla_hours N
 *   rule KEY "中文标题" "English title"
 *     from YYYY-MM-DD              in force from (a later block of the same
 *                                  key from a later day replaces it then)
 *     level KEY
 *     on TYPE [amount >= FEN]      the event that triggers it
 *     also TYPE [amount >= FEN]    another event of the person in the window
 *     without TYPE [this month]    no such event in the window (or month)
 *     window N days                the window of also/without (default 30)
 *     fact NAME | fact age >= N    a registry flag (living_alone ...), the
 *                                  age, or a fact safetynet learnt (dibao)
 *     route TARGET [TARGET...]     one work order each
 *     basis "..."                  the regulation
 *
 * A file that does not load is refused whole with file:line: message. */
#ifndef MZ_SAFETYNET_RULES_H
#define MZ_SAFETYNET_RULES_H

#include <jansson.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

#define SN_RULE_CLAUSES 8

typedef enum sn_clause_kind {
	SN_ALSO = 1,
	SN_WITHOUT,
	SN_FACT,     /* fact NAME */
	SN_FACT_AGE, /* fact age >= N */
} sn_clause_kind;

typedef struct sn_clause {
	sn_clause_kind kind;
	char name[32];     /* the event type, or the fact */
	int64_t min;       /* amount >= (fen), or the age */
	int this_month;    /* without ... this month */
} sn_clause;

typedef struct sn_level {
	char key[16];
	char zh[32], en[32];
	int sla_hours;
} sn_level;

typedef struct sn_rule {
	char key[48];
	char title_zh[160], title_en[160];
	mz_day from;
	char level[16];
	char on_type[32];
	int64_t on_min;
	int window_days;
	sn_clause clauses[SN_RULE_CLAUSES];
	int nclauses;
	char routes[3][20];
	int nroutes;
	char basis[300];
	char file[96];
	int line;
} sn_rule;

typedef struct sn_ruleset {
	sn_level levels[8];
	int nlevels;
	sn_rule *rules;
	int nrules;
	char dir[256];
	int64_t loaded_at;
} sn_ruleset;

/* Parses every *.alerts file of dir (sorted by name). 0 and *out filled,
 * or -1 with e naming "file:line: what" (field "rules"). */
int sn_rules_load(const char *dir, sn_ruleset *out, mz_err *e);
/* Parses one text (name for the messages). */
int sn_rules_parse(const char *name, const char *text, sn_ruleset *set, mz_err *e);
void sn_ruleset_release(sn_ruleset *set); /* NULL-safe */

/* The rule of key in force on day, NULL if none. */
const sn_rule *sn_rules_in_force(const sn_ruleset *set, const char *key, mz_day day);
const sn_level *sn_rules_level(const sn_ruleset *set, const char *key);

/* ---- the rules this process serves ----
 * Loaded at server start (safetynet_start, from the server's policy
 * directory + /alerts; a bad file stops the start), else on first use from
 * $MINZHENG_POLICY_DIR/alerts (else policies/guangzhou/alerts: the command
 * line); a reload that fails keeps the last good set. */
/* Borrows the current set under a read lock: call sn_rules_release after. */
const sn_ruleset *sn_rules_acquire(mz_err *e);
void sn_rules_release(void);
/* Reloads from the same directory (or dir when given). */
int sn_rules_reload(const char *dir, mz_err *e);
/* The set as JSON (the rules page). */
json_t *sn_rules_json(const sn_ruleset *set);

#endif

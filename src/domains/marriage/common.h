/* common.h - what the marriage domain's files share: the parties' lookup,
 * the office's scope check, the register's answer to "married now?", and
 * the row reader of a marriage. Not a contract: marriage.h is. */
#ifndef MZ_MARRIAGE_COMMON_H
#define MZ_MARRIAGE_COMMON_H

#include "domains/marriage/marriage.h"
#include "registry/registry.h"

/* Reads the office and checks that who may act for it (its district in
 * who's scope): MZ_ENOTFOUND "office_code" otherwise. */
int mar_office_check(store_conn *c, const access_ctx *who, const char *code, mar_office *out,
		     mz_err *e);
/* A party by ID number, city-wide (a couple may register at any office of
 * the city): MZ_ENOTFOUND naming field if nobody has it, MZ_EINVAL if the
 * person has died. */
int mar_party_find(store_conn *c, const char *id_number, const char *field,
		   registry_person *out, mz_err *e);
/* The marriage in force of a person in the register: 1 with *marriage_id
 * and since, 0 if none, -1 on error. */
int mar_current_marriage(store_conn *c, int64_t person_id, int64_t *marriage_id, char since[11],
			 mz_err *e);
/* Locks an office's row for the rest of the transaction: numbers and slot
 * counts of one office are taken one transaction at a time. */
int mar_office_lock_tx(store_conn *c, const char *code, mz_err *e);

#define MAR_MARRIAGE_COLS                                                                   \
	"m.id, m.office_code, (SELECT o.name FROM mar_offices o WHERE o.code = m.office_code),"  \
	" m.registered_on, m.man_id, m.man_id_number, m.man_name, m.woman_id,"                  \
	" m.woman_id_number, m.woman_name, m.certificate_no, m.status, m.status_reason,"        \
	" m.status_article, m.ended_on, m.kinship_finding, m.kinship_note, m.cross_province,"   \
	" m.other_province, m.other_reference, m.version"
void mar_marriage_fill(store_stmt *st, mar_marriage *m);

/* The working-day calendar (loaded per call: a few dozen rows). */
int mar_calendar(store_conn *c, workcal *cal, mz_err *e);
/* A reason of at least min bytes, as every write with a reason asks. */
int mar_check_reason(const char *reason, size_t min, mz_err *e);

#endif

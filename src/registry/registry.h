/* registry.h - divisions, persons, households and their history.
 *
 * Every call takes the caller (access_ctx) and filters by its division
 * scope inside the call: a record outside the scope is reported as not found
 * (MZ_ENOTFOUND), exactly like a record that does not exist, so ids cannot be
 * probed. Every read of personal data and every write is audited (reads via
 * group commit, writes inside their transaction). Every change to a person or
 * household is kept in registry_history with who, when, what and why.
 * Results are jansson objects owned by the caller. */
#ifndef MZ_REGISTRY_H
#define MZ_REGISTRY_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "store/store.h"

#define REGISTRY_PAGE_MAX 200
#define REGISTRY_COUNT_CAP 10000 /* totals above this are reported as ">=" */

/* ---- divisions ---- */
/* Children of parent (NULL: the caller's own scope division), only within
 * the caller's scope: {"items":[{code,name,level,parent,has_children}]}. */
json_t *registry_division_children(store_conn *c, const access_ctx *who,
				   const char *parent, mz_err *e);
json_t *registry_division_get(store_conn *c, const access_ctx *who, const char *code,
			      mz_err *e);
/* Name of a division into out (empty if unknown). */
void registry_division_name(store_conn *c, const char *code, char *out, size_t cap);

/* ---- persons ---- */
typedef struct person_query {
	const char *q;         /* a full ID number, or a name prefix */
	const char *name;      /* name prefix */
	const char *id_number; /* exact */
	const char *division;  /* division code prefix within scope */
	const char *sort;      /* name, -name, birth_date, -birth_date */
	int64_t page, page_size;
} person_query;

json_t *registry_person_search(store_conn *c, const access_ctx *who,
			       const person_query *q, mz_err *e);
json_t *registry_person_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* The unmasked ID number, for a stated reason (>= 4 characters), audited. */
int registry_person_reveal(store_conn *c, const access_ctx *who, int64_t id,
			   const char *reason, char out[19], mz_err *e);
/* Creates a person from a JSON object {id_number,name,division_code,address,
 * phone,hukou,disability_kind,disability_grade,flags}; returns the new id. */
int registry_person_create(store_conn *c, const access_ctx *who, json_t *in,
			   const char *reason, int64_t *id_out, mz_err *e);
/* Changes the given fields; `version` must match (optimistic locking). */
json_t *registry_person_update(store_conn *c, const access_ctx *who, int64_t id,
			       json_t *changes, const char *reason, int64_t version,
			       mz_err *e);
json_t *registry_history(store_conn *c, const access_ctx *who, const char *entity,
			 int64_t id, mz_err *e);

/* ---- households ---- */
json_t *registry_household_search(store_conn *c, const access_ctx *who,
				  const char *division, int64_t page, int64_t page_size,
				  mz_err *e);
json_t *registry_household_get(store_conn *c, const access_ctx *who, int64_t id,
			       mz_err *e);
/* members: [{person_id, relation}], exactly one "head". */
int registry_household_create(store_conn *c, const access_ctx *who,
			      const char *division_code, const char *address,
			      json_t *members, const char *reason, int64_t *id_out,
			      mz_err *e);
int registry_household_add_member(store_conn *c, const access_ctx *who, int64_t hid,
				  int64_t person_id, const char *relation,
				  const char *reason, mz_err *e);
int registry_household_remove_member(store_conn *c, const access_ctx *who, int64_t hid,
				     int64_t person_id, const char *reason, mz_err *e);
/* Locks the household's row until the caller's transaction ends (a no-op
 * UPDATE: SQLite has no SELECT ... FOR UPDATE). A read-then-write about one
 * household (its members, its open cases) takes it first, so on PostgreSQL
 * two such transactions queue as SQLite's single writer makes them. */
int registry_household_lock_tx(store_conn *c, int64_t hid, mz_err *e);

/* ---- figures ---- */
json_t *registry_stats(store_conn *c, const access_ctx *who, mz_err *e);

/* ---- shared validation (registry_validate.c) ---- */
int registry_check_reason(const char *reason, mz_err *e); /* >= 2 characters */
int registry_check_reason_min(const char *reason, size_t min, mz_err *e);
int registry_check_phone(const char *phone, mz_err *e); /* empty is fine */
int registry_check_relation(const char *relation, mz_err *e);
/* The 12-digit community must exist and lie in who's scope. */
int registry_check_community(store_conn *c, const access_ctx *who, const char *code,
			     mz_err *e);
int registry_check_disability(const char *kind, int64_t grade, mz_err *e);
/* Records that id_number belongs to person_id (person_id_numbers), inside
 * the caller's transaction that inserts the person: the number's city-wide
 * uniqueness lives there (docs/scaling.md). MZ_ECONFLICT if it is taken. */
int registry_claim_id_number(store_conn *c, const char *id_number, int64_t person_id,
			     mz_err *e);
/* Appends a history row inside the caller's transaction. */
int registry_history_add(store_conn *c, const access_ctx *who, const char *entity,
			 int64_t id, const char *division, int64_t version,
			 const char *reason, json_t *changes, mz_err *e);

#endif

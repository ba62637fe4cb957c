/* registry.h - divisions, persons, households and their history.
 *
 * The registry owns the tables of 0001_registry.sql (divisions, persons,
 * person_id_numbers, households, household_members, registry_history,
 * person_incomes, person_assets); no other room names them in SQL
 * (scripts/check_ownership.mjs). Other rooms and the fronts use the typed
 * structs and functions below.
 *
 * Every call takes the caller (access_ctx) and filters by its division
 * scope inside the call: a record outside the scope is reported as not found
 * (MZ_ENOTFOUND), exactly like a record that does not exist, so ids cannot be
 * probed. The _get/_search/_reveal/history calls audit the read of personal
 * data (group commit); the _find calls do not, for a room that audits its
 * own read under its own action name. Every write is audited inside its
 * transaction, and every change to a person or household is kept in
 * registry_history with who, when, what and why.
 *
 * Results are plain structs: fixed-size ones the caller owns outright, lists
 * with _init/_release (release frees what the call allocated, and accepts a
 * list that was only initialised). No jansson here: the fronts build the
 * JSON (http/api_registry.c). */
#ifndef MZ_REGISTRY_H
#define MZ_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "store/store.h"

#define REGISTRY_PAGE_MAX 200
#define REGISTRY_COUNT_CAP 10000 /* totals above this are reported as ">=" */

/* ---- divisions ---- */
typedef struct registry_division {
	char code[16];
	char name[128];
	int level;        /* 1 city, 2 district, 3 street/town, 4 community */
	char parent[16];  /* "" for the city */
	int historical;   /* 1: a retired code, still valid in ID numbers */
	int has_children;
	int has_location; /* communities: lat/lon below are set */
	int lat_e6, lon_e6;
} registry_division;

typedef struct registry_division_list {
	registry_division *items;
	size_t n, cap;
} registry_division_list;

void registry_division_list_init(registry_division_list *l);
void registry_division_list_release(registry_division_list *l);

/* Children of parent (NULL or "": the caller's own scope division), only
 * within the caller's scope, current codes only, appended to out. */
int registry_division_children(store_conn *c, const access_ctx *who, const char *parent,
			       registry_division_list *out, mz_err *e);
/* One division within the caller's scope. */
int registry_division_get(store_conn *c, const access_ctx *who, const char *code,
			  registry_division *out, mz_err *e);
/* Current communities (level 4) with a location whose code lies in
 * [lo, hi), by code, appended to out; [lo, hi) must lie within who's scope
 * (access_scope_range of a division in it). */
int registry_communities_located(store_conn *c, const access_ctx *who, const char *lo,
				 const char *hi, registry_division_list *out, mz_err *e);
/* Name of a division into out (empty if unknown). Division names are not
 * personal data, so this takes no scope. */
void registry_division_name(store_conn *c, const char *code, char *out, size_t cap);
/* The division lookup access/ is handed at start-up (access_divisions_use):
 * 1 and the name if code is a current division, 0 if it is unknown or
 * retired, -1 on a storage error. */
int registry_division_lookup(store_conn *c, const char *code, char *name, size_t cap,
			     mz_err *e);

/* ---- persons ---- */
typedef struct registry_person {
	int64_t id;
	char id_number[19];      /* the full number: mask it (idcard_mask) for lists */
	char name[128];
	char sex;                /* 'M' or 'F' */
	mz_day birth;
	mz_day death;            /* MZ_DAY_INVALID while alive */
	char division_code[16];  /* the residence community (12 digits) */
	char division_name[128];
	char address[512];
	char phone[32];
	char hukou[8];           /* urban, rural */
	char disability_kind[16];
	int disability_grade;
	char flags[256];         /* comma list: living_alone, special_family, ... */
	int64_t version;         /* optimistic locking: an update names it */
	int64_t household_id;    /* the current household, 0 if none */
	char relation[16];       /* to its head: head, spouse, child, ... */
	char marital_status[12]; /* unknown, unmarried, married, divorced, widowed */
} registry_person;

/* Age in whole years on a day, -1 if the birth date is unknown. */
int registry_person_age(const registry_person *p, mz_day on);

typedef struct person_query {
	const char *q;         /* a full ID number, or a name prefix */
	const char *name;      /* name prefix */
	const char *id_number; /* exact */
	const char *division;  /* division code prefix within scope */
	const char *sort;      /* name, -name, birth_date, -birth_date */
	int64_t page, page_size;
} person_query;

typedef struct registry_person_page {
	registry_person *items;
	size_t n, cap;
	int64_t total;     /* capped at REGISTRY_COUNT_CAP */
	int total_capped;  /* 1: there are more than total */
	int64_t page, page_size;
} registry_person_page;

void registry_person_page_init(registry_person_page *pg);
void registry_person_page_release(registry_person_page *pg);

/* One page of persons in scope, audited as person.search. */
int registry_person_search(store_conn *c, const access_ctx *who, const person_query *q,
			   registry_person_page *out, mz_err *e);
/* A person in scope, audited as person.read (MZ_ENOTFOUND, field "id"). */
int registry_person_get(store_conn *c, const access_ctx *who, int64_t id,
			registry_person *out, mz_err *e);
/* A person in scope, not audited: for a room that audits its own read. */
int registry_person_find(store_conn *c, const access_ctx *who, int64_t id,
			 registry_person *out, mz_err *e);
/* A person by citizen ID number (validated first: idcard_parse), not
 * audited. who NULL looks city-wide, for a caller whose own rule grants it
 * (a canteen serves any elder of the city); otherwise within who's scope.
 * MZ_ENOTFOUND (field "id_number") if nobody has it. */
int registry_person_find_by_number(store_conn *c, const access_ctx *who, const char *number,
				   registry_person *out, mz_err *e);
/* A person by id city-wide, not audited: only for a caller that reached the
 * id through a record of its own that grants it (an elder card). */
int registry_person_find_any(store_conn *c, int64_t id, registry_person *out, mz_err *e);
/* The persons of ids[0..n), city-wide and not audited, into out[0..n) in
 * the order of ids; an id nobody has leaves its entry zeroed (id 0). For a
 * room's list of its own rows that shows whom each row is about: the room
 * has scoped its rows by their own division and audits its own read, as it
 * did when it joined persons itself. One query per REGISTRY_PAGE_MAX ids. */
int registry_person_list_by_ids(store_conn *c, const int64_t *ids, size_t n,
				registry_person *out, mz_err *e);
/* The unmasked ID number, for a stated reason (>= 4 characters), audited. */
int registry_person_reveal(store_conn *c, const access_ctx *who, int64_t id,
			   const char *reason, char out[19], mz_err *e);

/* A new person. NULL strings are empty (hukou: urban); id_number, name and
 * division_code are required. */
typedef struct registry_person_new {
	const char *id_number;
	const char *name;
	const char *division_code;
	const char *address;
	const char *phone;
	const char *hukou;
	const char *disability_kind;
	int64_t disability_grade;
	const char *flags;
} registry_person_new;

/* Creates a person; returns the new id. */
int registry_person_create(store_conn *c, const access_ctx *who, const registry_person_new *in,
			   const char *reason, int64_t *id_out, mz_err *e);

/* The fields an update may change: a NULL string is left as it is. */
typedef struct registry_person_changes {
	const char *name;
	const char *address;
	const char *phone;
	const char *division_code;
	const char *hukou;
	const char *disability_kind;
	int set_disability_grade;
	int64_t disability_grade;
	int set_death_date;      /* 1: death_date below (NULL clears it) */
	const char *death_date;  /* YYYY-MM-DD, not in the future */
	const char *flags;
} registry_person_changes;

/* Changes the given fields; `version` must match (optimistic locking,
 * MZ_ECONFLICT otherwise). Fills out with the person after the change. */
int registry_person_update(store_conn *c, const access_ctx *who, int64_t id,
			   const registry_person_changes *in, const char *reason,
			   int64_t version, registry_person *out, mz_err *e);

/* Records a death inside the caller's open write transaction, for a room
 * whose own record of the death must commit with it (a death registration):
 * the person (in who's scope) gets death_date, a new version and a history
 * line, and person.died is published in the same transaction. A person
 * already dead on that same date is left as is (*recorded 0, nothing
 * published: the same death reported twice is one death); a different
 * date is a correction and publishes again, as registry_person_update
 * does. death_date: YYYY-MM-DD, not in the future. *recorded may be NULL. */
int registry_person_record_death_tx(store_conn *c, const access_ctx *who, int64_t id,
				    const char *death_date, const char *reason, int *recorded,
				    mz_err *e);
/* Sets a person's marital status (unknown, unmarried, married, divorced,
 * widowed) inside the caller's open write transaction, as a new version
 * with its history row and audit record. For the subscriber of a civil
 * register's event (the marriage register is the source of the status);
 * city-wide, no scope: the event, not a user, is the cause. No change, no
 * version. MZ_ENOTFOUND if the person does not exist. */
int registry_person_set_marital_tx(store_conn *c, const access_ctx *who, int64_t id,
				   const char *status, const char *reason, mz_err *e);

/* ---- history ---- */
typedef struct registry_change {
	int64_t version;
	int64_t changed_at;   /* Unix seconds */
	char changed_by[64];  /* login */
	char *reason;
	char *changes_json;   /* {"field":{"old":...,"new":...}}, as recorded */
} registry_change;

typedef struct registry_history_list {
	registry_change *items;
	size_t n, cap;
} registry_history_list;

void registry_history_list_init(registry_history_list *l);
void registry_history_list_release(registry_history_list *l);

/* The changes of a person or household in scope (entity "person" or
 * "household"), newest first, audited as person.history/household.history. */
int registry_history(store_conn *c, const access_ctx *who, const char *entity, int64_t id,
		     registry_history_list *out, mz_err *e);

/* ---- households ---- */
typedef struct registry_member {
	int64_t person_id;
	char name[128];
	char id_number[19];   /* the full number: mask it for display */
	char relation[16];
	char sex;
	mz_day birth;
	mz_day death;         /* MZ_DAY_INVALID while alive */
	char joined_on[11];
	char disability_kind[16];
	int disability_grade;
	char division_code[16]; /* the member's own community */
	int64_t income_fen;     /* declared monthly income, all kinds (registry_household_get) */
	char flags[256];        /* the person's registry marks, comma-separated (living_alone, ...) */
	int64_t version;        /* the person's version: a mark set from the household page sends it */
} registry_member;

typedef struct registry_household {
	int64_t id;
	char division_code[16];
	char division_name[128];
	char address[512];
	int64_t version;
	registry_member *members; /* current members, the head first */
	size_t n_members, cap_members;
} registry_household;

void registry_household_init(registry_household *h);
void registry_household_release(registry_household *h);

typedef struct registry_household_summary {
	int64_t id;
	char address[512];
	char division_code[16];
	char division_name[128];
	char head_name[128];
	int64_t member_count;
	int64_t income_fen; /* the current members' declared monthly incomes, summed */
} registry_household_summary;

typedef struct registry_household_page {
	registry_household_summary *items;
	size_t n, cap;
	int64_t total;
	int total_capped;
	int64_t page, page_size;
} registry_household_page;

void registry_household_page_init(registry_household_page *pg);
void registry_household_page_release(registry_household_page *pg);

/* One page of households in scope (division: a prefix within it), audited
 * as household.search. */
int registry_household_search(store_conn *c, const access_ctx *who, const char *division,
			      int64_t page, int64_t page_size, registry_household_page *out,
			      mz_err *e);
/* What a household search may ask (registry_household_find); zero or NULL
 * members are "any". Every filter narrows the caller's scope. */
typedef struct registry_household_query {
	const char *division;  /* a division within scope (a code prefix) */
	const char *head_name; /* the head's name, or its beginning */
	const char *address;   /* a part of the address */
	const char *id_number; /* a current member's ID number (GB 11643) */
	int64_t size_min, size_max; /* current members; 0: no bound */
	/* Declared monthly income per member, in fen; -1: no bound. */
	int64_t income_min_fen, income_max_fen;
	/* Only these ids (another room's answer, e.g. a program's enrolled
	 * households) when use_within is set; borrowed. */
	const int64_t *within;
	size_t n_within;
	int use_within;
	const char *sort; /* "id" (default), "-id", "address", "-address" */
	int64_t page, page_size;
} registry_household_query;

/* One page of the households in scope matching q, with each one's head,
 * size and declared income; audited as household.search (an ID number
 * lookup says so in the record, with the number masked). A malformed ID
 * number is MZ_EINVAL on "id_number"; totals above REGISTRY_COUNT_CAP are
 * capped (total_capped). out must be initialised. */
int registry_household_find(store_conn *c, const access_ctx *who,
			    const registry_household_query *q, registry_household_page *out,
			    mz_err *e);
/* A household in scope with its current members, audited as household.read.
 * out must be initialised; its members are replaced. */
int registry_household_get(store_conn *c, const access_ctx *who, int64_t id,
			   registry_household *out, mz_err *e);
/* The same city-wide and not audited: for a room that reached the id
 * through a record of its own (an applicant's household at intake) and
 * audits its own read. */
int registry_household_find_any(store_conn *c, int64_t id, registry_household *out,
				 mz_err *e);

/* A member to add: person_id 0 is refused ("every member needs a
 * person_id"), a NULL relation too. */
typedef struct registry_member_ref {
	int64_t person_id;
	const char *relation;
} registry_member_ref;

/* members: n of them, exactly one "head". */
int registry_household_create(store_conn *c, const access_ctx *who,
			      const char *division_code, const char *address,
			      const registry_member_ref *members, size_t n,
			      const char *reason, int64_t *id_out, mz_err *e);
int registry_household_add_member(store_conn *c, const access_ctx *who, int64_t hid,
				  int64_t person_id, const char *relation,
				  const char *reason, mz_err *e);
int registry_household_remove_member(store_conn *c, const access_ctx *who, int64_t hid,
				     int64_t person_id, const char *reason, mz_err *e);
/* A person's memberships, current and past, oldest first: which household,
 * as what relation to its head, and when (left_on "" while current). Not
 * audited and city-wide: for a room that holds the person's id through a
 * record of its own (the marriage register judging kinship) and audits its
 * own read. */
typedef struct registry_membership {
	int64_t household_id;
	char relation[16];
	char joined_on[11];
	char left_on[11];
} registry_membership;

typedef struct registry_membership_list {
	registry_membership *items;
	size_t n, cap;
} registry_membership_list;

void registry_membership_list_init(registry_membership_list *l);
void registry_membership_list_release(registry_membership_list *l);
int registry_person_memberships(store_conn *c, int64_t person_id, registry_membership_list *out,
				mz_err *e);

/* Locks the household's row until the caller's transaction ends (a no-op
 * UPDATE: SQLite has no SELECT ... FOR UPDATE). A read-then-write about one
 * household (its members, its open cases) takes it first, so on PostgreSQL
 * two such transactions queue as SQLite's single writer makes them. */
int registry_household_lock_tx(store_conn *c, int64_t hid, mz_err *e);

/* ---- figures ---- */
#define REGISTRY_AGE_BANDS 21 /* 0-4 ... 95-99, 100+ */

typedef struct registry_count {
	char code[16];   /* a district code, or "" */
	char name[128];
	int64_t key;     /* household size, or 0 */
	int64_t count;
} registry_count;

typedef struct registry_stats {
	int64_t persons_total, households_total;
	registry_count *by_district; /* living persons by district */
	size_t n_district;
	int64_t male[REGISTRY_AGE_BANDS], female[REGISTRY_AGE_BANDS];
	registry_count *by_size;     /* households by number of current members */
	size_t n_size;
} registry_stats;

/* Living persons born on or before born_by, counted by community (code,
 * count; by code), for communities in [lo, hi) within who's scope. Counts,
 * not persons: nothing personal leaves, so nothing is audited. *out is
 * the caller's to free. */
int registry_count_living_by_community(store_conn *c, const access_ctx *who, const char *lo,
				       const char *hi, mz_day born_by, registry_count **out,
				       size_t *n, mz_err *e);

void registry_stats_init(registry_stats *s);
void registry_stats_release(registry_stats *s);
/* Figures for the caller's scope, cached per scope for a few minutes; out
 * must be initialised (what it held is released first). */
int registry_stats_get(store_conn *c, const access_ctx *who, registry_stats *out, mz_err *e);

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

/* ---- events ----
 * The registry publishes what other rooms react to (person.died), but it is
 * core and may not include the event outbox, a tier above it. The outbox
 * plugs its publish function in here once at start-up (events_init). The
 * sink is called inside the registry's writing transaction; its failure
 * rolls the change back. With no sink attached a change that must publish
 * fails (MZ_EINTERNAL) rather than lose its event silently. */
typedef int (*registry_publish_fn)(store_conn *c, const access_ctx *who, const char *type,
				   int64_t subject_id, const char *division_code,
				   const char *payload_json, mz_err *e);
void registry_publish_set(registry_publish_fn fn);
/* Publishes through the sink (registry rooms' use). */
int registry_publish_tx(store_conn *c, const access_ctx *who, const char *type,
			int64_t subject_id, const char *division_code, const char *payload_json,
			mz_err *e);


/* ---- the change trace (registry_changes, 0071) ----
 * Every write to persons, households, household_members, person_incomes or
 * person_assets notes the ids it touched, in its own transaction, so a
 * reader that keeps a copy of those tables (the screening column snapshot,
 * src/screen/snapshot.c) re-reads only what changed since the sequence it
 * was built at. registry_history_add notes its entity; the bulk loaders
 * (import, demo) note their batch's id ranges. entity: "person" or
 * "household"; [lo, hi] the ids. */
typedef struct registry_trace {
	int64_t seq, lo, hi, changed_at;
	char entity[12];
} registry_trace;
int registry_change_note(store_conn *c, const char *entity, int64_t lo, int64_t hi, mz_err *e);
/* Starts a read-only transaction (store_begin_read) in which every change
 * with a sequence at or below the latest one visible is committed, and no
 * later one is: on PostgreSQL a sequence is drawn before its transaction
 * commits, so the reader waits for the writers that hold one (an advisory
 * lock they share and it takes alone for the moment its snapshot starts).
 * *last: the latest visible change (seq 0 when there is none). The caller
 * commits or rolls back. */
int registry_changes_begin_read(store_conn *c, registry_trace *last, mz_err *e);
/* The change with sequence seq: 1 found, 0 not (pruned, or another database). */
int registry_change_get(store_conn *c, int64_t seq, registry_trace *out, mz_err *e);
/* The changes after seq in sequence order, at most max (*more = 1 when there
 * are more); *out malloc'd. */
int registry_changes_since(store_conn *c, int64_t seq, size_t max, registry_trace **out,
			   size_t *n, int *more, mz_err *e);

#endif

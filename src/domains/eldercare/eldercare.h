/* eldercare.h - elderly-care services: what the rooms of eldercare/ share.
 *
 * eldercare/ owns the ec_* tables and elder_categories (0010_eldercare.sql).
 * Every call takes the caller (access_ctx) and filters inside the call:
 *  - staff see records whose division (the elder's community, or the
 *    canteen's / home's division) lies in their scope; outside it a record
 *    is "not found", exactly like one that does not exist;
 *  - a service_provider user is linked to one provider (ec_provider_users)
 *    and sees only that provider's canteens, homes, beds and their records;
 *    an unlinked provider user sees nothing.
 * Every write is audited inside its transaction, every read of personal
 * data through the group-commit audit. Results are jansson objects owned by
 * the caller; errors fill mz_err with the field at fault.
 *
 * The areas each have a header: params.h (dated parameters), assess.h
 * (ability assessment), canteen.h (canteens, meals, settlement, coverage),
 * calls.h (平安通), waitlist.h (care-home waiting list), homecare.h (home
 * care beds and monthly visits). This header holds persons, categories,
 * cards and providers.
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: ec_* and elder_categories; schema range 0010-0011 (released)
 *    and 1100-1199 for new files.
 *  - routes: routes.c (eldercare_routes); CLI: cmd_assess.c.
 *  - offers: the functions declared in this header and the area headers;
 *    only its fronts and its jobs call them. */
#ifndef MZ_ELDERCARE_H
#define MZ_ELDERCARE_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define EC_PAGE_MAX 200

/* ---- persons as elderly care needs them ----
 * A copy of the fields eldercare's rules read from the registry's person
 * (registry_person, filled by the registry_person_find* calls in common.c):
 * eldercare owns no person data and reads no registry table. */
typedef struct ec_person {
	int64_t id;
	char id_number[19];
	char name[64];
	char sex;          /* 'M' or 'F' */
	mz_day birth;
	mz_day death;      /* MZ_DAY_INVALID while alive */
	char division[16]; /* the residence community (12 digits) */
	char flags[256];   /* persons.flags: living_alone, special_family, ... */
} ec_person;

/* A person by id within who's scope (MZ_ENOTFOUND outside it). */
int ec_person_load(store_conn *c, const access_ctx *who, int64_t id, ec_person *p,
		   mz_err *e);
/* A person by citizen ID number anywhere in the city: a canteen serves any
 * elder of Guangzhou, whichever district they live in. The number is
 * validated first (idcard_parse). MZ_ENOTFOUND if nobody has it. */
int ec_person_by_id_number(store_conn *c, const char *number, ec_person *p, mz_err *e);
/* A person by the code on their elder card (active cards only; a lost or
 * cancelled card is MZ_ESTATE with *p still filled, so the refusal can name
 * the person; an unknown one MZ_ENOTFOUND) - except that a deceased person
 * is returned whatever their card's status, so the caller refuses with the
 * death. */
int ec_person_by_card(store_conn *c, const char *code, ec_person *p, mz_err *e);
/* Age in whole years on a day. */
int ec_person_age(const ec_person *p, mz_day on);
/* Masked ID number for lists. */
void ec_person_masked(const ec_person *p, char out[19]);
/* {id, name, id_number_masked, sex, birth_date, age, division_code, deceased} */
json_t *ec_person_brief(const ec_person *p, mz_day on);
/* Sets "name" (and "id_number_masked" when mask) on each object of the
 * array items from the registry, by its "person_id": a list reads its own
 * rows, then asks the registry who they are about in one call
 * (registry_person_list_by_ids) instead of joining persons. An item whose
 * person_id is not an integer is left as it is. */
int ec_items_name_persons(store_conn *c, json_t *items, int mask, mz_err *e);

/* ---- categories (elder_categories) ----
 * tekun_dispersed 分散供养特困, tekun_centralized 集中供养特困, dibao 低保,
 * low_income 低收入, youfu 优抚对象, special_family 计划生育特殊家庭. */
int ec_category_valid(const char *category);
const char *ec_category_zh(const char *category);
/* The person's categories in force on `on`, comma-separated, in the order
 * above ("" if none). */
int ec_person_categories(store_conn *c, int64_t person_id, mz_day on, char *out,
			 size_t cap, mz_err *e);
/* Records a category for a person in scope (source 'manual' unless given:
 * the assistance work writes 'benefits:<program>'). Audited. */
int ec_category_add(store_conn *c, const access_ctx *who, int64_t person_id,
		    const char *category, const char *valid_from, const char *valid_to,
		    const char *source, const char *note, const char *reason,
		    int64_t *id_out, mz_err *e);
/* Ends a category row (valid_to = the day given). Audited. */
int ec_category_end(store_conn *c, const access_ctx *who, int64_t id, const char *valid_to,
		    const char *reason, mz_err *e);
/* A person's category rows (all dates): {"items":[...]}. Audited read. */
json_t *ec_category_list(store_conn *c, const access_ctx *who, int64_t person_id, mz_err *e);

/* ---- elder cards ---- */
/* Issues a new card (cancels the previous active one); returns the code. */
json_t *ec_card_issue(store_conn *c, const access_ctx *who, int64_t person_id,
		      const char *reason, mz_err *e);

/* ---- printed documents (documents.c) ---- */
/* The printable report of one of a person's assessments (老年人能力评估
 * 报告) and the person's active elder card with its QR code, as PDF:
 * issued by the district's civil-affairs bureau, numbered, recorded and
 * audited (documents/issue.h), a second copy a reprint. Appended to out.
 * assessment_id 0: the person's latest assessment. */
int ec_assessment_report_pdf(store_conn *c, const access_ctx *who, int64_t person_id,
			     int64_t assessment_id, mz_buf *out, char number[96], mz_err *e);
int ec_card_pdf(store_conn *c, const access_ctx *who, int64_t person_id, mz_buf *out,
		char number[96], mz_err *e);

/* ---- providers ---- */
/* The provider a service_provider user acts for (*provider_id > 0); for
 * any other role *provider_id = 0 (no provider restriction, scope applies).
 * An unlinked provider user gets MZ_EFORBIDDEN. */
int ec_provider_of(store_conn *c, const access_ctx *who, int64_t *provider_id, mz_err *e);
json_t *ec_provider_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* sort: "field" or "-field" (id, name, kind, division_code, status,
 * canteens); NULL or "": by id. Another is MZ_EINVAL on "sort". */
json_t *ec_provider_list(store_conn *c, const access_ctx *who, const char *kind,
			 const char *sort, int64_t page, int64_t page_size, mz_err *e);
/* Links a service_provider user (by login) to a provider in scope. */
int ec_provider_link_user(store_conn *c, const access_ctx *who, int64_t provider_id,
			  const char *login, const char *reason, mz_err *e);

/* ---- shared helpers (common.c) ---- */
/* A reason of at least 2 characters, at most 500 bytes. */
int ec_check_reason(const char *reason, mz_err *e);
/* Parses an ISO date field; -1 with e naming `field`. */
int ec_parse_day(const char *s, const char *field, mz_day *out, mz_err *e);
/* "YYYY-MM" of a day into out[8]. */
void ec_month_of(mz_day d, char out[8]);
/* Validates "YYYY-MM"; fills the first and last day. */
int ec_parse_month(const char *s, mz_day *first, mz_day *last, mz_err *e);
/* The scope range the caller may see narrowed to `division` (NULL or ""
 * = the caller's own scope); -1 if division lies outside it. */
int ec_scope_range(const access_ctx *who, const char *division, char lo[16], char hi[16],
		   mz_err *e);
/* Beijing-time calendar day and minute of the day of a Unix time. */
mz_day ec_day_of(int64_t unix_s);
int ec_minute_of_day(int64_t unix_s);

/* Elderly care in the demo city after a year of running up to today (the
 * as-of date): providers with the demo's service accounts linked, canteens,
 * meals and settlements, monthly visits, 平安通 subscribers and calls,
 * assessments, home beds, care homes with their waiting lists (demo.c and
 * its demo_*.c). A one-line summary goes to summary. */
int ec_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

/* indicators.c: the monitoring hall's figures of elderly care (hall/hall.h). */
#include "hall/hall.h"
extern const hall_indicator eldercare_indicators[];

#endif

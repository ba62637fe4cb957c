/* marriage.h - the marriage register (婚姻登记): registry offices and
 * appointments, marriage registration with its refusals, divorce by
 * agreement with the cooling-off windows, certificates, corrections,
 * search and figures per office.
 *
 * Law: Civil Code (民法典) Art. 1041-1042 (monogamy), 1047 (minimum age),
 * 1048 (prohibited kinship), 1049 (registration in person), 1051-1053 (void
 * and voidable), 1076-1078 (divorce by agreement, the 30-day windows), 201
 * and 203 (counting periods in days); 婚姻登记条例 (revised 2025, in force
 * 2025-05-10): the ID card and a signed declaration of no spouse and no
 * prohibited kinship; any office in the city (全城通办), 跨省通办.
 *
 * Contract
 * - tables (schema range 1200-1239, schema/1200_marriage.sql): mar_offices,
 *   mar_appointments, mar_marriages, mar_spouses, mar_divorces,
 *   mar_certificates, mar_corrections. division_code of a row is its
 *   office's district: an office sees its own registrations; a search
 *   beyond them needs a stated reason and is audited with it.
 * - events published: marriage.registered (subject: marriage; payload
 *   man_id, woman_id), marriage.divorced (subject: divorce; man_id,
 *   woman_id), marriage.voided (subject: marriage; man_id, woman_id).
 * - events consumed: marriage.* -> marriage.marital_status (sets both
 *   persons' marital status in the registry: registry_person_set_marital_tx);
 *   person.died -> marriage.end_by_death (the marriage ends, the survivor
 *   is widowed).
 * - jobs: marriage.divorce_expire (daily 00:10): a divorce application
 *   nobody appeared for within the second window is treated as withdrawn
 *   (Art. 1077 para. 2); marriage.appointment_no_show (daily 00:20): a
 *   booking still open after its day is a no-show.
 * - functions below; every one takes the caller and filters by scope
 *   inside; personal data is read through audited calls.
 *
 * Roles (routes.c): city_admin and district_officer (the district's
 * registration officers) register; auditors read; street caseworkers do
 * not register marriages. */
#ifndef MZ_MARRIAGE_H
#define MZ_MARRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/buf.h"
#include "base/date.h"
#include "cases/workcal.h"
#include "store/store.h"

#define MAR_PAGE_MAX 200
#define MAR_MIN_AGE_MAN 22   /* 民法典 第一千零四十七条 */
#define MAR_MIN_AGE_WOMAN 20 /* 民法典 第一千零四十七条 */
#define MAR_WINDOW_DAYS 30   /* 民法典 第一千零七十七条: two windows of thirty days */

#define EVENT_MARRIAGE_REGISTERED "marriage.registered"
#define EVENT_MARRIAGE_DIVORCED "marriage.divorced"
#define EVENT_MARRIAGE_VOIDED "marriage.voided"

/* ---- pure rules (rules.c, windows.c) ---- */

/* 0 if a person of sex ('M'/'F') born on birth may marry on `on`;
 * otherwise -1 with *min_age set (Art. 1047). */
int mar_age_check(char sex, mz_day birth, mz_day on, int *min_age);

typedef enum mar_kinship {
	MAR_KIN_NONE_FOUND = 0, /* the registry shows no prohibited link */
	MAR_KIN_UNCERTAIN,      /* linked, but the registry cannot tell: the officer asks */
	MAR_KIN_PROHIBITED,     /* lineal, or collateral within three generations (Art. 1048) */
} mar_kinship;

/* Judges two members of one household by their relations to its head
 * (registry relations: head, spouse, child, parent, grandchild,
 * grandparent, sibling, other). why_en/why_zh name the relation found. */
mar_kinship mar_kinship_judge(const char *rel_a, const char *rel_b, const char **why_en,
			      const char **why_zh);

/* The two windows of Art. 1077 for an application received on `applied`,
 * counted as Civil Code Art. 201 and 203 count days (docs/domain.md,
 * "counting the days"): each window starts on the day after the event that
 * opens it and lasts 30 days; a window whose last day is not a working day
 * (a weekend or a public holiday of work_calendar) ends on the next working
 * day. */
typedef struct mar_windows {
	mz_day withdraw_from, withdraw_until; /* either party may withdraw (the application day too) */
	mz_day appear_from, appear_until;     /* both must appear for the certificate */
} mar_windows;
void mar_windows_compute(const workcal *cal, mz_day applied, mar_windows *out);

/* ---- offices and appointments (appointments.c) ---- */
typedef struct mar_office {
	char code[16];
	char name[128];
	char address[256];
	int slot_capacity;
} mar_office;

/* Every office (not personal data: no scope). *out is the caller's to free. */
int mar_offices_list(store_conn *c, mar_office **out, size_t *n, mz_err *e);
int mar_office_get(store_conn *c, const char *code, mar_office *out, mz_err *e);
/* Sets an office's capacity per half-day (who's scope must hold the office). */
int mar_office_set_capacity(store_conn *c, const access_ctx *who, const char *code,
			    int capacity, const char *reason, mz_err *e);

typedef struct mar_slot {
	mz_day day;
	char half[4];
	int capacity, booked;
	int workday;
} mar_slot;
/* The half-day slots of an office over [from, from+days), with bookings. */
int mar_slots(store_conn *c, const char *office, mz_day from, int days, mar_slot **out,
	      size_t *n, mz_err *e);

typedef struct mar_appointment {
	int64_t id;
	char office_code[16];
	char day[11];
	char half[4];
	char kind[12];
	int64_t person_a_id, person_b_id;
	char name_a[128], name_b[128];
	char status[12];
	char status_reason[256];
	char phone[32];
} mar_appointment;

typedef struct mar_appointment_new {
	const char *office_code;
	const char *day;
	const char *half;      /* am, pm */
	const char *kind;      /* marriage, divorce */
	const char *id_number_a, *id_number_b;
	const char *phone;
} mar_appointment_new;

/* Books a slot at any office of the city (全城通办): a working day, not in
 * the past, within capacity. */
int mar_appointment_book(store_conn *c, const access_ctx *who, const mar_appointment_new *in,
			 int64_t *id_out, mz_err *e);
/* confirm | cancel | no_show | done (status changes of a booking in scope). */
int mar_appointment_set(store_conn *c, const access_ctx *who, int64_t id, const char *status,
			const char *reason, mz_err *e);
int mar_appointment_get(store_conn *c, const access_ctx *who, int64_t id, mar_appointment *out,
			mz_err *e);
/* Bookings still open after their day become no-shows (the job and its
 * run-now). *n_out: how many. */
int mar_appointments_mark_no_shows(store_conn *c, const access_ctx *who, mz_day today,
				   int64_t *n_out, mz_err *e);
/* An office's appointments on a day (office NULL: the caller's scope). */
int mar_appointments_list(store_conn *c, const access_ctx *who, const char *office,
			  const char *day, mar_appointment **out, size_t *n, mz_err *e);

/* ---- marriages (register.c, marriages.c) ---- */
typedef struct mar_party {
	int64_t person_id;
	char id_number[19];
	char name[128];
	char sex;
	mz_day birth;
} mar_party;

typedef struct mar_marriage {
	int64_t id;
	char office_code[16];
	char office_name[128];
	char registered_on[11];
	mar_party man, woman;
	char certificate_no[40];
	char status[12];
	char status_reason[512];
	char status_article[64];
	char ended_on[11];
	char kinship_finding[16];
	char kinship_note[512];
	int cross_province;
	char other_province[64];
	char other_reference[128];
	int64_t version;
} mar_marriage;

typedef struct mar_marriage_new {
	const char *office_code;
	const char *man_id_number, *woman_id_number;
	int both_present;          /* Art. 1049: in person */
	int man_declares, woman_declares; /* the signed declaration (条例 2025) */
	const char *kinship_note;  /* required when the registry cannot tell */
	int cross_province;
	const char *other_province, *other_reference;
	int64_t appointment_id;    /* 0: none */
} mar_marriage_new;

/* Registers a marriage on today's date, or refuses with the article. On
 * success publishes marriage.registered and issues the certificate number. */
int mar_marriage_register(store_conn *c, const access_ctx *who, const mar_marriage_new *in,
			  int64_t *id_out, mz_err *e);
/* What the registry shows about the pair before the desk registers them
 * (age, current marriages, kinship), without writing: finding "ok",
 * "refused" (e says why), or "ask" (kinship uncertain). Audited read. */
int mar_marriage_precheck(store_conn *c, const access_ctx *who, const char *man_no,
			  const char *woman_no, char finding[16], mz_err *why, mz_err *e);
/* A marriage in scope, audited as marriage.read. */
int mar_marriage_get(store_conn *c, const access_ctx *who, int64_t id, mar_marriage *out,
		     mz_err *e);
/* Corrects a recorded field (other_province, other_reference, kinship_note,
 * registered_on) with a reason; version must match. */
int mar_marriage_correct(store_conn *c, const access_ctx *who, int64_t id, const char *field,
			 const char *value, const char *reason, int64_t version, mz_err *e);
/* Declares void (Art. 1051: bigamy, kinship, under age) or revokes
 * (Art. 1052 coercion, 1053 concealed illness). ground: bigamy, kinship,
 * under_age, coercion, concealed_illness. Publishes marriage.voided. */
int mar_marriage_revoke(store_conn *c, const access_ctx *who, int64_t id, const char *ground,
			const char *reason, mz_err *e);

typedef struct mar_marriage_query {
	const char *id_number; /* exact, either party */
	const char *status;
	const char *office;
	const char *from, *to; /* registered_on */
	const char *reason;    /* beyond the caller's offices: required, audited */
	/* "field" or "-field": registered_on, id, certificate_no, status,
	 * office_code; NULL or "": newest first. Another is MZ_EINVAL on "sort". */
	const char *sort;
	int64_t page, page_size;
} mar_marriage_query;

typedef struct mar_marriage_page {
	mar_marriage *items;
	size_t n;
	int64_t total;
	int citywide;
} mar_marriage_page;
void mar_marriage_page_release(mar_marriage_page *p);
int mar_marriages_search(store_conn *c, const access_ctx *who, const mar_marriage_query *q,
			 mar_marriage_page *out, mz_err *e);

/* ---- divorces (divorce.c) ---- */
typedef struct mar_divorce {
	int64_t id, marriage_id;
	char office_code[16];
	char applied_on[11];
	mar_windows w;
	char status[12];
	char phase[12]; /* withdraw | appear | closed: where today falls */
	char closed_on[11];
	char certificate_no[40];
	char close_reason[256];
	int64_t withdrawn_by;
	char man_name[128], woman_name[128];
	char man_id_number[19], woman_id_number[19];
	int cross_province;
	char other_province[64], other_reference[128];
} mar_divorce;

typedef struct mar_divorce_new {
	const char *office_code;
	const char *man_id_number, *woman_id_number;
	int both_present;
	int cross_province;
	const char *other_province, *other_reference;
} mar_divorce_new;

/* Receives an application by both (Art. 1076); computes the windows. */
int mar_divorce_apply(store_conn *c, const access_ctx *who, const mar_divorce_new *in,
		      int64_t *id_out, mz_err *e);
/* Either party withdraws within the first window (Art. 1077 para. 1). */
int mar_divorce_withdraw(store_conn *c, const access_ctx *who, int64_t id,
			 const char *party_id_number, const char *reason, mz_err *e);
/* Both appear within the second window: the divorce is registered, the
 * certificate numbered, marriage.divorced published. */
int mar_divorce_register(store_conn *c, const access_ctx *who, int64_t id, int both_present,
			 mz_err *e);
int mar_divorce_get(store_conn *c, const access_ctx *who, int64_t id, mar_divorce *out,
		    mz_err *e);
typedef struct mar_divorce_page {
	mar_divorce *items;
	size_t n;
	int64_t total;
} mar_divorce_page;
void mar_divorce_page_release(mar_divorce_page *p);
/* sort: "field" or "-field" among applied_on, id, status, closed_on
 * (NULL or "": newest application first); another is MZ_EINVAL on "sort". */
int mar_divorces_list(store_conn *c, const access_ctx *who, const char *status, const char *sort,
		      int64_t page, int64_t page_size, mar_divorce_page *out, mz_err *e);
/* Applications still open on `today` past their second window become
 * expired (treated as withdrawn). *n_out: how many. The job and the CLI. */
int mar_divorces_expire(store_conn *c, const access_ctx *who, mz_day today, int64_t *n_out,
			mz_err *e);

/* ---- certificates (certificates.c) ---- */
/* The next number of an office for kind ('J' marriage, 'L' divorce,
 * 'BJ'/'BL' reissue) inside the caller's transaction, and its row. */
int mar_certificate_issue_tx(store_conn *c, const access_ctx *who, const char *kind,
			     int64_t subject_id, int64_t person_id, const char *office,
			     int64_t reissue_of, const char *reason, char number[40], mz_err *e);
/* Reissues a lost certificate (补领) to one party of a marriage, with a reason. */
int mar_certificate_reissue(store_conn *c, const access_ctx *who, int64_t marriage_id,
			    const char *party_id_number, const char *reason, char number[40],
			    mz_err *e);
/* The certificate PDF (marriage or divorce) recorded in the documents register. */
int mar_certificate_pdf(store_conn *c, const access_ctx *who, const char *kind, int64_t id,
			mz_buf *out, mz_err *e);

/* ---- figures (stats.c) ---- */
typedef struct mar_office_stats {
	char office_code[16];
	char office_name[128];
	int64_t marriages, divorces, applications, pending, withdrawn, expired, appointments,
		no_shows;
} mar_office_stats;
/* Per office in scope over [from, to]. *out is the caller's to free. */
int mar_stats(store_conn *c, const access_ctx *who, const char *from, const char *to,
	      mar_office_stats **out, size_t *n, mz_err *e);

/* ---- demo (demo.c) ---- */
int mar_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

#endif

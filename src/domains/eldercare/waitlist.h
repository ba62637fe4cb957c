/* waitlist.h - the public care-home waiting list (轮候).
 *
 * Guangzhou's exact rules were not found (docs/domain.md): the order is data.
 * waitlist.order names the criteria in turn (category, level, age,
 * special_family, youfu, applied_on) and waitlist.category_ranks gives each
 * priority category its rank (特困 1, dibao/low-income 2; none last). Each
 * criterion, in the order given:
 *   category        lower rank first (the elder's best category in force)
 *   level           more impaired first (ec_assess_level_of; never assessed last)
 *   age             older first (earlier birth date)
 *   special_family  计划生育特殊家庭 first
 *   youfu           优抚对象 first
 *   applied_on      earlier application first
 * and the application id last, so the order is total and repeatable.
 *
 * A queue per home holds the applications that chose it and are waiting
 * or holding an offer. Every recomputation is compared with the published
 * positions (ec_wait_positions): every move is an ec_wait_events row with
 * the ordering key that explains it, and the action that caused it is
 * audited. When a bed frees (a vacancy) the first waiting applicant of the
 * home's queue who has not yet been offered that vacancy gets an offer with
 * a deadline (waitlist.offer_days); accepting admits them (they leave every
 * queue), declining or letting the deadline pass moves the offer down the
 * queue. An applicant holding an offer is skipped by other vacancies. */
#ifndef MZ_EC_WAITLIST_H
#define MZ_EC_WAITLIST_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

/* ---- ordering (pure) ---- */
enum { EC_WK_CATEGORY = 1, EC_WK_LEVEL, EC_WK_AGE, EC_WK_SPECIAL, EC_WK_YOUFU, EC_WK_APPLIED };
#define EC_WK_MAX 8
#define EC_WK_NO_CATEGORY 99

typedef struct ec_wait_key {
	int64_t app_id, person_id;
	int cat_rank;          /* EC_WK_NO_CATEGORY when none */
	char category[32];     /* the category that gave the rank, or "" */
	int level;             /* -1 never assessed */
	mz_day birth, applied_on;
	int special_family, youfu;
	char division[16], status[12];
} ec_wait_key;

/* Parses waitlist.order ("category,level,...") into crit[] (n <= EC_WK_MAX). */
int ec_wait_order_parse(const char *order, int crit[EC_WK_MAX], int *n, mz_err *e);
/* The best (lowest) rank of `categories` (comma list) in `ranks`
 * ("tekun_dispersed:1,dibao:2"), the category in cat_out. */
int ec_wait_rank_of(const char *ranks, const char *categories, char cat_out[32]);
/* <0 when a goes first. */
int ec_wait_key_cmp(const int *crit, int n, const ec_wait_key *a, const ec_wait_key *b);
/* Sorts keys in place (stable). */
void ec_wait_sort(const int *crit, int n, ec_wait_key *keys, size_t count);
/* The ordering values as shown to people: {category, category_rank,
 * level, birth_date, special_family, youfu, applied_on}. */
json_t *ec_wait_key_json(const ec_wait_key *k);

/* ---- homes ---- */
/* {provider_id?, name, division_code, address, beds_total, reason}. Audited. */
json_t *ec_home_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* Open public homes of the city (any elder may choose any): id, name,
 * division, beds, queue length. */
json_t *ec_home_list(store_conn *c, const access_ctx *who, mz_err *e);

/* ---- applications ---- */
/* {person_id, applied_on, homes:[id,...] (1-5, in preference), note?,
 * reason}. Refuses a second active application. Publishes the queues of the
 * chosen homes. Audited. */
json_t *ec_wait_apply(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* The withdrawal of a waiting application of person pid inside the
 * caller's transaction (a death: eldercare's subscriber). */
int ec_wait_withdraw_tx(store_conn *c, const access_ctx *who, int64_t id, int64_t pid,
			const char *div, const char *reason, mz_err *e);
/* Withdraws (reason required); the queues close up. Audited. */
json_t *ec_wait_withdraw(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
			 mz_err *e);
/* An application with its position and key in each chosen home, its offers
 * and the events that moved it. Audited read. */
json_t *ec_wait_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* A home's queue in order with each key; applicants outside the caller's
 * scope are shown by position and key only. Audited read. */
json_t *ec_wait_queue(store_conn *c, const access_ctx *who, int64_t home_id, mz_err *e);
/* Re-computes a home's queue (after categories or assessments changed);
 * {moved}. Audited. */
json_t *ec_wait_requeue(store_conn *c, const access_ctx *who, int64_t home_id,
			const char *reason, mz_err *e);

/* ---- vacancies and offers ---- */
/* A bed freed in a home (staff in the home's scope or its provider):
 * {freed_on, note?}. Offers it to the next eligible applicant at `now`.
 * Returns the vacancy with its offer (or offer null: nobody eligible). */
json_t *ec_vacancy_create(store_conn *c, const access_ctx *who, int64_t home_id,
			  const char *freed_on, const char *note, int64_t now, mz_err *e);
/* The applicant's answer, recorded by staff in the applicant's scope:
 * accept -> admitted, vacancy filled; decline -> offered to the next. */
json_t *ec_offer_decide(store_conn *c, const access_ctx *who, int64_t offer_id, int accept,
			const char *reason, int64_t now, mz_err *e);
/* Expires every open offer in scope whose deadline passed by `now` and
 * offers those vacancies on. {expired, reoffered}. Audited. */
json_t *ec_offer_expire(store_conn *c, const access_ctx *who, int64_t now, mz_err *e);

#endif

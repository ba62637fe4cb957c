/* volunteer.h - volunteers, the time bank's hour ledger, activities, and
 * service orders dispatched to volunteers (群众点单、平台派单、志愿者接单、
 * 群众评单), with paired visits to elders (老伙伴).
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: vol_* (schema/1400_volunteer.sql); schema range 1400-1449.
 *  - events published: volunteer.visit_done (subject: the elder visited;
 *    payload {visited_on, visitor, volunteer_id, order_id}) when a paired
 *    visit is served and rated; consumed: person.died (hooks.c: the dead
 *    person's volunteer record, pairings and open orders are closed, their
 *    accounts closed once empty).
 *  - jobs: volunteer.offer_expire (every minute: offers past their time
 *    limit expire and the order is offered to the next volunteer).
 *  - routes: routes.c (volunteer_routes); CLI: cmd_volunteer.c.
 *
 * Every call takes the caller and filters by scope inside it: staff see
 * records whose division lies in their scope; a service_provider user
 * linked to a volunteer record (vol_volunteers.login) acts as that
 * volunteer and sees only its own offers, orders, signups and account -
 * and a resident's name, address and phone only for an order it accepted,
 * through an audited read. Writes are audited in their transaction.
 *
 * Units: minutes of service. 广州公益时间银行 (2019-08-26): 1 hour of
 * service = 1 point, exchangeable from 100 hours, capped (parameters in
 * vol_params, dated; params.c). */
#ifndef MZ_VOLUNTEER_H
#define MZ_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "domains/volunteer/geo.h"
#include "store/store.h"

#define VOL_PAGE_MAX 200

/* Published when a paired visit (老伙伴) is served and rated. */
#define VOL_EVENT_VISIT_DONE "volunteer.visit_done"

/* ---- parameters (params.c) ---- */
/* The integer value of parameter name in force on day; -1 with e when none. */
int vol_param_int(store_conn *c, const char *name, mz_day on, int64_t *out, mz_err *e);

/* ---- volunteers (volunteers.c) ---- */
/* For a service_provider user: the id of the active volunteer record linked
 * to its login, or -1 when none is (such a user sees nothing, as if every
 * record were out of scope). For staff: *volunteer_id = 0. */
int vol_acting_volunteer(store_conn *c, const access_ctx *who, int64_t *volunteer_id, mz_err *e);

typedef struct vol_volunteer_new {
	const char *id_number;       /* the person, in the registry, within scope */
	const char *division_code;   /* the community served from; NULL: where they live */
	const char *skills;          /* comma list of vol_skill_valid skills */
	const char *areas;           /* comma list of further division codes, may be NULL */
	int weekdays;                /* bit 0 Monday .. bit 6 Sunday; 0 means every day */
	const char *hours;           /* "HH:MM-HH:MM", NULL: 08:00-20:00 */
	int64_t org_id;              /* 0: none */
	const char *team;
	const char *guardian_id_number; /* required under 18 */
	int guardian_consent;           /* required under 18 */
	const char *reason;
} vol_volunteer_new;
/* 1 if skill is one the platform knows. */
int vol_skill_valid(const char *skill);
/* Registers a volunteer (one record a person) and opens their account.
 * 《志愿服务条例》: a minor volunteers with the guardian's consent; the
 * youngest age is parameter volunteer.min_age. Audited. */
int vol_volunteer_register(store_conn *c, const access_ctx *who, const vol_volunteer_new *in,
			   int64_t *id, mz_err *e);
/* active | suspended | closed (closed is final). Audited. */
int vol_volunteer_set_status(store_conn *c, const access_ctx *who, int64_t id,
			     const char *status, const char *reason, mz_err *e);
/* Links a service_provider user of the caller's scope to act as the
 * volunteer (a login acts for one volunteer). Audited. */
int vol_volunteer_link_login(store_conn *c, const access_ctx *who, int64_t id, const char *login,
			     const char *reason, mz_err *e);
int vol_certificate_add(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			const char *title, const char *issuer, const char *issued_on,
			const char *valid_to, int64_t *id, mz_err *e);
int vol_org_create(store_conn *c, const access_ctx *who, const char *name, const char *division,
		   const char *services, const char *reason, int64_t *id, mz_err *e);

/* ---- the hour ledger (ledger.c) ---- */
typedef struct vol_move {
	const char *kind;     /* service, activity, exchange, transfer, reversal */
	int64_t from_account, to_account;
	int64_t minutes;      /* > 0 */
	int64_t reverses_id;  /* reversal: the movement it undoes */
	const char *ref_kind; /* "order", "signup", "" */
	int64_t ref_id;
	const char *division; /* where it happened (scope of the movement) */
	const char *reason;
} vol_move;

/* Posts one movement inside the caller's open write transaction: the
 * source is debited only if it stays at or above minus its floor (the
 * bank has none), both accounts must be open, two postings are written
 * (-minutes, +minutes) and the balances move with them. MZ_ESTATE names
 * "minutes" when the source would go below its limit, "account" when an
 * account is closed. Audited ("volunteer.movement.post"). */
int vol_ledger_post_tx(store_conn *c, const access_ctx *who, const vol_move *m, int64_t *id_out,
		       mz_err *e);
/* A correction: a new movement the other way, the same minutes, with the
 * reason; a movement is reversed at most once, a reversal never. Own
 * transaction. MZ_ENOTFOUND outside scope. */
int vol_ledger_reverse(store_conn *c, const access_ctx *who, int64_t movement_id,
		       const char *reason, int64_t *id_out, mz_err *e);

typedef struct vol_ledger_report {
	int64_t accounts, movements;
	int64_t bad_balances;   /* accounts whose balance != sum of postings */
	int64_t bad_movements;  /* movements without exactly two legs summing to 0 */
	int64_t below_floor;    /* accounts below their limit */
	int64_t total;          /* sum of every balance: 0 in a sound ledger */
	int ok;
} vol_ledger_report;
/* Proves the ledger over every account (a city-wide check, no personal data). */
int vol_ledger_check(store_conn *c, vol_ledger_report *out, mz_err *e);

/* The account of (kind, owner), opened if absent, inside the caller's
 * transaction. floor: minutes below zero allowed. */
int vol_account_ensure_tx(store_conn *c, const char *kind, int64_t owner_id,
			  const char *division, const char *name, int64_t floor, int64_t *id,
			  mz_err *e);
int vol_bank_account(store_conn *c, int64_t *id, mz_err *e);

typedef struct vol_account {
	int64_t id, owner_id, balance, floor;
	int has_floor;
	char kind[16];
	char division_code[16];
	char name[128];
	char status[8];
} vol_account;
/* An account in scope (a volunteer login: only its own). */
int vol_account_get(store_conn *c, const access_ctx *who, int64_t id, vol_account *out,
		    mz_err *e);

/* Exchange of points for a service (广州公益时间银行: from 100 hours of
 * credited service): volunteer account -> bank. MZ_ESTATE naming "minutes"
 * below the threshold or the balance. Own transaction. */
int vol_exchange(store_conn *c, const access_ctx *who, int64_t volunteer_id,
		 const char *service_code, int64_t minutes, const char *reason, int64_t *movement_id,
		 mz_err *e);
/* Transfer to a family member's account: allowed to a person of the
 * volunteer's own household (the registry's household). Own transaction. */
int vol_transfer_family(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			int64_t person_id, int64_t minutes, const char *reason,
			int64_t *movement_id, mz_err *e);
/* Credits minutes of confirmed service to the volunteer (bank -> volunteer),
 * up to the cap; inside the caller's transaction. *credited gets what was
 * credited (0 at the cap). */
int vol_credit_service_tx(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			  const char *kind, const char *ref_kind, int64_t ref_id, int64_t minutes,
			  const char *division, int64_t *credited, mz_err *e);

/* ---- service orders (orders.c) and dispatch (dispatch.c) ---- */
typedef struct vol_order_new {
	int64_t person_id;        /* the resident, in scope */
	const char *service_code; /* vol_services */
	const char *source;       /* resident (by phone or at the desk), worker, visit_plan */
	const char *wanted_on;    /* ISO date, today or later */
	const char *note;
	int64_t pairing_id;       /* a paired visit: offered to the paired volunteer */
	vol_point place;          /* optional: the resident's home; else the community's location */
} vol_order_new;
/* Records the order and dispatches it in the same transaction. Audited. */
int vol_order_create(store_conn *c, const access_ctx *who, const vol_order_new *in, int64_t *id,
		     mz_err *e);
/* The volunteer answers its pending offer (volunteer logins only): accept
 * within the time limit, or decline with a reason (the order goes to the
 * next volunteer at once). */
int vol_order_accept(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
int vol_order_decline(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		      mz_err *e);
/* Check-in with the order's code (the resident's slip, a QR code at the
 * door) or with pos within the radius of the order's place (geo.h);
 * check-out: minutes served, capped by the service's maximum - a position
 * sent with it must be within the radius too. pos may be NULL. */
int vol_order_checkin(store_conn *c, const access_ctx *who, int64_t id, const char *code,
		      const vol_point *pos, mz_err *e);
int vol_order_checkout(store_conn *c, const access_ctx *who, int64_t id, const vol_point *pos,
		       mz_err *e);
/* The resident's rating (1-5), recorded by staff for them: it confirms
 * the service, and the minutes are credited to the volunteer. A paired
 * visit publishes volunteer.visit_done. */
int vol_order_rate(store_conn *c, const access_ctx *who, int64_t id, int rating,
		   const char *note, int64_t *credited, mz_err *e);
int vol_order_cancel(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		     mz_err *e);

/* Offers the order to the best candidate not yet asked (rank.c) or, when
 * none is left, to a service organisation covering the community; after
 * dispatch.max_rounds offers, or with nobody at all, the order is
 * 'unassigned' for the street to handle. Inside the caller's transaction. */
int vol_dispatch_tx(store_conn *c, const access_ctx *who, int64_t order_id, int64_t now,
		    mz_err *e);
/* Every pending offer past its time limit expires and its order is offered
 * on (the job volunteer.offer_expire). */
int vol_offers_expire(store_conn *c, const access_ctx *who, int64_t now, int64_t *expired,
		      mz_err *e);

/* ---- dispatch ranking (rank.c) ---- */
/* Distance between two division codes on the tree, since divisions carry
 * no coordinates: 0 the same community, 1 the same street, 2 the same
 * district, 3 elsewhere in the city. */
int vol_division_tier(const char *a, const char *b);

typedef struct vol_candidate {
	int64_t volunteer_id;
	char division_code[16];
	int tier;          /* vol_division_tier to the resident's community */
	int load;          /* open orders held */
	int64_t rating_sum, rating_n;
} vol_candidate;
/* Orders candidates best first: nearer tier, then lighter load, then the
 * higher mean rating (unrated counts as 4 of 5), then the lower id. */
int vol_candidate_cmp(const vol_candidate *a, const vol_candidate *b);
void vol_candidates_rank(vol_candidate *v, size_t n);

/* ---- the demo city (demo.c) ---- */
int vol_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

#endif

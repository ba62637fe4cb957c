/* safetynet.h - 困难群众兜底保障安全网: events about persons come in, the
 * monitoring rules raise alerts, alerts become work orders for the
 * community, the order's feedback closes them (汇集需求, 处置反馈, 预警监管).
 *
 * Guangzhou's plan builds the net on six nets (responsibility, social
 * organisations, volunteers, family, contact-and-help, technology) and asks
 * it to act as the 中枢大脑 of daily service, with 政策找人 folded into the
 * community grid. Here:
 *  - events in (ingest.c): departments (卫健, 人社, 残联, utilities, 公安 ...)
 *    send events about persons with a department token (departments.c: a
 *    hashed token, a scope, a rate limit; idempotent by the sender's event
 *    id), or upload a CSV/XLSX file; minzheng's own domains reach us
 *    through the outbox (hooks.c); residents through the public form
 *    (requests.c, 社区随约服务);
 *  - the monitoring rules are data (rules.c): policies/guangzhou/alerts/
 *    *.alerts, dated, reloadable, each alert carrying its explanation;
 *  - work orders (orders.c): routed to the person's community, SLA clock per
 *    level, escalated community -> street -> district by the job
 *    safetynet.escalate, returned, merged, fed back, rated, reopened.
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: sn_departments, sn_event_keys, sn_events, sn_facts, sn_alerts,
 *    sn_orders, sn_order_log (schema/1300_safetynet.sql, 1301: an order's
 *    origin); range 1300-1349.
 *  - events consumed: person.died (a 'death' event), case.decided (a dibao
 *    approval: the fact 'dibao' for every member of the household),
 *    eldercare.checkin_missed / visit_recorded / visit_overdue,
 *    payment.returned, screen.item_raised (events for the rules),
 *    deliberation.resolution_overdue (a work order; handover.c).
 *    Publishes none yet.
 *  - jobs: safetynet.escalate (every 5 minutes).
 *  - routes: routes.c; CLI: cmd_safetynet.c; hall: indicators.c.
 * Every staff call filters by the caller's division scope inside the call;
 * every write is audited in its transaction, every read of personal data
 * audited. */
#ifndef MZ_SAFETYNET_H
#define MZ_SAFETYNET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define SN_PAGE_MAX 200

/* ---- the event catalogue (catalog.c) ---- */
typedef struct sn_event_type {
	const char *key;     /* hospital_bill, death, ... */
	const char *zh, *en;
	int needs_amount;    /* 1: amount_fen is required (a bill, an arrear) */
} sn_event_type;
const sn_event_type *sn_event_type_find(const char *key); /* NULL if unknown */
const sn_event_type *sn_event_type_at(size_t i);          /* NULL past the end */
/* NULL-terminated lists for the route declarations. */
extern const char *const sn_route_targets[];   /* community_worker, volunteer, social_work */
extern const char *const sn_action_kinds[];    /* case_intake, temp_aid, visit, referral, other */
extern const char *const sn_order_states[];
extern const char *const sn_return_reasons[];  /* wrong_address, wrong_department */

/* ---- departments (departments.c) ---- */
typedef struct sn_department {
	int64_t id;
	char code[32];
	char name[128];
	char scope_code[16];
	int rate_per_min;
	int disabled;
} sn_department;

/* Creates a department account (city admin only); its token goes to
 * token_out (65 bytes) and is never shown again: only its SHA-256 is kept.
 * Audited. */
int sn_department_create(store_conn *c, const access_ctx *who, const char *code,
			 const char *name, const char *scope_code, int rate_per_min,
			 const char *reason, int64_t *id_out, char token_out[65], mz_err *e);
/* The department whose token this is (MZ_EUNAUTH otherwise, and for a
 * disabled one). Its rate limit (rate_per_min) is taken by the inbound
 * routes (api_safetynet.c, http/ratelimit.h). */
int sn_department_authenticate(store_conn *c, const char *token, sn_department *out,
			       mz_err *e);
/* The department of code (for the command line): 1 found, 0 not, -1 error. */
int sn_department_find(store_conn *c, const char *code, sn_department *out, mz_err *e);
json_t *sn_department_list(store_conn *c, const access_ctx *who, mz_err *e);
/* An access context for a department's writes: login "dept:<code>", role
 * none, scope its scope. */
void sn_department_ctx(const sn_department *d, access_ctx *who);

/* ---- events in (ingest.c) ---- */
typedef enum sn_source_kind {
	SN_SRC_DEPARTMENT = 1,
	SN_SRC_UPLOAD,
	SN_SRC_INTERNAL,
	SN_SRC_RESIDENT,
} sn_source_kind;

typedef struct sn_event_in {
	sn_source_kind kind;
	const char *source;          /* department code, or the publisher of an internal event */
	int64_t department_id;       /* SN_SRC_DEPARTMENT / SN_SRC_UPLOAD: idempotency key with... */
	const char *sender_event_id; /* ...the sender's own id ("" for internal events) */
	const char *id_number;       /* the person, or person_id below */
	int64_t person_id;
	const char *type;
	const char *occurred_on;     /* YYYY-MM-DD */
	int64_t amount_fen;
	const char *note;
} sn_event_in;

typedef struct sn_ingest_result {
	int64_t event_id;
	int duplicate;        /* 1: the sender sent this id before; nothing changed */
	int alerts;           /* alerts raised */
	int orders;           /* work orders opened */
	int64_t alert_ids[8];
	int64_t order_ids[8];
	int64_t eval_ns;      /* time spent running the rules (monotonic clock) */
} sn_ingest_result;

/* Checks an event (type known, date a day not in the future, ID number
 * valid GB 11643 and of a person in the registry within the sender's
 * scope, amount given when the type needs one) without writing. */
int sn_event_check(store_conn *c, const access_ctx *who, const sn_event_in *in,
		   int64_t *person_id, char division[16], mz_err *e);
/* Stores one event with its provenance and runs the monitoring rules on
 * it, in the caller's open write transaction. who is the sender (a
 * department's context, a user, or the events system context). */
int sn_event_ingest_tx(store_conn *c, const access_ctx *who, const sn_event_in *in,
		       sn_ingest_result *out, mz_err *e);
/* The same in its own transaction. */
int sn_event_ingest(store_conn *c, const access_ctx *who, const sn_event_in *in,
		    sn_ingest_result *out, mz_err *e);

/* A file of events (CSV or XLSX: header id_number,type,occurred_on,
 * amount_fen,event_id,note) from a department; each row is checked and
 * stored on its own, in transactions of `batch` rows; the result lists the
 * rows refused with their line and field. */
json_t *sn_events_import(store_conn *c, const access_ctx *who, const sn_department *d,
			 const char *path, int batch, mz_err *e);

/* Events in scope (or under division) by type; sort NULL/"" newest first,
 * or "[-]id|received_at|occurred_on|type|amount_fen" (store/order.h). */
json_t *sn_event_list(store_conn *c, const access_ctx *who, const char *type,
		      const char *division, const char *sort, int64_t page, int64_t size,
		      mz_err *e);

/* ---- alerts ---- */
/* Alerts in scope (or under division), filtered by level and status; sort
 * NULL/"" newest first, or "[-]id|raised_at|level|status" (level by
 * urgency: red first ascending; store/order.h). With the total. */
json_t *sn_alert_list(store_conn *c, const access_ctx *who, const char *level,
		      const char *status, const char *division, const char *sort, int64_t page,
		      int64_t size, mz_err *e);
json_t *sn_alert_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);

/* ---- work orders (orders.c) ---- */
typedef struct sn_order_action {
	const char *action;        /* accept, on_site, done, return, route, close, reopen, merge */
	int64_t version;
	const char *note;
	const char *return_reason; /* return */
	const char *action_kind;   /* done */
	const char *action_ref;    /* done: a case number, a payment, a visit */
	const char *feedback;      /* done */
	int rating;                /* close: the resident's rating 1..5, 0 none */
	const char *division_code; /* route: the community it goes to */
	const char *route_to;      /* route */
	int64_t into;              /* merge: the order it duplicates */
} sn_order_action;

/* Opens an order in the caller's open transaction; *id_out its id.
 * division: the person's community; level decides the clock. A second
 * open order for the same person and route is not opened: the alert joins
 * the open one (*merged 1, *id_out the open one). */
int sn_order_open_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		     const char *division, const char *kind, int64_t alert_id, const char *title,
		     const char *detail, const char *level, const char *route_to, int64_t *id_out,
		     int *merged, mz_err *e);
json_t *sn_order_act(store_conn *c, const access_ctx *who, int64_t id,
		     const sn_order_action *a, mz_err *e);
json_t *sn_order_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Work orders in scope; sort NULL/"" by due time, or "[-]id|due_at|level|
 * state|created_at" (store/order.h). With the total. */
json_t *sn_order_list(store_conn *c, const access_ctx *who, const char *state, const char *tier,
		      int overdue, const char *division, const char *sort, int64_t page, int64_t size,
		      mz_err *e);
/* The clocks: every open order past its due time goes one tier up (community
 * -> street -> district) with a new clock; at the district it stays,
 * overdue. */
int sn_orders_escalate(store_conn *c, const access_ctx *who, int64_t now, int *escalated,
		       mz_err *e);

/* ---- hand-overs from other rooms (handover.c) ---- */
/* A residents' deliberation hall's resolution left unresolved past the last
 * step of its escalation (the event deliberation.resolution_overdue, its
 * payload {hall_name, due_on, days_overdue, responsible_unit, text}) opens a
 * work order of kind 'request', origin 'deliberation.resolution', for the
 * hall's community (its community worker), or for a street hall at the
 * street's tier; once per resolution. In the caller's open transaction. */
int sn_handover_resolution_tx(store_conn *c, const access_ctx *who, int64_t resolution_id,
			      const char *division, const char *payload_json, mz_err *e);

/* ---- residents' own requests (requests.c) ---- */
typedef struct sn_request_in {
	const char *community_code;
	const char *name;
	const char *phone;
	const char *address;
	const char *need;
	const char *category;  /* a need category (requests.c) */
	const char *id_number; /* optional: the person the need is about */
} sn_request_in;
extern const char *const sn_request_categories[];
/* Records the request and opens its work order; *order_id the receipt. */
int sn_request_submit(store_conn *c, const sn_request_in *in, const char *ip, int64_t *order_id,
		      mz_err *e);

/* ---- demo (demo.c) ---- */
int sn_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

#endif

/* demo_calls.c - 平安通 in the demo city: subscribers through the real
 * function (their subsidy category computed by the rules), a year of their
 * calls through the bulk path (demo.c says why), then the missed-check-in
 * sweep of the last two days through the real function.
 *
 * The calls follow what a call centre sees: about one consultation a
 * subscriber a month, one emergency in four months; one subscriber in
 * twenty checks in every morning and misses a day now and then. Help
 * reaches half the emergencies within 12 minutes, 85% within 25, and a
 * few take over 45 (the response times the dashboard and the board show);
 * the calls of the last hours before now are still open or dispatched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/demo_internal.h"
#include "domains/eldercare/eldercare.h"

static const char *const cols[] = {
	"subscriber_id", "person_id", "division_code", "kind", "received_at", "day",
	"summary", "status", "dispatch_to", "dispatched_at", "dispatched_by", "responded_at",
	"closed_at", "closed_by", "outcome", "created_by",
};

typedef struct call {
	const char *kind, *summary, *status, *to, *outcome;
	int64_t received, dispatched, responded, closed;
} call;

/* An emergency's times, from its hash: dispatch within 30-150 s, help
 * there after the minutes of the distribution above, closed 15-60 minutes
 * later. */
static void emergency(call *k, uint64_t h)
{
	unsigned u = (unsigned)((h >> 16) % 1000), span = (unsigned)((h >> 26) % 1000);
	int64_t minutes = u < 500 ? 5 + span * 7 / 1000
			  : u < 850 ? 12 + span * 13 / 1000
			  : u < 970 ? 25 + span * 20 / 1000
				    : 45 + span * 45 / 1000;
	static const char *const to[] = { "contact", "contact", "community_worker",
					  "community_worker", "emergency_service" };
	static const char *const what[] = { "老人在家中摔倒，无法起身", "老人自述胸闷气短",
					    "老人头晕乏力，独自在家", "老人外出迷路，按下求助键" };

	k->kind = "emergency";
	k->summary = what[(h >> 36) % 4];
	k->to = to[(h >> 40) % 5];
	k->dispatched = k->received + 30 + (int64_t)((h >> 44) % 120);
	k->responded = k->received + minutes * 60;
	k->closed = k->responded + (15 + (int64_t)((h >> 50) % 45)) * 60;
	k->outcome = "已到场处置，老人情况稳定";
	k->status = "closed";
}

static int call_row(store_bulk *b, int64_t sub, const ecd_elder *el, mz_day day, const call *k,
		    mz_err *e)
{
	char sid[24], pid[24], rec[24], dsp[24], rsp[24], cls[24], day_s[11];
	const char *v[16];

	snprintf(sid, sizeof(sid), "%lld", (long long)sub);
	snprintf(pid, sizeof(pid), "%lld", (long long)el->person_id);
	snprintf(rec, sizeof(rec), "%lld", (long long)k->received);
	snprintf(dsp, sizeof(dsp), "%lld", (long long)k->dispatched);
	snprintf(rsp, sizeof(rsp), "%lld", (long long)k->responded);
	snprintf(cls, sizeof(cls), "%lld", (long long)k->closed);
	mz_day_format(day, day_s);
	v[0] = sid;
	v[1] = pid;
	v[2] = el->division;
	v[3] = k->kind;
	v[4] = rec;
	v[5] = day_s;
	v[6] = k->summary;
	v[7] = k->status;
	v[8] = k->to;
	v[9] = k->dispatched ? dsp : NULL;
	v[10] = k->dispatched ? "demo" : "";
	v[11] = k->responded ? rsp : NULL;
	v[12] = k->closed ? cls : NULL;
	v[13] = k->closed ? "demo" : "";
	v[14] = k->outcome ? k->outcome : "";
	v[15] = "demo";
	return store_bulk_row(b, v, e);
}

/* One subscriber's calls from started to now. */
static int calls_of(ecd_run *r, store_bulk *b, int64_t sub, const ecd_elder *el, mz_day started,
		    int checkin, int64_t now, mz_err *e)
{
	for (mz_day day = started; day <= r->as_of; day++) {
		uint64_t h = ecd_hash((uint64_t)el->person_id, (uint64_t)day * 13 + 5);
		unsigned p = (unsigned)(h % 1000);
		call k = { 0 };

		if (checkin && (h >> 12) % 40 != 0) {
			k.kind = "checkin";
			k.summary = "每日平安报到";
			k.status = "closed";
			k.received = ecd_unix(day, 420 + (int)((h >> 20) % 90));
			k.closed = k.received;
			k.outcome = "报到成功";
			if (k.received <= now) {
				if (call_row(b, sub, el, day, &k, e))
					return -1;
				r->calls++;
			}
		}
		if (p >= 35)
			continue;
		memset(&k, 0, sizeof(k));
		k.received = ecd_unix(day, 420 + (int)((h >> 54) % 900));
		if (k.received > now)
			continue;
		if (p < 8) {
			emergency(&k, h);
		} else {
			k.kind = "consultation";
			k.summary = p % 2 ? "咨询长者饭堂就餐补贴" : "咨询居家养老上门服务";
			k.status = "closed";
			k.closed = k.received + (2 + (int64_t)((h >> 30) % 8)) * 60;
			k.outcome = "已解答";
		}
		/* The last hours: not finished yet. */
		if (now - k.received < 3 * 3600) {
			if (k.responded > now || !strcmp(k.kind, "consultation")) {
				k.status = k.dispatched && k.dispatched <= now ? "dispatched" : "open";
				if (!strcmp(k.status, "open")) {
					k.to = NULL;
					k.dispatched = 0;
				}
				k.responded = k.closed = 0;
				k.outcome = NULL;
			}
		}
		if (call_row(b, sub, el, day, &k, e))
			return -1;
		r->calls++;
	}
	return 0;
}

typedef struct sub {
	int64_t id;
	size_t elder;
	mz_day started;
	int checkin;
} sub;

int ecd_calls_write(ecd_run *r, mz_err *e)
{
	int64_t want = r->persons * 126000 / 18800000, now = mz_now_unix();
	size_t stride, n = 0;
	store_bulk *b = NULL;
	sub *subs;
	int rc;

	if (!r->n_elders || want < 1)
		return 0;
	stride = r->n_elders / (size_t)want;
	if (stride < 1)
		stride = 1;
	subs = mz_xcalloc((size_t)want, sizeof(*subs));
	for (size_t i = 0; i < r->n_elders && (int64_t)n < want; i += stride) {
		const ecd_elder *el = &r->elders[i];
		uint64_t h = ecd_hash((uint64_t)el->person_id, 0x50415454ULL);
		mz_day started = r->start - (mz_day)(h % 400);
		static const char *const kinds[] = { "landline", "pendant", "pendant", "watch", "app" };
		char device[32], started_s[11];
		int checkin = h % 20 == 0;
		json_t *in, *s;

		if (el->age < 60)
			continue;
		snprintf(device, sizeof(device), "PAT%012lld", (long long)el->person_id);
		mz_day_format(started, started_s);
		in = json_pack("{s:I,s:s,s:s,s:i,s:b,s:I,s:s,s:[{s:s,s:s,s:s}],s:s}", "person_id",
			       (json_int_t)el->person_id, "device_code", device, "device_kind",
			       kinds[(h >> 8) % 5], "fee_fen", 3000, "daily_checkin", checkin,
			       "provider_id", (json_int_t)r->call_provider, "started_on", started_s,
			       "contacts", "name", "家属（演示）", "phone", "13800138000", "relation",
			       "子女", "reason", "演示数据：开通平安通");
		s = ec_call_subscriber_create(r->c, &r->sys, in, e);
		json_decref(in);
		if (!s) {
			if (e->code == MZ_EINVAL || e->code == MZ_ESTATE || e->code == MZ_ECONFLICT) {
				memset(e, 0, sizeof(*e));
				continue;
			}
			goto fail_free;
		}
		subs[n].id = json_integer_value(json_object_get(s, "id"));
		subs[n].elder = i;
		subs[n].started = started > r->start ? started : r->start;
		subs[n].checkin = checkin;
		n++;
		json_decref(s);
	}
	r->subscribers = (int64_t)n;
	/* Their year of calls, in one transaction. */
	if (store_begin(r->c, e))
		goto fail_free;
	if (!(b = store_bulk_begin(r->c, "ec_calls", cols, 16, e)))
		goto fail;
	rc = 0;
	for (size_t k = 0; k < n && !rc; k++)
		rc = calls_of(r, b, subs[k].id, &r->elders[subs[k].elder], subs[k].started,
			      subs[k].checkin, now, e);
	if (store_bulk_end(b, rc ? NULL : e) || rc || store_commit(r->c, e))
		goto fail;
	free(subs);
	/* The community's alerts: yesterday's and the day before's silences. */
	for (int d = 2; d >= 1; d--) {
		json_t *sw = ec_call_checkin_sweep(r->c, &r->sys, r->as_of - d, now, e);

		if (!sw)
			return -1;
		r->alerts += json_integer_value(json_object_get(sw, "raised"));
		json_decref(sw);
	}
	return 0;
fail:
	store_rollback(r->c);
fail_free:
	free(subs);
	return -1;
}

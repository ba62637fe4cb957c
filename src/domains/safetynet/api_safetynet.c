/* api_safetynet.c - the safety net's HTTP handlers: JSON to typed calls and
 * back. The inbound routes authenticate the department's token here (the
 * route is public: no user session), then act as the department. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "domains/safetynet/rules.h"
#include "domains/safetynet/safetynet.h"
#include "domains/safetynet/safetynet_api.h"
#include "http/ratelimit.h"

static int department_of(http_request *req, sn_department *d, access_ctx *who)
{
	const char *auth = http_header(req, "Authorization");

	if (!auth || strncasecmp(auth, "Bearer ", 7))
		return mz_fail(&req->err, MZ_EUNAUTH, "Authorization",
			       "a department token is required (Authorization: Bearer ...)",
			       "须提供部门令牌（Authorization: Bearer ...）");
	if (sn_department_authenticate(req->db, auth + 7, d, &req->err))
		return -1;
	/* Each department's own rate, set on its account (per minute). */
	{
		char key[48];
		int wait = 0;

		snprintf(key, sizeof(key), "dept:%lld", (long long)d->id);
		if (!http_rate_take(key, d->rate_per_min, 60, mz_now_unix(), &wait)) {
			req->retry_after_s = wait;
			return mz_failf(&req->err, MZ_ERATE, "", "more than %d events a minute: retry later",
					"每分钟超过 %d 条，请稍后重试", d->rate_per_min);
		}
	}
	sn_department_ctx(d, who);
	snprintf(who->request_id, sizeof(who->request_id), "%s", req->request_id);
	return 0;
}

static json_t *ingest_json(const sn_ingest_result *r)
{
	json_t *alerts = json_array(), *orders = json_array();

	for (int i = 0; i < r->alerts && i < 8; i++)
		json_array_append_new(alerts, json_integer(r->alert_ids[i]));
	for (int i = 0; i < r->orders && i < 8; i++)
		json_array_append_new(orders, json_integer(r->order_ids[i]));
	return json_pack("{s:I,s:b,s:o,s:o}", "id", (json_int_t)r->event_id, "duplicate",
			 r->duplicate, "alerts", alerts, "orders", orders);
}

int api_sn_inbound_event(http_request *req, http_response *res)
{
	sn_department d;
	access_ctx who;
	sn_event_in in = { 0 };
	sn_ingest_result r;

	if (department_of(req, &d, &who))
		return -1;
	in.kind = SN_SRC_DEPARTMENT;
	in.source = d.code;
	in.department_id = d.id;
	in.sender_event_id = http_input_str(req, "event_id");
	in.id_number = http_input_str(req, "id_number");
	in.type = http_input_str(req, "type");
	in.occurred_on = http_input_str(req, "occurred_on");
	in.amount_fen = http_input_int(req, "amount_fen", 0);
	in.note = http_input_str(req, "note");
	if (sn_event_ingest(req->db, &who, &in, &r, &req->err))
		return -1;
	/* A repeated event id is answered like the first time, without a
	 * second event: the sender may retry blindly. */
	return r.duplicate ? http_ok(res, ingest_json(&r)) : http_created(res, ingest_json(&r));
}

int api_sn_inbound_file(http_request *req, http_response *res)
{
	sn_department d;
	access_ctx who;
	const char *b64 = http_input_str(req, "content_base64");
	const char *format = http_input_str(req, "format");
	size_t cap = strlen(b64), len = 0;
	unsigned char *bin = malloc(cap + 1);
	char path[64];
	json_t *out;
	FILE *f;
	int fd;

	if (!bin)
		return mz_fail(&req->err, MZ_EINTERNAL, NULL, "out of memory", "内存不足");
	if (department_of(req, &d, &who)) {
		free(bin);
		return -1;
	}
	if (sodium_base642bin(bin, cap, b64, cap, "\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL)) {
		free(bin);
		return mz_fail(&req->err, MZ_EINVAL, "content_base64", "must be base64", "须为 base64 编码");
	}
	/* table_open chooses the format by the file name's ending. */
	snprintf(path, sizeof(path), "/tmp/mz-sn-upload-XXXXXX.%s", format);
	fd = mkstemps(path, (int)strlen(format) + 1);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f || fwrite(bin, 1, len, f) != len) {
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		unlink(path);
		free(bin);
		return mz_fail(&req->err, MZ_EINTERNAL, NULL, "cannot keep the upload", "无法保存上传文件");
	}
	fclose(f);
	free(bin);
	out = sn_events_import(req->db, &who, &d, path, 200, &req->err);
	unlink(path);
	return http_ok(res, out);
}

int api_sn_departments_list(http_request *req, http_response *res)
{
	return http_ok(res, sn_department_list(req->db, req->who, &req->err));
}

int api_sn_department_create(http_request *req, http_response *res)
{
	char token[65];
	int64_t id;

	if (sn_department_create(req->db, req->who, http_input_str(req, "code"),
				 http_input_str(req, "name"), http_input_str(req, "scope_code"),
				 (int)http_input_int(req, "rate_per_min", 60), http_input_str(req, "reason"),
				 &id, token, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "token", token,
					   "note", "the token is shown once: keep it now"));
}

int api_sn_alert_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, sn_alert_get(req->db, req->who, id, &req->err));
}

int api_sn_order_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, sn_order_get(req->db, req->who, id, &req->err));
}

int api_sn_order_act(http_request *req, http_response *res)
{
	sn_order_action a = { 0 };
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	a.action = http_input_str(req, "action");
	a.version = http_input_int(req, "version", 0);
	a.note = http_input_str(req, "note");
	a.return_reason = http_input_str(req, "return_reason");
	a.action_kind = http_input_str(req, "action_kind");
	a.action_ref = http_input_str(req, "action_ref");
	a.feedback = http_input_str(req, "feedback");
	a.rating = (int)http_input_int(req, "rating", 0);
	a.division_code = http_input_str(req, "division_code");
	a.route_to = http_input_str(req, "route_to");
	a.into = http_input_int(req, "into", 0);
	return http_ok(res, sn_order_act(req->db, req->who, id, &a, &req->err));
}

int api_sn_rules_get(http_request *req, http_response *res)
{
	const sn_ruleset *set = sn_rules_acquire(&req->err);
	json_t *j;

	if (!set)
		return -1;
	j = sn_rules_json(set);
	sn_rules_release();
	return http_ok(res, j);
}

int api_sn_rules_reload(http_request *req, http_response *res)
{
	if (sn_rules_reload(NULL, &req->err))
		return -1;
	return api_sn_rules_get(req, res);
}

int api_sn_catalog(http_request *req, http_response *res)
{
	json_t *types = json_array();
	const sn_event_type *t;

	(void)req;
	for (size_t i = 0; (t = sn_event_type_at(i)); i++)
		json_array_append_new(types, json_pack("{s:s,s:s,s:s,s:b}", "key", t->key, "zh", t->zh,
						       "en", t->en, "needs_amount", t->needs_amount));
	return http_ok(res, json_pack("{s:o}", "event_types", types));
}

int api_sn_public_request(http_request *req, http_response *res)
{
	sn_request_in in = { 0 };
	char ip[64];
	int64_t order_id = 0;

	/* The route's declared limit (routes.c) has let this address in. */
	http_client_ip(req, ip, sizeof(ip));
	in.community_code = http_input_str(req, "community_code");
	in.name = http_input_str(req, "name");
	in.phone = http_input_str(req, "phone");
	in.address = http_input_str(req, "address");
	in.need = http_input_str(req, "need");
	in.category = http_input_str(req, "category");
	in.id_number = http_input_str(req, "id_number");
	if (sn_request_submit(req->db, &in, ip, &order_id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s}", "receipt", (json_int_t)order_id, "message_zh",
					   "已收到您的求助，社区工作人员将尽快与您联系"));
}

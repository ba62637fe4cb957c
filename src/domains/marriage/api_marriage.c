/* api_marriage.c - offices, appointments, marriages, certificates and
 * figures: JSON in, one typed domain call (marriage.h), JSON out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains/marriage/marriage.h"
#include "domains/marriage/marriage_api.h"
#include "http/attachment.h"
#include "http/inputs.h"
#include "http/list_sort.h"
#include "registry/idcard.h"

static const char *body_str(http_request *req, const char *name)
{
	return http_input_str(req, name);
}

int api_mar_offices(http_request *req, http_response *res)
{
	mar_office *o;
	size_t n;
	json_t *items;

	if (mar_offices_list(req->db, &o, &n, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:i}", "code", o[i].code, "name",
						       o[i].name, "address", o[i].address,
						       "slot_capacity", o[i].slot_capacity));
	free(o);
	return http_ok(res, json_pack("{s:o}", "items", items));
}

int api_mar_office_capacity(http_request *req, http_response *res)
{
	if (mar_office_set_capacity(req->db, req->who, http_param(req, "code"),
				    (int)http_input_int(req, "slot_capacity", 0), body_str(req, "reason"),
				    &req->err))
		return -1;
	return api_mar_offices(req, res);
}

int api_mar_slots(http_request *req, http_response *res)
{
	const char *from = http_input_str(req, "from");
	mz_day f = from ? mz_day_parse(from) : mz_today();
	mar_slot *s;
	size_t n;
	json_t *items;

	if (mar_slots(req->db, http_param(req, "code"), f, (int)http_input_int(req, "days", 14), &s, &n,
		      &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		char d[11];

		mz_day_format(s[i].day, d);
		json_array_append_new(items, json_pack("{s:s,s:s,s:b,s:i,s:i,s:i}", "day", d, "half",
						       s[i].half, "workday", s[i].workday, "capacity",
						       s[i].capacity, "booked", s[i].booked, "free",
						       s[i].capacity - s[i].booked));
	}
	free(s);
	return http_ok(res, json_pack("{s:s,s:o}", "office_code", http_param(req, "code"), "items", items));
}

static json_t *appt_json(const mar_appointment *a)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)a->id,
			 "office_code", a->office_code, "division_code", a->office_code, "day", a->day,
			 "half", a->half, "kind", a->kind, "name_a", a->name_a, "name_b", a->name_b,
			 "status", a->status, "status_reason", a->status_reason);
}

int api_mar_appointment_book(http_request *req, http_response *res)
{
	mar_appointment_new in = { .office_code = body_str(req, "office_code"),
				   .day = body_str(req, "day"), .half = body_str(req, "half"),
				   .kind = body_str(req, "kind"),
				   .id_number_a = body_str(req, "id_number_a"),
				   .id_number_b = body_str(req, "id_number_b"),
				   .phone = body_str(req, "phone") };
	mar_appointment a;
	int64_t id;

	if (mar_appointment_book(req->db, req->who, &in, &id, &req->err))
		return -1;
	/* The booking office may lie outside the caller's scope (全城通办):
	 * answer with what was booked, not a scoped read. */
	memset(&a, 0, sizeof(a));
	a.id = id;
	mz_strlcpy(a.office_code, in.office_code, sizeof(a.office_code));
	mz_strlcpy(a.day, in.day, sizeof(a.day));
	mz_strlcpy(a.half, in.half, sizeof(a.half));
	mz_strlcpy(a.kind, in.kind, sizeof(a.kind));
	mz_strlcpy(a.status, "booked", sizeof(a.status));
	return http_created(res, appt_json(&a));
}

int api_mar_appointments(http_request *req, http_response *res)
{
	mar_appointment *a;
	size_t n;
	json_t *items;

	if (mar_appointments_list(req->db, req->who, http_input_str(req, "office"),
				  http_input_str(req, "day"), &a, &n, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, appt_json(&a[i]));
	free(a);
	return http_ok(res, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

int api_mar_appointment_get(http_request *req, http_response *res)
{
	mar_appointment a;
	int64_t id;

	if (http_param_id(req, "id", &id) || mar_appointment_get(req->db, req->who, id, &a, &req->err))
		return -1;
	return http_ok(res, appt_json(&a));
}

int api_mar_appointment_set(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_appointment_set(req->db, req->who, id, body_str(req, "action"), body_str(req, "reason"),
				&req->err))
		return -1;
	return api_mar_appointment_get(req, res);
}

int api_mar_precheck(http_request *req, http_response *res)
{
	char finding[16];
	mz_err why = { 0 };

	if (mar_marriage_precheck(req->db, req->who, body_str(req, "man_id_number"),
				  body_str(req, "woman_id_number"), finding, &why, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:s,s:s,s:s,s:s}", "finding", finding, "field", why.field,
				      "message", why.message, "message_zh", why.message_zh));
}

static json_t *party_json(const mar_party *p)
{
	char masked[19];

	idcard_mask(p->id_number, masked);
	return json_pack("{s:I,s:s,s:s}", "person_id", (json_int_t)p->person_id, "name", p->name,
			 "id_number_masked", masked);
}

static json_t *marriage_json(const mar_marriage *m)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:b,s:s,s:s,s:I}",
		"id", (json_int_t)m->id, "office_code", m->office_code, "division_code", m->office_code,
		"office_name", m->office_name, "registered_on", m->registered_on,
		"certificate_no", m->certificate_no, "man", party_json(&m->man), "woman",
		party_json(&m->woman), "status", m->status, "status_reason", m->status_reason,
		"status_article", m->status_article, "kinship_finding", m->kinship_finding,
		"ended_on", *m->ended_on ? json_string(m->ended_on) : json_null(),
		"kinship_note", m->kinship_note, "other_province", m->other_province,
		"cross_province", m->cross_province, "other_reference", m->other_reference,
		"registered_by_office", m->office_name, "version", (json_int_t)m->version);
	return o;
}

int api_mar_marriage_get(http_request *req, http_response *res)
{
	mar_marriage m;
	int64_t id;

	if (http_param_id(req, "id", &id) || mar_marriage_get(req->db, req->who, id, &m, &req->err))
		return -1;
	return http_ok(res, marriage_json(&m));
}

int api_mar_register(http_request *req, http_response *res)
{
	mar_marriage_new in = {
		.office_code = body_str(req, "office_code"),
		.man_id_number = body_str(req, "man_id_number"),
		.woman_id_number = body_str(req, "woman_id_number"),
		.both_present = http_input_bool(req, "both_present", 0),
		.man_declares = http_input_bool(req, "man_declares", 0),
		.woman_declares = http_input_bool(req, "woman_declares", 0),
		.kinship_note = body_str(req, "kinship_note"),
		.cross_province = http_input_bool(req, "cross_province", 0),
		.other_province = body_str(req, "other_province"),
		.other_reference = body_str(req, "other_reference"),
		.appointment_id = http_input_int(req, "appointment_id", 0),
	};
	mar_marriage m;
	int64_t id;

	if (mar_marriage_register(req->db, req->who, &in, &id, &req->err) ||
	    mar_marriage_get(req->db, req->who, id, &m, &req->err))
		return -1;
	return http_created(res, marriage_json(&m));
}

int api_mar_marriages(http_request *req, http_response *res)
{
	mar_marriage_query q = { .id_number = http_input_str(req, "id_number"),
				 .status = http_input_str(req, "status"),
				 .office = http_input_str(req, "office"),
				 .from = http_input_str(req, "from"), .to = http_input_str(req, "to"),
				 .reason = http_input_str(req, "reason"), .sort = list_sort(req) };
	mar_marriage_page pg;
	json_t *items, *out;

	if (!q.sort || http_query_page(req, MAR_PAGE_MAX, &q.page, &q.page_size) ||
	    mar_marriages_search(req->db, req->who, &q, &pg, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, marriage_json(&pg.items[i]));
	out = json_pack("{s:o,s:I,s:I,s:I,s:b}", "items", items, "total", (json_int_t)pg.total,
			"page", (json_int_t)q.page, "page_size", (json_int_t)q.page_size, "citywide",
			pg.citywide);
	mar_marriage_page_release(&pg);
	return http_ok(res, out);
}

int api_mar_correct(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_marriage_correct(req->db, req->who, id, body_str(req, "field"), body_str(req, "value"),
				 body_str(req, "reason"), http_input_int(req, "version", 0), &req->err))
		return -1;
	return api_mar_marriage_get(req, res);
}

int api_mar_revoke(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_marriage_revoke(req->db, req->who, id, body_str(req, "ground"), body_str(req, "reason"),
				&req->err))
		return -1;
	return api_mar_marriage_get(req, res);
}

int api_mar_reissue(http_request *req, http_response *res)
{
	char number[40];
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_certificate_reissue(req->db, req->who, id, body_str(req, "party_id_number"),
				    body_str(req, "reason"), number, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s}", "marriage_id", (json_int_t)id, "certificate_no",
					   number));
}

static int send_pdf(http_request *req, http_response *res, const char *kind, const char *file)
{
	char name[96];
	int64_t id;
	mz_buf pdf;

	if (http_param_id(req, "id", &id))
		return -1;
	mz_buf_init(&pdf);
	if (mar_certificate_pdf(req->db, req->who, kind, id, &pdf, &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(name, sizeof(name), "%s-%lld.pdf", file, (long long)id);
	return http_pdf_attachment(res, &pdf, name);
}

int api_mar_certificate(http_request *req, http_response *res)
{
	return send_pdf(req, res, "marriage", "marriage-certificate");
}

int api_mar_divorce_certificate(http_request *req, http_response *res)
{
	return send_pdf(req, res, "divorce", "divorce-certificate");
}

int api_mar_stats(http_request *req, http_response *res)
{
	const char *from = http_input_str(req, "from"), *to = http_input_str(req, "to");
	char f[11], t[11];
	mar_office_stats *s;
	size_t n;
	json_t *items;
	int y, m, d;

	mz_day_to_ymd(mz_today(), &y, &m, &d);
	if (!from)
		mz_day_format(mz_day_from_ymd(y, 1, 1), f);
	if (!to)
		mz_day_format(mz_today(), t);
	if (mar_stats(req->db, req->who, from ? from : f, to ? to : t, &s, &n, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack(
			"{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "office_code", s[i].office_code,
			"office_name", s[i].office_name, "marriages", (json_int_t)s[i].marriages,
			"divorces", (json_int_t)s[i].divorces, "applications", (json_int_t)s[i].applications,
			"pending", (json_int_t)s[i].pending, "withdrawn", (json_int_t)s[i].withdrawn,
			"expired", (json_int_t)s[i].expired, "appointments", (json_int_t)s[i].appointments,
			"no_shows", (json_int_t)s[i].no_shows));
	free(s);
	return http_ok(res, json_pack("{s:s,s:s,s:o}", "from", from ? from : f, "to", to ? to : t,
				      "items", items));
}

/* api_benefits.c - enrollments and the monthly payroll. */
#include <string.h>

#include "benefits/benefits.h"
#include "domains/assistance/assistance_api.h"
#include "http/list_sort.h"

int api_enrollments_list(http_request *req, http_response *res)
{
	benefits_query q = { 0 };
	int64_t due;

	if (!(q.sort = list_sort(req)) || http_query_page(req, 200, &q.page, &q.page_size) ||
	    http_query_int(req, "review_due", 0, 0, 1, &due) ||
	    http_query_int(req, "person_id", 0, 0, INT64_MAX, &q.person_id) ||
	    http_query_int(req, "household_id", 0, 0, INT64_MAX, &q.household_id))
		return -1;
	q.review_due = (int)due;
	q.program = http_query(req, "program");
	q.status = http_query(req, "status");
	q.division = http_query(req, "division");
	return http_ok(res, benefits_enrollment_list(req->db, req->who, &q, &req->err));
}

int api_enrollment_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, benefits_enrollment_get(req->db, req->who, id, &req->err));
}

int api_payroll_run(http_request *req, http_response *res)
{
	const char *month, *district = NULL;
	json_t *r;

	if (http_require_json(req) || http_json_str(req, "month", 1, 7, &month) ||
	    http_json_str(req, "district", 0, 6, &district))
		return -1;
	r = benefits_payroll_run(req->db, req->who, month, district, NULL, &req->err);
	return r ? http_created(res, r) : -1;
}

int api_payroll_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, 200, &page, &size))
		return -1;
	return http_ok(res, benefits_payroll_list(req->db, req->who, sort, page, size, &req->err));
}

int api_payroll_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, benefits_payroll_get(req->db, req->who, id, &req->err));
}

int api_payroll_approve(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, benefits_payroll_approve(req->db, req->who, id, &req->err));
}

int api_payroll_bank_file(http_request *req, http_response *res)
{
	int64_t id;
	char *csv;
	size_t len;

	if (http_param_id(req, "id", &id) ||
	    benefits_payroll_bank_file(req->db, req->who, id, &csv, &len, &req->err))
		return -1;
	http_add_header(res, "Content-Disposition", "attachment; filename=\"bank-file.csv\"");
	return http_raw(res, 200, "text/csv; charset=utf-8", csv, len);
}

int api_payroll_reconcile(http_request *req, http_response *res)
{
	const char *csv;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_str(req, "csv", 1, 64 << 20, &csv))
		return -1;
	return http_ok(res, benefits_payroll_reconcile(req->db, req->who, id, csv, strlen(csv),
						     &req->err));
}

int api_payroll_totals(http_request *req, http_response *res)
{
	return http_ok(res, benefits_totals(req->db, req->who, http_query(req, "month"), &req->err));
}

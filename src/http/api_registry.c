/* api_registry.c - divisions, persons, households: JSON in, domain call,
 * JSON out. Scope and audit are the domain's business (registry/). */
#include <string.h>

#include "http/api.h"
#include "registry/registry.h"

int api_divisions_list(http_request *req, http_response *res)
{
	return http_ok(res, registry_division_children(req->db, req->who,
							  http_query(req, "parent"), &req->err));
}

int api_division_get(http_request *req, http_response *res)
{
	return http_ok(res, registry_division_get(req->db, req->who, http_param(req, "code"),
						     &req->err));
}

int api_persons_search(http_request *req, http_response *res)
{
	person_query q = { 0 };

	if (http_query_page(req, REGISTRY_PAGE_MAX, &q.page, &q.page_size))
		return -1;
	q.q = http_query(req, "q");
	q.name = http_query(req, "name");
	q.id_number = http_query(req, "id_number");
	q.division = http_query(req, "division");
	q.sort = http_query(req, "sort");
	return http_ok(res, registry_person_search(req->db, req->who, &q, &req->err));
}

int api_person_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, registry_person_get(req->db, req->who, id, &req->err));
}

int api_person_create(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;
	json_t *p;

	if (http_json_str(req, "reason", 1, 500, &reason) ||
	    registry_person_create(req->db, req->who, req->json, reason, &id, &req->err))
		return -1;
	p = registry_person_get(req->db, req->who, id, &req->err);
	return p ? http_created(res, p) : -1;
}

int api_person_update(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id, version;
	json_t *p;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason) ||
	    http_json_int(req, "version", 1, 1, INT32_MAX, &version))
		return -1;
	/* A recorded death is published (person.died) in the same transaction;
	 * the programs it ends react through the event outbox. */
	p = registry_person_update(req->db, req->who, id, req->json, reason, version, &req->err);
	return p ? http_ok(res, p) : -1;
}

int api_person_reveal(http_request *req, http_response *res)
{
	const char *reason;
	char number[19];
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason) ||
	    registry_person_reveal(req->db, req->who, id, reason, number, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:s}", "id_number", number));
}

int api_person_history(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, registry_history(req->db, req->who, "person", id, &req->err));
}

int api_households_search(http_request *req, http_response *res)
{
	int64_t page, size;

	if (http_query_page(req, REGISTRY_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, registry_household_search(req->db, req->who,
							 http_query(req, "division"), page, size,
							 &req->err));
}

int api_household_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, registry_household_get(req->db, req->who, id, &req->err));
}

int api_household_create(http_request *req, http_response *res)
{
	const char *reason, *division, *address;
	int64_t id;
	json_t *h;

	if (http_json_str(req, "reason", 1, 500, &reason) ||
	    http_json_str(req, "division_code", 1, 12, &division) ||
	    http_json_str(req, "address", 1, 300, &address) ||
	    registry_household_create(req->db, req->who, division, address,
				      json_object_get(req->json, "members"), reason, &id, &req->err))
		return -1;
	h = registry_household_get(req->db, req->who, id, &req->err);
	return h ? http_created(res, h) : -1;
}

int api_household_add_member(http_request *req, http_response *res)
{
	const char *reason, *relation;
	int64_t id, pid;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason) ||
	    http_json_str(req, "relation", 1, 20, &relation) ||
	    http_json_int(req, "person_id", 1, 1, INT64_MAX, &pid) ||
	    registry_household_add_member(req->db, req->who, id, pid, relation, reason, &req->err))
		return -1;
	return http_ok(res, registry_household_get(req->db, req->who, id, &req->err));
}

int api_household_remove_member(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id, pid;

	if (http_param_id(req, "id", &id) || http_param_id(req, "person_id", &pid) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    registry_household_remove_member(req->db, req->who, id, pid, reason, &req->err))
		return -1;
	return http_ok(res, registry_household_get(req->db, req->who, id, &req->err));
}

int api_household_history(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, registry_history(req->db, req->who, "household", id, &req->err));
}

int api_stats_registry(http_request *req, http_response *res)
{
	return http_ok(res, registry_stats(req->db, req->who, &req->err));
}

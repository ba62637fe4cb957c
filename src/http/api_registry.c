/* api_registry.c - divisions, persons, households: JSON in, typed registry
 * call, JSON out. The registry speaks in structs (registry/registry.h); the
 * JSON shapes of the API are made here and nowhere else, but for a person's,
 * which http/json_person.c writes without a tree (the hot read path, issue
 * 18). Scope and audit are the registry's business, inside its calls. */
#include <string.h>

#include <stdio.h>
#include <stdlib.h>

#include "benefits/benefits.h"
#include "http/api.h"
#include "http/list_export.h"
#include "http/list_sort.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "http/json_person.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* ---- registry structs -> JSON: the shapes the API has always sent ---- */

static json_t *division_json(const registry_division *d)
{
	return json_pack("{s:s,s:s,s:I,s:s?,s:b,s:b}", "code", d->code, "name", d->name,
			 "level", (json_int_t)d->level, "parent", d->parent[0] ? d->parent : NULL,
			 "historical", d->historical, "has_children", d->has_children);
}

static json_t *day_or_null(mz_day d)
{
	char text[11];

	if (d == MZ_DAY_INVALID)
		return json_null();
	mz_day_format(d, text);
	return json_string(text);
}

/* A body written by the streaming writer (base/jsonw.h) as the response.
 * A failed writer (text that is not valid UTF-8) answers as a NULL tree
 * from json_pack did before: -1 with req->err as the domain call left it. */
static int written_reply(http_response *res, int status, mz_buf *b, const jsonw *w)
{
	size_t len;
	char *body;

	if (jsonw_failed(w)) {
		mz_buf_release(b);
		return -1;
	}
	body = mz_buf_detach(b, &len);
	return http_raw(res, status, "application/json; charset=utf-8", body, len);
}

/* One person on its own page, as the response (the hot read path: no tree). */
static int person_reply(http_response *res, int status, const registry_person *p)
{
	mz_buf b;
	jsonw w;

	mz_buf_init(&b);
	jsonw_init(&w, &b);
	json_person_write(&w, p, 1, mz_today());
	return written_reply(res, status, &b, &w);
}

static json_t *household_json(const registry_household *h)
{
	json_t *members = json_array();
	int64_t income = 0;

	for (size_t i = 0; i < h->n_members; i++) {
		const registry_member *m = &h->members[i];
		char masked[19], birth[11] = "", sex[2] = { m->sex, 0 };

		idcard_mask(m->id_number, masked);
		if (m->birth != MZ_DAY_INVALID)
			mz_day_format(m->birth, birth);
		json_array_append_new(members, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:o,s:s,s:I}",
			"person_id", (json_int_t)m->person_id, "name", m->name,
			"id_number_masked", masked, "relation", m->relation, "sex", sex,
			"birth_date", birth,
			"age", m->birth == MZ_DAY_INVALID ? -1 : mz_age_on(m->birth, mz_today()),
			"joined_on", m->joined_on, "death_date", day_or_null(m->death),
			"disability_kind", m->disability_kind,
			"disability_grade", (json_int_t)m->disability_grade));
		json_object_set_new(json_array_get(members, i), "income_fen",
				    json_integer(m->income_fen));
		/* The marks and the version let the household page set a member's
		 * marks (PATCH /persons/:id) without opening the person first. */
		json_object_set_new(json_array_get(members, i), "flags", json_string(m->flags));
		json_object_set_new(json_array_get(members, i), "version",
				    json_integer((json_int_t)m->version));
		income += m->income_fen;
	}
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:I,s:I,s:I}", "id", (json_int_t)h->id, "address",
			 h->address, "division_code", h->division_code, "division_name",
			 h->division_name, "members", members, "version", (json_int_t)h->version,
			 "income_fen", (json_int_t)income,
			 /* Declared monthly income per member, rounded down to the fen. */
			 "income_per_capita_fen",
			 (json_int_t)(h->n_members ? income / (int64_t)h->n_members : 0));
}

/* The household as the response, or -1 with req->err. */
static int household_reply(http_request *req, http_response *res, int64_t id, int created)
{
	registry_household h;
	json_t *out = NULL;

	registry_household_init(&h);
	if (!registry_household_get(req->db, req->who, id, &h, &req->err))
		out = household_json(&h);
	registry_household_release(&h);
	return created ? http_created(res, out) : http_ok(res, out);
}

static json_t *history_json(const registry_history_list *l)
{
	json_t *items = json_array();

	for (size_t i = 0; i < l->n; i++) {
		const registry_change *ch = &l->items[i];
		json_t *changes = json_loads(ch->changes_json, 0, NULL);
		char ts[32];

		mz_time_format(ch->changed_at, ts);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:o}", "version",
						       (json_int_t)ch->version, "changed_at", ts,
						       "changed_by", ch->changed_by, "reason",
						       ch->reason, "changes",
						       changes ? changes : json_object()));
	}
	return json_pack("{s:o}", "items", items);
}

static int history_reply(http_request *req, http_response *res, const char *entity)
{
	registry_history_list l;
	json_t *out = NULL;
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	registry_history_list_init(&l);
	if (!registry_history(req->db, req->who, entity, id, &l, &req->err))
		out = history_json(&l);
	registry_history_list_release(&l);
	return http_ok(res, out);
}

/* ---- handlers ---- */

int api_divisions_list(http_request *req, http_response *res)
{
	registry_division_list l;
	json_t *out = NULL;

	registry_division_list_init(&l);
	if (!registry_division_children(req->db, req->who, http_query(req, "parent"), &l,
					&req->err)) {
		json_t *items = json_array();

		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(items, division_json(&l.items[i]));
		out = json_pack("{s:o}", "items", items);
	}
	registry_division_list_release(&l);
	return http_ok(res, out);
}

int api_division_get(http_request *req, http_response *res)
{
	registry_division d;

	if (registry_division_get(req->db, req->who, http_param(req, "code"), &d, &req->err))
		return -1;
	return http_ok(res, division_json(&d));
}

/* ---- the persons and households lists: JSON pages and XLSX (list_export.h) ---- */

static const char *const sex_labels[] = { "M", "男", "F", "女", NULL };
static const char *const disability_labels[] = {
	"physical", "肢体", "visual", "视力", "hearing", "听力", "speech", "言语",
	"intellectual", "智力", "psychiatric", "精神", "multiple", "多重", NULL
};

/* One page of the person search, written by the streaming writer into b
 * (the hot list: no tree). -1 with req->err on a refusal. */
static int persons_page_write(http_request *req, int64_t page, int64_t size, mz_buf *b, jsonw *w)
{
	person_query q = { 0 };
	registry_person_page pg;
	mz_buf item;
	jsonw iw;
	mz_day today = mz_today();

	q.page = page;
	q.page_size = size;
	q.q = http_query(req, "q");
	q.name = http_query(req, "name");
	q.id_number = http_query(req, "id_number");
	q.division = http_query(req, "division");
	q.sort = list_sort(req);
	if (!q.sort)
		return -1;
	registry_person_page_init(&pg);
	if (registry_person_search(req->db, req->who, &q, &pg, &req->err)) {
		registry_person_page_release(&pg);
		return -1;
	}
	mz_buf_init(&item);
	jsonw_init(w, b);
	jsonw_obj(w);
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (size_t i = 0; i < pg.n; i++) {
		/* Each person on its own: one that cannot be written (text that is
		 * not valid UTF-8) is left out of the page, as the tree's
		 * json_array_append_new of a NULL person left it out. */
		mz_buf_reset(&item);
		jsonw_init(&iw, &item);
		json_person_write(&iw, &pg.items[i], 0, today);
		if (!jsonw_failed(&iw))
			jsonw_raw(w, item.data, item.len);
	}
	jsonw_end(w);
	jsonw_key(w, "total");
	jsonw_int(w, pg.total);
	jsonw_key(w, "total_capped");
	jsonw_bool(w, pg.total_capped);
	jsonw_key(w, "page");
	jsonw_int(w, pg.page);
	jsonw_key(w, "page_size");
	jsonw_int(w, pg.page_size);
	jsonw_end(w);
	mz_buf_release(&item);
	registry_person_page_release(&pg);
	return 0;
}

/* The same page as a tree, for the XLSX export (list_export.h), which reads
 * rows as JSON: written, then parsed (an export is not the hot path). */
static json_t *persons_page(http_request *req, int64_t page, int64_t size)
{
	mz_buf b;
	jsonw w;
	json_t *out = NULL;

	mz_buf_init(&b);
	if (!persons_page_write(req, page, size, &b, &w) && !jsonw_failed(&w))
		out = json_loadb(b.data, b.len, 0, NULL);
	mz_buf_release(&b);
	if (!out && !req->err.code)
		mz_fail(&req->err, MZ_EINTERNAL, "", "the page could not be written", "列表生成失败");
	return out;
}

static const list_column persons_cols[] = {
	{ "name", "姓名", LIST_TEXT, NULL, 10 },
	{ "id_number_masked", "身份证号", LIST_ID_MASKED, NULL, 22 },
	{ "sex", "性别", LIST_LABEL, sex_labels, 6 },
	{ "birth_date", "出生日期", LIST_DATE, NULL, 12 },
	{ "age", "年龄", LIST_INT, NULL, 6 },
	{ "division_name", "所在社区", LIST_TEXT, NULL, 30 },
	{ "disability_kind", "残疾类别", LIST_LABEL, disability_labels, 10 },
	{ "disability_grade", "残疾等级", LIST_INT, NULL, 8 },
	{ "death_date", "死亡日期", LIST_DATE, NULL, 12 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const persons_filters[] = { "q", "关键词", "name", "姓名", "id_number",
					       "身份证号", "division", "区划", "sort", "排序", NULL };
static const list_def persons_list = { "persons", "人员", persons_cols, persons_filters,
				       persons_page, REGISTRY_PAGE_MAX, NULL };

int api_persons_search(http_request *req, http_response *res)
{
	int64_t page, size;
	mz_buf b;
	jsonw w;

	if (http_query_page(req, persons_list.page_max, &page, &size))
		return -1;
	mz_buf_init(&b);
	if (persons_page_write(req, page, size, &b, &w)) {
		mz_buf_release(&b);
		return -1;
	}
	return written_reply(res, 200, &b, &w);
}

int api_persons_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &persons_list);
}

int api_person_get(http_request *req, http_response *res)
{
	registry_person p;
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    registry_person_get(req->db, req->who, id, &p, &req->err))
		return -1;
	return person_reply(res, 200, &p);
}

/* A text field of the body: absent or null leaves *out NULL; any other
 * type is refused, named with its Chinese label as the registry always did. */
static int body_text(http_request *req, const char *field, const char *zh, const char **out)
{
	json_t *v = json_object_get(req->json, field);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return mz_failf(&req->err, MZ_EINVAL, field, "%s must be a string%.0s",
				"%.0s%s格式错误", field, zh);
	*out = json_string_value(v);
	return 0;
}

/* A field the registry takes as text when it is text and ignores when it
 * is not (then the registry's own check names what is missing). */
static const char *body_text_or_null(http_request *req, const char *field)
{
	json_t *v = json_object_get(req->json, field);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int api_person_create(http_request *req, http_response *res)
{
	registry_person_new in = { 0 };
	registry_person p;
	const char *reason;
	int64_t id;

	if (http_json_str(req, "reason", 1, 500, &reason) ||
	    body_text(req, "name", "姓名", &in.name) ||
	    body_text(req, "address", "地址", &in.address) ||
	    body_text(req, "phone", "电话", &in.phone))
		return -1;
	in.id_number = body_text_or_null(req, "id_number");
	in.division_code = body_text_or_null(req, "division_code");
	in.hukou = body_text_or_null(req, "hukou");
	in.disability_kind = body_text_or_null(req, "disability_kind");
	in.flags = body_text_or_null(req, "flags");
	in.disability_grade = json_integer_value(json_object_get(req->json, "disability_grade"));
	if (registry_person_create(req->db, req->who, &in, reason, &id, &req->err) ||
	    registry_person_get(req->db, req->who, id, &p, &req->err))
		return -1;
	return person_reply(res, 201, &p);
}

/* The body of a person update as registry changes: only the fields a PATCH
 * may change (any other but reason and version is refused by name), each of
 * its own type. */
static int person_changes_parse(http_request *req, registry_person_changes *ch)
{
	static const struct {
		const char *field, *zh;
	} text[] = {
		{ "name", "姓名" }, { "address", "地址" }, { "phone", "电话" },
		{ "division_code", "所属社区" }, { "hukou", "户籍类型" },
		{ "disability_kind", "残疾类别" }, { "flags", "标记" },
	};
	const char **slot[] = { &ch->name, &ch->address, &ch->phone, &ch->division_code,
				&ch->hukou, &ch->disability_kind, &ch->flags };
	const char *key;
	json_t *val, *v;

	memset(ch, 0, sizeof(*ch));
	json_object_foreach(req->json, key, val) {
		int known = !strcmp(key, "reason") || !strcmp(key, "version") ||
			    !strcmp(key, "disability_grade") || !strcmp(key, "death_date");
		for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
			known |= !strcmp(key, text[i].field);
		if (!known)
			return mz_failf(&req->err, MZ_EINVAL, key, "field '%s' cannot be changed",
					"字段 '%s' 不可修改", key);
	}
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		v = json_object_get(req->json, text[i].field);
		if (v && !json_is_string(v))
			return mz_failf(&req->err, MZ_EINVAL, text[i].field,
					"%s must be a string%.0s", "%.0s%s格式错误", text[i].field,
					text[i].zh);
		*slot[i] = v ? json_string_value(v) : NULL;
	}
	if ((v = json_object_get(req->json, "disability_grade"))) {
		if (!json_is_integer(v))
			return mz_fail(&req->err, MZ_EINVAL, "disability_grade", "must be an integer",
				       "残疾等级须为整数");
		ch->set_disability_grade = 1;
		ch->disability_grade = json_integer_value(v);
	}
	if ((v = json_object_get(req->json, "death_date"))) {
		if (!json_is_null(v) && !json_is_string(v))
			return mz_fail(&req->err, MZ_EINVAL, "death_date",
				       "death_date must be a date YYYY-MM-DD not in the future",
				       "死亡日期须为不晚于今天的日期（YYYY-MM-DD）");
		ch->set_death_date = 1;
		ch->death_date = json_string_value(v);
	}
	return 0;
}

int api_person_update(http_request *req, http_response *res)
{
	registry_person_changes ch;
	registry_person p;
	const char *reason;
	int64_t id, version;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason) ||
	    http_json_int(req, "version", 1, 1, INT32_MAX, &version) ||
	    person_changes_parse(req, &ch) ||
	    registry_person_update(req->db, req->who, id, &ch, reason, version, &p, &req->err))
		return -1;
	/* A recorded death is published (person.died) in the registry's
	 * transaction; the programs it ends react through the event outbox. */
	return person_reply(res, 200, &p);
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
	return history_reply(req, res, "person");
}

/* Households enrolled (active) in ?program= within the caller's scope, as
 * the benefits room lists them: the search keeps only these. */
static int program_households(http_request *req, const char *program, int64_t **ids, size_t *n)
{
	benefits_query bq = { 0 };
	size_t cap = 0;

	bq.program = program;
	bq.status = "active";
	bq.division = http_query(req, "division");
	bq.page_size = 200;
	for (bq.page = 1; *n < REGISTRY_COUNT_CAP + 1; bq.page++) {
		json_t *pg = benefits_enrollment_list(req->db, req->who, &bq, &req->err), *it;
		size_t i, got;

		if (!pg)
			return -1;
		json_array_foreach(json_object_get(pg, "items"), i, it) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				*ids = mz_xrealloc(*ids, cap * sizeof(**ids));
			}
			(*ids)[(*n)++] = json_integer_value(json_object_get(it, "household_id"));
		}
		got = json_array_size(json_object_get(pg, "items"));
		json_decref(pg);
		if (got < (size_t)bq.page_size)
			break;
	}
	return 0;
}

static json_t *households_page(http_request *req, int64_t page, int64_t size)
{
	registry_household_query q = { 0 };
	registry_household_page pg;
	const char *program = http_query(req, "program");
	int64_t *ids = NULL;
	size_t nids = 0;
	json_t *out = NULL;

	q.page = page;
	q.page_size = size;
	q.division = http_query(req, "division");
	q.head_name = http_query(req, "head_name");
	q.address = http_query(req, "address");
	q.id_number = http_query(req, "id_number");
	q.sort = list_sort(req);
	if (!q.sort || http_query_int(req, "size_min", 0, 0, 100, &q.size_min) ||
	    http_query_int(req, "size_max", 0, 0, 100, &q.size_max) ||
	    http_query_int(req, "income_min_fen", -1, 0, INT64_MAX / 200, &q.income_min_fen) ||
	    http_query_int(req, "income_max_fen", -1, 0, INT64_MAX / 200, &q.income_max_fen))
		return NULL;
	if (program && *program) {
		if (program_households(req, program, &ids, &nids)) {
			free(ids);
			return NULL;
		}
		q.within = ids;
		q.n_within = nids;
		q.use_within = 1;
	}
	registry_household_page_init(&pg);
	if (!registry_household_find(req->db, req->who, &q, &pg, &req->err)) {
		json_t *items = json_array();

		for (size_t i = 0; i < pg.n; i++) {
			const registry_household_summary *h = &pg.items[i];

			json_array_append_new(items, json_pack(
				"{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)h->id,
				"address", h->address, "division_code", h->division_code,
				"division_name", h->division_name, "head_name", h->head_name,
				"member_count", (json_int_t)h->member_count,
				"income_fen", (json_int_t)h->income_fen,
				/* Rounded down to the fen, as a per-member figure. */
				"income_per_capita_fen",
				(json_int_t)(h->member_count ? h->income_fen / h->member_count : 0)));
		}
		out = json_pack("{s:o,s:I,s:b,s:I,s:I}", "items", items, "total",
				(json_int_t)pg.total, "total_capped", pg.total_capped, "page",
				(json_int_t)pg.page, "page_size", (json_int_t)pg.page_size);
	}
	registry_household_page_release(&pg);
	free(ids);
	return out;
}

static const list_column households_cols[] = {
	{ "id", "家庭编号", LIST_INT, NULL, 10 },
	{ "head_name", "户主", LIST_TEXT, NULL, 10 },
	{ "address", "地址", LIST_TEXT, NULL, 40 },
	{ "division_name", "所在社区", LIST_TEXT, NULL, 30 },
	{ "member_count", "家庭人数", LIST_INT, NULL, 8 },
	{ "income_fen", "家庭月收入（元）", LIST_YUAN, NULL, 14 },
	{ "income_per_capita_fen", "人均月收入（元）", LIST_YUAN, NULL, 14 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const households_filters[] = {
	"division", "区划", "head_name", "户主姓名", "address", "地址", "id_number", "成员身份证号",
	"size_min", "人数下限", "size_max", "人数上限", "income_min_fen", "人均月收入下限（分）",
	"income_max_fen", "人均月收入上限（分）", "program", "救助项目", "sort", "排序", NULL
};
static const list_def households_list = { "households", "家庭", households_cols,
					  households_filters, households_page,
					  REGISTRY_PAGE_MAX, NULL };

int api_households_search(http_request *req, http_response *res)
{
	return http_list_json(req, res, &households_list);
}

int api_households_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &households_list);
}

int api_household_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return household_reply(req, res, id, 0);
}

/* members: [{person_id, relation}]; a member without an integer person_id
 * keeps 0, which the registry refuses in the order it always checked. */
int api_household_create(http_request *req, http_response *res)
{
	const char *reason, *division, *address;
	registry_member_ref *refs = NULL;
	json_t *members, *m;
	size_t n = 0, i;
	int64_t id;
	int r;

	if (http_json_str(req, "reason", 1, 500, &reason) ||
	    http_json_str(req, "division_code", 1, 12, &division) ||
	    http_json_str(req, "address", 1, 300, &address))
		return -1;
	members = json_object_get(req->json, "members");
	if (json_is_array(members) && json_array_size(members)) {
		n = json_array_size(members);
		refs = mz_xcalloc(n, sizeof(*refs));
		json_array_foreach(members, i, m) {
			json_t *pid = json_object_get(m, "person_id");
			json_t *rel = json_object_get(m, "relation");

			refs[i].person_id = json_is_integer(pid) ? json_integer_value(pid) : 0;
			refs[i].relation = json_is_string(rel) ? json_string_value(rel) : NULL;
		}
	}
	r = registry_household_create(req->db, req->who, division, address, refs, n, reason, &id,
				      &req->err);
	free(refs);
	if (r)
		return -1;
	return household_reply(req, res, id, 1);
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
	return household_reply(req, res, id, 0);
}

int api_household_remove_member(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id, pid;

	if (http_param_id(req, "id", &id) || http_param_id(req, "person_id", &pid) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    registry_household_remove_member(req->db, req->who, id, pid, reason, &req->err))
		return -1;
	return household_reply(req, res, id, 0);
}

int api_household_history(http_request *req, http_response *res)
{
	return history_reply(req, res, "household");
}

int api_stats_registry(http_request *req, http_response *res)
{
	registry_stats st;
	json_t *by_district, *pyramid, *by_size, *out = NULL;

	registry_stats_init(&st);
	if (registry_stats_get(req->db, req->who, &st, &req->err)) {
		registry_stats_release(&st);
		return -1;
	}
	by_district = json_array();
	for (size_t i = 0; i < st.n_district; i++)
		json_array_append_new(by_district, json_pack("{s:s,s:s,s:I}", "code",
							     st.by_district[i].code, "name",
							     st.by_district[i].name, "count",
							     (json_int_t)st.by_district[i].count));
	pyramid = json_array();
	for (int b = 0; b < REGISTRY_AGE_BANDS; b++) {
		char label[16];

		if (b == REGISTRY_AGE_BANDS - 1)
			snprintf(label, sizeof(label), "%d+", b * 5);
		else
			snprintf(label, sizeof(label), "%d-%d", b * 5, b * 5 + 4);
		json_array_append_new(pyramid, json_pack("{s:s,s:I,s:I}", "band", label, "male",
							 (json_int_t)st.male[b], "female",
							 (json_int_t)st.female[b]));
	}
	by_size = json_array();
	for (size_t i = 0; i < st.n_size; i++)
		json_array_append_new(by_size, json_pack("{s:I,s:I}", "size",
							 (json_int_t)st.by_size[i].key, "count",
							 (json_int_t)st.by_size[i].count));
	out = json_pack("{s:I,s:I,s:o,s:o,s:o}", "persons_total", (json_int_t)st.persons_total,
			"households_total", (json_int_t)st.households_total,
			"persons_by_district", by_district, "age_pyramid", pyramid,
			"households_by_size", by_size);
	registry_stats_release(&st);
	return http_ok(res, out);
}

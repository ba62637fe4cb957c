/* json_person.c - a person as the API sends it (json_person.h). */
#include "http/json_person.h"

#include <string.h>

#include "registry/idcard.h"

static void day_or_null(jsonw *w, mz_day d)
{
	char text[11];

	if (d == MZ_DAY_INVALID) {
		jsonw_null(w);
		return;
	}
	mz_day_format(d, text);
	jsonw_str(w, text);
}

/* The tree put the full page's extra members in one by one
 * (json_object_set_new(o, k, json_string(v))): a value that is not valid
 * UTF-8 made json_string NULL and the member was left out, the rest of the
 * person sent. Text cut in the middle of a character by a fixed-size field
 * does that; the same here. */
static void member_if_valid(jsonw *w, const char *key, const char *v)
{
	if (!jsonw_utf8_valid(v, strlen(v)))
		return;
	jsonw_key(w, key);
	jsonw_str(w, v);
}

void json_person_write(jsonw *w, const registry_person *p, int full, mz_day today)
{
	char masked[19], birth[11] = "", sex[2] = { p->sex, 0 };

	idcard_mask(p->id_number, masked);
	if (p->birth != MZ_DAY_INVALID)
		mz_day_format(p->birth, birth);
	jsonw_obj(w);
	jsonw_key(w, "id");
	jsonw_int(w, p->id);
	jsonw_key(w, "name");
	jsonw_str(w, p->name);
	jsonw_key(w, "id_number_masked");
	jsonw_str(w, masked);
	jsonw_key(w, "sex");
	jsonw_str(w, sex);
	jsonw_key(w, "birth_date");
	jsonw_str(w, birth);
	jsonw_key(w, "age");
	jsonw_int(w, registry_person_age(p, today));
	jsonw_key(w, "division_code");
	jsonw_str(w, p->division_code);
	jsonw_key(w, "division_name");
	jsonw_str(w, p->division_name);
	jsonw_key(w, "disability_kind");
	jsonw_str(w, p->disability_kind);
	jsonw_key(w, "disability_grade");
	jsonw_int(w, p->disability_grade);
	jsonw_key(w, "death_date");
	day_or_null(w, p->death);
	jsonw_key(w, "household_id");
	if (p->household_id)
		jsonw_int(w, p->household_id);
	else
		jsonw_null(w);
	if (full) {
		member_if_valid(w, "address", p->address);
		member_if_valid(w, "phone", p->phone);
		member_if_valid(w, "hukou", p->hukou);
		member_if_valid(w, "marital_status", p->marital_status);
		member_if_valid(w, "flags", p->flags);
		jsonw_key(w, "version");
		jsonw_int(w, p->version);
		if (!p->household_id) {
			jsonw_key(w, "household");
			jsonw_null(w);
		} else if (jsonw_utf8_valid(p->relation, strlen(p->relation))) {
			jsonw_key(w, "household");
			jsonw_obj(w);
			jsonw_key(w, "id");
			jsonw_int(w, p->household_id);
			jsonw_key(w, "relation");
			jsonw_str(w, p->relation);
			jsonw_end(w);
		}
	}
	jsonw_end(w);
}

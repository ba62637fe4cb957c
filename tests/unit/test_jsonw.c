/* Unit tests for the streaming JSON writer (base/jsonw.h) and the person
 * written with it (http/json_person.h): the bytes must be exactly those
 * jansson's json_dumps(JSON_COMPACT) gives for the same values, and text
 * that is not valid UTF-8 must end the same way it did with the tree. The
 * tree code the API used before issue 18 is kept here as the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "http/json_person.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* ---- strings ---- */

/* Writes s alone with the writer; NULL when the writer failed. */
static char *written(const char *s, size_t n)
{
	mz_buf b;
	jsonw w;

	mz_buf_init(&b);
	jsonw_init(&w, &b);
	jsonw_strn(&w, s, n);
	if (jsonw_failed(&w)) {
		mz_buf_release(&b);
		return NULL;
	}
	return mz_buf_detach(&b, NULL);
}

/* jansson's answer for the same string: NULL when it refuses it. */
static char *dumped(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	char *out;

	if (!j)
		return NULL;
	out = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return out;
}

static void same_as_jansson(const char *s, size_t n)
{
	char *a = written(s, n), *b = dumped(s, n);

	if (!a || !b) {
		if (a || b)
			fail_msg("writer %s, jansson %s for a string of %zu bytes (first %02x)",
				 a ? "accepted" : "refused", b ? "accepted" : "refused", n,
				 n ? (unsigned char)s[0] : 0);
	} else {
		assert_string_equal(a, b);
	}
	free(a);
	free(b);
}

static void edge_strings(void **state)
{
	static const char *const cases[] = {
		"", "a", "\"", "\\", "\"\\\"", "/", "a/b", "\b\f\n\r\t", "\x01\x02\x1f", "\x7f",
		"tab\there", "quote\"inside", "back\\slash", "中文姓名", "王小明", "é", "😀",
		"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
		"\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80",
		/* refused by jansson: */
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xc2", "\xe0\x80\x80", "\xe0\x9f\xbf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xfe", "ab\xe4\xb8",
		"\xe4\xb8\xad\xe6\x96", "ok\xc3(", "\xe2\x82", "\xf0\x9f\x98",
		"mixed \"中\" \\ \x1b[0m end",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same_as_jansson(cases[i], strlen(cases[i]));
	/* Every single control character, and every single byte. */
	for (int c = 1; c < 256; c++) {
		char s[3] = { 'x', (char)c, 0 };
		same_as_jansson(s, 2);
	}
	/* Every code point, encoded, between two ASCII letters. */
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp += cp < 0x800 ? 1 : 7) {
		char s[8];
		size_t n = 0;

		s[n++] = 'a';
		if (cp < 0x80) {
			s[n++] = (char)cp;
		} else if (cp < 0x800) {
			s[n++] = (char)(0xC0 | (cp >> 6));
			s[n++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			s[n++] = (char)(0xE0 | (cp >> 12));
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[n++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[n++] = (char)(0xF0 | (cp >> 18));
			s[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[n++] = (char)(0x80 | (cp & 0x3F));
		}
		s[n++] = 'z';
		same_as_jansson(s, n);
	}
}

/* Random strings: mostly UTF-8 with escapes, some arbitrary bytes. */
static void random_strings(void **state)
{
	static const char *const pieces[] = { "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t",
					      "\x01", "\x1f", "\x7f", "中", "区", "é", "😀",
					      "\xe4", "\x80", "\xc0", "\xed\xa0\x80", "\xf4\x90" };
	uint32_t seed = 18;
	(void)state;

	for (int t = 0; t < 20000; t++) {
		char s[256];
		size_t n = 0;
		int len, raw_bytes;

		seed = seed * 1103515245u + 12345u;
		len = (int)(seed >> 16) % 24;
		raw_bytes = (seed >> 8) % 5 == 0;
		for (int i = 0; i < len && n < sizeof(s) - 8; i++) {
			seed = seed * 1103515245u + 12345u;
			if (raw_bytes) {
				s[n++] = (char)(1 + (seed >> 16) % 255);
			} else {
				/* the invalid pieces rarely, so most strings are valid */
				size_t k = (seed >> 16) % 64;
				const char *p = pieces[k < 16 ? k : k < 60 ? k % 16 : 16 + k % 5];
				memcpy(s + n, p, strlen(p));
				n += strlen(p);
			}
		}
		same_as_jansson(s, n);
	}
}

/* ---- structures ---- */

static void structures(void **state)
{
	mz_buf b;
	jsonw w;
	json_t *t;
	char *d;
	(void)state;

	mz_buf_init(&b);
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_key(&w, "empty_obj");
	jsonw_obj(&w);
	jsonw_end(&w);
	jsonw_key(&w, "empty_arr");
	jsonw_arr(&w);
	jsonw_end(&w);
	jsonw_key(&w, "ints");
	jsonw_arr(&w);
	jsonw_int(&w, 0);
	jsonw_int(&w, -1);
	jsonw_int(&w, INT64_MAX);
	jsonw_int(&w, INT64_MIN);
	jsonw_end(&w);
	jsonw_key(&w, "t");
	jsonw_bool(&w, 7);
	jsonw_key(&w, "f");
	jsonw_bool(&w, 0);
	jsonw_key(&w, "n");
	jsonw_null(&w);
	jsonw_key(&w, "s?");
	jsonw_str_or_null(&w, NULL);
	jsonw_key(&w, "nested");
	jsonw_arr(&w);
	jsonw_obj(&w);
	jsonw_key(&w, "k\"ey");
	jsonw_arr(&w);
	jsonw_arr(&w);
	jsonw_end(&w);
	jsonw_str(&w, "x");
	jsonw_end(&w);
	jsonw_end(&w);
	jsonw_raw(&w, "{\"pre\":1}", 9);
	jsonw_end(&w);
	jsonw_end(&w);
	assert_false(jsonw_failed(&w));

	t = json_pack("{s:{},s:[],s:[I,I,I,I],s:b,s:b,s:n,s:s?,s:[{s:[[],s]},{s:i}]}", "empty_obj",
		      "empty_arr", "ints", (json_int_t)0, (json_int_t)-1, (json_int_t)INT64_MAX,
		      (json_int_t)INT64_MIN, "t", 1, "f", 0, "n", "s?", NULL, "nested", "k\"ey", "x",
		      "pre", 1);
	assert_non_null(t);
	d = json_dumps(t, JSON_COMPACT);
	assert_string_equal(b.data, d);
	free(d);
	json_decref(t);
	mz_buf_release(&b);

	/* Misuse is a failure, not bad output. */
	mz_buf_init(&b);
	jsonw_init(&w, &b);
	jsonw_end(&w);
	assert_true(jsonw_failed(&w));
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	jsonw_key(&w, "k"); /* a key in an array */
	assert_true(jsonw_failed(&w));
	jsonw_init(&w, &b);
	for (int i = 0; i <= JSONW_MAX_DEPTH; i++)
		jsonw_arr(&w);
	assert_true(jsonw_failed(&w));
	mz_buf_release(&b);
}

/* ---- persons: the tree code as the API had it before issue 18 ---- */

static json_t *ref_day_or_null(mz_day d)
{
	char text[11];

	if (d == MZ_DAY_INVALID)
		return json_null();
	mz_day_format(d, text);
	return json_string(text);
}

static json_t *ref_person_json(const registry_person *p, int full, mz_day today)
{
	char masked[19], birth[11] = "", sex[2] = { p->sex, 0 };
	json_t *o;

	idcard_mask(p->id_number, masked);
	if (p->birth != MZ_DAY_INVALID)
		mz_day_format(p->birth, birth);
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:I,s:o,s:o}",
		      "id", (json_int_t)p->id, "name", p->name, "id_number_masked", masked,
		      "sex", sex, "birth_date", birth,
		      "age", registry_person_age(p, today),
		      "division_code", p->division_code, "division_name", p->division_name,
		      "disability_kind", p->disability_kind,
		      "disability_grade", (json_int_t)p->disability_grade,
		      "death_date", ref_day_or_null(p->death),
		      "household_id", p->household_id ? json_integer(p->household_id) : json_null());
	if (full) {
		json_object_set_new(o, "address", json_string(p->address));
		json_object_set_new(o, "phone", json_string(p->phone));
		json_object_set_new(o, "hukou", json_string(p->hukou));
		json_object_set_new(o, "marital_status", json_string(p->marital_status));
		json_object_set_new(o, "flags", json_string(p->flags));
		json_object_set_new(o, "version", json_integer(p->version));
		json_object_set_new(o, "household",
				    p->household_id ? json_pack("{s:I,s:s}", "id",
								(json_int_t)p->household_id,
								"relation", p->relation)
						    : json_null());
	}
	return o;
}

/* The search page as api_persons_search built it. */
static char *ref_page(const registry_person *ps, size_t n, mz_day today)
{
	json_t *items = json_array(), *out;
	char *s;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, ref_person_json(&ps[i], 0, today));
	out = json_pack("{s:o,s:I,s:b,s:I,s:I}", "items", items, "total", (json_int_t)n,
			"total_capped", 0, "page", (json_int_t)1, "page_size", (json_int_t)20);
	s = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(out);
	return s;
}

static char *new_person(const registry_person *p, int full, mz_day today)
{
	mz_buf b;
	jsonw w;

	mz_buf_init(&b);
	jsonw_init(&w, &b);
	json_person_write(&w, p, full, today);
	if (jsonw_failed(&w)) {
		mz_buf_release(&b);
		return NULL;
	}
	return mz_buf_detach(&b, NULL);
}

/* The page as api_persons_search now writes it. */
static char *new_page(const registry_person *ps, size_t n, mz_day today)
{
	mz_buf b, item;
	jsonw w, iw;

	mz_buf_init(&b);
	mz_buf_init(&item);
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	for (size_t i = 0; i < n; i++) {
		mz_buf_reset(&item);
		jsonw_init(&iw, &item);
		json_person_write(&iw, &ps[i], 0, today);
		if (!jsonw_failed(&iw))
			jsonw_raw(&w, item.data, item.len);
	}
	jsonw_end(&w);
	jsonw_key(&w, "total");
	jsonw_int(&w, (int64_t)n);
	jsonw_key(&w, "total_capped");
	jsonw_bool(&w, 0);
	jsonw_key(&w, "page");
	jsonw_int(&w, 1);
	jsonw_key(&w, "page_size");
	jsonw_int(&w, 20);
	jsonw_end(&w);
	mz_buf_release(&item);
	assert_false(jsonw_failed(&w));
	return mz_buf_detach(&b, NULL);
}

static registry_person base_person(void)
{
	registry_person p;

	memset(&p, 0, sizeof(p));
	p.id = 4211;
	snprintf(p.id_number, sizeof(p.id_number), "440105195003070015");
	snprintf(p.name, sizeof(p.name), "陈大文");
	p.sex = 'M';
	p.birth = mz_day_parse("1950-03-07");
	p.death = MZ_DAY_INVALID;
	snprintf(p.division_code, sizeof(p.division_code), "440105001001");
	snprintf(p.division_name, sizeof(p.division_name), "海珠区某社区");
	snprintf(p.address, sizeof(p.address), "广州市海珠区江南大道中 1 号");
	snprintf(p.phone, sizeof(p.phone), "13800000000");
	snprintf(p.hukou, sizeof(p.hukou), "urban");
	snprintf(p.flags, sizeof(p.flags), "living_alone,special_family");
	snprintf(p.marital_status, sizeof(p.marital_status), "married");
	p.version = 3;
	return p;
}

static void persons(void **state)
{
	registry_person ps[12];
	mz_day today = mz_day_parse("2026-12-07");
	size_t n = 0;
	(void)state;

	ps[n++] = base_person();
	ps[n] = base_person(); /* in a household, dead, disabled */
	ps[n].household_id = 77;
	snprintf(ps[n].relation, sizeof(ps[n].relation), "spouse");
	ps[n].death = mz_day_parse("2026-01-02");
	snprintf(ps[n].disability_kind, sizeof(ps[n].disability_kind), "visual");
	ps[n++].disability_grade = 2;
	ps[n] = base_person(); /* no birth date, odd characters */
	ps[n].birth = MZ_DAY_INVALID;
	ps[n].sex = 'F';
	snprintf(ps[n].name, sizeof(ps[n].name), "O\"Brien\\\t/\x01\x7f 😀");
	snprintf(ps[n++].address, sizeof(ps[n].address), "line1\nline2\r\"q\"");
	ps[n] = base_person(); /* an address cut in the middle of a character */
	memset(ps[n].address, 0, sizeof(ps[n].address));
	for (size_t i = 0; i + 3 < sizeof(ps[n].address); i += 3)
		memcpy(ps[n].address + i, "中", 3);
	ps[n].address[sizeof(ps[n].address) - 2] = '\0'; /* ...\xe4\xb8 */
	ps[n].address[sizeof(ps[n].address) - 1] = '\0';
	n++;
	ps[n] = base_person(); /* a relation that is not UTF-8 */
	ps[n].household_id = 5;
	snprintf(ps[n++].relation, sizeof(ps[n].relation), "ch\xffld");
	ps[n] = base_person(); /* a name that is not UTF-8: the person cannot be written */
	snprintf(ps[n++].name, sizeof(ps[n].name), "\xe9\x99");
	ps[n] = base_person(); /* sex missing */
	ps[n++].sex = 0;
	ps[n] = base_person(); /* a phone and flags that are not UTF-8 */
	snprintf(ps[n].phone, sizeof(ps[n].phone), "138\x80");
	snprintf(ps[n++].flags, sizeof(ps[n].flags), "\xc0\xaf");

	for (size_t i = 0; i < n; i++)
		for (int full = 0; full <= 1; full++) {
			json_t *t = ref_person_json(&ps[i], full, today);
			char *want = t ? json_dumps(t, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
			char *got = new_person(&ps[i], full, today);

			if (!want || !got)
				assert_true(!want && !got);
			else
				assert_string_equal(got, want);
			free(want);
			free(got);
			json_decref(t);
		}
	/* The search page, with the person that cannot be written among them. */
	{
		char *want = ref_page(ps, n, today), *got = new_page(ps, n, today);

		assert_string_equal(got, want);
		free(want);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edge_strings),
		cmocka_unit_test(random_strings),
		cmocka_unit_test(structures),
		cmocka_unit_test(persons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

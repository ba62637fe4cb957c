/* test_screen_snapshot.c - the screening column file (src/screen/snapshot.c):
 * what is written is what is mapped back, column by column; the streamed
 * checksum is the checksum of the payload; a flipped byte, a cut file, a
 * header of other counts and a missing file are each refused with the
 * reason, never mapped as columns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen/snapshot.h"

#define NH 5
#define NP 11

static char g_path[256];

/* Five households (one of one member, one of four), three divisions, two
 * income kinds and one asset kind used. */
static void build(screen_data *d)
{
	static const uint32_t sizes[NH] = { 1, 4, 2, 3, 1 };

	memset(d, 0, sizeof(*d));
	policy_columns_alloc(&d->cols, NH, NP, 3);
	d->hh_id = calloc(NH, sizeof(int64_t));
	d->p_id = calloc(NP, sizeof(int64_t));
	d->div_code = calloc(3, 16);
	for (int k = 0; k < 3; k++) {
		snprintf(d->div_code[k], 16, "44010500100%d", k + 1);
		d->cols.divisions[k] = 440105001001 + k;
	}
	for (size_t h = 0, p = 0; h < NH; h++) {
		d->hh_id[h] = 100 + 7 * (int64_t)h;
		d->cols.hh_division[h] = (uint32_t)(h % 3);
		d->cols.hh_asset[POLICY_AST_DEPOSITS][h] = 1000 * (int64_t)h;
		d->cols.hh_vehicle_count[h] = (int32_t)(h & 1);
		for (uint32_t k = 0; k < sizes[h]; k++, p++) {
			d->p_id[p] = 5000 + 3 * (int64_t)p;
			d->cols.p_birth[p] = (mz_day)(10000 + p);
			d->cols.p_sex[p] = (uint8_t)(p & 1);
			d->cols.p_relation[p] = (uint8_t)(k ? 2 : 0);
			d->cols.p_disability[p] = (uint8_t)(p % 3);
			d->cols.p_disability_grade[p] = (uint8_t)(p % 5);
			d->cols.p_flags[p] = 1u << (p % 4);
			d->cols.p_income[POLICY_INC_WAGE][p] = 100000 + (int64_t)p;
			d->cols.p_income[POLICY_INC_EMPLOYEE_PENSION][p] = p == 3 ? 250000 : 0;
		}
		d->cols.hh_offset[h + 1] = d->cols.hh_offset[h] + sizes[h];
	}
}

static const screen_snapshot_meta META = { 1450, { 42, 7, 7, 1796637492, "person" }, 128 };

static int setup(void **state)
{
	screen_data d;
	mz_err e = { 0 };

	(void)state;
	snprintf(g_path, sizeof(g_path), "/tmp/mz-test-snapshot-%ld.columns", (long)getpid());
	build(&d);
	if (screen_snapshot_write(g_path, &d, &META, &e)) {
		fprintf(stderr, "write: %s\n", e.message);
		return -1;
	}
	screen_data_release(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(g_path);
	return 0;
}

static void round_trip(void **state)
{
	screen_snapshot s;
	screen_data want, got;
	char why[200] = "";

	(void)state;
	build(&want);
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 1);
	assert_true(screen_snapshot_verify(&s));
	assert_int_equal(s.meta.schema_version, 1450);
	assert_int_equal(s.meta.anchor.seq, 42);
	assert_string_equal(s.meta.anchor.entity, "person");
	assert_int_equal(s.meta.anchor.changed_at, 1796637492);
	assert_int_equal(s.meta.max_household_id, 128);
	memset(&got, 0, sizeof(got));
	screen_snapshot_columns(&s, &got);
	assert_int_equal(got.cols.n_households, NH);
	assert_int_equal(got.cols.n_persons, NP);
	assert_int_equal(got.cols.n_divisions, 3);
	assert_memory_equal(got.hh_id, want.hh_id, NH * 8);
	assert_memory_equal(got.p_id, want.p_id, NP * 8);
	assert_memory_equal(got.cols.hh_offset, want.cols.hh_offset, (NH + 1) * 4);
	assert_memory_equal(got.cols.hh_division, want.cols.hh_division, NH * 4);
	assert_memory_equal(got.cols.hh_vehicle_count, want.cols.hh_vehicle_count, NH * 4);
	assert_memory_equal(got.cols.hh_asset[POLICY_AST_DEPOSITS],
			    want.cols.hh_asset[POLICY_AST_DEPOSITS], NH * 8);
	assert_memory_equal(got.cols.p_birth, want.cols.p_birth, NP * sizeof(mz_day));
	assert_memory_equal(got.cols.p_sex, want.cols.p_sex, NP);
	assert_memory_equal(got.cols.p_relation, want.cols.p_relation, NP);
	assert_memory_equal(got.cols.p_disability, want.cols.p_disability, NP);
	assert_memory_equal(got.cols.p_disability_grade, want.cols.p_disability_grade, NP);
	assert_memory_equal(screen_snapshot_flags(&s), want.cols.p_flags, NP * 4);
	assert_memory_equal(got.cols.p_income[POLICY_INC_WAGE], want.cols.p_income[POLICY_INC_WAGE],
			    NP * 8);
	assert_memory_equal(got.cols.p_income[POLICY_INC_EMPLOYEE_PENSION],
			    want.cols.p_income[POLICY_INC_EMPLOYEE_PENSION], NP * 8);
	assert_memory_equal(got.div_code, want.div_code, 3 * 16);
	assert_memory_equal(got.cols.divisions, want.cols.divisions, 3 * 8);
	/* Columns of kinds no one has are not stored: read as zero. */
	assert_null(got.cols.p_income[POLICY_INC_BUSINESS]);
	assert_null(got.cols.hh_asset[POLICY_AST_SECURITIES]);
	screen_snapshot_close(&s);
	screen_data_release(&want);
}

static void streamed_sum_is_the_payload_sum(void **state)
{
	unsigned char buf[200];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	/* Not the same for a different byte or a different length. */
	uint64_t a = screen_snapshot_sum(buf, 128), b;
	buf[77] ^= 1;
	b = screen_snapshot_sum(buf, 128);
	assert_true(a != b);
	buf[77] ^= 1;
	assert_true(screen_snapshot_sum(buf, 128) == a);
	assert_true(screen_snapshot_sum(buf, 129) != a);
	/* verify() above sums the payload in one piece; write() streamed it. */
}

static void patch(long at, unsigned char x)
{
	FILE *f = fopen(g_path, "r+b");
	int c;

	assert_non_null(f);
	fseek(f, at, SEEK_SET);
	c = fgetc(f);
	fseek(f, at, SEEK_SET);
	fputc(c ^ x, f);
	fclose(f);
}

static void corrupt_payload_is_caught(void **state)
{
	screen_snapshot s;
	char why[200] = "";

	(void)state;
	patch(4096 + 70, 0x10);
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 1);
	assert_false(screen_snapshot_verify(&s));
	screen_snapshot_close(&s);
	patch(4096 + 70, 0x10); /* back */
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 1);
	assert_true(screen_snapshot_verify(&s));
	screen_snapshot_close(&s);
}

static void bad_header_or_length_is_refused(void **state)
{
	screen_snapshot s;
	char why[200] = "";

	(void)state;
	patch(100, 0x01); /* a count */
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "header corrupt"));
	assert_null(s.map);
	patch(100, 0x01);
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 1);
	screen_snapshot_close(&s);
	assert_int_equal(truncate(g_path, 4096 + 64), 0);
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "length does not match"));
	unlink(g_path);
	assert_int_equal(screen_snapshot_open(g_path, &s, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "no snapshot"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(streamed_sum_is_the_payload_sum),
		cmocka_unit_test(corrupt_payload_is_caught),
		cmocka_unit_test(bad_header_or_length_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

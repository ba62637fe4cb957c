/* test_cases_machine.c - the working-day calendar and every declared
 * transition of the assistance programs, allowed and refused, by role,
 * scope and state; and writing a case on the engine under test (test_db.h):
 * the persons it names are checked in its transaction, and its rows carry
 * the household they are distributed by. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "access/access.h"
#include "base/buf.h"
#include "domains/assistance/assistance.h"
#include "cases/cases.h"
#include "cases/workcal.h"
#include "test_db.h"

static mz_day D(const char *s)
{
	return mz_day_parse(s);
}

static void fmt_eq(mz_day d, const char *want)
{
	char s[11];

	mz_day_format(d, s);
	assert_string_equal(s, want);
}

/* 2026 National Day: 10-01..10-07 off (10-01, 02, 05, 06, 07 are weekdays),
 * Saturday 10-10 worked. */
static void cal_2026(workcal *w)
{
	workcal_init(w);
	workcal_set(w, D("2026-10-01"), 0);
	workcal_set(w, D("2026-10-02"), 0);
	workcal_set(w, D("2026-10-05"), 0);
	workcal_set(w, D("2026-10-06"), 0);
	workcal_set(w, D("2026-10-07"), 0);
	workcal_set(w, D("2026-10-10"), 1);
	workcal_set(w, D("2026-09-20"), 1);
}

static void test_workdays_over_weekends(void **state)
{
	workcal w;

	(void)state;
	workcal_init(&w);
	/* Accepted Thursday 2026-11-19: 3 working days = Fri, Mon, Tue. */
	fmt_eq(workcal_add(&w, D("2026-11-19"), 3), "2026-11-24");
	/* Accepted on a Saturday: Mon, Tue, Wed. */
	fmt_eq(workcal_add(&w, D("2026-11-21"), 3), "2026-11-25");
	fmt_eq(workcal_add(&w, D("2026-11-23"), 0), "2026-11-23");
	assert_int_equal(workcal_count(&w, D("2026-11-20"), D("2026-11-27")), 5);
	assert_int_equal(workcal_count(&w, D("2026-11-27"), D("2026-11-20")), 0);
	workcal_release(&w);
}

static void test_workdays_over_holidays(void **state)
{
	workcal w;

	(void)state;
	cal_2026(&w);
	assert_false(workcal_is_workday(&w, D("2026-10-01")));
	assert_true(workcal_is_workday(&w, D("2026-10-10")));  /* a Saturday worked */
	assert_false(workcal_is_workday(&w, D("2026-10-11"))); /* an ordinary Sunday */
	/* Accepted Wednesday 09-30: Oct 8 (Thu), 9 (Fri), 10 (Sat, worked). */
	fmt_eq(workcal_add(&w, D("2026-09-30"), 3), "2026-10-10");
	/* 20 working days from 09-28 (Mon), over the holiday. */
	fmt_eq(workcal_add(&w, D("2026-09-28"), 20), "2026-10-30");
	/* Sunday 09-20 worked. */
	fmt_eq(workcal_add(&w, D("2026-09-18"), 1), "2026-09-20");
	/* Replacing an exception keeps the array sorted and unique. */
	workcal_set(&w, D("2026-10-10"), 0);
	assert_false(workcal_is_workday(&w, D("2026-10-10")));
	assert_int_equal((int)w.n, 7);
	workcal_release(&w);
	workcal_release(NULL);
}

static void who_as(access_ctx *w, access_role role, const char *scope)
{
	memset(w, 0, sizeof(*w));
	w->role = role;
	mz_strlcpy(w->login, "t", sizeof(w->login));
	mz_strlcpy(w->scope_code, scope, sizeof(w->scope_code));
	access_scope_range(scope, w->scope_lo, w->scope_hi);
}

static void case_in(case_row *cs, const char *state, const access_ctx *who)
{
	memset(cs, 0, sizeof(*cs));
	mz_strlcpy(cs->program, "dibao", sizeof(cs->program));
	mz_strlcpy(cs->division, "440105001003", sizeof(cs->division));
	mz_strlcpy(cs->intake_street, "440106001", sizeof(cs->intake_street));
	mz_strlcpy(cs->state, state, sizeof(cs->state));
	cs->delegated = 1;
	cs->has_eval = 1;
	cs->eval_eligible = 1;
	cs->notice_until = MZ_DAY_INVALID;
	cs->can_act = access_in_scope(who, cs->division);
}

static int check(const char *program, access_role role, const char *scope, const char *state,
		 const char *action, mz_code *code)
{
	const case_program *p = assist_program_find(program);
	json_t *detail = json_pack("{s:[s,s]}", "investigators", "王调查", "李调查");
	access_ctx who;
	case_row cs;
	mz_err e = { 0 };
	int rc;

	who_as(&who, role, scope);
	case_in(&cs, state, &who);
	rc = case_check(p, &who, &cs, action, "理由说明", detail, 0, D("2026-11-23"), NULL, &e);
	json_decref(detail);
	*code = e.code;
	return rc;
}

/* Every declared step is allowed for each role it names (in scope), and
 * refused (forbidden) for every role it does not name. */
static void test_every_step_by_role(void **state)
{
	static const char *const progs[] = { "dibao", "tekun", "orphan", "unattended_child",
					     "disability_living", "disability_care", "temp_aid" };
	static const struct { access_role role; const char *scope; } roles[] = {
		{ ROLE_STREET_CASEWORKER, "440105001" }, { ROLE_DISTRICT_OFFICER, "440105" },
		{ ROLE_CITY_ADMIN, "440100" }, { ROLE_COMMUNITY_WORKER, "440105001003" },
		{ ROLE_AUDITOR, "440100" }, { ROLE_SERVICE_PROVIDER, "440105" },
	};
	int checked = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		const case_program *p = assist_program_find(progs[i]);

		assert_non_null(p);
		for (size_t k = 0; k < p->nsteps; k++) {
			const case_step *s = &p->steps[k];

			if (s->flags & CASE_F_EMERGENCY)
				continue; /* variant-only: tested below */
			for (size_t r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
				mz_code code;
				int rc = check(progs[i], roles[r].role, roles[r].scope, s->from,
					       s->action, &code);

				if (s->roles & roles[r].role) {
					if (rc)
						fail_msg("%s %s from %s refused for role %d (code %d)",
							 progs[i], s->action, s->from, roles[r].role, code);
				} else {
					assert_int_equal(rc, -1);
					assert_int_equal(code, MZ_EFORBIDDEN);
				}
				checked++;
			}
		}
	}
	assert_true(checked > 300);
}

static void test_refusals(void **state)
{
	mz_code code;
	const case_program *p = assist_program_find("dibao");
	access_ctx who;
	case_row cs;
	mz_err e = { 0 };

	(void)state;
	/* Wrong state. */
	assert_int_equal(check("dibao", ROLE_STREET_CASEWORKER, "440105001", "accepted", "approve", &code), -1);
	assert_int_equal(code, MZ_ESTATE);
	/* Unknown action. */
	assert_int_equal(check("dibao", ROLE_STREET_CASEWORKER, "440105001", "accepted", "pay_everyone", &code), -1);
	assert_int_equal(code, MZ_EINVAL);
	/* Children's allowances have no public notice at all. */
	assert_int_equal(check("orphan", ROLE_STREET_CASEWORKER, "440105001", "reviewing", "post_notice", &code), -1);
	assert_int_equal(code, MZ_EINVAL);
	/* The intake street (another district) may not act. */
	assert_int_equal(check("dibao", ROLE_STREET_CASEWORKER, "440106001", "accepted", "start_verification", &code), -1);
	assert_int_equal(code, MZ_EFORBIDDEN);
	/* 先行救助 only for the emergency variant. */
	assert_int_equal(check("temp_aid", ROLE_STREET_CASEWORKER, "440105001", "accepted", "pay_first", &code), -1);
	assert_int_equal(code, MZ_ESTATE);

	who_as(&who, ROLE_STREET_CASEWORKER, "440105001");
	/* Conflict of interest: the street may not decide, the district may. */
	case_in(&cs, "notice", &who);
	cs.coi = 1;
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 0, D("2026-11-23"), NULL, &e), -1);
	assert_int_equal(e.code, MZ_EFORBIDDEN);
	who_as(&who, ROLE_DISTRICT_OFFICER, "440105");
	cs.can_act = 1;
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 0, D("2026-11-23"), NULL, &e), 0);
	/* Notice not over yet; then an open objection. */
	cs.coi = 0;
	cs.notice_until = D("2026-11-25");
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 0, D("2026-11-25"), NULL, &e), -1);
	assert_int_equal(e.code, MZ_ESTATE);
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 0, D("2026-11-26"), NULL, &e), 0);
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 1, D("2026-11-26"), NULL, &e), -1);
	/* Not eligible by the rules: no approval. */
	cs.eval_eligible = 0;
	assert_int_equal(case_check(p, &who, &cs, "approve", "x", NULL, 0, D("2026-11-26"), NULL, &e), -1);
	assert_string_equal(e.field, "action");
	/* A refusal needs its reasons; an investigation two investigators. */
	case_in(&cs, "reviewing", &who);
	assert_int_equal(case_check(p, &who, &cs, "refuse", "", NULL, 0, D("2026-11-26"), NULL, &e), -1);
	assert_string_equal(e.field, "note");
	case_in(&cs, "investigating", &who);
	assert_int_equal(case_check(p, &who, &cs, "submit_investigation", "ok", NULL, 0, D("2026-11-26"), NULL, &e), -1);
	assert_string_equal(e.field, "detail.investigators");
}

static void test_name_mask(void **state)
{
	char out[64];

	(void)state;
	assist_name_mask("张三", out, sizeof(out));
	assert_string_equal(out, "张*");
	assist_name_mask("张小三", out, sizeof(out));
	assert_string_equal(out, "张*三");
	assist_name_mask("欧阳小明", out, sizeof(out));
	assert_string_equal(out, "欧**明");
	assist_name_mask("李", out, sizeof(out));
	assert_string_equal(out, "李");
}

static int64_t count_of(store_conn *c, const char *sql)
{
	mz_err e = { 0 };
	store_stmt *st = store_prepare(c, sql, &e);
	int64_t n = -1;

	if (st && store_step(st, &e) == 1)
		n = store_col_i64(st, 0);
	store_done(st);
	return n;
}

/* case_create_tx on a real database: no foreign key guards the persons a
 * case names (they live in the other co-location group), so the code must
 * refuse a missing applicant, beneficiary or member, naming the field; a
 * case it writes has children carrying its household, and the composite
 * foreign keys refuse a child filed under another household. */
static void test_create_on_database(void **state)
{
	const case_program *p = assist_program_find("dibao");
	test_db db;
	store *s = NULL;
	store_conn *c;
	access_ctx who;
	workcal cal;
	case_new cn = { 0 };
	json_t *members;
	mz_err e = { 0 };
	int64_t id = 0;
	char sql[200];

	(void)state;
	if (test_db_open(&db, "cases_machine", 1, &s, &e) || !(c = store_conn_get(s, &e)))
		fail_msg("setup (%s): %s", test_db_engine_name(), e.message);
	assert_int_equal(store_exec(c,
		"INSERT INTO divisions (code, name, level, parent) VALUES"
		" ('440100', '广州市', 1, NULL), ('440105', '海珠区', 2, '440100'),"
		" ('440105001', '测试街道', 3, '440105'), ('440105001001', '测试社区', 4, '440105001');"
		"INSERT INTO households (id, division_code, address, created_at, updated_at) VALUES"
		" (7, '440105001001', '测试路1号', 0, 0), (8, '440105001001', '测试路2号', 0, 0);"
		"INSERT INTO persons (id, id_number, name, sex, birth_date, division_code, created_at,"
		" updated_at) VALUES (70, '110101199003077777', '测试甲', 'M', '1990-03-07',"
		" '440105001001', 0, 0);"
		/* The registry rows' trace, as the registry's writers note theirs. */
		"INSERT INTO registry_changes (entity, lo, hi, changed_at) VALUES"
		" ('household', 7, 8, 0), ('person', 70, 70, 0)", &e), 0);
	who_as(&who, ROLE_STREET_CASEWORKER, "440105001");
	workcal_init(&cal);
	members = json_pack("[{s:I,s:s,s:s},{s:I,s:s,s:s}]",
			    "person_id", (json_int_t)70, "relation", "applicant", "division_code", "440105001001",
			    "person_id", (json_int_t)71, "relation", "child", "division_code", "440105001001");
	cn.variant = "";
	cn.household_id = 7;
	cn.applicant_id = 69;
	cn.division_code = "440105001001";
	cn.intake_street = "440105001";
	cn.delegated = 1;
	cn.bank_account = "6222020200000001";
	cn.members = members;

	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(case_create_tx(c, &who, p, &cal, &cn, &id, &e), -1);
	assert_string_equal(e.field, "applicant_id");
	store_rollback(c);
	cn.applicant_id = 70;
	cn.beneficiary_id = 72;
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(case_create_tx(c, &who, p, &cal, &cn, &id, &e), -1);
	assert_string_equal(e.field, "beneficiary_id");
	store_rollback(c);
	cn.beneficiary_id = 0;
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(case_create_tx(c, &who, p, &cal, &cn, &id, &e), -1);
	assert_string_equal(e.field, "members[1].person_id");
	store_rollback(c);
	assert_int_equal(count_of(c, "SELECT COUNT(*) FROM cases"), 0);

	json_array_remove(members, 1);
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(case_create_tx(c, &who, p, &cal, &cn, &id, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_members WHERE case_id = %lld"
		 " AND household_id = 7", (long long)id);
	assert_int_equal(count_of(c, sql), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_events WHERE case_id = %lld"
		 " AND household_id = 7", (long long)id);
	assert_int_equal(count_of(c, sql), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM case_tasks WHERE case_id = %lld"
		 " AND household_id = 7", (long long)id);
	assert_int_equal(count_of(c, sql), 2);
	/* A task filed under household 8 does not belong to this case. */
	snprintf(sql, sizeof(sql), "INSERT INTO case_tasks (case_id, household_id, division_code,"
		 " kind, due_on, created_at) VALUES (%lld, 8, '440105001001', 'x', '2026-01-01', 0)",
		 (long long)id);
	assert_int_equal(store_exec(c, sql, &e), -1);

	json_decref(members);
	workcal_release(&cal);
	store_close(s);
	test_db_drop(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workdays_over_weekends),
		cmocka_unit_test(test_workdays_over_holidays),
		cmocka_unit_test(test_every_step_by_role),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_name_mask),
		cmocka_unit_test(test_create_on_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

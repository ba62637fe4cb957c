/* Unit tests for access/: the scope filter, users and lockout, sessions,
 * and the audit hash chain (append, verify, tamper detection). On the
 * engine under test (test_db.h: PostgreSQL when MZ_TEST_PG_URL is set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "access/audit.h"
#include "access/audit_store.h"
#include "access/session.h"
#include "access/user.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "access", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	/* As cli/main.c does: access reads no division itself. */
	access_divisions_use(registry_division_lookup);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static void scope_prefixes(void **state)
{
	char lo[16], hi[16];
	access_ctx who = { 0 };
	(void)state;

	access_scope_range("440100", lo, hi); /* the city: every 4401 code */
	assert_string_equal(lo, "4401");
	assert_string_equal(hi, "4402");
	access_scope_range("440105", lo, hi);
	assert_string_equal(lo, "440105");
	assert_string_equal(hi, "440106");
	access_scope_range("440109", lo, hi); /* last digit 9 -> ':' sorts after every digit */
	assert_string_equal(hi, "44010:");
	access_scope_range("440105001", lo, hi);
	assert_string_equal(lo, "440105001");
	assert_string_equal(hi, "440105002");

	snprintf(who.scope_code, sizeof(who.scope_code), "440105");
	access_scope_range(who.scope_code, who.scope_lo, who.scope_hi);
	assert_true(access_in_scope(&who, "440105001001"));
	assert_true(access_in_scope(&who, "440105"));
	assert_false(access_in_scope(&who, "440106001001"));
	assert_false(access_in_scope(&who, "440104999999"));
	assert_false(access_in_scope(&who, "4401"));
	assert_false(access_in_scope(&who, NULL));
	snprintf(who.scope_code, sizeof(who.scope_code), "440105001");
	access_scope_range(who.scope_code, who.scope_lo, who.scope_hi);
	assert_true(access_in_scope(&who, "440105001002"));
	assert_false(access_in_scope(&who, "440105002001"));
}

static void roles(void **state)
{
	(void)state;
	assert_int_equal(access_role_parse("street_caseworker"), ROLE_STREET_CASEWORKER);
	assert_int_equal(access_role_parse("root"), ROLE_NONE);
	assert_string_equal(access_role_name(ROLE_AUDITOR), "auditor");
	assert_string_equal(access_role_label_zh(ROLE_CITY_ADMIN), "市级管理员");
}

static void users_and_lockout(void **state)
{
	access_ctx sys, who, officer;
	mz_err e = { 0 };
	int64_t id;
	(void)state;

	access_ctx_system(&sys, "system");
	assert_int_equal(access_user_add(c, &sys, "u1", "甲", "street_caseworker", "440105001",
					 "Secret1234", &id, &e), 0);
	assert_int_equal(access_user_add(c, &sys, "u1", "乙", "auditor", "440100", "Secret1234",
					 &id, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	assert_int_equal(access_user_add(c, &sys, "u2", "乙", "auditor", "440100", "short1",
					 &id, &e), -1);
	assert_string_equal(e.field, "password");
	assert_int_equal(access_user_add(c, &sys, "u3", "丙", "king", "440100", "Secret1234",
					 &id, &e), -1);
	assert_string_equal(e.field, "role");
	assert_int_equal(access_user_add(c, &sys, "u4", "丁", "auditor", "449999", "Secret1234",
					 &id, &e), -1);
	assert_string_equal(e.field, "scope_code");

	/* Without the registry's lookup handed down, no scope can be checked. */
	access_divisions_use(NULL);
	assert_int_equal(access_user_add(c, &sys, "u7", "庚", "auditor", "440100", "Secret1234",
					 &id, &e), -1);
	assert_int_equal(e.code, MZ_EINTERNAL);
	access_divisions_use(registry_division_lookup);
	{
		access_users users;
		int seen = 0;

		access_users_init(&users);
		assert_int_equal(access_user_list(c, &sys, &users, &e), 0);
		for (size_t i = 0; i < users.n; i++)
			if (!strcmp(users.items[i].login, "u1")) {
				seen = 1;
				assert_string_equal(users.items[i].scope_code, "440105001");
				assert_true(users.items[i].scope_name[0] != 0);
			}
		assert_true(seen);
		access_users_release(&users);
	}

	/* A district officer can't create users outside the district or above it. */
	assert_int_equal(access_user_add(c, &sys, "off", "区干部", "district_officer", "440105",
					 "Secret1234", &id, &e), 0);
	assert_int_equal(access_user_authenticate(c, "off", "Secret1234", &officer, &e), 0);
	assert_int_equal(access_user_add(c, &officer, "u5", "戊", "street_caseworker",
					 "440106001", "Secret1234", &id, &e), -1);
	assert_string_equal(e.field, "scope_code");
	assert_int_equal(access_user_add(c, &officer, "u6", "己", "city_admin", "440105",
					 "Secret1234", &id, &e), -1);
	assert_int_equal(e.code, MZ_EFORBIDDEN);

	assert_int_equal(access_user_authenticate(c, "u1", "Secret1234", &who, &e), 0);
	assert_int_equal(who.role, ROLE_STREET_CASEWORKER);
	assert_string_equal(who.scope_lo, "440105001");
	for (int i = 0; i < USER_MAX_FAILED_LOGINS - 1; i++) {
		assert_int_equal(access_user_authenticate(c, "u1", "wrong", &who, &e), -1);
		assert_int_equal(e.code, MZ_EUNAUTH);
	}
	assert_int_equal(access_user_authenticate(c, "u1", "wrong", &who, &e), -1);
	assert_int_equal(e.code, MZ_ELOCKED);
	assert_int_equal(access_user_authenticate(c, "u1", "Secret1234", &who, &e), -1);
	assert_int_equal(e.code, MZ_ELOCKED);
	assert_int_equal(access_user_passwd(c, &sys, "u1", "Secret4567", &e), 0);
	assert_int_equal(access_user_authenticate(c, "u1", "Secret4567", &who, &e), 0);
	assert_int_equal(access_user_authenticate(c, "nobody", "Secret4567", &who, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
}

/* Wrong passwords at the same moment, each on its own thread and
 * connection: every attempt reads the failure count before the slow hash
 * check, so the lock must be decided by the UPDATE from the count it finds
 * (on PostgreSQL each attempt would otherwise see 0 and the fifth would not
 * lock; on SQLite the same, the read being outside the transaction). */
static pthread_barrier_t par_start;
static int par_codes[USER_MAX_FAILED_LOGINS];

static void *wrong_login(void *arg)
{
	int i = (int)(intptr_t)arg;
	access_ctx who;
	mz_err e = { 0 };
	store_conn *mine = store_conn_get(st, &e);

	pthread_barrier_wait(&par_start);
	if (!mine)
		par_codes[i] = -1;
	else
		par_codes[i] = access_user_authenticate(mine, "par", "wrong-pass", &who, &e)
				       ? (int)e.code : 0;
	return NULL;
}

static void lockout_in_parallel(void **state)
{
	pthread_t th[USER_MAX_FAILED_LOGINS];
	access_ctx sys, who;
	mz_err e = { 0 };
	int64_t id;
	int locked = 0, unauth = 0;
	(void)state;

	access_ctx_system(&sys, "test");
	assert_int_equal(access_user_add(c, &sys, "par", "并发", "auditor", "440100", "Secret1234",
					 &id, &e), 0);
	assert_int_equal(pthread_barrier_init(&par_start, NULL, USER_MAX_FAILED_LOGINS), 0);
	for (int i = 0; i < USER_MAX_FAILED_LOGINS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, wrong_login, (void *)(intptr_t)i), 0);
	for (int i = 0; i < USER_MAX_FAILED_LOGINS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&par_start);
	for (int i = 0; i < USER_MAX_FAILED_LOGINS; i++) {
		locked += par_codes[i] == MZ_ELOCKED;
		unauth += par_codes[i] == MZ_EUNAUTH;
	}
	/* The failures counted one by one: exactly the last one locked. */
	assert_int_equal(locked, 1);
	assert_int_equal(unauth, USER_MAX_FAILED_LOGINS - 1);
	assert_int_equal(access_user_authenticate(c, "par", "Secret1234", &who, &e), -1);
	assert_int_equal(e.code, MZ_ELOCKED);
}

static void sessions(void **state)
{
	access_ctx who, found;
	char token[65], csrf[65], csrf2[65];
	mz_err e = { 0 };
	(void)state;

	assert_int_equal(access_user_authenticate(c, "off", "Secret1234", &who, &e), 0);
	assert_int_equal(access_session_create(c, &who, 0, token, csrf, &e), 0);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(access_session_lookup(c, token, 0, &found, csrf2, &e), 0);
	assert_string_equal(found.login, "off");
	assert_string_equal(csrf, csrf2);
	/* A cookie token is not a bearer token. */
	assert_int_equal(access_session_lookup(c, token, 1, &found, NULL, &e), -1);
	/* Only the hash is stored. */
	{
		int64_t n = 0;
		store_stmt *q = store_prepare(c, "SELECT count(*) FROM sessions WHERE token_hash = ?", &e);
		store_bind_text(q, 1, token);
		store_step(q, &e);
		n = store_col_i64(q, 0);
		store_done(q);
		assert_int_equal(n, 0);
	}
	assert_int_equal(access_session_delete(c, token, &e), 0);
	assert_int_equal(access_session_lookup(c, token, 0, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
	assert_true(access_token_equal("abc", "abc"));
	assert_false(access_token_equal("abc", "abd"));
	assert_false(access_token_equal("abc", "abcd"));
}

static int verify(int64_t *checked, json_t **problems)
{
	mz_err e = { 0 };
	int ok = -1;

	*problems = json_array();
	assert_int_equal(audit_verify(c, &ok, checked, *problems, 50, &e), 0);
	return ok;
}

/* The connection to where the chain is (its own file on SQLite). */
static store_conn *ac(void)
{
	mz_err e = { 0 };
	store_conn *a = audit_store_conn(c, &e);

	assert_non_null(a);
	return a;
}

/* SQL on the audit tables, where they are. */
static void exec_sql(const char *sql)
{
	mz_err e = { 0 };
	assert_int_equal(store_exec(ac(), sql, &e), 0);
}

/* A number from the audit tables: the writes' records moved into the
 * chain first (on SQLite they wait in the registry until then). */
static int64_t q_i64(const char *sql)
{
	mz_err e = { 0 };
	int64_t v = -1;

	assert_int_equal(audit_store_flush(c, &e), 0);
	assert_int_equal(store_query_i64(ac(), sql, &v, &e), 0);
	return v;
}

static void audit_chain(void **state)
{
	access_ctx sys;
	audit_entry a[3];
	json_t *problems;
	int64_t checked, before;
	mz_err e = { 0 };
	(void)state;

	access_ctx_system(&sys, "tester");
	assert_int_equal(verify(&before, &problems), 1);
	json_decref(problems);
	for (int i = 0; i < 3; i++)
		audit_entry_init(&a[i], &sys, "person.read", "person", "42", "440105001001", "");
	a[1].reason = "核对";
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, a, 3, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(audit_record(st, &a[0], &e), 0); /* no writer thread: own transaction */
	assert_int_equal(verify(&checked, &problems), 1);
	assert_int_equal(checked, before + 4);
	json_decref(problems);

	/* The records are on their district's chain, numbered from 1. */
	assert_int_equal(q_i64("SELECT count(*) FROM audit_log WHERE chain = '440105'"
			       " AND seq BETWEEN 1 AND 4 AND login = 'tester'"), 4);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440105'"), 4);

	/* Edited: the reason of one record, named by its chain and seq. */
	exec_sql("UPDATE audit_log SET reason = 'x' WHERE chain = '440105' AND seq = 2");
	assert_int_equal(verify(&checked, &problems), 0);
	assert_int_equal(json_array_size(problems), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(problems, 0), "chain")), "440105");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(problems, 0), "seq")), 2);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(problems, 0), "problem")), "edited"));
	json_decref(problems);
	exec_sql("UPDATE audit_log SET reason = '核对' WHERE chain = '440105' AND seq = 2");
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);

	/* A transaction that rolls back leaves no trace and no gap. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, a, 2, &e), 0);
	store_rollback(c);
	assert_int_equal(verify(&checked, &problems), 1);
	assert_int_equal(checked, before + 4);
	json_decref(problems);

	/* Removed from the middle. */
	exec_sql("CREATE TABLE saved AS SELECT * FROM audit_log WHERE chain = '440105' AND seq = 3;"
		 "DELETE FROM audit_log WHERE chain = '440105' AND seq = 3");
	assert_int_equal(verify(&checked, &problems), 0);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(problems, 0), "problem")), "missing"));
	json_decref(problems);
	exec_sql("INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved");
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);

	/* Truncated at the end: only the head can tell. */
	exec_sql("CREATE TABLE saved AS SELECT * FROM audit_log WHERE chain = '440105' AND"
		 " seq = (SELECT max(seq) FROM audit_log WHERE chain = '440105');"
		 "DELETE FROM audit_log WHERE chain = '440105' AND seq = (SELECT max(seq) FROM saved)");
	assert_int_equal(verify(&checked, &problems), 0);
	json_decref(problems);
	exec_sql("INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved");
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);
}

static void audit_group_commit(void **state)
{
	access_ctx sys;
	audit_entry a;
	json_t *problems;
	int64_t before, after;
	mz_err e = { 0 };
	(void)state;

	access_ctx_system(&sys, "gc");
	audit_entry_init(&a, &sys, "person.read", "person", "7", "440105001001", "");
	assert_int_equal(verify(&before, &problems), 1);
	json_decref(problems);
	for (int i = 0; i < 20; i++)
		assert_int_equal(audit_record(st, &a, &e), 0);
	assert_int_equal(verify(&after, &problems), 1);
	json_decref(problems);
	assert_int_equal(after, before + 20);
}

/* One append of 45 records goes in as INSERTs of 32, 8 and 1 rows: each
 * record keeps its place and its fields, and the chain verifies. */
static void audit_batch_append(void **state)
{
	enum { N = 45 };
	access_ctx sys;
	audit_entry a[N];
	char reasons[N][16];
	json_t *problems;
	int64_t before, after, first;
	mz_err e = { 0 };
	(void)state;

	access_ctx_system(&sys, "batch");
	assert_int_equal(verify(&before, &problems), 1);
	json_decref(problems);
	for (int i = 0; i < N; i++) {
		snprintf(reasons[i], sizeof(reasons[i]), "r%02d", i);
		audit_entry_init(&a[i], &sys, "person.read", "person", "9", "440105001001",
				 reasons[i]);
	}
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, a, N, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(verify(&after, &problems), 1);
	json_decref(problems);
	assert_int_equal(after, before + N);
	assert_int_equal(store_query_i64(ac(), "SELECT min(seq) FROM audit_log WHERE login = 'batch'",
					 &first, &e), 0);
	for (int i = 0; i < N; i++) {
		char sql[128];
		store_stmt *q;

		snprintf(sql, sizeof(sql), "SELECT reason FROM audit_log WHERE chain = '440105'"
			 " AND seq = %lld",
			 (long long)(first + i));
		q = store_prepare(ac(), sql, &e);
		assert_non_null(q);
		assert_int_equal(store_step(q, &e), 1);
		assert_string_equal(store_col_text(q, 0), reasons[i]);
		store_done(q);
	}
	/* An edit inside the batch is found. */
	exec_sql("UPDATE audit_log SET reason = 'x' WHERE login = 'batch' AND reason = 'r40'");
	assert_int_equal(verify(&after, &problems), 0);
	json_decref(problems);
	exec_sql("UPDATE audit_log SET reason = 'r40' WHERE login = 'batch' AND reason = 'x'");
}

/* Records of several districts in one append: each on its district's
 * chain, numbered there, each head updated; records with no division on
 * "city". A transaction that already holds a head puts a record whose
 * chain sorts before it (and is not held) on the highest head it held
 * before, so heads are always taken in order. */
static void audit_chains(void **state)
{
	access_ctx sys;
	audit_entry a[4];
	json_t *problems;
	int64_t checked, h05, h06, hcity;
	mz_err e = { 0 };
	(void)state;

	access_ctx_system(&sys, "chains");
	h05 = q_i64("SELECT COALESCE(MAX(seq), 0) FROM audit_head WHERE chain = '440105'");
	h06 = q_i64("SELECT COALESCE(MAX(seq), 0) FROM audit_head WHERE chain = '440106'");
	hcity = q_i64("SELECT seq FROM audit_head WHERE chain = 'city'");
	audit_entry_init(&a[0], &sys, "person.read", "person", "1", "440106001001", "");
	audit_entry_init(&a[1], &sys, "person.read", "person", "2", "440105001", "");
	audit_entry_init(&a[2], &sys, "login", "session", "chains", "", "");
	audit_entry_init(&a[3], &sys, "person.read", "person", "3", "440106", "");
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, a, 4, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440105'"), h05 + 1);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440106'"), h06 + 2);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = 'city'"), hcity + 1);
	assert_int_equal(q_i64("SELECT count(*) FROM audit_log WHERE login = 'chains' AND"
			       " chain = '440106' AND entity_id IN ('1', '3')"), 2);
	assert_int_equal(q_i64("SELECT count(*) FROM audit_log WHERE login = 'chains' AND"
			       " chain = 'city' AND action = 'login'"), 1);
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);

	/* One transaction, three calls: 440106, then 440105 (sorts before the
	 * head held: goes on 440106), then city (after it: its own). Where the
	 * chain lives apart (SQLite's audit file) the write holds no head: its
	 * records wait in the registry and are moved after the commit in one
	 * append, each on its own chain. */
	int apart = store_audit_apart(store_conn_store(c));

	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, &a[0], 1, &e), 0);
	assert_int_equal(audit_append_tx(c, &a[1], 1, &e), 0);
	assert_int_equal(audit_append_tx(c, &a[2], 1, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440105'"), h05 + 1 + apart);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440106'"), h06 + 4 - apart);
	assert_int_equal(q_i64("SELECT count(*) FROM audit_log WHERE login = 'chains' AND"
			       " chain = '440106' AND division_code = '440105001'"), !apart);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = 'city'"), hcity + 2);
	/* A new transaction starts afresh: 440105 is its own again. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, &a[1], 1, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(q_i64("SELECT seq FROM audit_head WHERE chain = '440105'"), h05 + 2 + apart);
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);

	/* A record moved to another chain (with its link) is caught there. */
	exec_sql("UPDATE audit_log SET chain = '440107', seq = 1 WHERE login = 'chains' AND"
		 " entity_id = '2' AND chain = '440105' AND division_code = '440105001'"
		 " AND seq = (SELECT max(seq) FROM audit_log WHERE chain = '440105')");
	exec_sql("INSERT INTO audit_head (chain, seq, hash, keyed_from, key_id)"
		 " SELECT '440107', 1, hash, 0, '' FROM audit_log WHERE chain = '440107' AND seq = 1");
	assert_int_equal(verify(&checked, &problems), 0);
	{
		int found = 0;
		size_t i;
		json_t *p;

		json_array_foreach(problems, i, p)
			found |= !strcmp(json_string_value(json_object_get(p, "chain")), "440107") &&
				 strstr(json_string_value(json_object_get(p, "problem")), "edited");
		assert_true(found);
	}
	json_decref(problems);
	exec_sql("DELETE FROM audit_head WHERE chain = '440107'");
	exec_sql("UPDATE audit_log SET chain = '440105', seq = (SELECT seq FROM audit_head WHERE"
		 " chain = '440105') WHERE chain = '440107'");
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);

	/* A head removed with its chain's records left: named. */
	exec_sql("CREATE TABLE saved_head AS SELECT * FROM audit_head WHERE chain = '440106';"
		 "DELETE FROM audit_head WHERE chain = '440106'");
	assert_int_equal(verify(&checked, &problems), 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(problems, 0), "chain")), "440106");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(problems, 0), "problem")), "no head"));
	json_decref(problems);
	exec_sql("INSERT INTO audit_head SELECT * FROM saved_head; DROP TABLE saved_head");
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);
}

/* PostgreSQL: two writers that take two districts' heads in opposite
 * orders do not deadlock. A holds 440105, B holds 440106; A then needs
 * 440106 and waits for B; B's 440105 record goes on 440106 (B holds it),
 * so B commits and A goes on. */
struct crossing {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int a_holds, rc_b;
};

static void *crossing_b(void *p)
{
	struct crossing *x = p;
	access_ctx sys;
	audit_entry b06, b05;
	mz_err e = { 0 };
	store_conn *bc = store_conn_get(st, &e);
	int64_t waiting = 0;

	access_ctx_system(&sys, "crossB");
	audit_entry_init(&b06, &sys, "person.update", "person", "6", "440106001", "");
	audit_entry_init(&b05, &sys, "person.update", "person", "5", "440105001", "");
	pthread_mutex_lock(&x->lock);
	while (!x->a_holds)
		pthread_cond_wait(&x->cond, &x->lock);
	pthread_mutex_unlock(&x->lock);
	x->rc_b = !bc || store_begin(bc, &e) || audit_append_tx(bc, &b06, 1, &e);
	pthread_mutex_lock(&x->lock);
	x->a_holds = 2; /* B holds 440106: A may ask for it */
	pthread_cond_broadcast(&x->cond);
	pthread_mutex_unlock(&x->lock);
	/* Until A waits on 440106's head (a lock not granted). */
	while (!x->rc_b && !waiting)
		x->rc_b = store_query_i64(bc, "SELECT count(*) FROM pg_stat_activity WHERE"
					      " datname = current_database() AND wait_event_type = 'Lock'",
					      &waiting, &e);
	if (!x->rc_b)
		x->rc_b = audit_append_tx(bc, &b05, 1, &e) || store_commit(bc, &e);
	if (x->rc_b)
		store_rollback(bc);
	return NULL;
}

static void audit_chains_crossing(void **state)
{
	struct crossing x = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	access_ctx sys;
	audit_entry a05, a06;
	json_t *problems;
	int64_t checked;
	pthread_t th;
	mz_err e = { 0 };
	(void)state;

	if (test_db_engine() != STORE_POSTGRES)
		skip(); /* SQLite has one writer at a time: nothing can cross */
	access_ctx_system(&sys, "crossA");
	audit_entry_init(&a05, &sys, "person.update", "person", "5", "440105001", "");
	audit_entry_init(&a06, &sys, "person.update", "person", "6", "440106001", "");
	assert_int_equal(pthread_create(&th, NULL, crossing_b, &x), 0);
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(audit_append_tx(c, &a05, 1, &e), 0);
	pthread_mutex_lock(&x.lock);
	x.a_holds = 1;
	pthread_cond_broadcast(&x.cond);
	while (x.a_holds != 2)
		pthread_cond_wait(&x.cond, &x.lock);
	pthread_mutex_unlock(&x.lock);
	assert_int_equal(audit_append_tx(c, &a06, 1, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	pthread_join(th, NULL);
	assert_int_equal(x.rc_b, 0);
	assert_int_equal(q_i64("SELECT count(*) FROM audit_log WHERE login = 'crossB' AND"
			       " chain = '440106'"), 2);
	assert_int_equal(verify(&checked, &problems), 1);
	json_decref(problems);
}

struct gc_reader {
	int rc;
};

static void *gc_reader_thread(void *p)
{
	struct gc_reader *r = p;
	access_ctx sys;
	audit_entry a;
	mz_err e = { 0 };

	access_ctx_system(&sys, "gcthreads");
	audit_entry_init(&a, &sys, "person.read", "person", "8", "440105001001", "");
	for (int i = 0; i < 25 && !r->rc; i++)
		r->rc = audit_record(st, &a, &e);
	return NULL;
}

/* Reads from many threads share batches (one append per group commit):
 * every record is there once and the chain verifies. */
static void audit_group_commit_threads(void **state)
{
	enum { T = 12 };
	pthread_t th[T];
	struct gc_reader r[T];
	json_t *problems;
	int64_t before, after, n;
	mz_err e = { 0 };
	(void)state;

	assert_int_equal(verify(&before, &problems), 1);
	json_decref(problems);
	memset(r, 0, sizeof(r));
	for (int i = 0; i < T; i++)
		assert_int_equal(pthread_create(&th[i], NULL, gc_reader_thread, &r[i]), 0);
	for (int i = 0; i < T; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].rc, 0);
	}
	assert_int_equal(verify(&after, &problems), 1);
	json_decref(problems);
	assert_int_equal(after, before + T * 25);
	assert_int_equal(store_query_i64(ac(), "SELECT count(*) FROM audit_log WHERE login = 'gcthreads'",
					 &n, &e), 0);
	assert_int_equal(n, T * 25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scope_prefixes), cmocka_unit_test(roles),
		cmocka_unit_test(users_and_lockout), cmocka_unit_test(lockout_in_parallel),
		cmocka_unit_test(sessions),
		cmocka_unit_test(audit_chain), cmocka_unit_test(audit_group_commit),
		cmocka_unit_test(audit_batch_append), cmocka_unit_test(audit_group_commit_threads),
		cmocka_unit_test(audit_chains), cmocka_unit_test(audit_chains_crossing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

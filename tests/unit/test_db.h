/* test_db.h - a fresh database for a unit test, on the engine under test.
 *
 * THE RULE: when MZ_TEST_PG_URL is set and not empty, the engine under test
 * is PostgreSQL on the server that URL names; otherwise it is SQLite. There
 * is no other switch, so a test can't silently fall back to SQLite on the
 * PostgreSQL pass. scripts/test.sh runs every unit test twice: once without
 * MZ_TEST_PG_URL, once with it pointing at a throwaway server.
 *
 * Each database belongs to one test program and is named after it and the
 * process: on PostgreSQL, database mz_test_<name>_<pid> is created through
 * MZ_TEST_PG_URL (any database on the server will do as the way in) and
 * dropped WITH (FORCE) at the end; on SQLite it is the file
 * /tmp/mz_test_<name>_<pid>.db with its -wal and -shm. Names carry the
 * pid so programs run side by side (ctest -j) against one server, and
 * creation drops a leftover of the same name first (a crashed run with a
 * recycled pid). A program that crashes leaves its database behind; that
 * is fine on the throwaway server and in /tmp.
 *
 * Use: test_db_open(&db, "registry", 1, &s, &e) in a setup function,
 * store_close(s) and test_db_drop(&db) in the teardown. Header-only (static
 * inline, so a program not using a function gets no warning); no cmocka:
 * errors come back in an mz_err for the setup function to print. */
#ifndef TEST_DB_H
#define TEST_DB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "store/store.h"

typedef struct test_db {
	store_engine engine;
	char name[64];  /* mz_test_<name>_<pid>: the database or the file's stem */
	char url[700];  /* for store_open */
	char path[300]; /* SQLite: the file; empty on PostgreSQL */
} test_db;

/* MZ_TEST_PG_URL, or NULL when the engine under test is SQLite. */
static inline const char *test_db_pg_base(void)
{
	const char *u = getenv("MZ_TEST_PG_URL");

	return u && *u ? u : NULL;
}

static inline store_engine test_db_engine(void)
{
	return test_db_pg_base() ? STORE_POSTGRES : STORE_SQLITE;
}

static inline const char *test_db_engine_name(void)
{
	return test_db_engine() == STORE_POSTGRES ? "postgres" : "sqlite";
}

/* url with its database name replaced by db (the path after host:port,
 * keeping a ?query). */
static inline int test_db_url_with_db(const char *url, const char *db, char *out, size_t cap)
{
	const char *p = strstr(url, "://"), *slash, *q;
	int n;

	if (!p)
		return -1;
	slash = strchr(p + 3, '/');
	q = strchr(p + 3, '?');
	if (slash && q && slash > q)
		slash = NULL;
	if (!slash)
		slash = q ? q : url + strlen(url);
	/* Through a local buffer: callers pass fields of one struct as out and
	 * db, which GCC's -Wrestrict (at -O2) cannot tell apart. */
	{
		char tmp[512];

		n = snprintf(tmp, sizeof(tmp), "%.*s/%s%s", (int)(slash - url), url, db,
			     q ? q : "");
		if (n <= 0 || (size_t)n >= cap || (size_t)n >= sizeof(tmp))
			return -1;
		memcpy(out, tmp, (size_t)n + 1);
	}
	return 0;
}

static inline void test_db_remove_sqlite_files(const char *path)
{
	char p[320];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	/* The audit log's own file (store/sqlite_audit_file.h). */
	snprintf(p, sizeof(p), "%s-audit", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-audit-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-audit-shm", path);
	unlink(p);
}

/* Drops (and with create, then creates) db->name on the server. The name
 * goes into the SQL unquoted: test_db_create_on allows only [a-z0-9_]. */
static inline int test_db_pg_admin(const test_db *db, int create, mz_err *e)
{
	store *s = NULL;
	store_conn *c;
	char sql[200];
	int rc;

	if (store_open(test_db_pg_base(), &s, e))
		return -1;
	if (!(c = store_conn_get(s, e))) {
		store_close(s);
		return -1;
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->name);
	rc = store_exec(c, sql, e);
	if (!rc && create) {
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db->name);
		rc = store_exec(c, sql, e);
	}
	store_close(s);
	return rc;
}

/* A fresh, empty (not migrated) database on the given engine. Creating the
 * same name again replaces it with an empty one. */
static inline int test_db_create_on(test_db *db, store_engine engine, const char *name,
				    mz_err *e)
{
	memset(db, 0, sizeof(*db));
	db->engine = engine;
	if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) ||
	    strlen(name) > 30)
		return mz_failf(e, MZ_EINVAL, "name", "test database name '%s' must be 1-30 of a-z 0-9 _",
				"测试数据库名 '%s' 只能由 1-30 个 a-z 0-9 _ 组成", name);
	snprintf(db->name, sizeof(db->name), "mz_test_%s_%ld", name, (long)getpid());
	if (engine == STORE_SQLITE) {
		char tmp[sizeof(db->url)];

		/* Through tmp: GCC's -Wrestrict sees db->name and db->path as
		 * possibly overlapping (fields of one struct). */
		snprintf(tmp, sizeof(tmp), "/tmp/%s.db", db->name);
		snprintf(db->path, sizeof(db->path), "%s", tmp);
		test_db_remove_sqlite_files(db->path);
		snprintf(tmp, sizeof(tmp), "sqlite:%s", db->path);
		snprintf(db->url, sizeof(db->url), "%s", tmp);
		return 0;
	}
	/* From here on a failure leaves no database: clear the name so that
	 * test_db_drop in a teardown does nothing. */
	if (!test_db_pg_base()) {
		db->name[0] = 0;
		return mz_fail(e, MZ_EINVAL, "MZ_TEST_PG_URL",
			       "a PostgreSQL test database needs MZ_TEST_PG_URL",
			       "PostgreSQL 测试数据库需要 MZ_TEST_PG_URL");
	}
	if (test_db_url_with_db(test_db_pg_base(), db->name, db->url, sizeof(db->url))) {
		db->name[0] = 0;
		return mz_failf(e, MZ_EINVAL, "MZ_TEST_PG_URL", "cannot read '%s' as a postgres:// URL",
				"无法将 '%s' 解析为 postgres:// URL", test_db_pg_base());
	}
	if (test_db_pg_admin(db, 1, e)) {
		db->name[0] = 0;
		return -1;
	}
	return 0;
}

/* On the engine under test. */
static inline int test_db_create(test_db *db, const char *name, mz_err *e)
{
	return test_db_create_on(db, test_db_engine(), name, e);
}

/* test_db_create, then store_open and (with migrate) every migration. On
 * failure nothing is left open and *out is NULL. */
static inline int test_db_open(test_db *db, const char *name, int migrate, store **out,
			       mz_err *e)
{
	*out = NULL;
	if (test_db_create(db, name, e) || store_open(db->url, out, e))
		return -1;
	if (migrate && store_migrate(*out, NULL, e)) {
		store_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Removes the database; close every store on it first. Errors are printed,
 * not returned: this runs in teardowns, after the verdict. */
static inline void test_db_drop(test_db *db)
{
	mz_err e = { 0 };

	if (!db->name[0])
		return;
	if (db->engine == STORE_SQLITE)
		test_db_remove_sqlite_files(db->path);
	else if (test_db_pg_admin(db, 0, &e))
		fprintf(stderr, "test_db: could not drop %s: %s\n", db->name, e.message);
	db->name[0] = 0;
}

#endif

/* backup_pg.c - backup and restore of PostgreSQL through its own tools
 * (pg_dump, pg_restore, psql): they are the only programs that write and
 * read its custom dump format. See backup.h for the contract. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/backup_internal.h"

extern char **environ;

#define TOOL_ERR_TAIL 300

/* ---- PostgreSQL: tools and processes --------------------------------- */

static int executable(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* The newest /usr/lib/postgresql/N/bin/<name>: pg_dump must be at least as
 * new as the server it dumps. */
static int tool_in_versioned_dirs(const char *name, char *out, size_t cap)
{
	char pattern[256];
	glob_t g;
	long best = -1;

	snprintf(pattern, sizeof(pattern), "/usr/lib/postgresql/*/bin/%s", name);
	if (glob(pattern, 0, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		long v = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"), NULL, 10);

		if (v > best && executable(g.gl_pathv[i])) {
			best = v;
			mz_strlcpy(out, g.gl_pathv[i], cap);
		}
	}
	globfree(&g);
	return best < 0 ? -1 : 0;
}

static int pg_tool(const char *name, char *out, size_t cap, mz_err *e)
{
	const char *bin = getenv("PGBIN"), *path = getenv("PATH");

	if (bin && *bin) {
		snprintf(out, cap, "%s/%s", bin, name);
		if (executable(out))
			return 0;
		return mz_failf(e, MZ_EUNAVAIL, "", "%s not found in $PGBIN (%s)",
				"在 $PGBIN（%s）中找不到 %s", name, bin);
	}
	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);

		if (n) {
			snprintf(out, cap, "%.*s/%s", (int)n, path, name);
			if (executable(out))
				return 0;
		}
		path = end ? end + 1 : NULL;
	}
	if (tool_in_versioned_dirs(name, out, cap) == 0)
		return 0;
	return mz_failf(e, MZ_EUNAVAIL, "",
			"%s not found (install postgresql-client, or set PGBIN)",
			"找不到 %s（请安装 postgresql-client 或设置 PGBIN）", name);
}

/* Splits a URL into a conninfo string without the password, for the
 * tools' command lines (visible to every local user in ps), and the
 * password, handed to them in the environment. */
static int conninfo_split(const char *url, mz_buf *conninfo, char **password, mz_err *e)
{
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &perr);

	*password = NULL;
	if (!opts) {
		/* libpq's message may quote part of the URL: not repeated. */
		PQfreemem(perr);
		return mz_fail(e, MZ_EINVAL, "db", "invalid postgresql url (check its syntax)",
			       "PostgreSQL 地址格式错误");
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!strcmp(o->keyword, "password")) {
			free(*password);
			*password = mz_strdup(o->val);
			continue;
		}
		mz_buf_printf(conninfo, "%s%s='", conninfo->len ? " " : "", o->keyword);
		for (const char *p = o->val; *p; p++) {
			if (*p == '\'' || *p == '\\')
				mz_buf_putc(conninfo, '\\');
			mz_buf_putc(conninfo, *p);
		}
		mz_buf_putc(conninfo, '\'');
	}
	PQconninfoFree(opts);
	return 0;
}

/* The environment for a tool: ours, with PGPASSWORD set to the URL's
 * password (or left as it is when the URL has none). */
static char **tool_env(const char *password)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = mz_xcalloc(n + 2, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!password || strncmp(environ[i], "PGPASSWORD=", 11))
			env[k++] = environ[i];
	if (password) {
		mz_buf b;

		mz_buf_init(&b);
		mz_buf_printf(&b, "PGPASSWORD=%s", password);
		env[k++] = mz_buf_detach(&b, NULL);
	}
	return env;
}

static void tool_env_free(char **env, const char *password)
{
	size_t n = 0;

	if (!env)
		return;
	while (env[n])
		n++;
	if (password && n)
		free(env[n - 1]); /* the PGPASSWORD= entry we made */
	free(env);
}

/* Starts argv[0] with the given descriptors as stdin/stdout/stderr (-1:
 * /dev/null). Returns the pid, or -1. */
static pid_t spawn(char *const *argv, char **env, int in, int out, int err)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	{
		int null = open("/dev/null", O_RDWR);

		dup2(in >= 0 ? in : null, 0);
		dup2(out >= 0 ? out : null, 1);
		dup2(err >= 0 ? err : null, 2);
		execve(argv[0], argv, env);
		_exit(127);
	}
}

static int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* What a tool said went wrong, from its stderr (kept in a temporary
 * file): the first error line, since later ones are usually consequences;
 * else the last line. CONTEXT and DETAIL lines are left out: they quote
 * rows of the dump, which hold personal data. */
static void tool_err_summary(FILE *f, char *out, size_t cap)
{
	char line[TOOL_ERR_TAIL + 1];
	int have_error = 0;

	out[0] = 0;
	fflush(f);
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		int is_error;

		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			int ch; /* a long line: keep its start, skip the rest */
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = 0;
		if (!n || strstr(line, "CONTEXT:") || strstr(line, "DETAIL:") ||
		    strstr(line, "NOTICE:") || strstr(line, "HINT:"))
			continue;
		is_error = strstr(line, "error:") || strstr(line, "ERROR:") || strstr(line, "FATAL:");
		if (have_error)
			continue;
		mz_strlcpy(out, line, cap);
		have_error = is_error;
	}
}

static int tool_fail(mz_err *e, const char *tool, int status, FILE *errf)
{
	char tail[TOOL_ERR_TAIL + 1];

	tool_err_summary(errf, tail, sizeof(tail));
	return mz_failf(e, MZ_ESTORE, "", "%s failed (exit %d): %s", "%s 执行失败（退出码 %d）：%s",
			tool, status, tail[0] ? tail : "no message");
}

/* Runs one tool to completion with stdin and stdout on /dev/null. */
static int run_tool(char *const *argv, const char *password, const char *what, mz_err *e)
{
	FILE *errf = tmpfile();
	char **env;
	pid_t pid;
	int st;

	if (!errf)
		return mz_fail(e, MZ_EINTERNAL, "", "cannot create a temporary file", "无法创建临时文件");
	env = tool_env(password);
	pid = spawn(argv, env, -1, -1, fileno(errf));
	tool_env_free(env, password);
	if (pid < 0) {
		fclose(errf);
		return mz_failf(e, MZ_EINTERNAL, "", "cannot start %s: %s", "无法启动 %s：%s", what,
				strerror(errno));
	}
	st = wait_exit(pid);
	if (st) {
		tool_fail(e, what, st, errf);
		fclose(errf);
		return -1;
	}
	fclose(errf);
	return 0;
}

/* ---- PostgreSQL: backup and restore ---------------------------------- */

static PGconn *pg_open(const char *url, mz_err *e)
{
	PGconn *pg = PQconnectdb(url);
	char msg[200];

	if (pg && PQstatus(pg) == CONNECTION_OK)
		return pg;
	mz_strlcpy(msg, pg ? PQerrorMessage(pg) : "out of memory", sizeof(msg));
	msg[strcspn(msg, "\n")] = 0;
	PQfinish(pg);
	mz_failf(e, MZ_EUNAVAIL, "db", "cannot connect to postgresql: %s",
		 "无法连接 PostgreSQL：%s", msg);
	return NULL;
}

/* Runs sql; returns the result if it succeeded (caller PQclears), else NULL
 * with e filled. */
static PGresult *pg_run(PGconn *pg, const char *sql, int nparams, const char *const *params,
			mz_err *e)
{
	PGresult *res = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType rs = PQresultStatus(res);
	char msg[200];

	if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK)
		return res;
	mz_strlcpy(msg, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				: PQerrorMessage(pg),
		   sizeof(msg));
	msg[strcspn(msg, "\n")] = 0;
	PQclear(res);
	mz_failf(e, PQstatus(pg) == CONNECTION_OK ? MZ_ESTORE : MZ_EUNAVAIL, "",
		 "postgresql: %s", "数据库错误：%s", msg);
	return NULL;
}

static int pg_count(PGconn *pg, const char *const *tables, store_backup_info *info, mz_err *e)
{
	for (int i = 0; tables && tables[i]; i++) {
		const char *p[1] = { tables[i] };
		char sql[128];
		int64_t n = -1;
		PGresult *res = pg_run(pg, "SELECT to_regclass($1) IS NOT NULL", 1, p, e);

		if (!res)
			return -1;
		if (PQgetvalue(res, 0, 0)[0] == 't') {
			PQclear(res);
			snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
			if (!(res = pg_run(pg, sql, 0, NULL, e)))
				return -1;
			n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		}
		PQclear(res);
		if (info) {
			info->rows[i] = n;
			info->ntables = i + 1;
		}
	}
	return 0;
}

int backup_pg_write(const char *url, const char *out, const char *const *tables,
		     store_backup_info *info, mz_err *e)
{
	char dump[512], restore[512], snap[64];
	char *tmp = backup_partial_name(out), *password = NULL;
	mz_buf conninfo, a_snap, a_file, a_db;
	PGconn *pg = NULL;
	PGresult *res;
	int rc = -1;

	mz_buf_init(&conninfo);
	mz_buf_init(&a_snap);
	mz_buf_init(&a_file);
	mz_buf_init(&a_db);
	if (pg_tool("pg_dump", dump, sizeof(dump), e) ||
	    pg_tool("pg_restore", restore, sizeof(restore), e) ||
	    conninfo_split(url, &conninfo, &password, e) || !(pg = pg_open(url, e)))
		goto out;
	/* pg_dump takes its own snapshot; handing it ours makes the counts
	 * below describe exactly the rows in the dump. The transaction stays
	 * open until pg_dump is done with the snapshot. */
	if (!(res = pg_run(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL, e)))
		goto out;
	PQclear(res);
	if (!(res = pg_run(pg, "SELECT pg_export_snapshot()", 0, NULL, e)))
		goto out;
	mz_strlcpy(snap, PQgetvalue(res, 0, 0), sizeof(snap));
	PQclear(res);
	if (pg_count(pg, tables, info, e))
		goto out;
	unlink(tmp);
	mz_buf_printf(&a_snap, "--snapshot=%s", snap);
	mz_buf_printf(&a_file, "--file=%s", tmp);
	mz_buf_printf(&a_db, "--dbname=%s", conninfo.data ? conninfo.data : "");
	{
		char *argv[] = { dump, "--format=custom", "--no-password", a_snap.data,
				 a_file.data, a_db.data, NULL };

		if (run_tool(argv, password, "pg_dump", e))
			goto out;
	}
	if ((res = pg_run(pg, "COMMIT", 0, NULL, e)))
		PQclear(res);
	/* Read the archive's table of contents back before calling it a
	 * backup. */
	{
		char *argv[] = { restore, "--list", tmp, NULL };

		if (run_tool(argv, NULL, "pg_restore --list", e))
			goto out;
	}
	rc = backup_publish(tmp, out, info, e);
out:
	PQfinish(pg);
	if (rc)
		unlink(tmp);
	free(tmp);
	free(password);
	mz_buf_release(&conninfo);
	mz_buf_release(&a_snap);
	mz_buf_release(&a_file);
	mz_buf_release(&a_db);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* pg_restore turns the archive into SQL; psql runs it inside a transaction
 * this function opens and commits only when pg_restore finished cleanly:
 * a damaged archive or a failing statement leaves the target untouched.
 * (pg_restore --single-transaction would do the same, but could not drop
 * the old schema in that same transaction for --force.) */
static int pg_pipe_restore(const char *restore, const char *psql, const char *in,
			   const char *conninfo, const char *password, int force, mz_err *e)
{
	char *a_restore[] = { (char *)restore, "--no-owner", "--file=-", (char *)in, NULL };
	mz_buf a_db;
	char **env;
	int from_restore[2] = { -1, -1 }, to_psql[2] = { -1, -1 };
	pid_t p_restore = -1, p_psql = -1;
	int st_restore, st_psql, psql_gone = 0, rc = -1;
	void (*old_pipe)(int);
	FILE *errf = tmpfile();
	char buf[65536];
	ssize_t n;

	if (!errf)
		return mz_fail(e, MZ_EINTERNAL, "", "cannot create a temporary file", "无法创建临时文件");
	mz_buf_init(&a_db);
	mz_buf_printf(&a_db, "--dbname=%s", conninfo);
	{
		char *a_psql[] = { (char *)psql, "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1",
				   a_db.data, NULL };

		if (pipe(from_restore) || pipe(to_psql)) {
			mz_failf(e, MZ_EINTERNAL, "", "pipe: %s", "无法创建管道：%s", strerror(errno));
			goto out;
		}
		/* Every end close-on-exec: a child gets its own as fd 0/1 via
		 * dup2; psql holding pg_restore's write end would keep our
		 * read from ever seeing the end of the script. */
		for (int i = 0; i < 2; i++) {
			fcntl(from_restore[i], F_SETFD, FD_CLOEXEC);
			fcntl(to_psql[i], F_SETFD, FD_CLOEXEC);
		}
		env = tool_env(password);
		p_restore = spawn(a_restore, env, -1, from_restore[1], fileno(errf));
		p_psql = p_restore < 0 ? -1 : spawn(a_psql, env, to_psql[0], -1, fileno(errf));
		tool_env_free(env, password);
	}
	close(from_restore[1]);
	close(to_psql[0]);
	from_restore[1] = to_psql[0] = -1;
	if (p_restore < 0 || p_psql < 0) {
		mz_failf(e, MZ_EINTERNAL, "", "cannot start pg_restore/psql: %s",
			 "无法启动 pg_restore/psql：%s", strerror(errno));
		if (p_restore > 0) {
			kill(p_restore, SIGTERM);
			wait_exit(p_restore);
		}
		goto out;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN); /* psql stopping early is an error, not a kill */
	{
		/* The schema is recreated as PostgreSQL 15 creates it in a new
		 * database (owner, usage for all, comment), so a dump of the
		 * restored database matches one of the original. */
		const char *pre = force ? "SET client_min_messages = warning;\n"
					  "BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\n"
					  "CREATE SCHEMA public AUTHORIZATION pg_database_owner;\n"
					  "GRANT USAGE ON SCHEMA public TO PUBLIC;\n"
					  "COMMENT ON SCHEMA public IS 'standard public schema';\n"
					: "BEGIN;\n";

		psql_gone = write_all(to_psql[1], pre, strlen(pre)) != 0;
	}
	while ((n = read(from_restore[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* After psql stops, keep draining so pg_restore can exit. */
		if (!psql_gone && write_all(to_psql[1], buf, (size_t)n))
			psql_gone = 1;
	}
	st_restore = wait_exit(p_restore);
	if (st_restore == 0 && !psql_gone)
		psql_gone = write_all(to_psql[1], "COMMIT;\n", 8) != 0;
	/* Without COMMIT, psql reaches the end of its input inside the
	 * transaction, and the server rolls it back when psql disconnects. */
	close(to_psql[1]);
	to_psql[1] = -1;
	st_psql = wait_exit(p_psql);
	signal(SIGPIPE, old_pipe);
	if (st_restore) {
		tool_fail(e, "pg_restore", st_restore, errf);
	} else if (st_psql || psql_gone) {
		tool_fail(e, "psql (restore)", st_psql, errf);
	} else {
		rc = 0;
	}
out:
	for (int i = 0; i < 2; i++) {
		if (from_restore[i] >= 0)
			close(from_restore[i]);
		if (to_psql[i] >= 0)
			close(to_psql[i]);
	}
	mz_buf_release(&a_db);
	fclose(errf);
	return rc;
}

int backup_pg_restore(const char *url, const char *in, int force, mz_err *e)
{
	char restore[512], psql[512];
	char *password = NULL;
	mz_buf conninfo;
	PGconn *pg = NULL;
	PGresult *res;
	int64_t ntables;
	int rc = -1;

	mz_buf_init(&conninfo);
	if (backup_check_input(in, FMT_PGDUMP, e) || pg_tool("pg_restore", restore, sizeof(restore), e) ||
	    pg_tool("psql", psql, sizeof(psql), e) || conninfo_split(url, &conninfo, &password, e))
		goto out;
	{
		/* A damaged archive is found before the target is touched. */
		char *argv[] = { restore, "--list", (char *)in, NULL };

		if (run_tool(argv, NULL, "pg_restore --list", e)) {
			e->code = MZ_EINVAL;
			mz_strlcpy(e->field, "in", sizeof(e->field));
			goto out;
		}
	}
	if (!(pg = pg_open(url, e)))
		goto out;
	res = pg_run(pg,
		     "SELECT count(*) FROM pg_catalog.pg_class c"
		     " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
		     " WHERE c.relkind IN ('r', 'p')"
		     " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
		     " AND n.nspname NOT LIKE 'pg\\_toast%'",
		     0, NULL, e);
	if (!res)
		goto out;
	ntables = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(pg);
	pg = NULL;
	if (ntables && !force) {
		mz_failf(e, MZ_ECONFLICT, "db",
			 "target database is not empty (%lld tables); pass --force to replace its"
			 " content",
			 "目标数据库不是空库（%lld 张表）；确需覆盖请加 --force", (long long)ntables);
		goto out;
	}
	rc = pg_pipe_restore(restore, psql, in, conninfo.data ? conninfo.data : "", password,
			     force && ntables, e);
out:
	PQfinish(pg);
	free(password);
	mz_buf_release(&conninfo);
	return rc;
}

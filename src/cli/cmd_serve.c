/* minzheng serve: the web UI and the API. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "cli/cli.h"
#include "domains/domains.h"
#include "http/server.h"
#include "http/api.h"
#include "jobs/jobs.h"
#include "policy/policy.h"

static const char usage_text[] =
	"usage: minzheng serve [--db URL] [--bind ADDR] [--port N] [--threads N]\n"
	"                      [--web DIR] [--max-body BYTES] [--policy DIR] [--quiet]\n\n"
	"Serves the staff UI and the API on http://ADDR:PORT (default 127.0.0.1:8080).\n"
	"Applies pending migrations first. --port 0 picks a free port; the chosen\n"
	"port is printed as `listening on http://ADDR:PORT`. --quiet logs only\n"
	"warnings and errors (no per-request access log). Stops on SIGINT/SIGTERM.\n"
"--secure-cookies: the server is reached over TLS (a front proxy terminates it):\n"
"the session cookie is Secure. --trust-proxy: believe the proxy's\n"
"X-Forwarded-Proto header and make the cookie Secure when it says https.\n"
"--policy DIR: the rules files (default $MINZHENG_POLICY_DIR, else\n"
"policies/guangzhou); a broken rules file refuses the start with file:line:col.\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int cmd_serve(int argc, char **argv)
{
	const char *db = NULL, *val, *policy_dir = NULL;
	policy_holder *policy;
	http_server_config cfg = { "127.0.0.1", 8080, 32, 1 << 20, 30, "web/dist", 1 };
	http_server *srv;
	jobs_runner *runner;
	mz_err e = { 0 };
	store *s;
	char port[16];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db)) {
		} else if (cli_flag(argc, argv, &i, "--bind", &cfg.bind)) {
		} else if (cli_flag(argc, argv, &i, "--web", &cfg.web_dir)) {
		} else if (cli_flag(argc, argv, &i, "--policy", &policy_dir)) {
		} else if (cli_flag(argc, argv, &i, "--port", &val)) {
			char *end;
			long p = strtol(val, &end, 10);
			if (*end || p < 0 || p > 65535) {
				fprintf(stderr, "error: --port must be 0-65535\n");
				return 2;
			}
			cfg.port = (int)p;
		} else if (cli_flag(argc, argv, &i, "--threads", &val)) {
			char *end;
			long t = strtol(val, &end, 10);
			if (*end || t < 1 || t > 512) {
				fprintf(stderr, "error: --threads must be 1-512\n");
				return 2;
			}
			cfg.threads = (int)t;
		} else if (cli_flag(argc, argv, &i, "--max-body", &val)) {
			char *end;
			long long b = strtoll(val, &end, 10);
			if (*end || b < 1024 || b > (1LL << 30)) {
				fprintf(stderr, "error: --max-body must be 1024 to 1073741824 bytes\n");
				return 2;
			}
			cfg.max_body = (size_t)b;
		} else if (!strcmp(argv[i], "--quiet")) {
			cfg.access_log = 0;
		} else if (!strcmp(argv[i], "--secure-cookies")) {
			cfg.secure_cookies = 1;
		} else if (!strcmp(argv[i], "--trust-proxy")) {
			cfg.trust_proxy = 1;
			mz_log_set_level(MZ_LOG_WARN);
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	/* The rules load before anything else starts: a server that cannot
	 * decide by the rules it was given must not serve. */
	if (!policy_dir || !*policy_dir)
		policy_dir = getenv("MINZHENG_POLICY_DIR");
	if (!policy_dir || !*policy_dir)
		policy_dir = "policies/guangzhou";
	{
		policy_diags d = { 0 };

		policy = policy_holder_new(policy_dir, &d, &e);
		if (!policy) {
			for (size_t k = 0; k < d.n; k++) {
				char line[900];

				policy_diag_format(&d.items[k], line, sizeof(line));
				fprintf(stderr, "%s\n", line);
			}
			if (!d.n)
				cli_fail(&e); /* not a rules error: a missing directory, say */
			policy_diags_release(&d);
			fprintf(stderr, "error: the rules in %s do not load; not starting\n", policy_dir);
			return 1;
		}
		policy_diags_release(&d);
		api_policy_init(policy);
	}
	/* The domains' own rules too (the safety net's alert rules). */
	if (domains_start(policy_dir, &e)) {
		fprintf(stderr, "error: %s\nerror: the alert rules in %s/alerts do not load; not starting\n",
			e.message, policy_dir);
		api_policy_init(NULL);
		policy_holder_free(policy);
		return 1;
	}
	s = cli_open_store(db);
	if (!s) {
		api_policy_init(NULL);
		policy_holder_free(policy);
		return 1;
	}
	srv = http_server_start(s, &cfg, &e);
	if (!srv) {
		store_close(s);
		api_policy_init(NULL);
		policy_holder_free(policy);
		return cli_fail(&e);
	}
	/* The periodic jobs and the event delivery: cron is not needed. */
	runner = jobs_runner_start(s, policy, 1000, &e);
	if (!runner) {
		http_server_stop(srv);
		store_close(s);
		api_policy_init(NULL);
		policy_holder_free(policy);
		return cli_fail(&e);
	}
	snprintf(port, sizeof(port), "%d", http_server_port(srv));
	printf("listening on http://%s:%d\n", cfg.bind, http_server_port(srv));
	fflush(stdout);
	mz_log(MZ_LOG_WARN, "listening", "bind", cfg.bind, "port", port, "db", store_url(s),
	       (const char *)0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	while (!stop_requested)
		pause();
	mz_log(MZ_LOG_WARN, "stopping", (const char *)0);
	http_server_stop(srv);
	jobs_runner_stop(runner);
	store_close(s);
	api_policy_init(NULL);
	policy_holder_free(policy);
	return 0;
}

# bench/lib.sh - helpers shared by the benchmark harnesses (sourced, not run).
#
# Every harness: makes its own temp dir (removed on exit, also on failure or
# Ctrl-C), talks to 127.0.0.1 only, and is bounded in time. Environment:
#   MZ_BIN     the minzheng binary (default: build-bench/minzheng, a Release
#              build: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release)
#   RUNS       how many times each measurement is repeated; the median is
#              reported (default 3)
#   BENCH_TMP  where the temp dir goes (default /tmp)
#   KEEP=1     keep the temp dir (its path is printed) for a post-mortem

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
# Harnesses run the binary from their temp dir: point it at the repo's rules.
export MINZHENG_POLICY_DIR=${MINZHENG_POLICY_DIR:-$BENCH_ROOT/policies/guangzhou}
BENCH_PIDS=()

bench_die() {
	echo "bench: $*" >&2
	exit 1
}

bench_need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			bench_die "'$c' is missing: run scripts/deps.sh --bench"
	done
}

# Sets MZ to the binary and refuses a debug/sanitizer build, which would
# measure the sanitizers, not us.
bench_bin() {
	MZ=${MZ_BIN:-$BENCH_ROOT/build-bench/minzheng}
	[ -x "$MZ" ] || bench_die "no binary at $MZ; build one:
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2"
	if nm -D "$MZ" 2>/dev/null | grep -q __asan_init; then
		bench_die "$MZ is built with sanitizers; use a Release build"
	fi
	MZ=$(readlink -f "$MZ")
}

bench_cleanup() {
	local pid
	for pid in "${BENCH_PIDS[@]}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	if [ -n "${BT:-}" ] && [ -d "$BT" ]; then
		if [ "${KEEP:-0}" = 1 ]; then
			echo "bench: kept $BT" >&2
		else
			rm -rf "$BT"
		fi
	fi
}

# bench_forget PID: a process the harness stopped itself; cleanup must not
# signal its (possibly recycled) pid.
bench_forget() {
	local i
	for i in "${!BENCH_PIDS[@]}"; do
		[ "${BENCH_PIDS[$i]}" = "$1" ] && unset "BENCH_PIDS[$i]"
	done
	return 0
}

# Creates the temp dir BT and arranges cleanup.
bench_tmp() {
	BT=$(mktemp -d "${BENCH_TMP:-/tmp}/mzbench.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

# Prints the median of the numbers given as arguments.
bench_median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wrk's latency ("850.00us", "1.23ms", "1.02s", "1.50m") in milliseconds.
bench_ms() {
	awk '{ v = $1; if (v ~ /us$/) m = v / 1000; else if (v ~ /ms$/) m = v + 0;
		else if (v ~ /m$/) m = v * 60000; else m = v * 1000; printf "%.2f\n", m }' <<<"$1"
}

# bench_wrk_stat FILE KEY: from a `wrk --latency` output, "rate", "requests",
# or a percentile ("50%", "99%") in milliseconds.
bench_wrk_stat() {
	case $2 in
	rate) awk '/^Requests\/sec:/ { print $2 }' "$1" ;;
	requests) awk '/ requests in / { print $1 }' "$1" ;;
	*) bench_ms "$(awk -v p="$2" '$1 == p { print $2 }' "$1")" ;;
	esac
}

# Prints a free TCP port on 127.0.0.1 (the kernel picks it; a tiny race
# with other programs remains, so callers check their server came up).
bench_free_port() {
	node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => {
		console.log(s.address().port); s.close(); })'
}

# bench_serve BIN DB [THREADS]: starts `BIN serve --quiet` on a port the
# kernel picks (no web UI; serve.out and serve.err in the current folder),
# waits up to 60 s for it to listen, and sets SERVER_PID, PORT and URL.
# Without THREADS serve uses its default. bench_serve_stop stops it.
bench_serve() {
	local i
	"$1" serve --quiet --port 0 ${3:+--threads "$3"} --web "$BT/no-web" --db "$2" \
		>serve.out 2>>serve.err &
	SERVER_PID=$!
	BENCH_PIDS+=("$SERVER_PID")
	PORT=
	for ((i = 0; i < 600; i++)); do
		PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' serve.out)
		[ -n "$PORT" ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$PORT" ] || { cat serve.err >&2; bench_die "minzheng serve did not start"; }
	URL=http://127.0.0.1:$PORT
}

bench_serve_stop() {
	kill "$SERVER_PID" && wait "$SERVER_PID" || true
	bench_forget "$SERVER_PID"
}

# bench_token LOGIN PASSWORD: prints a bearer token of the server at URL.
bench_token() {
	curl -fsS -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"$2\",\"bearer\":true}" \
		"$URL/api/v1/session" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token'
}

# bench_wait_http URL SECONDS: waits until URL answers.
bench_wait_http() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
	done
	bench_die "nothing answers at $1"
}

# Machine facts worth printing beside any number.
bench_context() {
	echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
	echo "binary: $MZ"
}

# ---- both engines --------------------------------------------------------
# Harnesses that compare SQLite and PostgreSQL take ENGINES (default
# "sqlite postgres"). PostgreSQL is a throwaway server (scripts/pg_server.sh,
# fsync on, the defaults) in the harness's temp dir, on the same disk and
# cores as SQLite; PG_URL=postgres://... uses an existing server instead (the
# harness creates and drops its own databases there).

# bench_pg_start: sets PG_BASE (a URL without the database name, ending in
# "/") and stops the server on exit. Needs bench_tmp first.
bench_pg_start() {
	bench_need psql
	if [ -n "${PG_URL:-}" ]; then
		PG_BASE=${PG_URL%/*}/
		return 0
	fi
	chmod 755 "$BT" # the server runs as user postgres
	BENCH_PG_DIR=$BT/pg
	local url
	url=$("$BENCH_ROOT/scripts/pg_server.sh" start "$BENCH_PG_DIR") || bench_die "cannot start PostgreSQL"
	PG_BASE=${url%/*}/
	trap '"$BENCH_ROOT/scripts/pg_server.sh" stop "$BENCH_PG_DIR" >/dev/null 2>&1; bench_cleanup' EXIT
}

# bench_pg_db NAME [TEMPLATE]: a fresh database NAME (dropped first if it
# exists), empty or copied from TEMPLATE; prints its URL.
bench_pg_db() {
	psql "${PG_BASE}postgres" -XAqt -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
		-c "CREATE DATABASE $1${2:+ TEMPLATE $2}" >/dev/null || bench_die "cannot create database $1"
	echo "${PG_BASE}$1"
}

# bench_q URL SQL: rows of a query on either engine, fields separated by a
# space (URL is sqlite:PATH or postgres://...).
bench_q() {
	case $1 in
	sqlite:*) sqlite3 -separator ' ' "${1#sqlite:}" "$2" ;;
	*) psql "$1" -XAqt -F ' ' -c "$2" ;;
	esac
}

# bench_rss_mib FILE: the peak resident set size from `/usr/bin/time -v`, MiB.
bench_rss_mib() {
	awk -F': ' '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$1"
}

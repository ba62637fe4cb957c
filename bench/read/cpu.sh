#!/usr/bin/env bash
# bench/read/cpu.sh - CPU time per audited read, two builds of ours and nginx
# in one run (issue 18: the session cache and the streaming JSON writer).
#
# The machine is shared, so the rate alone says little: beside each wrk run's
# rate and p99 this prints the CPU the server process spent per request
# (user + system from /proc/PID/stat over the run, divided by the requests
# wrk counted), which other load on the cores disturbs far less.
#
#   BEFORE=/path/to/old/minzheng bench/read/cpu.sh
#
# MZ_BIN (default build-bench/minzheng) is "after"; BEFORE is a build of the
# commit to compare with. The city (PERSONS, default 200000) is made by
# "after" (its migrations are a superset: "before" ignores the new column).
# Each of RUNS rounds (default 3) measures nginx on a static file of a real
# response, then before and after on each engine of ENGINES (default
# "sqlite postgres"), each at --threads THREADS (default 32) with
# wrk -t2 -cCONNS -dDURATION (default 64, 10s) and bench/read/person.lua.
# wrk waits up to 30 s for an answer (its default of 2 s counts the queueing
# of a loaded shared machine as errors). Prints medians.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

PERSONS=${PERSONS:-200000}
THREADS=${THREADS:-32}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
ENGINES=${ENGINES:-"sqlite postgres"}
bench_need wrk nginx curl node sqlite3
bench_bin
[ -n "${BEFORE:-}" ] && [ -x "$BEFORE" ] || bench_die "BEFORE=/path/to/minzheng (the build to compare with) is required"
BEFORE=$(readlink -f "$BEFORE")
bench_tmp
case " $ENGINES " in *" postgres "*) bench_pg_start ;; esac
chmod 755 "$BT"
cd "$BT"
HERE="$BENCH_ROOT/bench/read"
TICK=$(getconf CLK_TCK)

echo "== read CPU: audited GET /api/v1/persons/:id, before vs after vs nginx ($ENGINES) =="
bench_context
echo "before: $BEFORE"
printf 'bench-%s\n' "$RANDOM$RANDOM$RANDOM" >password.txt
declare -A DBS TOKENS
max_id=
for engine in $ENGINES; do
	if [ "$engine" = sqlite ]; then DB="sqlite:$BT/city.db"; else DB=$(bench_pg_db bench_read_cpu); fi
	DBS[$engine]=$DB
	"$MZ" init --db "$DB" >/dev/null
	"$MZ" demo --persons "$PERSONS" --seed 1 --db "$DB" >/dev/null 2>&1
	"$MZ" user add --login bench_reader --name 压测读者 --role city_admin --scope 440100 \
		--password-stdin --db "$DB" <password.txt >/dev/null
	m=$(bench_q "$DB" "SELECT max(id) FROM persons")
	[ -z "$max_id" ] || [ "$m" -lt "$max_id" ] && max_id=$m
done

SERVER_PID=
server_start() { # $1 = binary, $2 = database
	"$1" serve --quiet --port 0 --threads "$THREADS" --web "$BT/no-web" --db "$2" \
		>serve.out 2>>serve.err &
	SERVER_PID=$!
	BENCH_PIDS+=("$SERVER_PID")
	for _ in $(seq 100); do
		PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' serve.out)
		[ -n "$PORT" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat serve.err >&2
	bench_die "minzheng serve did not start"
}
server_stop() {
	kill "$SERVER_PID" && wait "$SERVER_PID" || true
	bench_forget "$SERVER_PID"
}
# cpu_ticks PID...: user + system ticks of the processes (threads included).
cpu_ticks() {
	local t=0 p
	for p in "$@"; do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
	done
	echo "$t"
}
# measure NAME PIDS ARGS...: one wrk run; NAME.txt holds wrk's output and
# NAME.cpu the CPU microseconds per request.
measure() {
	local name=$1 pids=$2 t0 t1 reqs
	shift 2
	# shellcheck disable=SC2086
	t0=$(cpu_ticks $pids)
	wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 30s --latency "$@" >"$name.txt" 2>&1 ||
		{ cat "$name.txt" >&2; bench_die "wrk failed"; }
	# shellcheck disable=SC2086
	t1=$(cpu_ticks $pids)
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$name.txt"; then
		cat "$name.txt" >&2
		bench_die "$name: errors during the run"
	fi
	reqs=$(bench_wrk_stat "$name.txt" requests)
	awk -v t=$((t1 - t0)) -v hz="$TICK" -v n="$reqs" 'BEGIN { printf "%.1f\n", t / hz * 1e6 / n }' >"$name.cpu"
}

mkdir -p www
first=$(awk '{ print $1 }' <<<"$ENGINES")
for engine in $ENGINES; do
	server_start "$MZ" "${DBS[$engine]}"
	TOKENS[$engine]=$(curl -fsS -H 'Content-Type: application/json' \
		-d "{\"login\":\"bench_reader\",\"password\":\"$(cat password.txt)\",\"bearer\":true}" \
		"http://127.0.0.1:$PORT/api/v1/session" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
	if [ "$engine" = "$first" ]; then
		curl -fsS -H "Authorization: Bearer ${TOKENS[$engine]}" \
			"http://127.0.0.1:$PORT/api/v1/persons/$(((max_id + 1) / 2))" >www/person.json
	fi
	server_stop
done
size=$(wc -c <www/person.json)

mkdir -p nginx/logs nginx/tmp
NPORT=$(bench_free_port)
cat >nginx/nginx.conf <<NGINX
worker_processes auto;
daemon off;
pid $BT/nginx/nginx.pid;
error_log $BT/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $BT/nginx/tmp/body;
  proxy_temp_path $BT/nginx/tmp/proxy;
  fastcgi_temp_path $BT/nginx/tmp/fastcgi;
  uwsgi_temp_path $BT/nginx/tmp/uwsgi;
  scgi_temp_path $BT/nginx/tmp/scgi;
  types { }
  default_type application/json;
  server {
    listen 127.0.0.1:$NPORT;
    root $BT/www;
  }
}
NGINX
nginx -p "$BT/nginx" -c "$BT/nginx/nginx.conf" -e "$BT/nginx/logs/error.log" &
NGINX_PID=$!
BENCH_PIDS+=("$NGINX_PID")
bench_wait_http "http://127.0.0.1:$NPORT/person.json" 10
NGINX_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"

echo "response body: $size bytes; wrk -t2 -c$CONNS -d$DURATION --latency, --threads $THREADS, $RUNS rounds; medians"
for r in $(seq "$RUNS"); do
	measure "nginx-$r" "$NGINX_PIDS" "http://127.0.0.1:$NPORT/person.json"
	for engine in $ENGINES; do
		for side in before after; do
			bin=$MZ
			[ "$side" = before ] && bin=$BEFORE
			server_start "$bin" "${DBS[$engine]}"
			measure "$engine-$side-$r" "$SERVER_PID" -s "$HERE/person.lua" "http://127.0.0.1:$PORT" -- \
				"${TOKENS[$engine]}" "$max_id"
			server_stop
		done
	done
	echo "round $r done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done

row() { # NAME: rate, p99, CPU/request medians
	local f rates=() p99s=() cpus=()
	for f in "$1"-*.txt; do
		rates+=("$(bench_wrk_stat "$f" rate)")
		p99s+=("$(bench_wrk_stat "$f" 99%)")
		cpus+=("$(cat "${f%.txt}.cpu")")
	done
	echo "$(bench_median "${rates[@]}") $(bench_median "${p99s[@]}") $(bench_median "${cpus[@]}")"
}
read -r nrate np99 ncpu <<<"$(row nginx)"
printf '%-18s %10s %9s %9s %14s\n' "" "req/s" "of nginx" "p99 ms" "CPU us/req"
printf '%-18s %10.0f %9s %9.2f %14.1f\n' nginx "$nrate" "" "$np99" "$ncpu"
for engine in $ENGINES; do
	for side in before after; do
		read -r rate p99 cpu <<<"$(row "$engine-$side")"
		printf '%-18s %10.0f %8.1f%% %9.2f %14.1f\n' "$engine $side" "$rate" \
			"$(awk -v a="$rate" -v b="$nrate" 'BEGIN { print 100 * a / b }')" "$p99" "$cpu"
	done
	read -r b_rate _ b_cpu <<<"$(row "$engine-before")"
	read -r a_rate _ a_cpu <<<"$(row "$engine-after")"
	awk -v e="$engine" -v br="$b_rate" -v ar="$a_rate" -v bc="$b_cpu" -v ac="$a_cpu" 'BEGIN {
		printf "%s: after/before %.2fx the rate, %.2fx the CPU per request\n", e, ar / br, ac / bc }'
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

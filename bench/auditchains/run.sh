#!/usr/bin/env bash
# bench/auditchains/run.sh - audited reads and writes from several districts
# at once on PostgreSQL, two builds paired in one run (issue 12 item 2,
# issue 18 item 1: the audit log as one chain per district).
#
#   MZ_BINS="OLD NEW" bench/auditchains/run.sh
#
# Each build gets its own database on one throwaway PostgreSQL server (fsync
# on): the same demo city (PERSONS, default 20000, seed 1) made by that build,
# so builds with different audit schemas compare. Then RUNS rounds (default
# 3), each running every build in turn (A B, then B A, ...: the same minutes
# of a shared machine, neither always first): `serve` on its database, and load.mjs for DURATION
# seconds (default 15): WORKERS (default 4) clients in each of DISTRICTS
# (default 6) districts, each reading one of its district's persons (an
# audited read, group commit) and updating its phone (an audited write,
# whose record is appended in the write's own transaction). Prints each
# round, then the medians and the ratio NEW/OLD, with the load average;
# after the last round every database's chain must verify and hold one
# record per successful request at least.
# Environment: PERSONS, RUNS, DURATION, WORKERS, DISTRICTS, THREADS (serve,
# default 32), PG_URL, KEEP (bench/lib.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

PERSONS=${PERSONS:-20000}
DURATION=${DURATION:-15}
WORKERS=${WORKERS:-4}
DISTRICTS=${DISTRICTS:-6}
THREADS=${THREADS:-32}
bench_need node curl psql
[ -n "${MZ_BINS:-}" ] || bench_die 'MZ_BINS="OLD NEW": two Release builds to pair'
BINS=()
for b in $MZ_BINS; do
	MZ_BIN=$b bench_bin
	BINS+=("$MZ")
done
bench_tmp
bench_pg_start
cd "$BT"
echo 'Bench@2026pass!' >password.txt
bench_context
echo "load: $DISTRICTS districts x $WORKERS clients, ${DURATION}s a run, $RUNS rounds, serve --threads $THREADS"

DBS=()
for i in "${!BINS[@]}"; do
	db=$(bench_pg_db "bench_chains_$i")
	"${BINS[$i]}" init --db "$db" >/dev/null
	"${BINS[$i]}" demo --persons "$PERSONS" --seed 1 --db "$db" >/dev/null 2>&1
	"${BINS[$i]}" user add --login bench_writer --name 压测经办 --role city_admin --scope 440100 \
		--password-stdin --db "$db" <password.txt >/dev/null
	DBS+=("$db")
done
# The persons of the busiest districts (the same city in every database).
bench_q "${DBS[0]}" "SELECT substr(division_code, 1, 6), id FROM (
	SELECT division_code, id, row_number() OVER (PARTITION BY substr(division_code, 1, 6) ORDER BY id) AS k
	FROM persons WHERE death_date IS NULL OR death_date = '') t WHERE k <= 200" |
	node -e '
	const by = {};
	for (const l of require("fs").readFileSync(0, "utf8").trim().split("\n")) {
		const [d, id] = l.split(" "); (by[d] ??= []).push(Number(id));
	}
	const top = Object.entries(by).sort((a, b) => b[1].length - a[1].length).slice(0, Number(process.argv[1]));
	console.log(JSON.stringify(Object.fromEntries(top)));' "$DISTRICTS" >persons.json
echo "districts: $(node -pe 'Object.keys(JSON.parse(require("fs").readFileSync("persons.json"))).join(" ")')"

run_one() { # $1 = build index; prints load.mjs's JSON line
	local bin=${BINS[$1]} db=${DBS[$1]} port pid token
	"$bin" serve --quiet --port 0 --threads "$THREADS" --web "$BT/no-web" --db "$db" >serve.out 2>>serve.err &
	pid=$!
	BENCH_PIDS+=("$pid")
	for _ in $(seq 100); do
		port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' serve.out)
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || bench_die "server did not start: $(tail -5 serve.err)"
	token=$(curl -fsS -H 'Content-Type: application/json' \
		-d "{\"login\":\"bench_writer\",\"password\":\"$(cat password.txt)\",\"bearer\":true}" \
		"http://127.0.0.1:$port/api/v1/session" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
	node "$BENCH_ROOT/bench/auditchains/load.mjs" "http://127.0.0.1:$port" "$token" "$DURATION" "$WORKERS" persons.json
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	bench_forget "$pid"
}

declare -A W R WP RP
for r in $(seq "$RUNS"); do
	# A B, then B A: neither build always goes first.
	order=("${!BINS[@]}")
	[ $((r % 2)) -eq 0 ] && order=($(printf '%s\n' "${order[@]}" | tac))
	for i in "${order[@]}"; do
		out=$(run_one "$i")
		echo "round $r B$((i + 1)): $out (load $(cut -d' ' -f1 /proc/loadavg))"
		W[$i]+="$(node -pe "JSON.parse(process.argv[1]).write_rate" "$out") "
		R[$i]+="$(node -pe "JSON.parse(process.argv[1]).read_rate" "$out") "
		WP[$i]+="$(node -pe "JSON.parse(process.argv[1]).write_p99" "$out") "
		RP[$i]+="$(node -pe "JSON.parse(process.argv[1]).read_p99" "$out") "
	done
done
echo
printf '%-4s %12s %12s %14s %14s\n' build 'writes/s' 'reads/s' 'write p99 ms' 'read p99 ms'
for i in "${!BINS[@]}"; do
	# shellcheck disable=SC2086
	printf '%-4s %12s %12s %14s %14s\n' "B$((i + 1))" "$(bench_median ${W[$i]})" "$(bench_median ${R[$i]})" \
		"$(bench_median ${WP[$i]})" "$(bench_median ${RP[$i]})"
done
last=$((${#BINS[@]} - 1))
# shellcheck disable=SC2086
echo "ratio B$((last + 1))/B1: writes $(awk "BEGIN { printf \"%.2f\", $(bench_median ${W[$last]}) / $(bench_median ${W[0]}) }")," \
	"reads $(awk "BEGIN { printf \"%.2f\", $(bench_median ${R[$last]}) / $(bench_median ${R[0]}) }")" \
	"(medians of $RUNS rounds; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for i in "${!BINS[@]}"; do
	echo "B$((i + 1)) audit: $("${BINS[$i]}" audit verify --db "${DBS[$i]}" | head -3 | tr '\n' ' ')"
	echo "B$((i + 1)) chains: $(bench_q "${DBS[$i]}" "SELECT count(*) || ' heads' FROM audit_head")"
done

#!/usr/bin/env bash
# bench/search/run.sh [N=20000000] - person search latency over an N-person
# demo city: by ID number, by full name, and by surname (a one-character
# name prefix, the widest prefix a user types).
#
# Builds the city (`minzheng demo --persons N --seed 1`, timed), samples
# SAMPLE persons (default 10000, spread over the whole id range) for the
# query lists, starts `minzheng serve --quiet --threads THREADS` (default 8)
# and, for each kind of query and each concurrency in CONNS (default "1 16"),
# runs `wrk -d10s --latency -s search.lua` RUNS times (default 3): every
# request is GET /api/v1/persons?q=...&page_size=20 by a city-wide user (the
# widest scope, so the most rows to consider), counted up to the cap,
# ordered by name, audited (group commit) before the response. Reports p50
# and p99 (median over the runs, and every run's p99). Target (issue 2): p99
# under 50 ms at N = 20,000,000.
# Building 20M persons takes 25-50 minutes on the 2-core VM and 8.5 GB of
# disk (the check asks for 12.5 GB free): set CITY_DIR=DIR to keep the city
# in DIR/city-N.db and reuse it next time (each run adds audit records).
# Each line also gives the server's CPU time per request (from
# /proc/PID/stat over the runs: robust to a busy machine, unlike the
# latency) and the load average when the line was measured.
# Environment: CITY_DIR, SAMPLE, THREADS, CONNS, DURATION, WRK_TIMEOUT, RUNS, MZ_BIN,
# KINDS (default "id name surname"), KEEP.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-20000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/search/run.sh [N]"
SAMPLE=${SAMPLE:-10000}
THREADS=${THREADS:-8}
CONNS=${CONNS:-"1 16"}
DURATION=${DURATION:-10s}
KINDS=${KINDS:-"id name surname"}
bench_need wrk curl node sqlite3
bench_bin
bench_tmp
cd "$BT"
HERE="$BENCH_ROOT/bench/search"

echo "== search: person search over a $N-person demo city =="
bench_context
if [ -n "${CITY_DIR:-}" ]; then
	mkdir -p "$CITY_DIR"
	CITY=$(cd "$CITY_DIR" && pwd)/city-$N.db
else
	CITY=$BT/city.db
fi
DB="sqlite:$CITY"
have=0
[ -f "$CITY" ] && have=$(sqlite3 "$CITY" "SELECT count(*) FROM persons" 2>/dev/null || echo 0)
if [ "$have" -lt "$N" ]; then
	[ "$have" -eq 0 ] || bench_die "$CITY holds $have persons, not $N: remove it"
	rm -f "$CITY" "$CITY-wal" "$CITY-shm"
	# About 550 bytes a person with indexes, households, incomes, assets.
	need_mb=$((N / 1000 * 600 / 1000 + 500))
	avail_mb=$(df -m --output=avail "$(dirname "$CITY")" | tail -1)
	[ "$avail_mb" -gt "$need_mb" ] || bench_die "need about $need_mb MB free in $(dirname "$CITY"), have $avail_mb MB"
	echo "building the city (about $need_mb MB)..."
	t0=$EPOCHREALTIME
	"$MZ" init --db "$DB" >/dev/null
	"$MZ" demo --persons "$N" --seed 1 --db "$DB" >demo.out 2>demo.err ||
		{ cat demo.err >&2; bench_die "demo failed"; }
	secs=$(awk "BEGIN { print $EPOCHREALTIME - $t0 }")
	awk -v s="$secs" -v n="$N" 'BEGIN { printf "demo --persons %d: %.0f s (%.0f persons/s)\n", n, s, n / s }'
else
	echo "reusing $CITY ($have persons)"
fi
echo "database: $(du -h "$CITY" | cut -f1)"

printf 'bench-%s\n' "$RANDOM$RANDOM$RANDOM" >password.txt
# A reused city already has the user: give it this run's password.
"$MZ" user add --login bench_searcher --name 压测查询 --role city_admin --scope 440100 \
	--password-stdin --db "$DB" <password.txt >/dev/null 2>&1 ||
	"$MZ" user passwd --login bench_searcher --password-stdin --db "$DB" <password.txt >/dev/null

# The query lists: SAMPLE persons spread over the id range (a fixed stride,
# so the same city gives the same lists).
max_id=$(sqlite3 "$CITY" "SELECT max(id) FROM persons")
sqlite3 -separator ' ' "$CITY" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k
	WHERE i < $SAMPLE) SELECT p.id_number, p.name FROM k
	JOIN persons p ON p.id = (k.i * 2654435761) % $max_id + 1" >sample.txt
node -e '
const fs = require("fs");
const rows = fs.readFileSync("sample.txt", "utf8").trim().split("\n").map((l) => l.split(" "));
fs.writeFileSync("id.txt", rows.map((r) => r[0]).join("\n") + "\n");
fs.writeFileSync("name.txt", rows.map((r) => encodeURIComponent(r[1])).join("\n") + "\n");
fs.writeFileSync("surname.txt", rows.map((r) => encodeURIComponent([...r[1]][0])).join("\n") + "\n");'
echo "queries: $(wc -l <id.txt) ID numbers, $(sort -u name.txt | wc -l) distinct names," \
	"$(sort -u surname.txt | wc -l) distinct surnames"

bench_serve "$MZ" "$DB" "$THREADS"
token=$(bench_token bench_searcher "$(cat password.txt)")

# What one query of each kind returns (a search that finds nothing would be
# fast and prove nothing).
for kind in $KINDS; do
	q=$(head -1 "$kind.txt")
	curl -fsS -H "Authorization: Bearer $token" "$URL/api/v1/persons?page_size=20&q=$q" |
		node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
			const r = JSON.parse(s), k = process.argv[1];
			if (!r.items.length || (k === "id" && r.total !== 1)) { console.error("bad result for " + k + ": " + s.slice(0, 300)); process.exit(1); }
			console.log(`probe ${k}: ${decodeURIComponent(process.argv[2])} -> total ${r.total}${r.total_capped ? " (capped)" : ""}, ${r.items.length} on the page`); })' "$kind" "$q"
done

# A request still unanswered after WRK_TIMEOUT (default 10s) counts as a
# timeout in wrk, not in its latency distribution: such runs are reported
# with the count, and their p99 as "> timeout".
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
echo "-- serve --threads $THREADS; wrk --latency -d$DURATION --timeout $WRK_TIMEOUT; $RUNS runs each; ms --"
worst=0
# CPU time of the server so far, in clock ticks (utime + stime).
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
for kind in $KINDS; do
	for c in $CONNS; do
		p50s=() p99s=() rates=() timeouts=0 nreq=0
		ticks0=$(server_ticks)
		for r in $(seq "$RUNS"); do
			out=$kind-c$c-$r.txt
			wrk -t$((c < 2 ? c : 2)) -c"$c" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
				-s "$HERE/search.lua" "$URL" -- "$token" "$BT/$kind.txt" >"$out" 2>&1 ||
				{ cat "$out" >&2; bench_die "wrk failed"; }
			if grep -q -e 'Non-2xx' -e 'Socket errors: connect [1-9]' -e 'read [1-9]' -e 'write [1-9]' "$out"; then
				cat "$out" >&2
				bench_die "$kind: errors during the run"
			fi
			t=$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' "$out")
			timeouts=$((timeouts + ${t:-0}))
			p50s+=("$(bench_wrk_stat "$out" 50%)")
			if [ "${t:-0}" -gt 0 ]; then
				p99s+=(999999) # beyond the timeout: unknown, and above any target
			else
				p99s+=("$(bench_wrk_stat "$out" 99%)")
			fi
			rates+=("$(bench_wrk_stat "$out" rate)")
			nreq=$((nreq + $(bench_wrk_stat "$out" requests)))
		done
		cpu_ms=$(awk -v t0="$ticks0" -v t1="$(server_ticks)" -v hz="$(getconf CLK_TCK)" -v n="$nreq" \
			'BEGIN { printf "%.2f", n ? (t1 - t0) * 1000 / hz / n : 0 }')
		p99=$(bench_median "${p99s[@]}")
		printf '%-8s c=%-3s p50 %8.1f  p99 %8s  (p99 of each run: %s)  %5.0f req/s%s  server CPU %s ms/req  (load %s)\n' "$kind" "$c" \
			"$(bench_median "${p50s[@]}")" \
			"$(awk -v v="$p99" -v t="$WRK_TIMEOUT" 'BEGIN { if (v >= 999999) print "> " t; else printf "%.1f", v }')" \
			"$(printf '%s\n' "${p99s[@]}" | sed "s/^999999$/>$WRK_TIMEOUT/" | tr '\n' ' ' | sed 's/ $//')" \
			"$(bench_median "${rates[@]}")" "$([ "$timeouts" -eq 0 ] || echo "; $timeouts timeouts")" \
			"$cpu_ms" "$(cut -d' ' -f1 /proc/loadavg)"
		awk "BEGIN { exit !($p99 > $worst) }" && worst=$p99
	done
done
awk -v w="$worst" -v t="$WRK_TIMEOUT" 'BEGIN { printf "worst median p99: %s  target < 50 ms: %s\n",
	(w >= 999999 ? "> " t : sprintf("%.1f ms", w)), (w < 50 ? "MET" : "MISSED") }'

#!/usr/bin/env bash
# bench/canteen/run.sh - the lunch peak of the whole city at the canteen
# counters: CANTEENS (default 1069, Guangzhou's count in 2021) counters at
# once, each checking in one elder every PACE_MS (default 1000) plus the
# response time, for DURATION (default 30s); then the same connections flat
# out to find the ceiling. Target (issue 5): p99 under 50 ms at the peak.
#
# Every check-in is the real thing: a bearer session lookup, the operator's
# link, the canteen, the elder by citizen ID number (city-wide), their
# categories, the dated parameters, the price and subsidy split, one write
# transaction with the meal (the unique index that refuses a second subsidy)
# and its hash-chained audit record, durable before the answer
# (SQLite synchronous=FULL; PostgreSQL fsync on).
#
# Builds a demo city (PERSONS, default 200000), a city admin, one operator
# per district with a counter account, CANTEENS canteens over the
# communities (setup.mjs, through the API), and the list of residents 60+.
# Environment: PERSONS, CANTEENS, PACE_MS, DURATION, CEILING_CONNS (default
# 64), CEILING_DURATION (10s), SERVE_THREADS (32), PG=1 (a throwaway
# PostgreSQL server instead of SQLite), MZ_BIN, KEEP (see bench/lib.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

PERSONS=${PERSONS:-200000}
CANTEENS=${CANTEENS:-1069}
PACE_MS=${PACE_MS:-1000}
DURATION=${DURATION:-30s}
CEILING_CONNS=${CEILING_CONNS:-64}
CEILING_DURATION=${CEILING_DURATION:-10s}
SERVE_THREADS=${SERVE_THREADS:-32}
bench_need wrk curl node sqlite3
bench_bin
bench_tmp
cd "$BT"
HERE="$BENCH_ROOT/bench/canteen"
ulimit -n 16384 2>/dev/null || ulimit -n 4096

if [ "${PG:-0}" = 1 ]; then
	bench_need psql
	mkdir -p pg
	DB=$("$BENCH_ROOT/scripts/pg_server.sh" start "$BT/pg")
	trap '"$BENCH_ROOT/scripts/pg_server.sh" stop "$BT/pg" >/dev/null 2>&1; bench_cleanup' EXIT
	q() { psql "$DB" -qAt -c "$1"; }
else
	DB="sqlite:$BT/city.db"
	q() { bench_q "$DB" "$1"; } # the audit log's own file attached (bench/lib.sh)
fi

echo "== canteen: the lunch peak of the whole city at the counters =="
bench_context
echo "database: ${DB%%:*}"
t0=$EPOCHREALTIME
"$MZ" init --db "$DB" >/dev/null
"$MZ" demo --persons "$PERSONS" --seed 1 --db "$DB" >/dev/null 2>&1
echo "demo city of $PERSONS persons built in $(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }") s"
password="Bench-$RANDOM$RANDOM"
printf '%s\n' "$password" | "$MZ" user add --login bench_admin --name 压测管理员 --role city_admin \
	--scope 440100 --password-stdin --db "$DB" >/dev/null

bench_serve "$MZ" "$DB" "$SERVE_THREADS"
t0=$EPOCHREALTIME
node "$HERE/setup.mjs" "$URL" bench_admin "$password" "$CANTEENS" "$BT"
echo "canteens set up through the API in $(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }") s"
cutoff=$(date -d '60 years ago' +%F)
# The demo's year of services ends today: an elder who has eaten today is
# left out, or the run's lunch would be a (rightly refused) second subsidy.
today=$(TZ=Asia/Shanghai date +%F)
q "SELECT id_number FROM persons WHERE birth_date <= '$cutoff' AND death_date IS NULL
   AND id NOT IN (SELECT person_id FROM ec_meals WHERE served_on = '$today') ORDER BY id" >elders.txt
echo "$(wc -l <elders.txt) residents 60+ (each may have 3 subsidised meals a day)"

# wrk_run NAME CONNS DURATION PACE OFFSET: runs wrk; prints "rate p50 p99 requests".
wrk_run() {
	local name=$1 out=$1.txt
	wrk -t2 -c"$2" -d"$3" --timeout 10s --latency -s "$HERE/checkin.lua" "$URL" -- \
		"$BT/counters.txt" "$BT/elders.txt" "$4" 2 "$5" >"$out" 2>&1 || { cat "$out" >&2; bench_die "wrk failed"; }
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
		cat "$out" >&2
		bench_die "$name: errors during the run"
	fi
	awk '/^Requests\/sec:/ { r = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
	     /requests in/ { n = $1 } END { print r, p50, p99, n }' "$out"
}
to_ms() { # wrk prints 812.00us, 3.41ms, 1.02s
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}

meals0=$(q "SELECT count(*) FROM ec_meals")
audit0=$(q "SELECT count(*) FROM audit_log")
echo "-- peak: wrk -t2 -c$CANTEENS -d$DURATION, one check-in per counter every ${PACE_MS} ms + response time --"
read -r rate p50 p99 n < <(wrk_run peak "$CANTEENS" "$DURATION" "$PACE_MS" 0)
p99ms=$(to_ms "$p99")
printf 'peak     %8.0f check-ins/s  p50 %s  p99 %s  (%s check-ins)  target p99 < 50 ms: %s\n' "$rate" "$p50" "$p99" "$n" \
	"$(awk -v p="$p99ms" 'BEGIN { print (p < 50) ? "MET" : "MISSED" }')"
echo "-- ceiling: wrk -t2 -c$CEILING_CONNS -d$CEILING_DURATION, no pause --"
# Start past every (elder, slot) the peak may have issued, answered or not.
# The server's context switches and CPU time around the ceiling run, per
# check-in (robust where wall time is not: the machine is shared).
snap() { echo "$(awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n }' /proc/"$SERVER_PID"/task/*/status) $(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")"; }
snap0=$(snap)
read -r crate cp50 cp99 cn < <(wrk_run ceiling "$CEILING_CONNS" "$CEILING_DURATION" 0 "$((n + 2 * CANTEENS + 1000))")
snap1=$(snap)
printf 'ceiling  %8.0f check-ins/s  p50 %s  p99 %s  (%s check-ins)\n' "$crate" "$cp50" "$cp99" "$cn"
awk -v b="$snap0" -v a="$snap1" -v n="$cn" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(b, x, " "); split(a, y, " ")
	printf "ceiling per check-in: %.2f context switches, %.0f us CPU\n", (y[1] - x[1]) / n, (y[2] - x[2]) * 1e6 / hz / n }'
meals=$(( $(q "SELECT count(*) FROM ec_meals") - meals0 ))
audited=$(( $(q "SELECT count(*) FROM audit_log") - audit0 ))
[ "$meals" -ge "$((n + cn))" ] || bench_die "only $meals meals stored for $((n + cn)) answered check-ins"
[ "$audited" -ge "$meals" ] || bench_die "only $audited audit records for $meals meals"
echo "stored: $meals meals, $audited audit records (every answered check-in is on disk and audited)"

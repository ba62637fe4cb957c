#!/usr/bin/env bash
# bench/hall/run.sh [N=20000000] - the monitoring hall at the size of the city
# (issue: "the hall's slowest figure at 20M persons"), on PostgreSQL.
#
# 1. The city: `minzheng demo --persons N --seed 1` on a throwaway server
#    (scripts/pg_server.sh, fsync on), or PG_CITY=postgres://... already built.
#    The demo's services are small (a canteen per 17,600 persons, dibao
#    applications at the city's proportion); a month of canteen meals at
#    Guangzhou's scale is added by SQL (MEALS rows, default 3,000,000: about
#    100,000 meals a day) so that the largest figure scans a real month.
# 2. The refresh: `minzheng hall refresh` (what the job hall.refresh runs),
#    RUNS times; reported: the whole refresh and each figure's own time
#    (hall_runs.millis of the last run), the slowest named.
# 3. The reads: `minzheng serve`, a city-wide user; GET /api/v1/hall at the
#    city and at a district, the trend of a figure and the export, with
#    wrk -d DURATION --latency at 1 and 16 connections, median of RUNS runs.
# Environment: PG_CITY, MEALS, RUNS (3), DURATION (10s), THREADS (8), MZ_BIN.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-20000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/hall/run.sh [N]"
MEALS=${MEALS:-3000000}
THREADS=${THREADS:-8}
DURATION=${DURATION:-10s}
bench_need wrk curl node psql
bench_bin
bench_tmp
chmod 755 "$BT"
cd "$BT"
PG_DIR=""
stop_pg() { [ -n "$PG_DIR" ] && "$BENCH_ROOT/scripts/pg_server.sh" stop "$PG_DIR" >/dev/null 2>&1; true; }
trap 'stop_pg; bench_cleanup' EXIT
q() { psql "$DB" -XAqt -F ' ' -v ON_ERROR_STOP=1 -c "$1"; }
seconds_since() { awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $1 }"; }

DB=${PG_CITY:-}
echo "== hall: the monitoring hall's figures at the size of the city =="
bench_context
if [ -z "$DB" ]; then
	PG_DIR=$BT/pg
	DB=$("$BENCH_ROOT/scripts/pg_server.sh" start "$PG_DIR")
	# Reloadable settings for a bulk build (shared_buffers stays the default).
	q "ALTER SYSTEM SET maintenance_work_mem = '1GB'" >/dev/null
	q "ALTER SYSTEM SET max_wal_size = '16GB'" >/dev/null
	q "ALTER SYSTEM SET checkpoint_timeout = '30min'" >/dev/null
	q "ALTER SYSTEM SET work_mem = '32MB'" >/dev/null
	q "SELECT pg_reload_conf()" >/dev/null
	t0=$EPOCHREALTIME
	"$MZ" init --db "$DB" >/dev/null
	"$MZ" demo --persons "$N" --seed 1 --db "$DB" >demo.out 2>demo.err ||
		{ cat demo.err >&2; bench_die "demo failed"; }
	s=$(seconds_since "$t0")
	awk -v s="$s" -v n="$N" 'BEGIN { printf "build: demo --persons %d in %.1f s\n", n, s }'
fi
month=$(TZ=Asia/Shanghai date +%Y-%m)
if [ "$MEALS" -gt 0 ]; then
	t0=$EPOCHREALTIME
	# Elders of the canteens' districts, a meal each day of the month so far,
	# spread over the month's days and the city's canteens.
	q "WITH c AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(division_code ORDER BY id) AS divs,
	     count(*) AS n FROM ec_canteens), m AS (SELECT max(id) AS top FROM persons)
	   INSERT INTO ec_meals (canteen_id, canteen_division, person_id, division_code, served_on, month,
	     slot, mode, method, tier, price_fen, subsidy_fen, paid_fen, city_fen, district_fen, town_fen,
	     subsidised, created_by, created_at)
	   SELECT c.ids[k % c.n + 1], c.divs[k % c.n + 1], p.id, p.division_code,
	     '$month-' || lpad(((k % 28) + 1)::text, 2, '0'), '$month', 'lunch', 'dine_in', 'card', 'none',
	     1500, 0, 1500, 0, 0, 0, 0, 'bench', 0
	   FROM generate_series(1, $MEALS) k CROSS JOIN c CROSS JOIN m
	   JOIN persons p ON p.id = (k * 2654435761) % m.top + 1" >/dev/null
	q "ANALYZE ec_meals" >/dev/null
	echo "meals: $MEALS added for $month in $(seconds_since "$t0") s"
fi
echo "city: $(q "SELECT count(*) FROM persons") persons; cases $(q "SELECT count(*) FROM cases"), enrollments" \
	"$(q "SELECT count(*) FROM enrollments"), meals $(q "SELECT count(*) FROM ec_meals"), calls" \
	"$(q "SELECT count(*) FROM ec_calls"), database $(q "SELECT pg_size_pretty(pg_database_size(current_database()))")"

# ---- 2. the refresh ------------------------------------------------------------
echo
echo "refresh: minzheng hall refresh, $RUNS runs"
totals=()
for r in $(seq "$RUNS"); do
	out=$("$MZ" hall refresh --db "$DB")
	echo "  run $r: $out"
	totals+=("$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<<"$out")")
done
echo "refresh total: median $(bench_median "${totals[@]}") ms"
echo "each figure (last run; ms, rows its SQL returned):"
q "SELECT indicator, millis, source_rows FROM hall_runs WHERE as_of = (SELECT max(as_of) FROM hall_runs)
   ORDER BY millis DESC" | awk '{ printf "  %-28s %7d ms %9d rows\n", $1, $2, $3 }'
echo "stored: $(q "SELECT count(*) FROM hall_figures") figure rows"

# ---- 3. the reads ----------------------------------------------------------------
pw="bench-$RANDOM$RANDOM"
printf '%s\n' "$pw" | "$MZ" user add --login bench_hall --name 大厅压测 --role city_admin --scope 440100 \
	--password-stdin --db "$DB" >/dev/null 2>&1 ||
	printf '%s\n' "$pw" | "$MZ" user passwd --login bench_hall --password-stdin --db "$DB" >/dev/null
bench_serve "$MZ" "$DB" "$THREADS"
token=$(bench_token bench_hall "$pw")
echo /api/v1/hall >city.txt
q "SELECT '/api/v1/hall?division=' || code FROM divisions WHERE level = 2 AND historical = 0" >district.txt
q "SELECT '/api/v1/hall?division=' || code FROM divisions WHERE level = 3 AND historical = 0" >street.txt
sed 's|/api/v1/hall?division=|/api/v1/hall/eldercare.meals_month/trend?division=|' district.txt >trend.txt
sed 's|/api/v1/hall?division=|/api/v1/hall/export?format=xlsx\&division=|' district.txt >export.txt
for kind in city district street trend export; do
	code=$(curl -s -o probe.out -w '%{http_code}' -H "Authorization: Bearer $token" "$URL$(head -1 $kind.txt)")
	[ "$code" = 200 ] || { head -c 400 probe.out >&2; bench_die "$kind probe: HTTP $code"; }
done
echo
echo "reads: serve --threads $THREADS; wrk -d$DURATION --latency; median of $RUNS runs; ms"
printf '%-9s %-4s %9s %9s %9s\n' request c p50 p99 req/s
for kind in city district street trend export; do
	for c in 1 16; do
		p50s=() p99s=() rates=()
		for r in $(seq "$RUNS"); do
			out=$kind-c$c-$r.txt
			wrk -t$((c < 2 ? c : 2)) -c"$c" -d"$DURATION" --timeout 10s --latency \
				-s "$BENCH_ROOT/bench/scaling/paths.lua" "$URL" -- "$token" "$BT/$kind.txt" >"$out" 2>&1 ||
				{ cat "$out" >&2; bench_die "wrk failed"; }
			if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
				cat "$out" >&2
				bench_die "$kind c=$c: errors during the run"
			fi
			p50s+=("$(bench_wrk_stat "$out" 50%)")
			p99s+=("$(bench_wrk_stat "$out" 99%)")
			rates+=("$(bench_wrk_stat "$out" rate)")
		done
		printf '%-9s %-4s %9s %9s %9s\n' "$kind" "$c" "$(bench_median "${p50s[@]}")" \
			"$(bench_median "${p99s[@]}")" "$(bench_median "${rates[@]}")"
	done
done

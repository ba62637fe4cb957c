#!/usr/bin/env bash
# bench/screen/run.sh [PERSONS=1000000]
#
# Whole-city screening, the dibao rule only: `minzheng screen --programs
# dibao` (the compiled rules over the column engine: policy_eval_batch on
# every core) against the same decision written as one SQL query run by the
# engine's own CLI (sqlite3, psql) on the same database, plus the
# memory-bandwidth floor (the bytes of the columns the dibao rule reads, over
# this machine's measured read bandwidth). On each engine of ENGINES
# (default "sqlite postgres"; see bench/lib.sh), side by side.
#
# Also per engine: one whole-city run (every program) under /usr/bin/time -v:
# its load stage (reading the registry into columns: store_scan, a COPY on
# PostgreSQL), its wall time and its peak RSS.
#
# What is compared: the evaluation only. Ours is the "evaluate" stage that
# `minzheng screen` prints (columns already in memory; loading from the
# database and writing the work items are printed beside it). The SQL query
# is the core of the rule: counted members (Art. 7: exclusions, applicant and
# spouse, minor or student or dependent children), counted income kinds,
# per-capita income below the standard, per-capita financial assets, no
# vehicle. It leaves out what ours also does: rigid-expense deductions, the
# single-person (单人户) route, members with a support duty living together,
# the housing test, the trace labels, and every other program that dibao's
# rules do not need. Both count eligible households; the counts are printed.
# The query text is the same on both engines; both get ANALYZE after the
# city is built.
# Data: `minzheng demo --persons PERSONS --seed 7` (no enrollments, so every
# eligible household becomes an eligible_not_enrolled item), or CITY_DB=URL
# (sqlite:PATH or postgres://...) a city already built, reused as it is
# (ENGINES then names its one engine; the harness adds screening runs and
# items to it, nothing else).
#
# The whole-city run is made twice: the first after the dibao runs (it
# writes every other program's items), the second with nothing changed in
# between (it writes no item: screening writes only the changes). Each
# prints its stages' wall and CPU time and the items inserted, deleted and
# kept.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

# The load measured here is a full one: no column snapshot (on by default
# beside a SQLite file since; bench/screen/snapshot.sh measures it).
export MINZHENG_SCREEN_SNAPSHOT=off

PERSONS=${1:-1000000}
[[ $PERSONS =~ ^[0-9]+$ ]] || bench_die "PERSONS must be a number"
ENGINES=${ENGINES:-"sqlite postgres"}
bench_need sqlite3 cc awk /usr/bin/time
bench_bin
bench_tmp
DATE=2022-03-01
D18=$(date -d "$DATE -18 years" +%F)
case " $ENGINES " in *" postgres "*) [ -n "${CITY_DB:-}" ] || bench_pg_start ;; esac
bench_context

# The dibao core as one query, the same text on both engines. Flags are
# tested with LIKE: PostgreSQL estimates "strpos(flags, 'x') = 0" as
# matching almost no row, and with four of them plans nested loops over the
# whole city (minutes); sqlite3 is as fast with LIKE as with instr.
dibao_sql() {
	cat <<SQL
WITH counted AS (
  SELECT m.household_id AS h, p.id AS pid
  FROM household_members m JOIN persons p ON p.id = m.person_id
  WHERE m.left_on IS NULL AND p.death_date IS NULL
    AND p.flags NOT LIKE '%in_prison%' AND p.flags NOT LIKE '%compulsory_rehab%'
    AND p.flags NOT LIKE '%declared_missing%' AND p.flags NOT LIKE '%religious_apart%'
    AND (m.relation IN ('head', 'spouse')
         OR (m.relation = 'child' AND (p.birth_date > '$D18'
             OR p.flags LIKE '%cannot_live_independently%' OR p.flags LIKE '%full_time_student%')))),
n AS (SELECT h, count(*) AS k FROM counted GROUP BY h),
inc AS (SELECT c.h, CAST(sum(i.monthly_fen) AS BIGINT) AS fen FROM counted c JOIN person_incomes i ON i.person_id = c.pid
        WHERE i.kind IN ('wages', 'business', 'property', 'pension', 'support', 'unemployment') GROUP BY c.h),
ast AS (SELECT c.h,
          CAST(sum(CASE WHEN a.kind IN ('deposits', 'securities', 'commercial_insurance', 'claims', 'internet_finance')
                   THEN a.amount_fen ELSE 0 END) AS BIGINT) AS fen,
          sum(CASE WHEN a.kind = 'vehicles' AND a.amount_fen > 0 THEN 1 ELSE 0 END) AS veh
        FROM counted c JOIN person_assets a ON a.person_id = c.pid GROUP BY c.h)
SELECT count(*) FROM n LEFT JOIN inc ON inc.h = n.h LEFT JOIN ast ON ast.h = n.h
WHERE coalesce(inc.fen, 0) / n.k < 112000 AND coalesce(ast.fen, 0) / n.k <= 112000 * 24
  AND coalesce(ast.veh, 0) = 0;
SQL
}

declare -A NH NP OURS LOAD SQLMS OURS_EL SQL_EL CITY_LOAD CITY_WALL CITY_RSS BUILD
for engine in $ENGINES; do
	echo
	echo "-- $engine --"
	if [ -n "${CITY_DB:-}" ]; then
		DB=$CITY_DB
		BUILD[$engine]=0
		echo "== data: reusing $DB"
	else
		if [ "$engine" = sqlite ]; then
			DB="sqlite:$BT/city.db"
		else
			DB=$(bench_pg_db bench_screen)
		fi
		echo "== data: demo city of $PERSONS persons"
		t0=$EPOCHREALTIME
		"$MZ" init --db "$DB" >/dev/null
		"$MZ" demo --db "$DB" --persons "$PERSONS" --seed 7 >/dev/null 2>"$BT/demo.err" ||
			{ cat "$BT/demo.err" >&2; bench_die "demo failed on $engine"; }
		BUILD[$engine]=$(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }")
	fi
	NH[$engine]=$(bench_q "$DB" "SELECT count(DISTINCT household_id) FROM household_members WHERE left_on IS NULL")
	NP[$engine]=$(bench_q "$DB" "SELECT count(*) FROM household_members m JOIN persons p ON p.id = m.person_id WHERE m.left_on IS NULL AND p.death_date IS NULL")
	echo "built in ${BUILD[$engine]} s: households ${NH[$engine]}, persons ${NP[$engine]}"
	# Planner statistics for the SQL peer (PostgreSQL's autovacuum would
	# gather them a while after the load; without them its plan for the
	# query is nested loops over the whole city).
	# A reused SQLite city is left as it is: minzheng never analyzes a
	# SQLite file, and statistics would change the plans of the server's
	# own queries on it (a sampled ANALYZE of the 20M city sent the outbox's
	# query to a full scan); a full one reads all 20 GB at random.
	if [ "$engine" != sqlite ] || [ -z "${CITY_DB:-}" ]; then
		bench_q "$DB" "ANALYZE" >/dev/null
	fi

	echo "== ours: minzheng screen --programs dibao ($RUNS runs)"
	ours=() loads=()
	for ((r = 0; r < RUNS; r++)); do
		"$MZ" screen --db "$DB" --date "$DATE" --programs dibao --rules "$BENCH_ROOT/policies/guangzhou" \
			>"$BT/screen.out" 2>"$BT/screen.err" || { cat "$BT/screen.err" >&2; bench_die "screen failed"; }
		ours+=("$(sed -n 's/.*evaluate \([0-9.]*\) ms.*/\1/p' "$BT/screen.err")")
		loads+=("$(sed -n 's/.*load \([0-9.]*\) ms.*/\1/p' "$BT/screen.err")")
		grep 'evaluate' "$BT/screen.err"
	done
	OURS[$engine]=$(bench_median "${ours[@]}")
	LOAD[$engine]=$(bench_median "${loads[@]}")
	OURS_EL[$engine]=$(bench_q "$DB" "SELECT count(*) FROM screen_items WHERE program = 'dibao' AND status = 'open' AND kind = 'eligible_not_enrolled'")

	if [ "$engine" = sqlite ]; then
		echo "== SQL: one query in sqlite3 ($RUNS runs)"
		{ echo ".timer on"; dibao_sql; } >"$BT/dibao.sql"
	else
		echo "== SQL: one query in psql ($RUNS runs)"
		{ echo '\timing on'; dibao_sql; } >"$BT/dibao.sql"
	fi
	sqlt=()
	for ((r = 0; r < RUNS; r++)); do
		if [ "$engine" = sqlite ]; then
			sqlite3 "${DB#sqlite:}" <"$BT/dibao.sql" >"$BT/sql.out"
			sqlt+=("$(awk '/^Run Time:/ { print $4 * 1000 }' "$BT/sql.out")")
		else
			psql "$DB" -XAqt -v ON_ERROR_STOP=1 -f "$BT/dibao.sql" >"$BT/sql.out"
			sqlt+=("$(awk '/^Time:/ { print $2 }' "$BT/sql.out")")
		fi
	done
	SQLMS[$engine]=$(bench_median "${sqlt[@]}")
	SQL_EL[$engine]=$(grep -m1 -E '^[0-9]+$' "$BT/sql.out")
	echo "SQL: ${SQLMS[$engine]} ms, ${SQL_EL[$engine]} eligible"

	for pass in 1 2; do
		echo "== whole city, pass $pass: minzheng screen (every program) under /usr/bin/time -v (load $(cut -d' ' -f1 /proc/loadavg))"
		t0=$EPOCHREALTIME
		/usr/bin/time -v -o "$BT/time.txt" "$MZ" screen --db "$DB" --date "$DATE" \
			--rules "$BENCH_ROOT/policies/guangzhou" >"$BT/screen.out" 2>"$BT/screen.err" ||
			{ cat "$BT/screen.err" >&2; bench_die "screen failed"; }
		wall=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t0 }")
		cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$BT/time.txt")
		grep -E 'evaluate|items' "$BT/screen.err"
		echo "whole city pass $pass: wall $wall s, CPU $cpu s, peak RSS $(bench_rss_mib "$BT/time.txt") MiB (load $(cut -d' ' -f1 /proc/loadavg))"
		if [ $pass = 1 ]; then
			CITY_WALL[$engine]=$wall
			CITY_LOAD[$engine]=$(sed -n 's/.*load \([0-9.]*\) ms.*/\1/p' "$BT/screen.err" | head -1)
			CITY_RSS[$engine]=$(bench_rss_mib "$BT/time.txt")
		fi
	done
	if [ -n "${CITY_DB:-}" ]; then
		:
	elif [ "$engine" = postgres ]; then
		psql "${PG_BASE}postgres" -XAqt -c "DROP DATABASE bench_screen WITH (FORCE)" >/dev/null
	else
		rm -f "$BT"/city.db*
	fi
done

echo "== memory-bandwidth floor"
cat >"$BT/bw.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
int main(void)
{
	size_t n = (size_t)1 << 27; /* 1 GiB of uint64 */
	uint64_t *a = malloc(n * 8), s = 0;
	double best = 0;
	for (size_t i = 0; i < n; i++) a[i] = i;
	for (int r = 0; r < 5; r++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (size_t i = 0; i < n; i += 4) s += a[i] + a[i + 1] + a[i + 2] + a[i + 3];
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double gbs = n * 8.0 / ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) / 1e9;
		if (gbs > best) best = gbs;
	}
	printf("%.2f %llu\n", best, (unsigned long long)(s & 1));
	return 0;
}
C
cc -O2 -o "$BT/bw" "$BT/bw.c"
BW=$("$BT/bw" | awk '{ print $1 }') # GB/s, one thread, sequential read
# The columns the dibao rule reads: per person birth 4 + relation 1 + flags 4
# + 10 counted income kinds x 8 + 4 expense kinds x 8 = 121 bytes; per
# household offset 4 + division 4 + enrolled 8 + 5 asset kinds x 8 +
# housing 4 + vehicles 4 = 64 bytes.
FIRST=$(awk '{ print $1 }' <<<"$ENGINES")
FLOOR_MS=$(awk -v np="${NP[$FIRST]}" -v nh="${NH[$FIRST]}" -v bw="$BW" 'BEGIN { printf "%.2f", (np * 121 + nh * 64) / (bw * 1e9) * 1000 }')

echo
echo "== side by side: $PERSONS-person demo city (seed 7), dibao; ms are medians of $RUNS runs"
printf '%-9s %9s %9s | %10s %12s %12s %9s | %13s | %12s %10s %9s\n' engine households persons \
	"load ms" "evaluate ms" "SQL ms" "SQL/ours" "eligible o/S" "city load ms" "city wall s" "RSS MiB"
for engine in $ENGINES; do
	awk -v e="$engine" -v nh="${NH[$engine]}" -v np="${NP[$engine]}" -v l="${LOAD[$engine]}" \
	    -v o="${OURS[$engine]}" -v q="${SQLMS[$engine]}" -v oe="${OURS_EL[$engine]}" -v qe="${SQL_EL[$engine]}" \
	    -v cl="${CITY_LOAD[$engine]}" -v cw="${CITY_WALL[$engine]}" -v cr="${CITY_RSS[$engine]}" 'BEGIN {
		printf "%-9s %9d %9d | %10.0f %12.1f %12.1f %8.1fx | %6d/%-6d | %12.0f %10.1f %9d\n",
			e, nh, np, l, o, q, q / o, oe, qe, cl, cw, cr }'
done
if [ "$(wc -w <<<"$ENGINES")" -eq 2 ]; then
	awk -v ls="${LOAD[sqlite]}" -v lp="${LOAD[postgres]}" -v os="${OURS[sqlite]}" -v op="${OURS[postgres]}" \
	    -v qs="${SQLMS[sqlite]}" -v qp="${SQLMS[postgres]}" -v cs="${CITY_RSS[sqlite]}" -v cp="${CITY_RSS[postgres]}" 'BEGIN {
		printf "postgres / sqlite: load %.2fx, evaluate %.2fx, SQL peer %.2fx, whole-city peak RSS %.2fx\n",
			lp / ls, op / os, qp / qs, cp / cs }'
fi
awk -v np="${NP[$FIRST]}" -v f="$FLOOR_MS" -v bw="$BW" 'BEGIN {
	printf "memory-bandwidth floor of the evaluation: %.2f ms (%.1f GB/s one-thread read) for %d persons\n", f, bw, np }'
echo "eligible o/S: households ours / the SQL (the SQL leaves out parts of the rule: see the header)"

#!/usr/bin/env bash
# bench/citus/run.sh N CITUS_URL - the same N-person city on a Citus cluster
# and on one PostgreSQL server, side by side (docs/scaling.md, step 5).
#
# CITUS_URL names an empty database on a running Citus coordinator with its
# workers added (as for scripts/citus_api.sh). On it: `init`, `distribution
# citus-sql`, then the timed build (`demo --persons N --seed 1`: COPY through
# the coordinator). The PostgreSQL city is built the same way on a throwaway
# server (scripts/pg_server.sh) on the same machine. Then, for each: the
# requests of bench/scaling/run.sh (search by ID number, full name, surname;
# the household page; wrk at 1 and 16 connections) and a whole-city
# screening load (`minzheng screen`, timed). No backup: pg_dump does not dump
# a Citus cluster. Then the validated bulk import (`minzheng import persons`)
# of IMPORT_N new persons (default 100000; bench/import/gen_persons.mjs, the
# same file for both) into each built city, timed.
# Environment: as bench/scaling/run.sh (THREADS, DURATION, RUNS, MZ_BIN);
# IMPORT_N (0 skips the import); REGISTRY_ONLY=1 builds the registry alone
# (`demo --registry-only`: persons, households, incomes, assets, the demo
# accounts), without the year of services, whose one-row transactions are
# each a two-phase commit on Citus (a 1,000-person city's services take
# over ten minutes on the 2-core cluster).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-}
CITUS=${2:-}
[[ $N =~ ^[1-9][0-9]*$ ]] && [ -n "$CITUS" ] || bench_die "usage: bench/citus/run.sh N CITUS_URL"
bench_need psql
IMPORT_N=${IMPORT_N:-100000}
[[ $IMPORT_N =~ ^[0-9]+$ ]] || bench_die "IMPORT_N must be a whole number"
[ "$IMPORT_N" = 0 ] || bench_need node
bench_bin
bench_tmp
chmod 755 "$BT"
PG_DIR=$BT/pg
trap '"$BENCH_ROOT/scripts/pg_server.sh" stop "$PG_DIR" >/dev/null 2>&1; bench_cleanup' EXIT
export MZ_AUDIT_KEY=$BT/audit.key
seconds_since() { awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $1 }"; }
echo "== citus vs postgresql: a $N-person city =="
bench_context
psql "$CITUS" -XAqt -c "SELECT 'citus ' || citus_version()" \
	-c "SELECT 'workers ' || count(*) FROM citus_get_active_worker_nodes()" \
	-c "SELECT 'shards per table ' || current_setting('citus.shard_count')"

PG=$("$BENCH_ROOT/scripts/pg_server.sh" start "$PG_DIR")
for engine in citus postgres; do
	DB=$CITUS
	[ "$engine" = postgres ] && DB=$PG
	"$MZ" init --db "$DB" >/dev/null
	if [ "$engine" = citus ]; then
		"$MZ" distribution citus-sql | psql "$DB" -XAq -v ON_ERROR_STOP=1 >/dev/null 2>"$BT/citus-sql.err" ||
			{ cat "$BT/citus-sql.err" >&2; bench_die "citus-sql failed"; }
	fi
	t0=$EPOCHREALTIME
	"$MZ" demo --persons "$N" --seed 1 ${REGISTRY_ONLY:+--registry-only} --db "$DB" >"$BT/demo-$engine.out" 2>"$BT/demo-$engine.err" ||
		{ cat "$BT/demo-$engine.err" >&2; bench_die "demo failed on $engine"; }
	s=$(seconds_since "$t0")
	awk -v e="$engine" -v s="$s" -v n="$N" \
		'BEGIN { printf "RESULT %-8s build: demo --persons %d in %.1f s = %.0f persons/s\n", e, n, s, n / s }'
	sed -n "s/^ *\(.*rows in .* s (.* rows\/s)\)$/RESULT $engine registry (COPY): \1/p" "$BT/demo-$engine.out"
	t0=$EPOCHREALTIME
	"$MZ" screen --date 2026-06-01 --db "$DB" >"$BT/screen-$engine.out" 2>"$BT/screen-$engine.err" ||
		{ tail "$BT/screen-$engine.err" >&2; bench_die "screen failed on $engine"; }
	echo "RESULT $engine screen (load + evaluate + write items, every household): $(seconds_since "$t0") s"
	[ "$IMPORT_N" = 0 ] && continue
	if [ ! -f "$BT/import.csv" ]; then
		# Both cities hold the same demo (seed 1): one file, new ID numbers for both.
		psql "$DB" -XAqt -c "SELECT code FROM divisions WHERE level = 4 ORDER BY code" >"$BT/communities.txt"
		psql "$DB" -XAqt -c "SELECT id_number FROM persons" >"$BT/existing.txt"
		node "$BENCH_ROOT/bench/import/gen_persons.mjs" --n "$IMPORT_N" --seed 2 \
			--communities "$BT/communities.txt" --exclude "$BT/existing.txt" \
			--ours "$BT/import.csv" --peer "$BT/import-peer.csv" >/dev/null ||
			bench_die "gen_persons failed"
	fi
	before=$(psql "$DB" -XAqt -c "SELECT count(*) FROM persons")
	t0=$EPOCHREALTIME
	"$MZ" import persons "$BT/import.csv" --db "$DB" >"$BT/import-$engine.out" 2>"$BT/import-$engine.err" ||
		{ tail "$BT/import-$engine.err" >&2; bench_die "import failed on $engine"; }
	s=$(seconds_since "$t0")
	after=$(psql "$DB" -XAqt -c "SELECT count(*) FROM persons")
	[ $((after - before)) -eq "$IMPORT_N" ] ||
		bench_die "import on $engine: expected $IMPORT_N new persons, found $((after - before))"
	awk -v e="$engine" -v s="$s" -v n="$IMPORT_N" \
		'BEGIN { printf "RESULT %-8s import: %d persons (import persons, validated) in %.1f s = %.0f rows/s\n", e, n, s, n / s }'
done
"$BENCH_ROOT/scripts/pg_server.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
# The reads, through the real server, one engine at a time.
for engine in citus postgres; do
	DB=$CITUS
	if [ "$engine" = postgres ]; then
		PG=$("$BENCH_ROOT/scripts/pg_server.sh" start "$PG_DIR")
		DB=$PG
	fi
	echo "-- $engine reads --"
	ENGINES=postgres PG_CITY=$DB NO_BACKUP=1 MZ_BIN=$MZ "$BENCH_ROOT/bench/scaling/run.sh" "$N" \
		>"$BT/reads-$engine.txt" 2>&1 || { cat "$BT/reads-$engine.txt" >&2; bench_die "reads failed on $engine"; }
	sed -n "s/^RESULT postgres /RESULT $engine /p" "$BT/reads-$engine.txt"
done

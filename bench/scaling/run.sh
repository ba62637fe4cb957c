#!/usr/bin/env bash
# bench/scaling/run.sh [N=1000000] - the same N-person city on SQLite and on
# PostgreSQL, side by side: the numbers docs/scaling.md uses to say when to
# move from one to the other.
#
# For each engine: builds the city (`minzheng demo --persons N --seed 1`,
# timed: the generator's bulk path is batched inserts on SQLite and COPY on
# PostgreSQL), then with `serve --quiet --threads THREADS` measures with wrk
# (-d DURATION, --latency, concurrency 1 and 16, RUNS runs, median): person
# search by ID number, by full name and by surname (one character, the
# widest prefix), and the household page (GET /api/v1/households/ID); every
# request is a city-wide user's, audited by group commit. Then times
# `minzheng backup` and `minzheng restore` of the city into a fresh target.
# PostgreSQL runs on a throwaway server (scripts/pg_server.sh, fsync on) on
# the same machine, so both engines share the same disk and cores.
# Reuse a built city with SQLITE_CITY=PATH and/or PG_CITY=postgres://...
# (skips its build). ENGINES="sqlite postgres" picks engines.
# Environment: THREADS (8), DURATION (10s), RUNS (1), SAMPLE (5000),
# ENGINES, SQLITE_CITY, PG_CITY, MZ_BIN, KEEP; NO_BACKUP=1 skips backup and
# restore (bench/citus/run.sh: a Citus cluster is not dumped by pg_dump).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-1000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/scaling/run.sh [N]"
THREADS=${THREADS:-8}
DURATION=${DURATION:-10s}
RUNS=${RUNS:-1}
SAMPLE=${SAMPLE:-5000}
ENGINES=${ENGINES:-"sqlite postgres"}
bench_need wrk curl node sqlite3 psql
bench_bin
bench_tmp
chmod 755 "$BT" # the PostgreSQL server runs as user postgres
cd "$BT"
HERE="$BENCH_ROOT/bench/scaling"
PG_DIR=""
stop_pg() { [ -n "$PG_DIR" ] && "$BENCH_ROOT/scripts/pg_server.sh" stop "$PG_DIR" >/dev/null 2>&1; true; }
trap 'stop_pg; bench_cleanup' EXIT

echo "== scaling: a $N-person city on each engine =="
bench_context

to_ms() { # wrk's "850.00us" / "1.23ms" / "1.02s" -> milliseconds
	awk '{ v = $1; if (v ~ /us$/) m = v / 1000; else if (v ~ /ms$/) m = v + 0;
		else if (v ~ /m$/) m = v * 60000; else m = v * 1000; printf "%.2f\n", m }' <<<"$1"
}

q() { # engine db sql -> rows
	if [ "$1" = sqlite ]; then sqlite3 -separator ' ' "${2#sqlite:}" "$3"; else psql "$2" -XAqt -F ' ' -c "$3"; fi
}

seconds_since() { awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $1 }"; }

for engine in $ENGINES; do
	echo
	echo "-- $engine --"
	if [ "$engine" = sqlite ]; then
		DB=${SQLITE_CITY:+sqlite:$SQLITE_CITY}
		fresh_target() { echo "sqlite:$BT/restored-$1.db"; }
	else
		DB=${PG_CITY:-}
		if [ -z "$DB" ]; then
			PG_DIR=$BT/pg
			DB=$("$BENCH_ROOT/scripts/pg_server.sh" start "$PG_DIR")
		fi
		fresh_target() {
			local base=${DB%/*}
			psql "$base/postgres" -XAqt -c "DROP DATABASE IF EXISTS bench_restored_$1" -c "CREATE DATABASE bench_restored_$1" >/dev/null 2>&1
			echo "$base/bench_restored_$1"
		}
	fi
	if [ -z "$DB" ]; then
		DB="sqlite:$BT/city.db"
	fi
	reuse=${SQLITE_CITY:-}
	[ "$engine" = postgres ] && reuse=${PG_CITY:-}
	if [ -n "$reuse" ]; then
		echo "reusing the city at $engine ($(q $engine "$DB" 'SELECT count(*) FROM persons') persons)"
	else
		t0=$EPOCHREALTIME
		"$MZ" init --db "$DB" >/dev/null
		"$MZ" demo --persons "$N" --seed 1 --db "$DB" >demo-$engine.out 2>demo-$engine.err ||
			{ cat demo-$engine.err >&2; bench_die "demo failed on $engine"; }
		s=$(seconds_since "$t0")
		awk -v s="$s" -v n="$N" 'BEGIN { printf "build: demo --persons %d in %.1f s = %.0f persons/s\n", n, s, n / s }'
		grep -o '[0-9]* rows in .*' demo-$engine.out || true
	fi
	if [ "$engine" = sqlite ]; then
		echo "size: $(du -h "${DB#sqlite:}" | cut -f1)"
	else
		echo "size: $(q postgres "$DB" "SELECT pg_size_pretty(pg_database_size(current_database()))")"
	fi

	pw="bench-$RANDOM$RANDOM"
	printf '%s\n' "$pw" | "$MZ" user add --login bench_scaling --name 压测 --role city_admin --scope 440100 \
		--password-stdin --db "$DB" >/dev/null 2>&1 ||
		printf '%s\n' "$pw" | "$MZ" user passwd --login bench_scaling --password-stdin --db "$DB" >/dev/null

	# Query lists: SAMPLE persons and households at a fixed stride over the ids.
	max_id=$(q $engine "$DB" "SELECT max(id) FROM persons")
	max_h=$(q $engine "$DB" "SELECT max(id) FROM households")
	# PostgreSQL counts with generate_series: Citus (bench/citus) refuses a
	# recursive CTE beside a distributed table.
	if [ "$engine" = sqlite ]; then
		keys="(WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < $SAMPLE) SELECT k FROM s) t"
	else
		keys="generate_series(1, $SAMPLE) k"
	fi
	q $engine "$DB" "SELECT p.id_number, p.name FROM persons p WHERE p.id IN (SELECT ((k * 2654435761) % $max_id) + 1 FROM
		$keys)" >sample.txt
	node -e '
const fs = require("fs");
const rows = fs.readFileSync("sample.txt", "utf8").trim().split("\n").map((l) => l.split(" "));
const p = (q) => "/api/v1/persons?page_size=20&q=" + encodeURIComponent(q);
fs.writeFileSync("id.txt", rows.map((r) => p(r[0])).join("\n") + "\n");
fs.writeFileSync("name.txt", rows.map((r) => p(r[1])).join("\n") + "\n");
fs.writeFileSync("surname.txt", rows.map((r) => p([...r[1]][0])).join("\n") + "\n");
const h = []; for (let k = 1; k <= rows.length; k++) h.push("/api/v1/households/" + ((k * 2654435761) % Number(process.argv[1]) + 1));
fs.writeFileSync("household.txt", h.join("\n") + "\n");' "$max_h"

	bench_serve "$MZ" "$DB" "$THREADS"
	token=$(bench_token bench_scaling "$pw")
	for kind in id name surname household; do
		code=$(curl -s -o probe.json -w '%{http_code}' -H "Authorization: Bearer $token" "$URL$(head -1 $kind.txt)")
		[ "$code" = 200 ] || { cat probe.json >&2; bench_die "$kind probe: HTTP $code"; }
	done
	echo "serve --threads $THREADS; wrk -d$DURATION --latency; median of $RUNS; ms"
	for kind in id name surname household; do
		for c in 1 16; do
			p50s=() p99s=() rates=()
			for r in $(seq "$RUNS"); do
				out=$engine-$kind-c$c-$r.txt
				# --timeout 10s: a slow answer is a latency to report, not an error.
				wrk -t$((c < 2 ? c : 2)) -c"$c" -d"$DURATION" --timeout 10s --latency -s "$HERE/paths.lua" \
					"$URL" -- "$token" "$BT/$kind.txt" >"$out" 2>&1 || { cat "$out" >&2; bench_die "wrk failed"; }
				if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
					cat "$out" >&2
					bench_die "$engine $kind: errors during the run"
				fi
				p50s+=("$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")")
				p99s+=("$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")")
				rates+=("$(awk '/^Requests\/sec:/ { print $2 }' "$out")")
			done
			printf 'RESULT %-8s %-9s c=%-3s p50 %8.2f  p99 %8.2f  %7.0f req/s\n' "$engine" "$kind" "$c" \
				"$(bench_median "${p50s[@]}")" "$(bench_median "${p99s[@]}")" "$(bench_median "${rates[@]}")"
		done
	done
	bench_serve_stop
	if [ -n "${NO_BACKUP:-}" ]; then
		[ "$engine" = postgres ] && { stop_pg; PG_DIR=""; }
		continue
	fi

	t0=$EPOCHREALTIME
	"$MZ" backup --db "$DB" --out "$BT/backup-$engine" --force >backup-$engine.out
	echo "RESULT $engine backup $(seconds_since "$t0") s, $(sed -n 's/^backup written: .* (\(.*\))$/\1/p' backup-$engine.out)"
	target=$(fresh_target 1)
	t0=$EPOCHREALTIME
	"$MZ" restore --db "$target" --in "$BT/backup-$engine" --force >restore-$engine.out ||
		{ cat restore-$engine.out >&2; bench_die "restore failed on $engine"; }
	echo "RESULT $engine restore+verify $(seconds_since "$t0") s ($(grep '^audit chain' restore-$engine.out))"
	if [ "$engine" = postgres ]; then
		stop_pg
		PG_DIR=""
	fi
done

#!/usr/bin/env bash
# bench/screen/publish.sh [PERSONS=1000000] [ROUNDS=3]
#
# Whole-city screening with many new leads (issue 18 item 5, issue 12's
# screening figure): BEFORE (a build that tells each lead with its own
# events_publish call and loads the registry in full) against AFTER (leads
# told in batches, events_publish_batch; the column snapshot on by default),
# on each engine of ENGINES (default "sqlite postgres"), interleaved: round r
# runs BEFORE then AFTER when r is odd, AFTER then BEFORE when even.
#
# The city: `AFTER demo --registry-only --persons PERSONS --seed 7` (no
# enrollments, no screening yet: every eligible household is a new lead),
# built once per engine; every binary's turn starts from a fresh copy of it
# (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL) with no
# snapshot file, and runs, each under /usr/bin/time -v:
#   pass 1  `screen --date DATE`: every lead new, told on the outbox
#   pass 2  the same again: nothing new (AFTER maps the snapshot pass 1 wrote;
#           on PostgreSQL the file is MINZHENG_SCREEN_SNAPSHOT's)
# then counts the events and audit records pass 1 wrote and runs
# `audit verify` (must pass). Prints each figure's median per binary and
# pass, the AFTER/BEFORE ratios, and the load average of each run.
#
#   BEFORE=build/before/minzheng AFTER=build/release/minzheng \
#     nice -n 10 bench/screen/publish.sh 1000000 3
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

PERSONS=${1:-1000000}
ROUNDS=${2:-3}
[[ $PERSONS =~ ^[0-9]+$ && $ROUNDS =~ ^[0-9]+$ ]] || bench_die "PERSONS and ROUNDS must be numbers"
BEFORE=$(readlink -f "${BEFORE:?BEFORE=path of the build before}")
AFTER=$(readlink -f "${AFTER:-$BENCH_ROOT/build/release/minzheng}")
ENGINES=${ENGINES:-"sqlite postgres"}
DATE=${DATE:-2022-03-01}
for b in "$BEFORE" "$AFTER"; do
	[ -x "$b" ] || bench_die "no binary at $b"
	! nm -D "$b" 2>/dev/null | grep -q __asan_init || bench_die "$b has sanitizers: use Release builds"
done
bench_need sqlite3 psql awk /usr/bin/time
bench_tmp
case " $ENGINES " in *" postgres "*) bench_pg_start ;; esac
MZ=$AFTER
bench_context
echo "before: $BEFORE"
echo "after:  $AFTER"
# The audit chain's key, outside the database, as `init` makes it.
export MZ_AUDIT_KEY=$BT/audit.key
unset MINZHENG_SCREEN_SNAPSHOT

: >"$BT/runs"
# one ENGINE KIND BIN DB PASS: a whole-city run; appends
# "engine kind pass wall_s cpu_s rss_mib load_ms write_ms write_cpu_ms loadavg" to runs.
one() {
	local engine=$1 kind=$2 bin=$3 db=$4 pass=$5 t0 wall cpu rss loadms writems writecpu la
	la=$(cut -d' ' -f1 /proc/loadavg)
	t0=$EPOCHREALTIME
	if [ "$kind" = after ] && [ "$engine" = postgres ]; then
		MINZHENG_SCREEN_SNAPSHOT=$BT/pg.columns /usr/bin/time -v -o "$BT/time" \
			"$bin" screen --db "$db" --date "$DATE" >"$BT/out" 2>"$BT/err" ||
			{ cat "$BT/err" >&2; bench_die "screen failed ($engine $kind $pass)"; }
	else
		/usr/bin/time -v -o "$BT/time" "$bin" screen --db "$db" --date "$DATE" \
			>"$BT/out" 2>"$BT/err" || { cat "$BT/err" >&2; bench_die "screen failed ($engine $kind $pass)"; }
	fi
	wall=$(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $t0 }")
	cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$BT/time")
	rss=$(bench_rss_mib "$BT/time")
	loadms=$(sed -n 's/^screen: load \([0-9.]*\) ms.*/\1/p' "$BT/err")
	writems=$(sed -n 's/^screen: load .*, write \([0-9.]*\) ms$/\1/p' "$BT/err")
	writecpu=$(sed -n 's/^screen: cpu load .*, write \([0-9.]*\) ms;.*/\1/p' "$BT/err")
	echo "$engine $kind $pass $wall $cpu $rss $loadms $writems $writecpu $la" | tee -a "$BT/runs"
	grep -h 'items\|columns' "$BT/err" | sed 's/^/    /'
}

for engine in $ENGINES; do
	echo
	echo "-- $engine: the city ($PERSONS persons, registry only, seed 7)"
	t0=$EPOCHREALTIME
	if [ "$engine" = sqlite ]; then
		CITY=sqlite:$BT/city.db
	else
		CITY=$(bench_pg_db bench_publish_city)
	fi
	"$AFTER" init --db "$CITY" >/dev/null
	"$AFTER" demo --db "$CITY" --persons "$PERSONS" --seed 7 --registry-only >/dev/null 2>"$BT/demo.err" ||
		{ cat "$BT/demo.err" >&2; bench_die "demo failed on $engine"; }
	[ "$engine" = postgres ] && bench_q "$CITY" "ANALYZE" >/dev/null
	echo "built in $(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }") s;" \
		"households $(bench_q "$CITY" "SELECT count(*) FROM households")"
	for ((r = 1; r <= ROUNDS; r++)); do
		order="before after"
		((r % 2)) || order="after before"
		for kind in $order; do
			bin=$BEFORE
			[ "$kind" = after ] && bin=$AFTER
			if [ "$engine" = sqlite ]; then
				rm -f "$BT"/copy.db*
				for f in "$BT"/city.db "$BT"/city.db-audit; do
					[ -f "$f" ] && cp "$f" "$BT/copy.db${f#"$BT"/city.db}"
				done
				DB=sqlite:$BT/copy.db
			else
				rm -f "$BT/pg.columns"
				DB=$(bench_pg_db bench_publish_copy bench_publish_city)
			fi
			one "$engine" "$kind" "$bin" "$DB" 1
			told=$(bench_q "$DB" "SELECT count(*) FROM events WHERE type = 'screen.item_raised'")
			one "$engine" "$kind" "$bin" "$DB" 2
			"$AFTER" audit verify --db "$DB" >"$BT/verify" 2>&1 ||
				{ cat "$BT/verify" >&2; bench_die "audit verify failed after $kind on $engine"; }
			recs=$(bench_q "$DB" "SELECT count(*) FROM audit_log WHERE action = 'event.publish'")
			echo "    $kind: $told leads told, $recs event.publish records; audit verify: $(head -c 120 "$BT/verify" | tr '\n' ' ')"
			echo "$engine $kind $told $recs" >>"$BT/told"
			[ "$engine" = postgres ] && psql "${PG_BASE}postgres" -XAqt \
				-c "DROP DATABASE bench_publish_copy WITH (FORCE)" >/dev/null
		done
	done
	if [ "$engine" = postgres ]; then
		psql "${PG_BASE}postgres" -XAqt -c "DROP DATABASE bench_publish_city WITH (FORCE)" >/dev/null
	else
		rm -f "$BT"/city.db* "$BT"/copy.db*
	fi
done

echo
echo "== medians of $ROUNDS rounds ($PERSONS persons, every program, $DATE)"
printf '%-9s %-7s %4s %9s %8s %8s %10s %10s %12s %9s\n' engine build pass "wall s" "CPU s" "RSS MiB" \
	"load ms" "write ms" "write CPU" "loadavg"
med() { # engine kind pass column
	awk -v e="$1" -v k="$2" -v p="$3" -v c="$4" '$1 == e && $2 == k && $3 == p { print $c }' "$BT/runs" |
		sort -g | awk '{ v[NR] = $1 } END { if (!NR) print 0; else if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for engine in $ENGINES; do
	for pass in 1 2; do
		for kind in before after; do
			printf '%-9s %-7s %4s %9s %8s %8s %10s %10s %12s %9s\n' "$engine" "$kind" "$pass" \
				"$(med "$engine" "$kind" "$pass" 4)" "$(med "$engine" "$kind" "$pass" 5)" \
				"$(med "$engine" "$kind" "$pass" 6)" "$(med "$engine" "$kind" "$pass" 7)" \
				"$(med "$engine" "$kind" "$pass" 8)" "$(med "$engine" "$kind" "$pass" 9)" \
				"$(med "$engine" "$kind" "$pass" 10)"
		done
		awk -v e="$engine" -v p="$pass" -v bw="$(med "$engine" before "$pass" 4)" -v aw="$(med "$engine" after "$pass" 4)" \
		    -v bl="$(med "$engine" before "$pass" 7)" -v al="$(med "$engine" after "$pass" 7)" \
		    -v bx="$(med "$engine" before "$pass" 8)" -v ax="$(med "$engine" after "$pass" 8)" 'BEGIN {
			printf "%-9s after/before, pass %s: wall %.2fx, load %.2fx, write %.2fx\n", e, p,
				bw ? aw / bw : 0, bl ? al / bl : 0, bx ? ax / bx : 0 }'
	done
	awk -v e="$engine" '$1 == e { printf "%s %s: %s leads told, %s event.publish records\n", e, $2, $3, $4 }' "$BT/told" | sort -u
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

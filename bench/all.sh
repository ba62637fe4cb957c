#!/usr/bin/env bash
# bench/all.sh [HARNESS...] - runs every harness of bench/ (or those named)
# one after another and prints one table: for each, its key lines (the
# ratios against its peer and the figures the issues set targets for), its
# wall and CPU time, and the load average before and after it (the machine
# is shared: a figure measured under load says so beside it).
#
#   bench/all.sh                       every harness with its own defaults
#   bench/all.sh screen search         only these
#   bench/all.sh --summary DIR         the table again from the logs of a run
#
# Each harness's full output goes to OUT/NAME.log (OUT default
# /tmp/bench-all-YYYYmmdd-HHMMSS, printed at the start); the table is also
# written to OUT/summary.txt. A harness that fails is reported as FAILED
# with its log's last line, and the others still run.
# Environment: OUT; ARGS_<name> the arguments of one harness (e.g.
# ARGS_screen=20000000, ARGS_search=20000000); every variable the harnesses
# read (MZ_BIN, RUNS, ENGINES, CITY_DIR, CITY_DB, PG_CITY, ...) passes
# through. bench/citus runs only with CITUS_URL set (it needs a cluster).
# The CPU time is that of the harness and every process it waited for
# (servers it started included; a PostgreSQL server started by
# scripts/pg_server.sh is not counted, it is not the harness's child).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

ALL="import read screen search canteen payroll safetynet volunteer scaling hall pg20m citus"

# The lines of a harness's log that carry its result, by harness.
key_lines() { # NAME LOG
	local pat
	case $1 in
	import) pat='^(sqlite|postgres) +[0-9.]+ +[0-9.]+ +[0-9.]+x|^postgres / sqlite' ;;
	read) pat='% +[0-9.]+ +(MET|MISSED)|^postgres / sqlite' ;;
	screen) pat='x \| |^postgres / sqlite|^memory-bandwidth|^whole city' ;;
	search) pat='^(id|name|surname) +c=|^worst median' ;;
	canteen) pat='^(peak|ceiling) ' ;;
	payroll) pat='^  ratio|^== |^  minzheng' ;;
	safetynet) pat='events/s' ;;
	volunteer) pat='p99|ms an order' ;;
	*) pat='^RESULT|ratio' ;;
	esac
	grep -E "$pat" "$2" | sed -e 's/^RESULT //' -e 's/[[:space:]]\+$//'
}

summary() { # OUT
	local out=$1 name
	printf '%-10s %-7s %8s %8s %-17s %s\n' harness status "wall s" "CPU s" "load before/after" "result"
	for name in $(cat "$out/order" 2>/dev/null); do
		local meta=$out/$name.meta log=$out/$name.log status wall cpu l0 l1 first=1
		[ -f "$meta" ] || continue
		read -r status wall cpu l0 l1 <"$meta"
		if [ "$status" != ok ]; then
			printf '%-10s %-7s %8s %8s %-17s %s\n' "$name" "$status" "$wall" "$cpu" "$l0/$l1" \
				"$(grep -v '^\s*$' "$log" | tail -1 | cut -c1-100)"
			continue
		fi
		while IFS= read -r line; do
			if [ $first = 1 ]; then
				printf '%-10s %-7s %8s %8s %-17s %s\n' "$name" ok "$wall" "$cpu" "$l0/$l1" "$line"
				first=0
			else
				printf '%-10s %-7s %8s %8s %-17s %s\n' "" "" "" "" "" "$line"
			fi
		done < <(key_lines "$name" "$log")
		[ $first = 1 ] && printf '%-10s %-7s %8s %8s %-17s %s\n' "$name" ok "$wall" "$cpu" "$l0/$l1" "(no result line)"
	done
}

if [ "${1:-}" = --summary ]; then
	[ -d "${2:-}" ] || { echo "usage: bench/all.sh --summary DIR" >&2; exit 2; }
	summary "$2"
	exit 0
fi

names=${*:-$ALL}
for name in $names; do
	[ -x "$HERE/$name/run.sh" ] || { echo "bench/all.sh: no harness bench/$name/run.sh" >&2; exit 2; }
done
OUT=${OUT:-/tmp/bench-all-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
: >"$OUT/order"
echo "bench/all.sh: logs in $OUT; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for name in $names; do
	if [ "$name" = citus ] && [ -z "${CITUS_URL:-}" ]; then
		echo "skipped (no CITUS_URL)" >"$OUT/$name.log"
		echo "skipped - - - -" >"$OUT/$name.meta"
		echo "$name" >>"$OUT/order"
		continue
	fi
	args_var=ARGS_$name
	read -r -a args <<<"${!args_var:-}"
	[ "$name" = citus ] && [ ${#args[@]} -eq 0 ] && args=(1000000 "$CITUS_URL")
	l0=$(cut -d' ' -f1 /proc/loadavg)
	echo "== $name ${args[*]} (load $l0) $(date -u +%H:%M:%S)"
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%U %S' -o "$OUT/$name.cpu" "$HERE/$name/run.sh" "${args[@]}" >"$OUT/$name.log" 2>&1
	rc=$?
	wall=$(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }")
	cpu=$(awk '{ printf "%.0f", $1 + $2 }' "$OUT/$name.cpu" 2>/dev/null)
	l1=$(cut -d' ' -f1 /proc/loadavg)
	echo "$([ $rc = 0 ] && echo ok || echo FAILED) $wall ${cpu:--} $l0 $l1" >"$OUT/$name.meta"
	echo "$name" >>"$OUT/order"
done
echo
summary "$OUT" | tee "$OUT/summary.txt"

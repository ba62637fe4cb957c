#!/usr/bin/env bash
# bench/screen/snapshot.sh CITY.db [ROUNDS=3]
#
# The screening column snapshot (issue 18, item 5) against the build before
# it, on copies of one SQLite city, interleaved round by round:
#   before    BEFORE screen (the build without the snapshot: a full load)
#   cold      AFTER screen --snapshot --full-load (loads the registry in full,
#             writes the snapshot)
#   snapshot  AFTER screen --snapshot (maps the file; nothing changed)
#   changed   AFTER screen --snapshot after CHANGES persons' incomes changed,
#             each with its trace row (as a registry writer leaves it)
# Every run every program, under /usr/bin/time -v: wall, peak RSS, and the
# load stage the run prints. Prints each kind's median and the ratios to
# "before", with the load average. Before the rounds each copy is screened
# once (the worklist then holds the findings, so every timed run writes only
# changes) and the two worklists compared; at the end the worklist of the
# last run from the snapshot is compared with a full load's.
#
#   BEFORE=/path/minzheng-main AFTER=build/release/minzheng \
#     MZ_AUDIT_KEY=city.key bench/screen/snapshot.sh /tmp/city1m.db 3
set -euo pipefail
CITY=${1:?usage: snapshot.sh CITY.db [ROUNDS]}
ROUNDS=${2:-3}
BEFORE=${BEFORE:?BEFORE=path of the build before}
AFTER=${AFTER:-build/release/minzheng}
DATE=${DATE:-2022-03-01}
CHANGES=${CHANGES:-1000}
WORK=${WORK:-$(mktemp -d /tmp/mz-snapbench.XXXXXX)}
export MINZHENG_POLICY_DIR=${MINZHENG_POLICY_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/policies/guangzhou}

cp "$CITY" "$WORK/before.db"
cp "$CITY" "$WORK/after.db"
run() { # kind binary db args...
	local kind=$1 bin=$2 db=$3
	shift 3
	/usr/bin/time -v -o "$WORK/time" nice -n 10 "$bin" screen --db "sqlite:$db" --date "$DATE" "$@" \
		>/dev/null 2>"$WORK/err"
	local wall rss load cpu
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/time")
	rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$WORK/time")
	load=$(sed -n 's/^screen: load \([0-9.]*\) ms.*/\1/p' "$WORK/err")
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time")
	echo "$kind $wall $rss $load $(cut -d' ' -f1 /proc/loadavg) $cpu" | tee -a "$WORK/runs"
	grep -h "columns" "$WORK/err" >&2 || true
}
change() { # CHANGES persons' wages up by one fen, with their trace rows
	sqlite3 -cmd '.timeout 10000' "$WORK/after.db" "BEGIN;
	CREATE TEMP TABLE pick AS SELECT person_id FROM person_incomes ORDER BY random() LIMIT $CHANGES;
	UPDATE person_incomes SET monthly_fen = monthly_fen + 1 WHERE person_id IN (SELECT person_id FROM pick);
	INSERT INTO registry_changes (entity, lo, hi, changed_at)
	  SELECT 'person', person_id, person_id, strftime('%s','now') FROM pick;
	COMMIT;"
}
worklist() {
	sqlite3 "$1" "SELECT household_id, program, kind, amount_fen, enrolled_amount_fen, failed,
	  division_code FROM screen_items WHERE status = 'open' ORDER BY household_id, program, kind" |
		md5sum | cut -c1-12
}
echo "# warm-up: each copy screened once" >&2
run warm-before "$BEFORE" "$WORK/before.db" >/dev/null
run warm-after "$AFTER" "$WORK/after.db" --snapshot >/dev/null
a=$(worklist "$WORK/before.db")
b=$(worklist "$WORK/after.db")
echo "open worklist, before's build $a, after's $b: $([ "$a" = "$b" ] && echo same || echo DIFFERENT)"
: >"$WORK/runs"
for r in $(seq "$ROUNDS"); do
	run before "$BEFORE" "$WORK/before.db"
	run cold "$AFTER" "$WORK/after.db" --snapshot --full-load
	run snapshot "$AFTER" "$WORK/after.db" --snapshot
	change
	run changed "$AFTER" "$WORK/after.db" --snapshot
done
# After the changes: the snapshot run's worklist against a full load's.
a=$(worklist "$WORK/after.db")
run check "$AFTER" "$WORK/after.db" --snapshot --full-load >/dev/null
b=$(worklist "$WORK/after.db")
echo "open worklist after the changes, from the snapshot $a, full load $b: $([ "$a" = "$b" ] && echo same || echo DIFFERENT)"
median() { sort -n | awk '{v[NR] = $1} END {print NR ? (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) : 0}'; }
printf '%-9s %10s %8s %10s %12s %9s\n' kind "wall s" "CPU s" "RSS MiB" "load ms" "loadavg"
for k in before cold snapshot changed; do
	w=$(awk -v k=$k '$1 == k {print $2}' "$WORK/runs" | median)
	m=$(awk -v k=$k '$1 == k {print $3}' "$WORK/runs" | median)
	l=$(awk -v k=$k '$1 == k {print $4}' "$WORK/runs" | median)
	a=$(awk -v k=$k '$1 == k {print $5}' "$WORK/runs" | median)
	c=$(awk -v k=$k '$1 == k {print $6}' "$WORK/runs" | median)
	printf '%-9s %10s %8s %10s %12s %9s\n' "$k" "$w" "$c" "$m" "$l" "$a"
	eval "w_$k=$w m_$k=$m"
done
for k in cold snapshot changed; do
	eval "w=\$w_$k m=\$m_$k"
	awk -v k=$k -v w="$w" -v b="$w_before" -v m="$m" -v mb="$m_before" \
		'BEGIN {printf "%-9s wall %.2fx of before, peak RSS %.2fx\n", k, w / b, m / mb}'
done
echo "runs and logs: $WORK"

#!/bin/sh
# bench/exports/run.sh - the server's memory while it exports a big list as
# XLSX: the binary before the constant-memory export (BEFORE: the whole
# workbook held by libxlsxwriter, then read back into one buffer) against
# ours (rows streamed to a temporary file, the file sent from the disk).
#
#   BEFORE=build/before/minzheng AFTER=build/release/minzheng DB=demo.db RUNS=3 \
#     bench/exports/run.sh
#
# MZ_AUDIT_KEY: the key file the demo made beside DB (its var/audit.key).
# DB: a database made by BEFORE (`init` + `demo --persons N`); it is copied
# for each side and migrated by that side's `init`. Each run starts a fresh
# server (so its peak resident size, VmHWM, belongs to that run), signs in,
# exports GET /api/v1/persons.xlsx (every person, up to BEFORE's 50,000-row
# cap) and reads VmHWM and the server's resident size before the export.
# Runs alternate A B A B ... on the same machine; medians are printed with
# the load average. Loopback only.
set -eu
: "${BEFORE:?BEFORE binary}" "${AFTER:?AFTER binary}" "${DB:?a demo database}"
RUNS=${RUNS:-3}
PATH_Q=${PATH_Q:-/api/v1/persons.xlsx}
TMP=$(mktemp -d /tmp/mz-bench-exports.XXXXXX)
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT INT TERM
PID=""
POL=$(cd "$(dirname "$0")/../.." && pwd)/policies/guangzhou

prepare() { # bin name
	cp "$DB" "$TMP/$2.db"
	"$1" init --db "$TMP/$2.db" >/dev/null
	printf 'Bench@2026pass\n' | "$1" user add --db "$TMP/$2.db" --login bench_admin --name 测试 \
		--role city_admin --scope 440100 --password-stdin >/dev/null 2>&1 || true
}

run_one() { # bin name -> "rss_before_kib hwm_kib seconds rows_bytes"
	"$1" serve --db "$TMP/$2.db" --port 0 --policy "$POL" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	port=""
	for _ in $(seq 1 200); do
		port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$TMP/out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { cat "$TMP/err" >&2; exit 1; }
	tok=$(curl -s -X POST -H 'Content-Type: application/json' \
		-d '{"login":"bench_admin","password":"Bench@2026pass","bearer":true}' \
		"http://127.0.0.1:$port/api/v1/session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	rss0=$(awk '/^VmRSS/ {print $2}' /proc/$PID/status)
	t0=$(date +%s.%N)
	bytes=$(curl -s -o "$TMP/x.xlsx" -w '%{size_download}' -H "Authorization: Bearer $tok" \
		"http://127.0.0.1:$port$PATH_Q")
	t1=$(date +%s.%N)
	hwm=$(awk '/^VmHWM/ {print $2}' /proc/$PID/status)
	kill -TERM $PID; wait $PID 2>/dev/null || true
	PID=""
	echo "$rss0 $hwm $(echo "$t1 - $t0" | bc) $bytes"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

prepare "$BEFORE" before
prepare "$AFTER" after
: >"$TMP/before.txt"; : >"$TMP/after.txt"
i=0
while [ $i -lt "$RUNS" ]; do
	run_one "$BEFORE" before >>"$TMP/before.txt"
	run_one "$AFTER" after >>"$TMP/after.txt"
	i=$((i + 1))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for side in before after; do
	f="$TMP/$side.txt"
	echo "$side: rss at start $(cut -d' ' -f1 "$f" | median) KiB, peak $(cut -d' ' -f2 "$f" | median) KiB," \
		"export $(cut -d' ' -f3 "$f" | median) s, $(cut -d' ' -f4 "$f" | median) bytes (runs: $(tr '\n' ';' <"$f"))"
done
b=$(cut -d' ' -f2 "$TMP/before.txt" | median); a=$(cut -d' ' -f2 "$TMP/after.txt" | median)
b0=$(cut -d' ' -f1 "$TMP/before.txt" | median); a0=$(cut -d' ' -f1 "$TMP/after.txt" | median)
echo "peak growth during the export: before $((b - b0)) KiB, after $((a - a0)) KiB; ratio $(echo "scale=2; ($b - $b0) / ($a - $a0)" | bc)"

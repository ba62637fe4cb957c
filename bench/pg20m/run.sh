#!/usr/bin/env bash
# bench/pg20m/run.sh [N=20000000] - the issue 6 check on PostgreSQL: a city of
# N persons (20 M: Guangzhou's size and then some), measured through the real
# server and against COPY.
#
# 1. Reads, through `minzheng serve --quiet --threads THREADS`, signed in as a
#    city-wide user (the widest scope) with every request audited by group
#    commit as in production: person search by ID number, by full name and by
#    surname (one character, the widest prefix a user types), and the
#    household page (GET /api/v1/households/ID). SAMPLE persons and
#    households at a fixed stride over the whole id range; wrk -d DURATION
#    --latency --timeout 10s at 1 and 16 connections, RUNS runs, median.
#    A run with any non-2xx answer or socket error is refused.
# 2. Import rate: IMPORT_N new persons (bench/import/gen_persons.mjs: valid
#    GB 11643 numbers none of which is registered yet) imported by
#    `minzheng import persons` into the N-person registry (every row
#    validated: check character, date, address code, name, community in
#    scope, hukou, disability, duplicates in the file and in the database;
#    then inserted in one transaction with one audit record), against
#    psql's `\copy` of the same rows with every column already derived (sex,
#    birth date, id, timestamps) into the same table of the same database,
#    so the same indexes and foreign keys at the same size, validated by
#    nothing but the table's constraints. When the schema has
#    person_id_numbers (the ID-number table every person insert writes), the
#    peer copies its rows too. The rows of run 1 are checked to be the same
#    on both sides. After every run the new rows are deleted and the tables
#    vacuumed, so every run starts from the same N persons; a CHECKPOINT
#    before each run keeps one run's dirty pages off the next one's clock.
#    IMPORT_RUNS runs each, alternating, median of the wall times.
# Reuse a built city with PG_CITY=postgres://... (N is then the city's own);
# otherwise a throwaway server (scripts/pg_server.sh, fsync on) gets
# `minzheng demo --persons N --seed 1`, timed.
# Environment: PG_CITY, THREADS (8), DURATION (10s), RUNS (3), SAMPLE (10000),
# KINDS (the reads: "id name surname household"), IMPORT_N (1000000),
# IMPORT_RUNS (2), SKIP_READS=1, SKIP_IMPORT=1, MZ_BIN,
# KEEP, BENCH_TMP (the import files: ~250 MB per million persons, plus the
# registry's ID numbers, 19 bytes a person).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-20000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/pg20m/run.sh [N]"
THREADS=${THREADS:-8}
DURATION=${DURATION:-10s}
SAMPLE=${SAMPLE:-10000}
IMPORT_N=${IMPORT_N:-1000000}
IMPORT_RUNS=${IMPORT_RUNS:-2}
KINDS=${KINDS:-"id name surname household"}
bench_need wrk curl node psql
bench_bin
bench_tmp
chmod 755 "$BT" # a throwaway PostgreSQL server runs as user postgres
cd "$BT"
PG_DIR=""
stop_pg() { [ -n "$PG_DIR" ] && "$BENCH_ROOT/scripts/pg_server.sh" stop "$PG_DIR" >/dev/null 2>&1; true; }
trap 'stop_pg; bench_cleanup' EXIT

q() { psql "$DB" -XAqt -F ' ' -v ON_ERROR_STOP=1 -c "$1"; }
seconds_since() { awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $1 }"; }

DB=${PG_CITY:-}
echo "== pg20m: person search, household page and import on PostgreSQL =="
bench_context
if [ -z "$DB" ]; then
	PG_DIR=$BT/pg
	DB=$("$BENCH_ROOT/scripts/pg_server.sh" start "$PG_DIR")
	t0=$EPOCHREALTIME
	"$MZ" init --db "$DB" >/dev/null
	"$MZ" demo --persons "$N" --seed 1 --db "$DB" >demo.out 2>demo.err ||
		{ cat demo.err >&2; bench_die "demo failed"; }
	s=$(seconds_since "$t0")
	awk -v s="$s" -v n="$N" 'BEGIN { printf "build: demo --persons %d in %.1f s = %.0f persons/s\n", n, s, n / s }'
fi
N=$(q "SELECT count(*) FROM persons")
echo "city: $N persons, $(q "SELECT count(*) FROM households") households," \
	"database $(q "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo "server: $(q "SELECT version()" | cut -d' ' -f1-2); shared_buffers $(q "SHOW shared_buffers")," \
	"work_mem $(q "SHOW work_mem"), max_wal_size $(q "SHOW max_wal_size"), fsync $(q "SHOW fsync")," \
	"synchronous_commit $(q "SHOW synchronous_commit")"

# ---- 1. reads ------------------------------------------------------------------

if [ "${SKIP_READS:-0}" != 1 ]; then
	pw="bench-$RANDOM$RANDOM"
	printf '%s\n' "$pw" | "$MZ" user add --login bench_pg20m --name 压测 --role city_admin --scope 440100 \
		--password-stdin --db "$DB" >/dev/null 2>&1 ||
		printf '%s\n' "$pw" | "$MZ" user passwd --login bench_pg20m --password-stdin --db "$DB" >/dev/null

	max_id=$(q "SELECT max(id) FROM persons")
	max_h=$(q "SELECT max(id) FROM households")
	# k * 2654435761 mod max: a fixed stride that visits the whole id range.
	q "SELECT p.id_number, p.name FROM persons p WHERE p.id IN (SELECT ((k * 2654435761) % $max_id) + 1
		FROM generate_series(1, $SAMPLE) k)" >sample.txt
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
	token=$(bench_token bench_pg20m "$pw")
	for kind in id name surname household; do
		code=$(curl -s -o probe.json -w '%{http_code}' -H "Authorization: Bearer $token" "$URL$(head -1 $kind.txt)")
		[ "$code" = 200 ] || { cat probe.json >&2; bench_die "$kind probe: HTTP $code"; }
	done
	audit0=$(q "SELECT count(*) FROM audit_log")
	echo
	echo "reads: serve --threads $THREADS; wrk -d$DURATION --latency; median of $RUNS runs; ms"
	printf '%-10s %-4s %9s %9s %9s   %s\n' request c p50 p99 req/s "p99 of each run"
	for kind in $KINDS; do
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
			printf 'RESULT %-10s c=%-3s %9.2f %9.2f %9.0f   %s  (load %s)\n' "$kind" "$c" \
				"$(bench_median "${p50s[@]}")" "$(bench_median "${p99s[@]}")" "$(bench_median "${rates[@]}")" \
				"${p99s[*]}" "$(cut -d' ' -f1 /proc/loadavg)"
		done
	done
	bench_serve_stop
	echo "audit: $(($(q "SELECT count(*) FROM audit_log") - audit0)) records appended by the reads"
fi

# ---- 2. import against COPY ---------------------------------------------------------

[ "${SKIP_IMPORT:-0}" = 1 ] && exit 0
echo
echo "import: $IMPORT_N new persons into the $N-person registry"
q "SELECT code FROM divisions WHERE level = 4" >communities.txt
q "COPY (SELECT id_number FROM persons) TO STDOUT" >existing.txt
first_id=$(q "SELECT max(id) + 1 FROM persons")
now=$(date +%s)
t0=$EPOCHREALTIME
node --max-old-space-size=8192 "$BENCH_ROOT/bench/import/gen_persons.mjs" --n "$IMPORT_N" --seed 1 \
	--communities communities.txt --exclude existing.txt --first-id "$first_id" \
	--now "$now" --ours ours.csv --peer peer.csv
rm -f existing.txt
echo "files: ours.csv $(du -h ours.csv | cut -f1) (9 columns), peer.csv $(du -h peer.csv | cut -f1)" \
	"(16 columns) in $(seconds_since "$t0") s"

peer_cols=$(head -1 peer.csv)
# CSV reads an unquoted empty field as NULL: the text columns that hold ''
# where nothing is known must read it as ''. death_date stays NULL.
peer_copy="\\copy persons($peer_cols) FROM 'peer.csv' WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (address, phone, disability_kind, flags))"
# The ID-number table, when the schema has one: the peer writes it too.
idn_cols=$(q "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
	WHERE table_schema = current_schema() AND table_name = 'person_id_numbers'")
idn_copy=""
if [ -n "$idn_cols" ]; then
	# Its columns from the persons file: id_number and person_id (= id), and
	# the person's division when it carries one.
	node - "$idn_cols" <<'EOF' || bench_die "person_id_numbers has columns this harness cannot fill: $idn_cols"
const fs = require('fs');
const want = process.argv[2].split(',');
const lines = fs.readFileSync('peer.csv', 'utf8').trimEnd().split('\n');
const head = lines[0].split(',');
const from = { id_number: 'id_number', person_id: 'id', division_code: 'division_code' };
const idx = want.map((c) => { if (!from[c]) { console.error('no source for ' + c); process.exit(1); } return head.indexOf(from[c]); });
const out = [want.join(',')];
for (let i = 1; i < lines.length; i++) { const f = lines[i].split(','); out.push(idx.map((k) => f[k]).join(',')); }
fs.writeFileSync('peer_idn.csv', out.join('\n') + '\n');
EOF
	idn_copy="\\copy person_id_numbers($idn_cols) FROM 'peer_idn.csv' WITH (FORMAT csv, HEADER true)"
	echo "schema has person_id_numbers($idn_cols): the peer copies it too"
fi
ours_cmd=("$MZ" import persons ours.csv --db "$DB")
peer_cmd=(psql "$DB" -Xq -v ON_ERROR_STOP=1 -c "BEGIN" -c "$peer_copy")
[ -n "$idn_copy" ] && peer_cmd+=(-c "$idn_copy")
peer_cmd+=(-c "COMMIT")

# Back to the N persons: the new rows go (foreign key triggers off: nothing
# refers to them yet), VACUUM gives their heap and index space back.
reset_city() {
	local t
	psql "$DB" -XAqt -v ON_ERROR_STOP=1 -c "SET session_replication_role = replica" \
		${idn_cols:+-c "DELETE FROM person_id_numbers WHERE person_id >= $first_id"} \
		-c "DELETE FROM persons WHERE id >= $first_id" >/dev/null
	for t in persons ${idn_cols:+person_id_numbers}; do q "VACUUM $t" >/dev/null; done
	[ "$(q "SELECT count(*) FROM persons")" = "$N" ] || bench_die "reset left $(q "SELECT count(*) FROM persons") persons"
}
rows_digest() { # the new rows, every column but id and the clock's
	q "SELECT count(*) FROM persons WHERE id >= $first_id"
	q "SELECT id_number, name, sex, birth_date, division_code, address, phone, hukou, disability_kind,
		disability_grade, flags, coalesce(death_date, '-'), version FROM persons WHERE id >= $first_id
		ORDER BY id_number" | md5sum | cut -c1-16
	[ -n "$idn_cols" ] && q "SELECT count(*) FROM person_id_numbers n JOIN persons p ON p.id = n.person_id
		AND p.id_number = n.id_number WHERE p.id >= $first_id"
	true
}
time_run() { # label cmd... -> prints seconds; output in LABEL.out
	local label=$1 t
	shift
	q "CHECKPOINT" >/dev/null
	t=$EPOCHREALTIME
	"$@" >"$label.out" 2>&1 || { cat "$label.out" >&2; bench_die "$label failed"; }
	seconds_since "$t"
}

# Run 1 is also the check: before its reset, each side's rows are digested,
# and the two must be the same.
audit0=$(q "SELECT count(*) FROM audit_log WHERE action = 'person.import'")
ours_t=() peer_t=()
for r in $(seq "$IMPORT_RUNS"); do
	ours_t+=("$(time_run ours-$r "${ours_cmd[@]}")")
	echo "run $r: minzheng import ${ours_t[-1]} s (load $(cut -d' ' -f1 /proc/loadavg))"
	if [ "$r" = 1 ]; then
		ours_digest=$(rows_digest)
		audits=$(($(q "SELECT count(*) FROM audit_log WHERE action = 'person.import'") - audit0))
	fi
	reset_city
	peer_t+=("$(time_run peer-$r "${peer_cmd[@]}")")
	echo "run $r: COPY ${peer_t[-1]} s (load $(cut -d' ' -f1 /proc/loadavg))"
	if [ "$r" = 1 ]; then
		peer_digest=$(rows_digest)
		[ "$(head -1 <<<"$ours_digest")" = "$IMPORT_N" ] ||
			bench_die "minzheng import stored $(head -1 <<<"$ours_digest") rows, not $IMPORT_N"
		[ "$ours_digest" = "$peer_digest" ] ||
			bench_die "the two stored different rows: $(echo $ours_digest) vs $(echo $peer_digest)"
		[ "$audits" = 1 ] || bench_die "our import left $audits audit records, not 1"
		echo "check: both stored the same $IMPORT_N rows (digest $(echo $ours_digest)); ours also wrote 1 audit record"
	fi
	reset_city
done
ours_m=$(bench_median "${ours_t[@]}")
peer_m=$(bench_median "${peer_t[@]}")
awk -v n="$IMPORT_N" -v o="$ours_m" -v p="$peer_m" -v runs="$IMPORT_RUNS" 'BEGIN {
	printf "median wall time of %d runs each:\n", runs
	printf "RESULT minzheng import %8.1f s %10.0f rows/s\n", o, n / o
	printf "RESULT COPY            %8.1f s %10.0f rows/s\n", p, n / p
	printf "RESULT ratio (ours / COPY time): %.2fx\n", o / p }'

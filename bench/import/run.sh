#!/usr/bin/env bash
# bench/import/run.sh [N=1000000] - `minzheng import persons` against the
# engine's own bulk loader of the same N rows into the same tables: sqlite3's
# `.import` on SQLite, psql's `\copy` (COPY FROM STDIN) on PostgreSQL. On each
# engine of ENGINES (default "sqlite postgres"; see bench/lib.sh), one table.
#
# Both start from a copy of one fresh database (`minzheng init` + `minzheng
# demo --persons 1 --seed 1`: schema, indexes, the 2,780 communities, one
# person; on PostgreSQL a template database copied before each run). Ours
# reads the 9 import columns and validates every row (ID number
# check digit, birth date, address code; name; community exists and is in
# scope; hukou; disability; duplicates in the file and in the database), then
# inserts in one transaction and appends one audit record. The peer reads a
# CSV with every column of the persons table already derived (sex, birth
# date, id, timestamps), plus the (id_number, person_id) rows of
# person_id_numbers when the schema has that table (ours writes them too),
# and validates nothing but the tables' constraints; sqlite3 runs with the
# settings our store uses (foreign_keys=ON, synchronous=FULL, WAL, a 64 MiB
# page cache, temp_store=MEMORY), psql in one transaction with the server's
# defaults (synchronous_commit on, as ours). Before timing, one run of each
# is checked to store the same rows. Timing is hyperfine's, RUNS runs each
# (default 3), median of the wall times.
# Target (issue 2): ours within 2x of .import.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-1000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/import/run.sh [N]"
ENGINES=${ENGINES:-"sqlite postgres"}
bench_need sqlite3 hyperfine node
bench_bin
bench_tmp
case " $ENGINES " in *" postgres "*) bench_pg_start ;; esac
cd "$BT"

echo "== import: $N persons, minzheng import vs the engine's bulk loader ($ENGINES) =="
bench_context
# The base database of each engine: schema, communities, one person.
: >existing.txt
first_id=1
for engine in $ENGINES; do
	if [ "$engine" = sqlite ]; then
		base="sqlite:$BT/base.db"
	else
		base=$(bench_pg_db bench_import_base)
	fi
	"$MZ" init --db "$base" >/dev/null
	"$MZ" demo --persons 1 --seed 1 --db "$base" >/dev/null 2>&1
	[ "$engine" = sqlite ] && sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
		sqlite3 base.db-audit "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	bench_q "$base" "SELECT code FROM divisions WHERE level = 4 ORDER BY code" >communities.txt
	bench_q "$base" "SELECT id_number FROM persons" >>existing.txt
	id=$(bench_q "$base" "SELECT max(id) + 1 FROM persons")
	[ "$id" -gt "$first_id" ] && first_id=$id
	# Ours writes person_id_numbers too (when the schema has it): so does the peer.
	has_numbers=$(bench_q "$base" "SELECT count(*) FROM person_id_numbers" 2>/dev/null || echo none)
done
now=$(date +%s)
echo "generating $N persons ($(wc -l <communities.txt) communities)..."
node "$BENCH_ROOT/bench/import/gen_persons.mjs" --n "$N" --seed 1 \
	--communities communities.txt --exclude existing.txt --first-id "$first_id" \
	--now "$now" --ours ours.csv --peer peer.csv
peer_cols=$(head -1 peer.csv)
if [ "$has_numbers" != none ]; then
	awk -F, 'NR == 1 { print "id_number,person_id"; next } { print $2 "," $1 }' peer.csv >numbers.csv
	echo "files: ours.csv $(du -h ours.csv | cut -f1) (9 columns), peer.csv $(du -h peer.csv | cut -f1)" \
		"($(head -1 peer.csv | tr , "\n" | wc -l) columns) + numbers.csv $(du -h numbers.csv | cut -f1) (person_id_numbers)"
else
	echo "files: ours.csv $(du -h ours.csv | cut -f1) (9 columns), peer.csv $(du -h peer.csv | cut -f1) ($(head -1 peer.csv | tr , "\n" | wc -l) columns)"
fi

# The same rows in both? (death_date: .import stores '' where ours stores
# NULL; created_at is the clock's: both left out of the comparison.)
rows_digest() {
	bench_q "$1" "SELECT count(*) FROM persons"
	bench_q "$1" "SELECT id, id_number, name, sex, birth_date, division_code, address, phone,
		        hukou, disability_kind, disability_grade, flags, coalesce(death_date, ''),
		        version, marital_status FROM persons ORDER BY id" | md5sum | cut -c1-16
	[ "$has_numbers" = none ] ||
		bench_q "$1" "SELECT id_number, person_id FROM person_id_numbers ORDER BY id_number" | md5sum | cut -c1-16
}

declare -A PEER_NAME
for engine in $ENGINES; do
	echo
	echo "-- $engine --"
	if [ "$engine" = sqlite ]; then
		run="sqlite:run.db"
		# The audit log's own file travels with the copy (src/store/sqlite_audit_file.h).
		fresh='rm -f run.db run.db-wal run.db-shm run.db-audit* && cp base.db run.db && cp base.db-audit run.db-audit'
		# The peer gets the settings src/store/store_sqlite.c gives our
		# connections (WAL is a property of the file, set by init): without
		# the same page cache it would spill index pages to the WAL and look
		# slower than it is.
		peer_cmd="sqlite3 run.db 'PRAGMA foreign_keys=ON' 'PRAGMA synchronous=FULL'"
		peer_cmd+=" 'PRAGMA cache_size=-65536' 'PRAGMA temp_store=MEMORY'"
		if [ "$has_numbers" = none ]; then
			peer_cmd+=" '.import --csv --skip 1 peer.csv persons'"
		else
			peer_cmd+=" 'BEGIN' '.import --csv --skip 1 peer.csv persons'"
			peer_cmd+=" '.import --csv --skip 1 numbers.csv person_id_numbers' 'COMMIT'"
		fi
		PEER_NAME[$engine]="sqlite3 .import"
	else
		run="${PG_BASE}bench_import_run"
		fresh="psql '${PG_BASE}postgres' -XAq -c 'SET client_min_messages = warning'"
		fresh+=" -c 'DROP DATABASE IF EXISTS bench_import_run WITH (FORCE)'"
		fresh+=" -c 'CREATE DATABASE bench_import_run TEMPLATE bench_import_base'"
		# CSV empty fields are NULL to COPY; the generator writes '' for
		# the NOT NULL DEFAULT '' columns, as ours stores them.
		{
			echo "BEGIN;"
			echo "\\copy persons ($peer_cols) FROM 'peer.csv' WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (address, phone, disability_kind, flags))"
			[ "$has_numbers" = none ] || echo "\\copy person_id_numbers (id_number, person_id) FROM 'numbers.csv' WITH (FORMAT csv, HEADER true)"
			echo "COMMIT;"
		} >copy.sql
		peer_cmd="psql '$run' -XAq -v ON_ERROR_STOP=1 -f copy.sql"
		PEER_NAME[$engine]="psql \\copy"
	fi
	ours_cmd="$MZ import persons ours.csv --db $run"

	eval "$fresh"
	eval "$ours_cmd" >/dev/null 2>ours.err || { cat ours.err >&2; bench_die "our import failed on $engine"; }
	ours_digest=$(rows_digest "$run" | tr '\n' ' ')
	ours_audit=$(bench_q "$run" "SELECT count(*) FROM audit_log WHERE action = 'person.import'")
	eval "$fresh"
	eval "$peer_cmd" >/dev/null 2>peer.err || { cat peer.err >&2; bench_die "${PEER_NAME[$engine]} failed"; }
	peer_digest=$(rows_digest "$run" | tr '\n' ' ')
	count=$(bench_q "$run" "SELECT count(*) FROM persons")
	[ "$count" -eq $((N + 1)) ] || bench_die "expected $((N + 1)) persons after ${PEER_NAME[$engine]}, found $count"
	[ "$ours_digest" = "$peer_digest" ] ||
		bench_die "$engine: the two imports stored different rows ($ours_digest/ $peer_digest)"
	[ "$ours_audit" = 1 ] || bench_die "our import left no audit record on $engine"
	echo "check: both stored the same $N rows (count, digests: $ours_digest); ours also wrote 1 audit record"

	hyperfine --style basic --runs "$RUNS" --prepare "$fresh" --export-json "times-$engine.json" \
		-n minzheng "$ours_cmd" -n "${PEER_NAME[$engine]}" "$peer_cmd" >"hyperfine-$engine.txt" 2>&1 ||
		{ cat "hyperfine-$engine.txt" >&2; bench_die "hyperfine failed"; }
done

node - "$N" "$RUNS" $ENGINES <<'EOF'
const fs = require('fs');
const [n, runs] = process.argv.slice(2, 4).map(Number);
const engines = process.argv.slice(4);
const med = (a) => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const row = (x) => ({ name: x.command, wall: med(x.times), cpu: x.user + x.system, times: x.times });
const res = {};
for (const e of engines) {
  const r = JSON.parse(fs.readFileSync(`times-${e}.json`, 'utf8')).results;
  res[e] = { ours: row(r[0]), peer: row(r[1]) };
}
const fmt = (e, name, x) => `${e.padEnd(9)} ${name.padEnd(16)} ${x.wall.toFixed(2).padStart(7)} s ` +
  `${Math.round(n / x.wall).toLocaleString('en').padStart(10)} rows/s  ` +
  `(mean cpu ${x.cpu.toFixed(2)} s; runs: ${x.times.map((t) => t.toFixed(2)).join(' ')} s)`;
console.log(`\nmedian wall time of ${runs} runs each, ${n} persons:`);
for (const e of engines) {
  console.log(fmt(e, 'minzheng import', res[e].ours));
  console.log(fmt(e, res[e].peer.name, res[e].peer));
}
console.log('\nengine     ours s   peer s   ours/peer   goal <= 1.20x (issue 18)');
for (const e of engines) {
  const ratio = res[e].ours.wall / res[e].peer.wall;
  console.log(`${e.padEnd(9)} ${res[e].ours.wall.toFixed(2).padStart(7)} ${res[e].peer.wall.toFixed(2).padStart(8)}` +
    `   ${ratio.toFixed(2).padStart(8)}x   ${ratio <= 1.2 ? 'MET' : 'MISSED'}`);
}
if (res.sqlite && res.postgres)
  console.log(`postgres / sqlite: ours ${(res.postgres.ours.wall / res.sqlite.ours.wall).toFixed(2)}x, ` +
    `peer ${(res.postgres.peer.wall / res.sqlite.peer.wall).toFixed(2)}x`);
EOF

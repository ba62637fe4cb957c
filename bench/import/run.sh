#!/usr/bin/env bash
# bench/import/run.sh [N=1000000] - `minzheng import persons` against sqlite3's
# own `.import` of the same N rows into the same table.
#
# Both start from a copy of one fresh database (`minzheng init` + `minzheng
# demo --persons 1 --seed 1`: schema, indexes, the 2,780 communities, one
# person). Ours reads the 9 import columns and validates every row (ID number
# check digit, birth date, address code; name; community exists and is in
# scope; hukou; disability; duplicates in the file and in the database), then
# inserts in one transaction and appends one audit record. The peer reads a
# CSV with every column of the persons table already derived (sex, birth
# date, id, timestamps) and validates nothing but the table's constraints;
# it runs with the settings our store uses (foreign_keys=ON, synchronous=FULL,
# WAL, a 64 MiB page cache, temp_store=MEMORY). Before timing, one run of each
# is checked to store the same rows. Timing is hyperfine's, RUNS runs each
# (default 3), median of the wall times.
# Target (issue 2): ours within 2x of .import.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-1000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/import/run.sh [N]"
bench_need sqlite3 hyperfine node
bench_bin
bench_tmp
cd "$BT"

echo "== import: $N persons, minzheng import vs sqlite3 .import =="
bench_context
"$MZ" init --db "sqlite:$BT/base.db" >/dev/null
"$MZ" demo --persons 1 --seed 1 --db "sqlite:$BT/base.db" >/dev/null 2>&1
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sqlite3 base.db "SELECT code FROM divisions WHERE level = 4" >communities.txt
sqlite3 base.db "SELECT id_number FROM persons" >existing.txt
first_id=$(sqlite3 base.db "SELECT max(id) + 1 FROM persons")
now=$(date +%s)
echo "generating $N persons ($(wc -l <communities.txt) communities)..."
node "$BENCH_ROOT/bench/import/gen_persons.mjs" --n "$N" --seed 1 \
	--communities communities.txt --exclude existing.txt --first-id "$first_id" \
	--now "$now" --ours ours.csv --peer peer.csv
echo "files: ours.csv $(du -h ours.csv | cut -f1) (9 columns)," \
	"peer.csv $(du -h peer.csv | cut -f1) (16 columns)"

fresh='rm -f run.db run.db-wal run.db-shm && cp base.db run.db'
ours_cmd="$MZ import persons ours.csv --db sqlite:run.db"
# The peer gets the settings src/store/store_sqlite.c gives our connections
# (WAL is a property of the file, set by init): without the same page cache
# it would spill index pages to the WAL and look slower than it is.
peer_cmd="sqlite3 run.db 'PRAGMA foreign_keys=ON' 'PRAGMA synchronous=FULL'"
peer_cmd+=" 'PRAGMA cache_size=-65536' 'PRAGMA temp_store=MEMORY' '.import --csv --skip 1 peer.csv persons'"

# The same rows in both? (death_date: .import stores '' where ours stores
# NULL; created_at is the clock's: both left out of the comparison.)
rows_digest() {
	sqlite3 run.db "SELECT count(*) FROM persons" \
		"SELECT id, id_number, name, sex, birth_date, division_code, address, phone,
		        hukou, disability_kind, disability_grade, flags, coalesce(death_date, ''),
		        version FROM persons ORDER BY id" | md5sum | cut -c1-16
}
eval "$fresh"
eval "$ours_cmd" >/dev/null 2>ours.err || { cat ours.err >&2; bench_die "our import failed"; }
ours_digest=$(rows_digest)
ours_audit=$(sqlite3 run.db "SELECT count(*) FROM audit_log WHERE action = 'person.import'")
eval "$fresh"
eval "$peer_cmd" >/dev/null 2>peer.err || { cat peer.err >&2; bench_die "sqlite3 .import failed"; }
peer_digest=$(rows_digest)
count=$(sqlite3 run.db "SELECT count(*) FROM persons")
[ "$count" -eq $((N + 1)) ] || bench_die "expected $((N + 1)) persons after .import, found $count"
[ "$ours_digest" = "$peer_digest" ] || bench_die "the two imports stored different rows"
[ "$ours_audit" = 1 ] || bench_die "our import left no audit record"
echo "check: both stored the same $N rows (digest $ours_digest); ours also wrote 1 audit record"

hyperfine --style basic --runs "$RUNS" --prepare "$fresh" --export-json times.json \
	-n minzheng "$ours_cmd" -n sqlite3 "$peer_cmd" >hyperfine.txt 2>&1 ||
	{ cat hyperfine.txt >&2; bench_die "hyperfine failed"; }

node - "$N" "$RUNS" <<'EOF'
const fs = require('fs');
const [n, runs] = process.argv.slice(2).map(Number);
const r = JSON.parse(fs.readFileSync('times.json', 'utf8')).results;
const med = (a) => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const row = (x) => ({ wall: med(x.times), cpu: x.user + x.system, times: x.times });
const ours = row(r[0]), peer = row(r[1]);
const fmt = (name, x) => `${name.padEnd(16)} ${x.wall.toFixed(2).padStart(7)} s  ` +
  `${Math.round(n / x.wall).toLocaleString('en').padStart(10)} rows/s   ` +
  `(mean cpu ${x.cpu.toFixed(2)} s; runs: ${x.times.map((t) => t.toFixed(2)).join(' ')} s)`;
console.log(`median wall time of ${runs} runs each:`);
console.log(fmt('minzheng import', ours));
console.log(fmt('sqlite3 .import', peer));
const ratio = ours.wall / peer.wall;
console.log(`ratio (ours / .import time): ${ratio.toFixed(2)}x  target <= 2.00x: ${ratio <= 2 ? 'MET' : 'MISSED'}`);
EOF

#!/usr/bin/env bash
# bench/payroll/run.sh [ENROLLMENTS=1000000] [HOUSEHOLDS=100000] [EVIDENCE=50000000]
#
# Two measurements of social assistance at city scale, each against the same
# work written as SQL and run by the sqlite3 CLI on the same database:
#
# 1. Payroll: `minzheng payroll run --month M` for ENROLLMENTS enrollments
#    (city-wide), against one INSERT ... SELECT of the payment lines plus the
#    UPDATE of paid_through, in one transaction. Both start from a copy of the
#    same database; the lines they write are checked to be the same.
#    Ours also: sweeps recorded deaths first, writes in chunks of 20,000
#    enrollments (one transaction each: a crash loses one chunk), audits
#    every chunk, retries failed lines, recomputes the run's totals.
#
# 2. Verification (核对): `minzheng assistance reverify` of HOUSEHOLDS
#    enrolled households against EVIDENCE agency rows, against one
#    INSERT ... SELECT computing, for every member, the latest agency value
#    of every income and asset kind, comparing it with the declaration and
#    counting discrepancies per household. Ours also: writes the full
#    report (JSON, every line with its source) per household, one audit
#    entry each, and a review task on each case with a discrepancy. The
#    per-household discrepancy counts of both are checked to be equal.
#
# Data: the registry comes from `minzheng demo` (persons, households,
# declared incomes and assets). Enrollments, cases and the EVIDENCE agency
# rows are generated directly with SQL (see docs/benchmarks.md: importing
# 50M rows through `minzheng import evidence` works but takes the import's
# time, which is measured separately here on IMPORT_ROWS rows).
# Timing: hyperfine, RUNS runs for payroll (default 3, median); the
# verification runs once each (RUNS_VERIFY, default 1: the database is
# several GB and the outputs are cleared between runs).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

ENROLLMENTS=${1:-1000000}
HOUSEHOLDS=${2:-100000}
EVIDENCE=${3:-50000000}
IMPORT_ROWS=${IMPORT_ROWS:-1000000}
RUNS_VERIFY=${RUNS_VERIFY:-1}
for n in "$ENROLLMENTS" "$HOUSEHOLDS" "$EVIDENCE" "$IMPORT_ROWS"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/payroll/run.sh [ENROLLMENTS] [HOUSEHOLDS] [EVIDENCE]"
done
bench_need sqlite3 hyperfine node
bench_bin
bench_tmp
cd "$BT"

PRAGMAS=(-cmd 'PRAGMA foreign_keys=ON' -cmd 'PRAGMA synchronous=FULL' -cmd 'PRAGMA cache_size=-65536'
	-cmd 'PRAGMA temp_store=MEMORY')
MONTH=$(TZ=Asia/Shanghai date +%Y-%m)
PREV=$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
TODAY=$(TZ=Asia/Shanghai date +%F)
bench_context
echo "disk: $(df -h "$BT" | awk 'NR == 2 { print $4 " free in " $6 }')"

# ---------------------------------------------------------------- registry
# About 2.7 persons per household in the demo city.
PERSONS=$((HOUSEHOLDS * 27 / 10 + 1000))
echo "== registry: minzheng demo --persons $PERSONS =="
"$MZ" init --db "sqlite:$BT/base.db" >/dev/null
"$MZ" demo --persons "$PERSONS" --seed 11 --db "sqlite:$BT/base.db" >/dev/null 2>&1
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# The audit log's own file travels with each copy (src/store/sqlite_audit_file.h).
sqlite3 base.db-audit "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "$(sqlite3 base.db 'SELECT COUNT(*) FROM persons') persons," \
	"$(sqlite3 base.db 'SELECT COUNT(*) FROM households') households"

# ---------------------------------------------------------------- payroll
echo
echo "== payroll: $ENROLLMENTS enrollments, month $MONTH, minzheng payroll run vs one SQL statement =="
cp base.db pay.db
cp base.db-audit pay.db-audit
# Enrollments of every program across the city's communities, paid through
# last month (so the run writes one line each), with 1% owed two months
# (back pay), 2% suspended and 3% ended before this month (nothing owed).
# Each is its own household (ids beyond the registry's: payroll reads no
# household), so the deaths sweep that opens every run has nothing to do,
# as in any month after the first.
sqlite3 pay.db >/dev/null <<SQL
CREATE TEMP TABLE comm (i INTEGER PRIMARY KEY, code TEXT);
INSERT INTO comm (code) SELECT code FROM divisions WHERE level = 4 ORDER BY code;
BEGIN;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $ENROLLMENTS)
INSERT INTO enrollments (program, household_id, division_code, amount_fen, start_month, end_month,
                         paid_through, status, review_months, bank_account, created_at, updated_at)
SELECT CASE k % 10 WHEN 0 THEN 'tekun' WHEN 1 THEN 'disability_living' WHEN 2 THEN 'disability_care'
                   WHEN 3 THEN 'orphan' ELSE 'dibao' END,
       100000000 + k,
       (SELECT code FROM comm WHERE i = 1 + (k * 7919) % (SELECT COUNT(*) FROM comm)),
       20000 + (k * 104729) % 250000,
       '2022-01',
       CASE WHEN k % 100 < 3 THEN '2022-06' END,
       CASE WHEN k % 100 = 5 THEN '$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-15) -3 month" +%Y-%m)'
            WHEN k % 100 < 3 THEN '2022-06' ELSE '$PREV' END,
       CASE WHEN k % 100 < 3 THEN 'ended' WHEN k % 100 IN (7, 8) THEN 'suspended' ELSE 'active' END,
       12, printf('62220200%08d', k), 0, 0
FROM n;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "$(sqlite3 pay.db 'SELECT COUNT(*) FROM enrollments') enrollments" \
	"($(sqlite3 pay.db "SELECT COUNT(*) FROM enrollments WHERE status = 'active'") active)"

fresh_pay='rm -f run.db run.db-wal run.db-shm run.db-audit* && cp pay.db run.db && cp pay.db-audit run.db-audit'
ours_pay="$MZ payroll run --month $MONTH --as bench --db sqlite:run.db"
cat >peer_pay.sql <<SQL
BEGIN;
INSERT INTO payroll_runs (month, scope_code, seq, created_by, created_at) VALUES ('$MONTH', '440100', 1, 'peer', 0);
INSERT INTO payments (run_id, enrollment_id, household_id, month, program, division_code, amount_fen, kind)
SELECT (SELECT id FROM payroll_runs WHERE month = '$MONTH' AND scope_code = '440100' AND seq = 1),
       e.id, e.household_id, m.month, e.program, e.division_code, e.amount_fen,
       CASE WHEN m.month = '$MONTH' THEN 'regular' ELSE 'back_pay' END
FROM enrollments e JOIN pay_months m ON m.month >= e.start_month AND m.month <= '$MONTH'
 AND (e.paid_through IS NULL OR m.month > e.paid_through) AND (e.end_month IS NULL OR m.month <= e.end_month)
WHERE e.status <> 'suspended'
ON CONFLICT (enrollment_id, household_id, month) DO NOTHING;
UPDATE enrollments SET paid_through = '$MONTH' WHERE status <> 'suspended' AND start_month <= '$MONTH'
 AND (paid_through IS NULL OR paid_through < '$MONTH');
COMMIT;
SQL
peer_pay="sqlite3 ${PRAGMAS[*]@Q} run.db '.read peer_pay.sql'"

pay_digest() {
	sqlite3 run.db "SELECT enrollment_id, month, program, division_code, amount_fen, kind, status
	                FROM payments ORDER BY enrollment_id, month" | md5sum | cut -c1-16
}
eval "$fresh_pay"
eval "$ours_pay" >ours_pay.json 2>ours_pay.err || { cat ours_pay.err >&2; bench_die "our payroll run failed"; }
ours_lines=$(sqlite3 run.db "SELECT COUNT(*) FROM payments")
ours_digest=$(pay_digest)
ours_total=$(sqlite3 run.db "SELECT SUM(amount_fen) FROM payments")
eval "$fresh_pay"
eval "$peer_pay" >/dev/null 2>peer_pay.err || { cat peer_pay.err >&2; bench_die "the SQL payroll failed"; }
peer_digest=$(pay_digest)
[ "$ours_digest" = "$peer_digest" ] || bench_die "the two payrolls wrote different lines"
echo "check: both wrote the same $ours_lines lines, total $ours_total fen (digest $ours_digest)"
hyperfine --style basic --runs "$RUNS" --prepare "$fresh_pay" --export-json pay.json \
	-n minzheng "$ours_pay" -n sqlite3 "$peer_pay" >pay_hyperfine.txt 2>&1 ||
	{ cat pay_hyperfine.txt >&2; bench_die "hyperfine failed"; }
rm -f run.db run.db-wal run.db-shm run.db-audit* pay.db pay.db-audit*

# ---------------------------------------------------------------- verification
echo
echo "== verification: $HOUSEHOLDS households, $EVIDENCE evidence rows, minzheng assistance reverify vs one SQL statement =="
mv base.db ver.db
mv base.db-audit ver.db-audit
rm -f base.db-wal base.db-shm
# One paying dibao case per household (the first HOUSEHOLDS with a living
# member), its members, and the agency rows: for each member, one row per
# month (24 monthly extracts) and kind, until EVIDENCE rows.
sqlite3 ver.db <<SQL
PRAGMA cache_size=-262144;
BEGIN;
INSERT INTO cases (program, household_id, applicant_id, division_code, intake_street, state, accepted_on,
                   delegated, decision, decided_on, amount_fen, created_by, created_at, updated_at)
SELECT 'dibao', h.id, (SELECT MIN(m.person_id) FROM household_members m JOIN persons p ON p.id = m.person_id
                       WHERE m.household_id = h.id AND m.left_on IS NULL AND p.death_date IS NULL),
       h.division_code, substr(h.division_code, 1, 9), 'paying', '2025-01-10', 1, 'approved', '2025-02-10',
       100000, 'bench', 0, 0
FROM households h
WHERE EXISTS (SELECT 1 FROM household_members m JOIN persons p ON p.id = m.person_id
              WHERE m.household_id = h.id AND m.left_on IS NULL AND p.death_date IS NULL)
ORDER BY h.id LIMIT $HOUSEHOLDS;
INSERT INTO case_members (case_id, household_id, person_id, division_code, relation, attrs)
SELECT c.id, c.household_id, m.person_id, p.division_code, CASE WHEN m.person_id = c.applicant_id THEN 'applicant' ELSE 'other_relation' END, '{}'
FROM cases c JOIN household_members m ON m.household_id = c.household_id AND m.left_on IS NULL
JOIN persons p ON p.id = m.person_id AND p.death_date IS NULL;
COMMIT;
SQL
MEMBERS=$(sqlite3 ver.db "SELECT COUNT(*) FROM case_members")
CASES=$(sqlite3 ver.db "SELECT COUNT(*) FROM cases")
echo "$CASES cases, $MEMBERS members"

# Import rate of the product path, on IMPORT_ROWS rows of one agency file.
sqlite3 ver.db "SELECT p.id_number FROM case_members m JOIN persons p ON p.id = m.person_id ORDER BY m.person_id" >members.txt
node - "$IMPORT_ROWS" <<'EOF' >import.csv
const fs = require('fs');
const ids = fs.readFileSync('members.txt', 'utf8').trim().split('\n');
const n = Number(process.argv[2]);
const kinds = ['wage', 'employee_pension', 'unemployment', 'business', 'property', 'support'];
const out = ['id_number,kind,amount'];
for (let i = 0; i < n; i++) {
  out.push(`${ids[i % ids.length]},${kinds[Math.floor(i / ids.length) % kinds.length]},${(1000 + (i * 7919) % 500000) / 100}`);
  if (out.length === 100000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
EOF
cp ver.db imp.db
cp ver.db-audit imp.db-audit
t0=$(date +%s.%N)
"$MZ" import evidence --category income --source 市人社局 --as-of "$TODAY" import.csv --db sqlite:imp.db >import.out
t1=$(date +%s.%N)
rm -f imp.db imp.db-wal imp.db-shm imp.db-audit*
IMPORT_S=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
echo "import: $(cat import.out): $IMPORT_S s ($(awk "BEGIN { printf \"%d\", $IMPORT_ROWS / $IMPORT_S }") rows/s)"

# The EVIDENCE rows, generated with SQL: indexes dropped while loading and
# rebuilt after (a sort beats 50M random index inserts).
echo "generating $EVIDENCE evidence rows with SQL..."
t0=$(date +%s.%N)
sqlite3 ver.db >/dev/null <<SQL
PRAGMA cache_size=-1048576;
PRAGMA temp_store=FILE;
CREATE TEMP TABLE kinds(i INTEGER PRIMARY KEY, category TEXT, kind TEXT);
INSERT INTO kinds VALUES (0,'income','wage'),(1,'income','employee_pension'),(2,'income','unemployment'),
  (3,'income','business'),(4,'income','property'),(5,'income','support'),(6,'asset','deposits'),(7,'asset','securities');
CREATE TEMP TABLE months(i INTEGER PRIMARY KEY, as_of TEXT);
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 23)
INSERT INTO months SELECT i, date('$TODAY', 'start of month', printf('-%d months', i), '-1 day') FROM m;
BEGIN;
INSERT INTO evidence_batches (category, source, as_of, file_name, sha256, row_count, imported_by, imported_at)
SELECT k.category, CASE k.category WHEN 'income' THEN '市人社局' ELSE '人民银行广州分行' END, m.as_of,
       'bench-' || k.kind || '-' || m.as_of || '.csv', '', 0, 'bench', 0
FROM kinds k, months m ORDER BY m.i, k.i;
DROP INDEX evidence_records_person;
DROP INDEX evidence_records_batch;
CREATE TEMP TABLE bk AS SELECT b.id AS batch_id, k.i AS ki, m.i AS mi, k.category, k.kind, m.as_of
  FROM months m, kinds k JOIN evidence_batches b ON b.file_name = 'bench-' || k.kind || '-' || m.as_of || '.csv'
  ORDER BY k.i, m.i;
CREATE TEMP TABLE px AS SELECT DISTINCT person_id, division_code FROM case_members ORDER BY person_id;
-- Person by person (CROSS JOIN keeps that loop order). One person in ten has
-- agency amounts (a quarter of the kinds) that may exceed what was declared;
-- the agencies report zero for everyone else, so about a quarter of the
-- households show a discrepancy.
INSERT INTO evidence_records (batch_id, person_id, division_code, category, kind, amount_fen, quantity, as_of)
SELECT bk.batch_id, px.person_id, px.division_code, bk.category, bk.kind,
       CASE WHEN px.person_id % 10 = 0 AND (px.person_id / 10 + bk.ki) % 4 = 0
            THEN (px.person_id * 7919 + bk.mi * 104729 + bk.ki * 1299709) % (CASE WHEN bk.category = 'asset' THEN 5000000 ELSE 800000 END)
            ELSE 0 END,
       0, bk.as_of
FROM px CROSS JOIN bk
LIMIT $EVIDENCE;
COMMIT;
CREATE INDEX evidence_records_person ON evidence_records(person_id, category, kind, as_of);
CREATE INDEX evidence_records_batch ON evidence_records(batch_id);
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
t1=$(date +%s.%N)
ROWS=$(sqlite3 ver.db "SELECT COUNT(*) FROM evidence_records")
echo "$ROWS evidence rows in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s; database $(du -h ver.db | cut -f1)"
[ "$ROWS" -eq "$EVIDENCE" ] || echo "note: $MEMBERS members x 24 months x 8 kinds = $((MEMBERS * 192)) rows at most"

ours_ver="$MZ assistance reverify --as-of $TODAY --as bench --db sqlite:ver.db"
clear_ours="sqlite3 ver.db \"DELETE FROM verification_reports; DELETE FROM case_tasks WHERE kind = 'reverify_discrepancy'\""
cat >peer_ver.sql <<SQL
DROP TABLE IF EXISTS peer_reports;
CREATE TABLE peer_reports (case_id BIGINT PRIMARY KEY, discrepancies INTEGER, lines INTEGER);
INSERT INTO peer_reports (case_id, discrepancies, lines)
WITH mem AS (
  SELECT cm.case_id, cm.person_id FROM case_members cm JOIN cases c ON c.id = cm.case_id
  WHERE c.state IN ('paying', 'suspended', 'periodic_review')),
latest AS (
  SELECT r.person_id, r.category, r.kind, MAX(r.as_of) AS as_of FROM evidence_records r
  WHERE r.person_id IN (SELECT person_id FROM mem) AND r.as_of <= '$TODAY' AND r.category IN ('income', 'asset')
  GROUP BY r.person_id, r.category, r.kind),
agency AS (
  SELECT l.person_id, l.category, l.kind, MAX(r.amount_fen) AS fen FROM latest l
  JOIN evidence_records r ON r.person_id = l.person_id AND r.category = l.category AND r.kind = l.kind
   AND r.as_of = l.as_of
  GROUP BY l.person_id, l.category, l.kind),
declared AS (
  SELECT person_id, 'income' AS category, CASE kind WHEN 'wages' THEN 'wage' WHEN 'pension' THEN 'employee_pension'
         WHEN 'veterans_benefit' THEN 'veterans' ELSE kind END AS kind, monthly_fen AS fen FROM person_incomes
  UNION ALL SELECT person_id, 'asset', kind, amount_fen FROM person_assets),
lines AS (
  SELECT a.person_id, CASE WHEN a.fen > COALESCE(d.fen, 0) THEN 1 ELSE 0 END AS disc FROM agency a
  LEFT JOIN declared d ON d.person_id = a.person_id AND d.category = a.category AND d.kind = a.kind
  UNION ALL
  SELECT d.person_id, 0 FROM declared d WHERE d.person_id IN (SELECT person_id FROM mem)
   AND NOT EXISTS (SELECT 1 FROM agency a WHERE a.person_id = d.person_id AND a.category = d.category AND a.kind = d.kind))
SELECT m.case_id, COALESCE(SUM(l.disc), 0), COUNT(l.person_id)
FROM mem m LEFT JOIN lines l ON l.person_id = m.person_id GROUP BY m.case_id;
SQL
peer_ver="sqlite3 ${PRAGMAS[*]@Q} ver.db '.read peer_ver.sql'"

eval "$clear_ours"
eval "$ours_ver" >ours_ver.out 2>ours_ver.err || { cat ours_ver.err >&2; bench_die "our reverify failed"; }
eval "$peer_ver" >/dev/null 2>peer_ver.err || { cat peer_ver.err >&2; bench_die "the SQL verification failed"; }
echo "ours: $(cat ours_ver.out)"
ours_ver_digest=$(sqlite3 ver.db "SELECT case_id, discrepancies,
    (SELECT SUM(json_array_length(value, '\$.lines')) FROM json_each(report, '\$.members'))
  FROM verification_reports ORDER BY case_id" | md5sum | cut -c1-16)
peer_ver_digest=$(sqlite3 ver.db "SELECT case_id, discrepancies, lines FROM peer_reports ORDER BY case_id" | md5sum | cut -c1-16)
[ "$ours_ver_digest" = "$peer_ver_digest" ] || bench_die "the two verifications disagree (per-household discrepancies and lines)"
echo "check: both found the same discrepancies and lines for each of $CASES households" \
	"($(sqlite3 ver.db 'SELECT SUM(discrepancies) FROM peer_reports') discrepancies; digest $ours_ver_digest)"
hyperfine --style basic --runs "$RUNS_VERIFY" --prepare "$clear_ours" --export-json ver.json \
	-n minzheng "$ours_ver" -n sqlite3 "$peer_ver" >ver_hyperfine.txt 2>&1 ||
	{ cat ver_hyperfine.txt >&2; bench_die "hyperfine failed"; }

# ---------------------------------------------------------------- report
node - "$ENROLLMENTS" "$ours_lines" "$HOUSEHOLDS" "$ROWS" "$RUNS" "$RUNS_VERIFY" <<'EOF'
const fs = require('fs');
const [enr, lines, hh, rows, runs, vruns] = process.argv.slice(2).map(Number);
// Wall time is the median; CPU (user + system) the mean: on a shared machine
// the CPU time is the steadier figure.
const load = (f) => {
  const r = JSON.parse(fs.readFileSync(f, 'utf8')).results;
  const get = (n) => { const x = r.find((y) => y.command === n); return { wall: x.median, cpu: x.user + x.system }; };
  return { o: get('minzheng'), p: get('sqlite3') };
};
const show = (title, per, unit, { o, p }) => {
  console.log(title);
  console.log(`  minzheng               ${o.wall.toFixed(2)} s wall, ${o.cpu.toFixed(2)} s CPU   (${Math.round(per / o.wall)} ${unit}/s)`);
  console.log(`  sqlite3, one statement ${p.wall.toFixed(2)} s wall, ${p.cpu.toFixed(2)} s CPU   (${Math.round(per / p.wall)} ${unit}/s)`);
  console.log(`  ratio ours/sqlite3     ${(o.wall / p.wall).toFixed(2)} wall, ${(o.cpu / p.cpu).toFixed(2)} CPU`);
};
console.log('\n== results ==');
show(`payroll: ${enr} enrollments -> ${lines} lines (median of ${runs})`, lines, 'lines', load('pay.json'));
show(`verification: ${hh} households against ${rows} evidence rows (${vruns} run${vruns > 1 ? 's' : ''})`, hh, 'households', load('ver.json'));
EOF

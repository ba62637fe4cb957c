#!/usr/bin/env bash
# bench/auditchains/heads.sh - the audit append's head lock alone, on
# PostgreSQL (fsync on): pgbench runs the append's statements as a write
# transaction does, with the work a write does between its append and its
# commit left out, so what is measured is how appends queue on heads.
#   one    every append takes the one head (the single chain before 0056:
#          UPDATE ... RETURNING to reserve, INSERT, UPDATE the hash)
#   chains each append takes its district's head (six districts, as in
#          bench/auditchains/run.sh: SELECT ... FOR UPDATE, INSERT, one UPDATE)
# CLIENTS (default 16) clients, DURATION (default 10) seconds a run, RUNS
# rounds (default 3) alternating one/chains; prints each run's tps and
# latency, then the medians and the ratio, with the load average.
# Needs MZ_BIN (a Release build of this tree, for `init`); PG_URL to use a
# running server, else a throwaway one (bench/lib.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-10}
bench_need pgbench psql
bench_bin
bench_tmp
bench_pg_start
cd "$BT"
db=$(bench_pg_db bench_heads)
"$MZ" init --db "$db" >/dev/null
psql "$db" -XAqt -c "INSERT INTO audit_head (chain, seq, hash) SELECT '44010' || d, 0, repeat('0', 64)
	FROM generate_series(1, 6) d ON CONFLICT DO NOTHING"
row="at_ms, user_id, login, action, entity, entity_id, division_code, reason, detail, prev_hash, hash"
vals="0, 1, 'bench', 'person.update', 'person', '1', '440105001', '', '{}', repeat('0', 64), md5(random()::text) || md5(random()::text)"
cat >one.sql <<SQL
BEGIN;
UPDATE audit_head SET seq = seq + 1 WHERE chain = 'city' RETURNING seq, hash;
INSERT INTO audit_log (chain, seq, $row) SELECT 'city', seq, $vals FROM audit_head WHERE chain = 'city';
UPDATE audit_head SET hash = md5(random()::text) || md5(random()::text) WHERE chain = 'city';
COMMIT;
SQL
cat >chains.sql <<SQL
\\set d random(1, 6)
BEGIN;
SELECT seq, hash, keyed_from FROM audit_head WHERE chain = '44010' || :d FOR UPDATE;
INSERT INTO audit_log (chain, seq, $row) SELECT chain, seq + 1, $vals FROM audit_head WHERE chain = '44010' || :d;
UPDATE audit_head SET seq = seq + 1, hash = md5(random()::text) || md5(random()::text) WHERE chain = '44010' || :d;
COMMIT;
SQL
bench_context
declare -A TPS LAT
for r in $(seq "$RUNS"); do
	for kind in one chains; do
		out=$(pgbench -n -f "$kind.sql" -c "$CLIENTS" -j 2 -T "$DURATION" "$db" 2>&1)
		tps=$(awk '/^tps = / { print $3 }' <<<"$out")
		lat=$(awk '/^latency average = / { print $4 }' <<<"$out")
		echo "round $r $kind: $tps tps, latency average $lat ms (load $(cut -d' ' -f1 /proc/loadavg))"
		TPS[$kind]+="$tps "
		LAT[$kind]+="$lat "
	done
done
# shellcheck disable=SC2086
for kind in one chains; do
	echo "$kind: median $(bench_median ${TPS[$kind]}) tps, latency $(bench_median ${LAT[$kind]}) ms"
done
# shellcheck disable=SC2086
echo "ratio chains/one: $(awk "BEGIN { printf \"%.2f\", $(bench_median ${TPS[chains]}) / $(bench_median ${TPS[one]}) }")" \
	"(load average now $(cut -d' ' -f1-3 /proc/loadavg))"

#!/usr/bin/env bash
# citus_api.sh BIN URL: the API suite against an already-running Citus
# coordinator (docs/scaling.md, step 5). CI cannot run Citus (Debian packages
# none); this is how the schema and the queries are proven on a real cluster.
#
# URL names an EMPTY database on the coordinator in which `CREATE EXTENSION
# citus` has been run and the workers added (citus_set_coordinator_host,
# citus_add_node; the same database must exist with the extension on each
# worker). The script then does what an operator does:
#   1. minzheng init                       the schema, as on PostgreSQL
#   2. minzheng distribution check         nothing Citus would refuse
#   3. psql -f <(distribution citus-sql)   reference and distributed tables
#   4. minzheng demo, the test users       through the distributed tables
#   5. minzheng serve, the API suite       node --test tests/api/
#   6. minzheng audit verify               the chain after the run
# Skipped, because they restart or back up one PostgreSQL server, which a
# Citus cluster is not: pg_restart (restarts the server under serve),
# backup and audit_chain (pg_dump/restore of one server). MZ_TEST_API_FILES
# runs a subset instead, as in scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: scripts/citus_api.sh BIN postgres://.../db" >&2; exit 2; }
BIN=$(realpath "$1")
DB=$2
TMP=$(mktemp -d /tmp/minzheng-citus.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(realpath tests/lsan.supp)
export MZ_AUDIT_KEY="$TMP/audit.key"
POLICY_DIR="$TMP/policies"
cp -r policies/guangzhou "$POLICY_DIR"
export MZ_POLICY_DIR_UNDER_TEST="$POLICY_DIR"

[ "$(psql "$DB" -qAt -c "SELECT count(*) FROM citus_get_active_worker_nodes()")" -ge 1 ] ||
  fail "$DB is not a Citus coordinator with workers"
[ "$(psql "$DB" -qAt -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")" = 0 ] ||
  fail "$DB is not empty"

echo "=== init, check, distribute ==="
"$BIN" init --db "$DB" >/dev/null || fail "init"
"$BIN" distribution check --db "$DB" || fail "distribution check"
"$BIN" distribution citus-sql >"$TMP/citus.sql" || fail "citus-sql"
psql "$DB" -v ON_ERROR_STOP=1 -qAt -f "$TMP/citus.sql" >/dev/null 2>"$TMP/citus.err" ||
  { cat "$TMP/citus.err"; fail "distribution citus-sql applied on the coordinator"; }
psql "$DB" -qAt -c "SELECT CASE partmethod WHEN 'h' THEN 'distributed' WHEN 'n' THEN 'reference' END,
  count(*) FROM pg_dist_partition GROUP BY 1 ORDER BY 1"
echo "PASS: distribution citus-sql"

echo "=== demo city and fixtures ==="
"$BIN" demo --db "$DB" --persons 3000 --seed 7 >"$TMP/demo.txt" || fail "demo"
for u in "t_admin 测试管理员 city_admin 440100" "t_auditor 测试审计员 auditor 440100" \
         "t_haizhu 海珠经办人 street_caseworker 440105001" \
         "t_haizhu_officer 海珠区干部 district_officer 440105" \
         "t_tianhe 天河经办人 street_caseworker 440106001" \
         "t_community 沙园社区工作人员 community_worker 440105001001" \
         "t_provider 海珠服务机构 service_provider 440105001"; do
  set -- $u
  printf 'Test@2026pass\n' | "$BIN" user add --db "$DB" --login "$1" --name "$2" --role "$3" \
    --scope "$4" --password-stdin >/dev/null || fail "user $1"
done
echo "PASS: demo + users"

echo "=== serve + API suite ==="
MZ_TEST_CLOCK=1 "$BIN" serve --db "$DB" --port 0 --web web/dist --policy "$POLICY_DIR" \
  >"$TMP/serve.out" 2>"$TMP/serve.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$TMP/serve.out")
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$TMP/serve.log"; fail "serve did not start"; }
export BASE_URL="http://127.0.0.1:$PORT" MZ_BIN="$BIN" MZ_DB="$DB" MZ_TEST_PASSWORD='Test@2026pass'
export MZ_TEST_LOGIN=t_admin MZ_TEST_AUDITOR_LOGIN=t_auditor MZ_TEST_AUDITOR_PASSWORD='Test@2026pass'
# A job's run (event delivery, reminders, escalations) is a stream of
# one-row transactions, each a two-phase commit through the coordinator: on
# a loaded 2-core cluster one took over the tests' 20 s wait (run 8). Wait up
# to three minutes for each; a job that fails still fails its test.
export MZ_TEST_JOB_WAIT_MS=${MZ_TEST_JOB_WAIT_MS:-180000}
FILES=${MZ_TEST_API_FILES:-$(ls tests/api/*.test.mjs | grep -vE '/(pg_restart|backup|audit_chain)\.test\.mjs$')}
# shellcheck disable=SC2086
node --test --test-concurrency=1 --test-reporter=spec $FILES >"$TMP/api.out" 2>&1
API_RC=$?
tail -40 "$TMP/api.out"
grep -E '^\s*✖' "$TMP/api.out" | head -40
cp "$TMP/api.out" "${MZ_CITUS_API_OUT:-/dev/null}" 2>/dev/null
cp "$TMP/serve.log" "${MZ_CITUS_SERVE_LOG:-/dev/null}" 2>/dev/null
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_RC=$?; SERVER_PID=""
[ $SERVER_RC -eq 0 ] || echo "FAIL: serve exited with $SERVER_RC"
echo "=== audit chain after the run ==="
"$BIN" audit verify --db "$DB"; VERIFY_RC=$?
[ $API_RC -eq 0 ] && [ $SERVER_RC -eq 0 ] && [ $VERIFY_RC -eq 0 ] && { echo "PASS: API suite on Citus"; exit 0; }
echo "FAIL: API suite on Citus"; exit 1

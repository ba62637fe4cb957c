#!/usr/bin/env bash
# make test: every test, on SQLite and then on PostgreSQL.
#   1. unit tests (cmocka, ASan/UBSan build)
#   2. API end-to-end tests (node:test) against a real `minzheng serve`
#   3. browser tests (Playwright + Debian's Chromium) against the same server
#   4. the fault run: a server with MZ_FAULT_ENABLE=1, writing requests with
#      the Nth storage call failing (tests/fault/fault_run.mjs)
# Then 1, 2 and 4 again with a throwaway PostgreSQL server (scripts/pg_server.sh).
# Before both: the house checks on the sources (table ownership, tiers) and
# the tests that show those checks fail on planted violations.
# Any sanitizer report fails the run.
# For a quicker local loop: MZ_TEST_ENGINES=sqlite (or postgres) runs one engine,
# MZ_TEST_SKIP=unit,browser,fault skips those layers, MZ_TEST_API_FILES and
# MZ_TEST_BROWSER_FILES run a subset of the files. CI sets none of them.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "$1")
BUILD_DIR=$(dirname "$BIN")
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(realpath tests/lsan.supp)
TMP=$(mktemp -d /tmp/minzheng-test.XXXXXX)
# The server decides by a copy of the rules, so tests/api/policy.test.mjs can
# break and restore a file and reload.
POLICY_DIR="$TMP/policies"
cp -r policies/guangzhou "$POLICY_DIR"
export MZ_POLICY_DIR_UNDER_TEST="$POLICY_DIR"
PASSED=0 FAILED=0
SERVER_PID=""
PG_DIR=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$PG_DIR" ] && scripts/pg_server.sh stop "$PG_DIR" >/dev/null 2>&1 && rm -rf "$PG_DIR"
  [ -n "${MZ_TEST_KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

count() { # name rc
  if [ "$2" -eq 0 ]; then PASSED=$((PASSED + 1)); echo "PASS: $1"
  else FAILED=$((FAILED + 1)); echo "FAIL: $1"; fi
}

# Fixture users with known passwords; the demo's own users are for people.
make_users() { # db
  local db=$1
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_admin --name 测试管理员 --role city_admin --scope 440100 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_auditor --name 测试审计员 --role auditor --scope 440100 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_haizhu --name 海珠经办人 --role street_caseworker --scope 440105001 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_haizhu_officer --name 海珠区干部 --role district_officer --scope 440105 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_tianhe --name 天河经办人 --role street_caseworker --scope 440106001 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_community --name 沙园社区工作人员 --role community_worker --scope 440105001001 --password-stdin >/dev/null &&
  printf 'Test@2026pass\n' | "$BIN" user add --db "$db" --login t_provider --name 海珠服务机构 --role service_provider --scope 440105001 --password-stdin >/dev/null
}

start_server() { # db log
  "$BIN" serve --db "$1" --port 0 --web web/dist --policy "$POLICY_DIR" >"$TMP/serve.out" 2>"$2" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$TMP/serve.out")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start:"; cat "$2"; return 1
}

stop_server() { # log -> rc (0 = clean exit, no sanitizer report)
  local rc=0
  kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"; then
    echo "sanitizer report in server log:"; grep -A30 -E 'ERROR: |runtime error:' "$1" | head -60; rc=1
  fi
  return $rc
}

suite() { # engine db-url
  local engine=$1 db=$2
  # The audit chain's key, outside the database (access/audit_key.h); init
  # makes it, every command and the server read it.
  export MZ_AUDIT_KEY="$TMP/audit-$engine.key"
  # Screening's column snapshot is on by default beside a SQLite file; on
  # PostgreSQL it is where this names it (screen_snapshot_default_path).
  if [ "$engine" = postgres ]; then
    export MINZHENG_SCREEN_SNAPSHOT="$TMP/screen-$engine.columns"
  else
    unset MINZHENG_SCREEN_SNAPSHOT
  fi
  if ! skipped unit; then
    echo "=== $engine: unit tests ==="
    # All of them on each engine: a test that needs a database gets it from
    # tests/unit/test_db.h, on PostgreSQL when MZ_TEST_PG_URL is set, else on
    # SQLite; the ones without a database simply run again.
    local pg_test_url=""
    [ "$engine" = postgres ] && pg_test_url=$PG_URL
    (cd "$BUILD_DIR" && MZ_TEST_PG_URL=$pg_test_url ctest --output-on-failure 2>&1 | tail -40)
    count "$engine unit tests (ctest)" ${PIPESTATUS[0]}
  fi

  echo "=== $engine: demo city and fixtures ==="
  "$BIN" init --db "$db" >/dev/null && "$BIN" demo --db "$db" --persons 3000 --seed 7 >"$TMP/demo-$engine.txt" && make_users "$db"
  count "$engine init + demo + users" $?

  echo "=== $engine: API end-to-end ==="
  # MZ_TEST_CLOCK=1: tests may move the server clock (tests/api/lib.mjs setClock).
  MZ_TEST_CLOCK=1 start_server "$db" "$TMP/serve-$engine.log" || { count "$engine server start" 1; return; }
  export BASE_URL="http://127.0.0.1:$PORT" MZ_BIN="$BIN" MZ_DB="$db" MZ_TEST_PASSWORD='Test@2026pass'
  export MZ_TEST_LOGIN=t_admin MZ_TEST_AUDITOR_LOGIN=t_auditor MZ_TEST_AUDITOR_PASSWORD='Test@2026pass'
  # MZ_TEST_API_FILES: a space-separated subset of tests/api/*.test.mjs for a
  # quick loop while working on one domain; the default (and CI) is all.
  # shellcheck disable=SC2086
  node --test --test-concurrency=1 --test-reporter=spec ${MZ_TEST_API_FILES:-tests/api/} >"$TMP/api-$engine.out" 2>&1
  local api_rc=$?
  tail -60 "$TMP/api-$engine.out"
  # The generated probes say how many they were (tests/api/scope_probes.test.mjs).
  grep -m1 -o 'scope probes: .*' "$TMP/api-$engine.out"
  count "$engine API tests" $api_rc
  if [ "$engine" = sqlite ] && ! skipped browser; then
    echo "=== $engine: browser tests ==="
    # shellcheck disable=SC2086
    NODE_PATH=web/node_modules node --test --test-reporter=spec ${MZ_TEST_BROWSER_FILES:-tests/browser/} 2>&1 | tail -40
    count "$engine browser tests" ${PIPESTATUS[0]}
  fi
  stop_server "$TMP/serve-$engine.log"; count "$engine server clean shutdown, no sanitizer reports" $?
  echo "=== $engine: audit chain after the run ==="
  "$BIN" audit verify --db "$db"; count "$engine audit verify" $?

  if ! skipped fault; then
    # Writing requests with the Nth storage call failing (tests/fault/fault_run.mjs):
    # each fully happens or leaves no trace; the audit chain still verifies.
    echo "=== $engine: fault run ==="
    local fault_rc=0
    export MZ_FAULT_ENABLE=1 # lets POST /api/v1/test/fault arm the countdown
    start_server "$db" "$TMP/fault-$engine.log" || fault_rc=1
    unset MZ_FAULT_ENABLE
    if [ $fault_rc -eq 0 ]; then
      BASE_URL="http://127.0.0.1:$PORT" node tests/fault/fault_run.mjs >"$TMP/fault-$engine.out" 2>&1 || fault_rc=1
      grep -v '^PROBLEM' "$TMP/fault-$engine.out" | tail -20; grep -m20 '^PROBLEM' "$TMP/fault-$engine.out"
      stop_server "$TMP/fault-$engine.log" || fault_rc=1
      "$BIN" audit verify --db "$db" || fault_rc=1
    fi
    count "$engine fault run (every request happened or left no trace; audit verify)" $fault_rc
  fi
}

skipped() { case ",${MZ_TEST_SKIP:-}," in *",$1,"*) return 0;; esac; return 1; }
engine_on() { case ",${MZ_TEST_ENGINES:-sqlite,postgres}," in *",$1,"*) return 0;; esac; return 1; }

# The house checks read the sources only, so they run once, before the engines.
echo "=== house checks ==="
node scripts/check_ownership.mjs | tail -20; count "table ownership: a table is used only by its room (scripts/check_ownership.mjs)" ${PIPESTATUS[0]}
node scripts/check_tiers.mjs | tail -20; count "tiers: no include of a higher tier (scripts/check_tiers.mjs)" ${PIPESTATUS[0]}
node --test tests/checks/ 2>&1 | tail -12; count "house checks fail on planted violations (tests/checks)" ${PIPESTATUS[0]}

engine_on sqlite && suite sqlite "sqlite:$TMP/test.db"

if engine_on postgres; then
  PG_DIR=$(mktemp -d /tmp/minzheng-pg.XXXXXX)
  if PG_URL=$(scripts/pg_server.sh start "$PG_DIR"); then
    export PG_URL
    export MZ_PG_DIR="$PG_DIR" # tests/api/pg_restart.test.mjs restarts this server
    suite postgres "$PG_URL"
  else
    count "postgres server start" 1
  fi
fi

echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

#!/usr/bin/env bash
# make run: create the database with a demo city on first start, then serve.
set -euo pipefail
bin=$1 db=$2 port=$3 persons=$4
export MINZHENG_DB=$db
"$bin" init >/dev/null
if [ ! -f var/.demo-done ]; then
  echo "First start: building a demo city of $persons persons (once)..." >&2
  "$bin" demo --persons "$persons" --seed 2026 | tee var/demo-logins.txt
  touch var/.demo-done
else
  echo "Demo logins (from the first start):"
  cat var/demo-logins.txt 2>/dev/null || true
fi
echo "Open http://127.0.0.1:$port"
exec "$bin" serve --port "$port"

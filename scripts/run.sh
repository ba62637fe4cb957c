#!/usr/bin/env bash
# make run: create the database with a demo city on first start, then serve.
set -euo pipefail
bin=$1 db=$2 port=$3 persons=$4
export MINZHENG_DB=$db
if ! out=$("$bin" init 2>&1 >/dev/null); then
  # A demo database made by a pre-release build whose schema has since
  # changed: keep it aside and build a fresh demo city. Any other failure,
  # or a database that is not the demo's, stops here.
  if [[ $out == *"pre-release"* && $db == sqlite:* && -f var/.demo-done ]]; then
    old=${db#sqlite:}
    aside="$old.pre-release-$(date +%Y%m%d%H%M%S)"
    echo "The demo database has an older pre-release schema; moving it to $aside" >&2
    mv "$old" "$aside"; rm -f "$old-wal" "$old-shm" var/.demo-done
    # Its audit log's own file goes with it (src/store/sqlite_audit_file.h).
    if [ -f "$old-audit" ]; then mv "$old-audit" "$aside-audit"; rm -f "$old-audit-wal" "$old-audit-shm"; fi
    "$bin" init >/dev/null
  else
    echo "$out" >&2; exit 1
  fi
fi
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

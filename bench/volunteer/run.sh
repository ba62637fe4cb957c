#!/usr/bin/env bash
# bench/volunteer/run.sh - dispatch latency with VOLUNTEERS (default 100000)
# active volunteers and ORDERS (default 1000) open orders (issue: volunteers,
# item 4). Measures, against the real server:
#  1. placing ORDERS service orders one after another through
#     POST /api/v1/volunteer/service-orders: each is validated, stored,
#     dispatched (candidates read nearest first by division range, ranked
#     by tier, load and rating, an offer written) and audited in one
#     transaction, durable before the answer - p50/p95/p99/max;
#  2. re-dispatching all of them at once when their offers time out
#     (`minzheng volunteer expire-offers`, the job's function): each offer
#     expired and the order offered to the next volunteer, one transaction
#     an order.
# PERSONS (default 110000) residents are imported (bench/import's
# generator); VOLUNTEERS of them are added straight into vol_volunteers (a
# bench shortcut: registering 100,000 people through the API would measure
# registration, not dispatch), with skills, loads 0-2 and ratings spread by
# id, over every community.
# Environment: PERSONS, VOLUNTEERS, ORDERS, MZ_BIN, KEEP (bench/lib.sh).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

PERSONS=${PERSONS:-110000}
VOLUNTEERS=${VOLUNTEERS:-100000}
ORDERS=${ORDERS:-1000}
bench_need curl node sqlite3
bench_bin
bench_tmp
cd "$BT"
HERE="$BENCH_ROOT/bench/volunteer"
DB="sqlite:$BT/city.db"
q() { sqlite3 -cmd '.timeout 10000' "$BT/city.db" "$1"; }

echo "== volunteer: dispatch with $VOLUNTEERS volunteers and $ORDERS open orders =="
bench_context
t0=$EPOCHREALTIME
# The registry from the import (bench/import's generator, one validated
# transaction), not the demo: the demo registers its volunteers one by one
# through the real function, which would time registration, not dispatch.
"$MZ" init --db "$DB" >/dev/null
"$MZ" demo --persons 1 --seed 1 --db "$DB" >/dev/null 2>&1
q "SELECT code FROM divisions WHERE level = 4 ORDER BY code" >communities.txt
q "SELECT id_number FROM persons" >existing.txt
node "$BENCH_ROOT/bench/import/gen_persons.mjs" --n "$PERSONS" --seed 1 --communities communities.txt \
	--exclude existing.txt --first-id "$(q 'SELECT max(id) + 1 FROM persons')" --now "$(date +%s)" \
	--ours persons.csv --peer peer.csv >/dev/null
"$MZ" import persons persons.csv --db "$DB" >/dev/null
echo "registry of $(q 'SELECT count(*) FROM persons') persons built in $(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $t0 }") s"
have=$(q 'SELECT count(*) FROM vol_volunteers')
q "INSERT INTO vol_volunteers (person_id, division_code, name, skills, weekdays, hours, registered_on,
     created_by, created_at, open_orders, rating_sum, rating_n)
   SELECT p.id, p.division_code, p.name,
     CASE p.id % 6 WHEN 0 THEN ',companionship,errand,' WHEN 1 THEN ',repair,errand,' WHEN 2 THEN ',delivery,'
       WHEN 3 THEN ',haircut,companionship,' WHEN 4 THEN ',escort,companionship,' ELSE ',companionship,cleaning,' END,
     127, '08:00-20:00', '2026-01-01', 'bench', 0, p.id % 3, (p.id % 5) * 4 + 4, p.id % 5 + 1
   FROM persons p WHERE p.death_date IS NULL
     AND NOT EXISTS (SELECT 1 FROM vol_volunteers v WHERE v.person_id = p.id)
   ORDER BY p.id LIMIT $((VOLUNTEERS - have))"
q 'ANALYZE'
echo "volunteers: $(q "SELECT count(*) FROM vol_volunteers WHERE status = 'active'") active"
q "SELECT id FROM persons WHERE death_date IS NULL ORDER BY (id * 7919) % 100003 LIMIT $ORDERS" >residents.txt
password="Bench-$RANDOM$RANDOM"
printf '%s\n' "$password" | "$MZ" user add --login bench_admin --name 压测管理员 --role city_admin \
	--scope 440100 --password-stdin --db "$DB" >/dev/null

bench_serve "$MZ" "$DB"
node "$HERE/orders.mjs" "$URL" bench_admin "$password" residents.txt
bench_serve_stop

offered=$(q "SELECT count(*) FROM vol_offers WHERE answer = 'pending'")
q "UPDATE vol_offers SET deadline = 0 WHERE answer = 'pending'"
t0=$EPOCHREALTIME
"$MZ" volunteer expire-offers --db "$DB"
dt=$(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $t0 }")
echo "re-dispatch of $offered timed-out offers: $dt s ($(awk "BEGIN { printf \"%.1f\", $dt * 1000 / ($offered > 0 ? $offered : 1) }") ms an order, expiry + next candidate + offer + audit)"
"$MZ" volunteer check-ledger --db "$DB"

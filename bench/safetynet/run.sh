#!/usr/bin/env bash
# bench/safetynet/run.sh [N=1000000] - N inbound events through the safety
# net's ingest: `minzheng safetynet import` of a department's CSV, each row
# checked (GB 11643 ID number, type, date, amount), looked up in the
# registry within the department's scope, deduplicated by the sender's id,
# stored with its provenance and audit record, and run through the
# monitoring rules (policies/guangzhou/alerts: window lookups of the
# person's other events, registry facts, open-alert dedupe, one work order
# per route, routed to the community worker). Transactions of BATCH rows
# (default 500). Reports the rate and the time spent evaluating the rules
# (the import's evaluate_seconds, a monotonic clock around the evaluation).
#
# The city: `minzheng demo --persons PERSONS --seed 1` (default 100,000),
# one event a person on average every ~36 days at N=1M. On each engine of
# ENGINES (default "sqlite"; "sqlite postgres" for both).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

N=${1:-1000000}
[[ $N =~ ^[1-9][0-9]*$ ]] || bench_die "usage: bench/safetynet/run.sh [N]"
PERSONS=${PERSONS:-100000}
BATCH=${BATCH:-500}
ENGINES=${ENGINES:-sqlite}
bench_need sqlite3 node
bench_bin
bench_tmp
case " $ENGINES " in *" postgres "*) bench_pg_start ;; esac
cd "$BT"

echo "== safetynet ingest: $N events, demo city of $PERSONS persons, batch $BATCH ($ENGINES) =="
bench_context
for engine in $ENGINES; do
	if [ "$engine" = sqlite ]; then db="sqlite:$BT/sn.db"; else db=$(bench_pg_db bench_safetynet); fi
	export MZ_AUDIT_KEY="$BT/audit-$engine.key"
	"$MZ" init --db "$db" >/dev/null
	"$MZ" demo --persons "$PERSONS" --seed 1 --db "$db" >/dev/null 2>&1
	"$MZ" safetynet department-add --code bench-health --name 卫健委 --scope 440100 --rate 100000 --db "$db" >/dev/null
	bench_q "$db" "SELECT id_number FROM persons WHERE death_date IS NULL OR death_date = ''" >persons.txt
	[ -s events.csv ] || node "$BENCH_ROOT/bench/safetynet/gen_events.mjs" --n "$N" --seed 1 --persons persons.txt >events.csv
	echo "$engine: $(wc -l <persons.txt) living persons, $(($(wc -l <events.csv) - 1)) events"
	start=$(date +%s.%N)
	"$MZ" safetynet import --department bench-health --batch "$BATCH" --db "$db" events.csv >result.json
	end=$(date +%s.%N)
	node -e '
		const r = JSON.parse(require("fs").readFileSync("result.json", "utf8"));
		const wall = Number(process.argv[1]);
		const n = r.stored + r.duplicates + r.refused;
		console.log(`'"$engine"': ${n} rows in ${wall.toFixed(1)} s = ${Math.round(n / wall)} events/s;` +
			` stored ${r.stored}, refused ${r.refused}, duplicates ${r.duplicates};` +
			` ${r.alerts} alerts, ${r.orders} work orders;` +
			` rules evaluation ${r.evaluate_seconds.toFixed(1)} s (${(r.evaluate_seconds * 1e6 / Math.max(r.stored, 1)).toFixed(0)} us an event, ${(100 * r.evaluate_seconds / wall).toFixed(0)}% of the wall time)`);
	' "$(echo "$end - $start" | bc)"
	# Idempotency at scale: the same file again stores nothing.
	if [ "${AGAIN:-0}" = 1 ]; then
		"$MZ" safetynet import --department bench-health --batch "$BATCH" --db "$db" events.csv >again.json
		node -e 'const r = JSON.parse(require("fs").readFileSync("again.json", "utf8")); if (r.stored) { console.error("the second import stored rows"); process.exit(1); } console.log(`again: ${r.duplicates} duplicates, nothing stored`);'
	fi
done

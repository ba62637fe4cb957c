// The demo city after a year of running (issue 13): `minzheng demo` builds a
// fresh city of N = 20,000 persons (not 200,000: under ASan the larger city
// takes minutes; the proportions are the same) as of a fixed date, and its
// services stand at Guangzhou's proportions scaled to N (docs/domain.md,
// "Scale of the city"), with every case state present, twelve months of
// payroll, visits, meals and calls, and an audit chain that verifies.
// Its own database of the engine under test, so the shared one is untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB } from './lib.mjs';

const N = 20000;
const AS_OF = '2026-06-15';
const pg = DB.startsWith('postgres');
let url, dir, out, env;

function q(statement) {
  if (pg) return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statement], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [url.replace(/^sqlite:/, ''), statement], { encoding: 'utf8' }).trim();
}
const n = (statement) => Number(q(statement));

before(() => {
  // Its own audit key (and so its own signed checkpoints): the shared
  // database's checkpoints are not this chain's.
  dir = mkdtempSync(join(tmpdir(), 'mz-demo-city-'));
  env = { ...process.env, MZ_AUDIT_KEY: join(dir, 'audit.key') };
  if (pg) {
    const name = `mz_demo_city_${process.pid}`;
    execFileSync('psql', [DB, '-qAt', '-c', `CREATE DATABASE ${name}`]);
    url = DB.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  } else {
    url = `sqlite:${join(dir, 'city.db')}`;
  }
  let r = spawnSync(BIN, ['init', '--db', url], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  r = spawnSync(BIN, ['demo', '--db', url, '--persons', String(N), '--seed', '3', '--as-of', AS_OF],
    { encoding: 'utf8', maxBuffer: 1 << 24, env });
  assert.equal(r.status, 0, r.stderr);
  out = r.stdout;
});

after(() => {
  if (pg) execFileSync('psql', [DB, '-qAt', '-c', `DROP DATABASE IF EXISTS mz_demo_city_${process.pid}`]);
  rmSync(dir, { recursive: true, force: true });
});

test('demo refuses an as-of date that is not a date', () => {
  const r = spawnSync(BIN, ['demo', '--db', url, '--as-of', '2026-02-30'], { encoding: 'utf8', env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--as-of must be a date/);
});

test('the output names the as-of date and every domain part', () => {
  assert.match(out, new RegExp(`services as of ${AS_OF}, after a year of running`));
  assert.match(out, /assistance: \d+ dibao applications over the year/);
  assert.match(out, /eldercare: \d+ canteens/);
  for (const login of ['canteen_operator', 'homecare_provider', 'callcentre_operator']) assert.match(out, new RegExp(`\\n  ${login} +service_provider`));
});

test('every state of the dibao procedure is present, with its events', () => {
  const states = new Set(q("SELECT DISTINCT state FROM cases WHERE program = 'dibao'").split('\n'));
  for (const s of ['accepted', 'verifying', 'investigating', 'reviewing', 'notice', 'paying', 'periodic_review', 'refused', 'ended', 'withdrawn']) {
    assert.ok(states.has(s), `a case in state ${s} (have ${[...states].join(', ')})`);
  }
  // Refusals give their reasons and were notified; objections are open on running notices.
  assert.ok(n("SELECT count(*) FROM case_events WHERE action = 'refuse' AND note LIKE '%不符合%'") > 0);
  assert.equal(n("SELECT count(*) FROM cases c WHERE state = 'refused' AND NOT EXISTS (SELECT 1 FROM case_events v WHERE v.case_id = c.id AND v.action = 'notify_refusal')"), 0);
  assert.ok(n("SELECT count(*) FROM case_objections o JOIN cases c ON c.id = o.case_id WHERE o.outcome IS NULL AND c.state = 'notice'") > 0);
  assert.ok(n('SELECT count(*) FROM verification_reports') > 0, 'verification reports');
  assert.ok(n("SELECT count(*) FROM enrollments WHERE phase_out_until IS NOT NULL") > 0, 'a gradual exit');
  assert.ok(n('SELECT count(*) FROM integrity_records') > 0, 'an integrity record');
  // Some cases are overdue on the as-of day: a task whose due date has passed.
  assert.ok(n(`SELECT count(*) FROM case_tasks WHERE done_at IS NULL AND due_on < '${AS_OF}'`) > 0, 'overdue work');
});

test('dibao households at the city proportion (26,092 for 18.8 million)', () => {
  const expected = Math.max(24, Math.floor(N * 26092 / 18800000));
  const enrolled = n("SELECT count(*) FROM enrollments WHERE program = 'dibao' AND status IN ('active', 'suspended')");
  assert.ok(enrolled >= expected * 0.7 && enrolled <= expected * 1.3, `${enrolled} enrolled for ${expected} expected`);
});

test('eleven monthly payroll runs, each approved by a second person, released and reconciled', () => {
  const runs = q("SELECT month || '|' || status || '|' || (created_by <> approved_by) FROM payroll_runs ORDER BY month").split('\n');
  assert.deepEqual(runs.map((r) => r.split('|')[0]), ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
  for (const r of runs) assert.match(r, /\|released\|(1|t|true)$/);
  const paid = n("SELECT count(*) FROM payments WHERE status = 'paid'");
  const failed = n("SELECT count(*) FROM payments WHERE status = 'failed'");
  assert.equal(n("SELECT count(*) FROM payments WHERE status IN ('pending', 'sent')"), 0, 'every line answered by the bank');
  assert.ok(failed >= 1 && failed < paid * 0.05, `${failed} failed of ${paid}`);
});

test('elderly care: canteens and 平安通 at the city proportions, providers linked to accounts', () => {
  assert.equal(n('SELECT count(*) FROM ec_canteens'), Math.max(11, Math.floor(N / 17600)));
  const subs = n("SELECT count(*) FROM ec_call_subscribers WHERE status = 'active'");
  const expected = Math.floor(N * 126000 / 18800000);
  assert.ok(Math.abs(subs - expected) <= Math.max(3, expected * 0.05), `${subs} subscribers for ${expected}`);
  assert.equal(n("SELECT count(*) FROM ec_provider_users"), 3);
});

test('elderly care: assessments at every level, home beds, care homes with a waiting list and offers', () => {
  assert.equal(n('SELECT count(DISTINCT level) FROM ec_assessments'), n('SELECT count(DISTINCT level) FROM ec_assess_levels'));
  assert.equal(n("SELECT count(*) FROM ec_home_beds"), Math.floor(N * 16000 / 18800000));
  assert.equal(n('SELECT count(*) FROM ec_homes'), 11);
  assert.ok(n('SELECT count(*) FROM ec_wait_applications') > 0);
  const offers = new Set(q('SELECT DISTINCT status FROM ec_offers').split('\n'));
  for (const s of ['accepted', 'declined', 'open']) assert.ok(offers.has(s), `an offer ${s}`);
});

test('a year of meals, settled month by month, the last month awaiting confirmation', () => {
  assert.ok(n("SELECT count(DISTINCT month) FROM ec_meals") >= 12);
  assert.ok(n("SELECT count(*) FROM ec_meals WHERE subsidy_fen + paid_fen <> price_fen") === 0, 'price = subsidy + paid');
  assert.ok(n("SELECT count(*) FROM ec_canteen_settlements WHERE status = 'confirmed'") > 0);
  assert.equal(q("SELECT DISTINCT month FROM ec_canteen_settlements WHERE status = 'draft'"), '2026-05');
});

test('monthly visits below the 100% target, this month still running', () => {
  const due = n("SELECT count(DISTINCT person_id) FROM ec_visits");
  const may = n("SELECT count(DISTINCT person_id) FROM ec_visits WHERE month = '2026-05'");
  const june = n("SELECT count(DISTINCT person_id) FROM ec_visits WHERE month = '2026-06'");
  assert.ok(due > 0);
  assert.ok(may / due > 0.85 && may / due < 0.98, `May: ${may} of ${due}`);
  assert.ok(june > 0 && june < may, `June so far: ${june}`);
  assert.equal(n(`SELECT count(*) FROM ec_visits WHERE visited_on >= '${AS_OF}'`), 0, 'no visit in the future');
});

test('calls: a call centre\'s response times', () => {
  const times = q("SELECT responded_at - received_at FROM ec_calls WHERE kind = 'emergency' AND responded_at IS NOT NULL ORDER BY 1")
    .split('\n').map(Number);
  assert.ok(times.length >= 20, `${times.length} emergencies`);
  const at = (p) => times[Math.floor(p * (times.length - 1))] / 60;
  assert.ok(at(0.5) >= 5 && at(0.5) <= 15, `median ${at(0.5)} min`);
  assert.ok(at(0.9) <= 45, `90th percentile ${at(0.9)} min`);
  assert.ok(at(1) > at(0.9), 'a tail of slow responses');
  assert.ok(n("SELECT count(*) FROM ec_calls WHERE kind = 'consultation'") > times.length);
});

test('volunteering: a year of paired visits, activities and hours; the hour ledger balances', () => {
  assert.match(out, /volunteer: \d+ volunteers, 11 organisations, \d+ pairings; a year of \d+ visit orders/);
  // Volunteers at the active share: 5% of residents aged 18 to 70 (every 20th), about 3.5% of all.
  const vols = n("SELECT count(*) FROM vol_volunteers");
  assert.ok(vols > N * 0.025 && vols < N * 0.05, `${vols} volunteers for ${N} persons`);
  assert.equal(n("SELECT count(*) FROM vol_volunteers WHERE guardian_consent = 1"), 0, 'no minor in the demo');
  // Orders and hours in every month of the year before the as-of date, none in the future.
  const months = (table, col) => n(`SELECT count(DISTINCT ${pg ? `to_char(to_timestamp(${col} + 28800) AT TIME ZONE 'UTC', 'YYYY-MM')` : `strftime('%Y-%m', ${col} + 28800, 'unixepoch')`}) FROM ${table} WHERE ${col} < ${Date.parse(AS_OF + 'T00:00:00+08:00') / 1000}`);
  assert.ok(months('vol_orders', 'created_at') >= 12, `orders in ${months('vol_orders', 'created_at')} months`);
  assert.ok(months('vol_movements', 'created_at') >= 12, `hours credited in ${months('vol_movements', 'created_at')} months`);
  assert.equal(n(`SELECT count(*) FROM vol_movements WHERE created_at > ${Date.parse(AS_OF + 'T23:59:59+08:00') / 1000}`), 0, 'no hour in the future');
  // Orders in every state a year leaves: rated (served and confirmed), cancelled, and today's accepted.
  for (const st of ['rated', 'cancelled', 'accepted']) assert.ok(n(`SELECT count(*) FROM vol_orders WHERE state = '${st}'`) > 0, st);
  assert.ok(n("SELECT count(*) FROM vol_signups WHERE state = 'confirmed'") > 0);
  assert.ok(n("SELECT count(*) FROM vol_signups WHERE state = 'signed'") > 0, 'some signed up and never came');
  // Hours from both: paired services and activities, credited minutes = the movements.
  for (const kind of ['service', 'activity']) assert.ok(n(`SELECT count(*) FROM vol_movements WHERE kind = '${kind}'`) > 0, kind);
  assert.equal(n("SELECT COALESCE(SUM(credited_minutes), 0) FROM vol_orders"), n("SELECT COALESCE(SUM(minutes), 0) FROM vol_movements WHERE kind = 'service'"));
  const hours = n("SELECT SUM(minutes) FROM vol_movements") / 60;
  assert.ok(hours > vols, `${hours} hours for ${vols} volunteers in a year`);
  // The ledger proves itself: each balance is its postings, the bank's total zero.
  const r = spawnSync(BIN, ['volunteer', 'check-ledger', '--db', url], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /balances off 0, movements unbalanced 0, below limit 0, total 0: sound/);
});

test('the whole-city screening ran on the as-of date; the audit chain verifies', () => {
  assert.ok(n(`SELECT count(*) FROM screen_runs WHERE on_date = '${AS_OF}'`) === 1);
  assert.ok(n("SELECT count(*) FROM screen_items WHERE status = 'open'") > 0);
  const r = spawnSync(BIN, ['audit', 'verify', '--db', url], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

// Whole-city screening (政策找人): `minzheng screen` writes work items, and
// each street sees only its own worklist, as JSON and as XLSX.
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { bearer, assertError, cli, sql } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

const rows = (q) => sql(q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));

// Households of the 海珠 test street (t_haizhu's scope), by declared income,
// counting living members only, as the screening does (a household whose
// members have all died gets no item: other tests record deaths), and
// without a case in progress (its case is the work: no item either).
function streetHouseholds() {
  // The living members' incomes per household first (a materialized CTE):
  // on Citus members and households are different co-location groups, and
  // this is the shape it accepts (scripts/citus_api.sh runs this file).
  return rows(`WITH living AS MATERIALIZED (SELECT m.household_id, COALESCE(SUM(i.monthly_fen), 0) AS inc
    FROM household_members m JOIN persons p ON p.id = m.person_id AND p.death_date IS NULL
    LEFT JOIN person_incomes i ON i.person_id = m.person_id
    WHERE m.left_on IS NULL GROUP BY m.household_id)
  SELECT h.id, h.division_code, l.inc FROM households h JOIN living l ON l.household_id = h.id
    WHERE h.division_code >= '440105001' AND h.division_code < '440105002'
      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.household_id = h.id AND e.status <> 'ended')
      AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id
                      AND c.state NOT IN ('ended', 'refused', 'withdrawn'))
    ORDER BY l.inc DESC, h.id`);
}

test('screen finds the street\'s households, in scope only, with plausible kinds', async () => {
  const hh = streetHouseholds();
  assert.ok(hh.length >= 3, 'the demo city has households in 440105001');
  const [rich, poor, paid] = [hh[0], hh[hh.length - 1], hh[hh.length - 2]];
  assert.ok(Number(rich[2]) > 600000, `a household with a high declared income: ${rich}`);
  const members = (id) => `SELECT person_id FROM household_members WHERE household_id = ${id} AND left_on IS NULL`;
  const saved = rows(`SELECT person_id, division_code, kind, monthly_fen FROM person_incomes
    WHERE person_id IN (${members(poor[0])}) OR person_id IN (${members(paid[0])})`);
  const savedAssets = rows(`SELECT person_id, division_code, kind, amount_fen FROM person_assets
    WHERE person_id IN (${members(poor[0])}) OR person_id IN (${members(paid[0])})`);
  const now = Math.floor(Date.now() / 1000);
  // The members whose incomes and assets the test takes away and gives back.
  const touched = rows(`${members(poor[0])} UNION ${members(paid[0])}`).map((r) => Number(r[0]));
  try {
    // Two households with no income and no assets at all; one of them already
    // receives dibao at a wrong amount (1.00 yuan); the rich one receives it too.
    for (const h of [poor, paid]) {
      registrySql([`DELETE FROM person_incomes WHERE person_id IN (${members(h[0])})`,
        `DELETE FROM person_assets WHERE person_id IN (${members(h[0])})`], { persons: touched });
    }
    for (const [h, fen] of [[paid, 100], [rich, 50000]]) {
      sql(`INSERT INTO enrollments (program, household_id, division_code, amount_fen, start_month, created_at, updated_at)
           VALUES ('dibao', ${h[0]}, '${h[1]}', ${fen}, '2022-01', ${now}, ${now})`);
    }
    const r = cli(['screen', '--date', '2022-03-01']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^screen run \d+ on 2022-03-01: \d+ households, \d+ persons$/m);
    assert.match(r.stdout, /^440105 +\d+ +\d+ +\d+$/m);

    const hz = await bearer('t_haizhu');
    const list = async (q) => {
      const x = await hz.get(`/api/v1/screen/items?program=dibao&page_size=200${q}`);
      assert.equal(x.status, 200, x.text);
      return x.json;
    };
    const all = await list('');
    assert.ok(all.total >= 3);
    for (const it of all.items) assert.ok(it.division_code.startsWith('440105001'), it.division_code);
    const itemOf = (h) => all.items.find((x) => x.household_id === Number(h[0]));

    // No income: eligible, 补差 = the whole standard 1120.00 per person covered.
    const p = itemOf(poor);
    assert.equal(p.kind, 'eligible_not_enrolled');
    assert.ok(p.amount_fen > 0 && p.amount_fen % 112000 === 0, JSON.stringify(p));
    const q = itemOf(paid);
    assert.equal(q.kind, 'amount_changed');
    assert.equal(q.enrolled_amount_fen, 100);
    assert.ok(q.amount_fen % 112000 === 0 && q.amount_fen > 0);
    const x = itemOf(rich);
    assert.equal(x.kind, 'enrolled_not_eligible');
    assert.equal(x.amount_fen, 0);
    assert.equal(x.enrolled_amount_fen, 50000);
    assert.equal(x.failed, 'income_test');

    const only = await list('&kind=enrolled_not_eligible');
    assert.ok(only.items.length >= 1);
    for (const it of only.items) assert.equal(it.kind, 'enrolled_not_eligible');

    // Another street sees none of these; a filter outside the scope is refused.
    const th = await bearer('t_tianhe');
    const other = await th.get('/api/v1/screen/items?page_size=200');
    assert.equal(other.status, 200, other.text);
    for (const it of other.json.items) assert.ok(it.division_code.startsWith('440106001'), it.division_code);
    assert.ok(!other.json.items.some((it) => [poor, paid, rich].some((h) => it.household_id === Number(h[0]))));
    assertError(await hz.get('/api/v1/screen/items?division=440106001'), 404, 'not_found', 'division');
    assertError(await hz.get('/api/v1/screen/items?kind=maybe'), 400, 'invalid_argument', 'kind');

    // A second run replaces the open items instead of piling up.
    assert.equal(cli(['screen', '--date', '2022-03-01', '--programs', 'dibao']).status, 0);
    assert.equal((await list('')).total, all.total);

    // The worklist as XLSX, and the reads are audited.
    const xl = await hz.get('/api/v1/screen/items.xlsx?program=dibao');
    assert.equal(xl.status, 200);
    assert.match(xl.headers.get('content-type'), /spreadsheetml/);
    const audited = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'screen.items.read' AND login = 't_haizhu'").trim());
    assert.ok(audited >= 3);
    assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'screen.run'").trim()) >= 2);
  } finally {
    sql(`DELETE FROM enrollments WHERE household_id IN (${paid[0]}, ${rich[0]}) AND start_month = '2022-01' AND program = 'dibao'`);
    registrySql([...saved.map(([pid, div, kind, fen]) =>
      `INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`),
    ...savedAssets.map(([pid, div, kind, fen]) =>
      `INSERT INTO person_assets (person_id, division_code, kind, amount_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`)],
    { persons: touched });
  }
});

// Two runs at the same moment leave one run's open items, not both.
test('concurrent screening runs do not pile up open items', async () => {
  const run = () => new Promise((resolve) => {
    const p = spawn(process.env.MZ_BIN, ['screen', '--date', '2022-03-01', '--programs', 'dibao'],
      { env: { ...process.env, MINZHENG_DB: process.env.MZ_DB }, stdio: 'ignore' });
    p.on('exit', resolve);
  });
  assert.equal(await run(), 0);
  const one = Number(sql("SELECT count(*) FROM screen_items WHERE status = 'open' AND program = 'dibao'").trim());
  assert.ok(one > 0);
  assert.deepEqual(await Promise.all([run(), run(), run()]), [0, 0, 0]);
  const after = Number(sql("SELECT count(*) FROM screen_items WHERE status = 'open' AND program = 'dibao'").trim());
  assert.equal(after, one);
});

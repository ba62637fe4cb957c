// Rules as code over HTTP: the programs with their dated parameters, one
// household decided with the trace, and reload (a broken rules file is
// refused with file:line:col and the last good set keeps serving).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, assertError, cli, sql } from './lib.mjs';

// Worked by hand: applicant earns 1500.00 a month, spouse and a 6-year-old
// child have nothing. Per capita 1500.00 / 3 = 500.00; on 2022-03-01 the
// standard is 1120.00, so 补差 = (1120.00 - 500.00) x 3 = 1860.00 = 186000 fen.
// On 2020-06-01 the standard is 1080.00: (1080.00 - 500.00) x 3 = 174000 fen.
const household = {
  division: '440105001',
  members: [
    { id: 'a', birth_date: '1980-05-01', relation: 'applicant', incomes: { wage: '1500.00' } },
    { id: 'b', birth_date: '1982-03-01', relation: 'spouse' },
    { id: 'c', birth_date: '2015-09-01', relation: 'child' },
  ],
};

const dibaoOf = (r) => r.json.programs.find((p) => p.code === 'dibao');

test('eval decides a hand-worked dibao household with the trace', async () => {
  const c = await bearer('t_haizhu');
  const r = await c.post('/api/v1/policy/eval', { date: '2022-03-01', household });
  assert.equal(r.status, 200, r.text);
  const d = dibaoOf(r);
  assert.equal(d.eligible, true);
  assert.equal(d.amount_fen, 186000);
  const income = d.conditions.find((x) => x.id === 'income_test');
  assert.equal(income.passed, true);
  assert.equal(income.text, '人均月收入 500.00 < 低保标准 1120.00');
  const std = d.params.find((p) => p.name === 'standard');
  assert.equal(std.value, 112000);
  assert.equal(std.from, '2021-04-01');
  assert.match(std.source, /dibao\.rules:\d+$/);

  // The dated line in force on the day decides: 1080.00 in 2020.
  const old = dibaoOf(await c.post('/api/v1/policy/eval', { date: '2020-06-01', household }));
  assert.equal(old.amount_fen, 174000);
  assert.equal(old.params.find((p) => p.name === 'standard').from, '2020-01-01');

  // Too much income: the rejection reason comes from the trace.
  const rich = structuredClone(household);
  rich.members[0].incomes.wage = '4000.00';
  const no = dibaoOf(await c.post('/api/v1/policy/eval', { date: '2022-03-01', household: rich }));
  assert.equal(no.eligible, false);
  assert.equal(no.amount_fen, 0);
  assert.equal(no.failed, 'income_test');
  assert.deepEqual(no.reasons, ['家庭人均收入低于当地低保标准']);
  assert.equal(no.conditions.find((x) => x.id === 'income_test').text,
    '人均月收入 1333.33 < 低保标准 1120.00');
});

test('eval names the field of bad input', async () => {
  const c = await bearer('t_haizhu');
  assertError(await c.post('/api/v1/policy/eval', { date: '2022-02-30', household }), 400, 'invalid_argument', 'date');
  assertError(await c.post('/api/v1/policy/eval', { date: '2022-03-01' }), 400, 'invalid_argument', 'household');
  const bad = structuredClone(household);
  bad.members[1].incomes = { wgae: '100.00' };
  assertError(await c.post('/api/v1/policy/eval', { date: '2022-03-01', household: bad }), 400,
    'invalid_argument', 'household.members[1].incomes.wgae');
});

test('programs list each program with its dated parameter history and the rules text', async () => {
  const c = await bearer('t_haizhu');
  const r = await c.get('/api/v1/policy/programs');
  assert.equal(r.status, 200, r.text);
  const codes = r.json.items.map((p) => p.code);
  for (const code of ['dibao', 'near_dibao', 'tekun', 'elderly_allowance']) assert.ok(codes.includes(code), code);
  const one = await c.get('/api/v1/policy/programs/dibao');
  assert.equal(one.status, 200, one.text);
  assert.match(one.json.text, /^param standard "低保标准" money$/m);
  const history = JSON.stringify(one.json);
  for (const from of ['2016-01-01', '2017-01-01', '2020-01-01', '2021-04-01']) assert.ok(history.includes(from), from);
  assertError(await c.get('/api/v1/policy/programs/nope'), 404, 'not_found');
});

const dir = process.env.MZ_POLICY_DIR_UNDER_TEST;

test('reload: city admin only, a good change takes effect, a broken file is refused and the last good set serves',
  { skip: dir ? false : 'MZ_POLICY_DIR_UNDER_TEST not set (scripts/test.sh sets it)' }, async () => {
    const admin = await bearer('t_admin');
    const officer = await bearer('t_haizhu_officer');
    const file = join(dir, 'dibao.rules');
    const good = readFileSync(file, 'utf8');
    const audits = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'policy.reload'").trim());
    const before = audits();
    try {
      assertError(await officer.post('/api/v1/policy/reload', {}), 403, 'forbidden');

      // A new dated line: from 2022-01-01 the standard is 1200.00.
      writeFileSync(file, good.replace(/(  from 2021-04-01: 1120\.00[^\n]*\n)/, '$1  from 2022-01-01: 1200.00\n'));
      const ok = await admin.post('/api/v1/policy/reload', {});
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.reloaded, true);
      let d = dibaoOf(await admin.post('/api/v1/policy/eval', { date: '2022-03-01', household }));
      assert.equal(d.amount_fen, (120000 - 50000) * 3);

      // A misspelt name on line 3 of an otherwise good file.
      const lines = good.split('\n');
      lines.splice(2, 0, 'let typo "x" = standrd');
      writeFileSync(file, lines.join('\n'));
      const broken = await admin.post('/api/v1/policy/reload', {});
      assertError(broken, 422, 'policy_error');
      assert.match(broken.json.error.field, /dibao\.rules:3:\d+$/);
      // The last good set (with 1200.00) still decides.
      d = dibaoOf(await admin.post('/api/v1/policy/eval', { date: '2022-03-01', household }));
      assert.equal(d.amount_fen, 210000);
    } finally {
      writeFileSync(file, good);
    }
    const back = await admin.post('/api/v1/policy/reload', {});
    assert.equal(back.status, 200, back.text);
    const d = dibaoOf(await admin.post('/api/v1/policy/eval', { date: '2022-03-01', household }));
    assert.equal(d.amount_fen, 186000);
    // Every attempt is audited, the refused one too.
    assert.equal(audits() - before, 3);
  });

test('serve refuses to start on a broken rules file, naming file:line:col', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mz-policy-'));
  try {
    cpSync('policies/guangzhou', tmp, { recursive: true });
    const file = join(tmp, 'near_dibao.rules');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^param /m, 'parm '));
    const r = cli(['serve', '--port', '0', '--policy', tmp]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /near_dibao\.rules:\d+:\d+: /);
    assert.match(r.stderr, /not starting/);
    assert.doesNotMatch(r.stdout, /listening/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

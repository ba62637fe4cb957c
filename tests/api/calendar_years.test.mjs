// The working-day calendar's year schedule: a city admin loads a year's
// holidays and 调休 working weekends as one schedule (the State Council
// publishes them late in the year before); every bad line is refused with
// its field and nothing changes; the working days follow at once; audited;
// the command line shows and loads the same. Year 2099, so that no other
// test's deadlines move.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, assertError, sql, raw, BIN, DB } from './lib.mjs';

let admin, haizhu;
const Y = 2099;
// 2099-01-01 is a Thursday; 2099-01-03 a Saturday.
const schedule = [
  { day: '2099-01-01', kind: 'holiday', name: '元旦' },
  { day: '2099-01-02', kind: 'holiday', name: '元旦' },
  { day: '2099-01-03', kind: 'workday', name: '元旦调休' },
];

const withPut = (c) => ({ ...c, put: (p, body) => raw('PUT', p, { headers: { Authorization: `Bearer ${c.token}` }, body }) });
before(async () => {
  admin = withPut(await bearer('t_admin'));
  haizhu = withPut(await bearer('t_haizhu'));
});

test('a city admin loads a year; bad schedules are refused whole; the working days follow; audited', async () => {
  const put = (body) => admin.put('/api/v1/calendar-years', body);
  assertError(await haizhu.put('/api/v1/calendar-years', { year: Y, days: schedule, reason: '越权' }), 403, 'forbidden');
  assertError(await put({ year: Y, days: schedule }), 400, 'invalid_argument', 'reason');
  assertError(await put({ year: Y, days: [...schedule, { day: '2099-01-05', kind: 'workday', name: '周一调休' }], reason: '错误' }), 400, 'invalid_argument', 'days[3].kind');
  assertError(await put({ year: Y, days: [...schedule, { day: '2098-12-31', kind: 'holiday', name: '跨年' }], reason: '错误' }), 400, 'invalid_argument', 'days[3].day');
  assertError(await put({ year: Y, days: [...schedule, { day: '2099-01-01', kind: 'holiday', name: '重复' }], reason: '错误' }), 400, 'invalid_argument', 'days[3].day');
  assertError(await put({ year: Y, days: [{ day: '2099-02-30', kind: 'holiday', name: '无此日' }], reason: '错误' }), 400, 'invalid_argument');
  assertError(await put({ year: Y, days: [{ day: '2099-01-03', kind: 'workday', name: '只有调休' }], reason: '错误' }), 400, 'invalid_argument', 'days');
  const none = await admin.get(`/api/v1/calendar-years?year=${Y}`);
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.json.days, [], 'nothing changed by the refusals');

  const r = await put({ year: Y, days: schedule, reason: '国务院办公厅通知发布' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.holidays, r.json.workdays, r.json.replaced], [2, 1, 0]);
  const got = await haizhu.get(`/api/v1/calendar-years?year=${Y}`);
  assert.deepEqual(got.json.days, schedule);
  const cal = await haizhu.get(`/api/v1/calendar?from=2099-01-01&to=2099-01-05`);
  assert.deepEqual(cal.json.days.map((d) => d.workday), [false, false, true, false, true]);
  // A corrected notice replaces the year as a whole.
  const again = await put({ year: Y, days: schedule.slice(0, 1).concat([{ day: '2099-01-02', kind: 'holiday', name: '元旦（更正）' }]), reason: '通知更正' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.replaced, 3);
  assert.equal((await haizhu.get(`/api/v1/calendar?from=2099-01-03&to=2099-01-03`)).json.days[0].workday, false, 'the 调休 Saturday is gone');
  const audit = sql(`SELECT reason FROM audit_log WHERE action = 'calendar.load_year' AND entity_id = '${Y}' ORDER BY seq`).trim().split('\n');
  assert.deepEqual(audit.slice(-2), ['国务院办公厅通知发布', '通知更正']);
});

test('the command line shows and loads a year; a bad file changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mz-cal-'));
  try {
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'bad.csv');
    writeFileSync(good, 'day,kind,name\n2099-10-01,holiday,国庆节\n2099-10-02,holiday,国庆节\n2099-10-10,workday,国庆节调休\n');
    writeFileSync(bad, '2099-10-01,holiday,国庆节\n2099-10-05,workday,周一调休\n');
    let r = spawnSync(BIN, ['calendar', 'load', '--year', String(Y), '--reason', '错误文件', '--db', DB, bad], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /days\[1\]\.kind.*weekday/);
    r = spawnSync(BIN, ['calendar', 'load', '--year', String(Y), '--db', DB, good], { encoding: 'utf8' });
    assert.equal(r.status, 2, 'a reason is required');
    r = spawnSync(BIN, ['calendar', 'load', '--year', String(Y), '--reason', '国务院办公厅通知', '--db', DB, good], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /calendar 2099: 3 days loaded/);
    r = spawnSync(BIN, ['calendar', 'show', '--year', String(Y), '--db', DB], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '2099-10-01,holiday,国庆节\n2099-10-02,holiday,国庆节\n2099-10-10,workday,国庆节调休\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

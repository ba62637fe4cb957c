// Server-side sorting on the lists that had none (issue 14 item 3): users,
// payroll runs, marriages, deliberation halls and resolutions, volunteers
// and service orders, the safety net's events. For each: the order really
// changes with ?sort (both ways, and ?sort=-field the same as order=desc),
// a key the route does not declare is refused 400 naming "sort" (and the
// keys it has), and the caller's scope still bounds the rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, bearer } from './lib.mjs';
import { sortChecks } from './lists_sort_lib.mjs';

let admin, auditor, haizhu, officer;
before(async () => {
  admin = await bearer('t_admin');
  auditor = await bearer('t_auditor');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
});

const { allRows, assertOrdered, checkSort, checkRefused } = sortChecks({ nullsLast: false, refusedKey: 'password_hash' });

test('users: sorted by login and by name on the server; an officer still sees only their district', async () => {
  const { asc } = await checkSort(admin, '/api/v1/users', 'login');
  assert.ok(asc.some((u) => u.login === 't_tianhe') && asc.some((u) => u.login === 't_haizhu'), 'the whole list');
  await checkSort(admin, '/api/v1/users', 'name');
  const mine = await checkSort(officer, '/api/v1/users', 'login');
  assert.ok(mine.asc.every((u) => u.scope_code.startsWith('440105')), 'the officer sees Haizhu accounts only');
  assert.ok(!mine.asc.some((u) => u.login === 't_tianhe'));
  // The default order is unchanged by the new parameter.
  const plain = (await admin.get('/api/v1/users')).json.items.map((u) => u.id);
  assert.equal(plain.length, asc.length);
  await checkRefused(admin, '/api/v1/users', 'login');
});

test('payroll runs: sorted by month, with a total; a district officer sees the city and their district only', async () => {
  // Runs of months long past (no lines), so the other tests' runs keep
  // their places at the top of the default order.
  for (const [who, month, district] of [[officer, '1999-01', '440105'], [officer, '1999-03', '440105'], [admin, '1999-02', '440106']]) {
    const r = await who.post('/api/v1/payroll/runs', { month, district });
    assert.ok(r.status === 201 || r.status === 200, r.text);
  }
  const { asc, desc } = await checkSort(admin, '/api/v1/payroll/runs', 'month');
  assert.deepEqual(asc.filter((r) => r.month.startsWith('1999')).map((r) => r.month), ['1999-01', '1999-02', '1999-03']);
  assert.equal(desc.at(-1).month, '1999-01');
  const page = (await admin.get('/api/v1/payroll/runs?page_size=2&sort=month')).json;
  assert.equal(page.total, asc.length, 'the total counts every run in scope');
  assert.equal(page.items.length, 2);
  const mine = await checkSort(officer, '/api/v1/payroll/runs', 'month');
  assert.ok(mine.asc.every((r) => r.scope_code === '440100' || r.scope_code.startsWith('440105')), 'scope still applies');
  assert.ok(!mine.asc.some((r) => r.month === '1999-02'), "another district's run is not shown");
  assert.equal((await officer.get('/api/v1/payroll/runs?page_size=1')).json.total, mine.asc.length);
  await checkSort(auditor, '/api/v1/payroll/runs', 'id');
  await checkRefused(admin, '/api/v1/payroll/runs', 'total_fen');
});

test('marriages: sorted by registration date and certificate number; an officer sees their offices only', async () => {
  const { asc } = await checkSort(admin, '/api/v1/marriage/marriages', 'registered_on');
  await checkSort(admin, '/api/v1/marriage/marriages', 'certificate_no');
  const dflt = await allRows(admin, '/api/v1/marriage/marriages');
  assertOrdered(dflt.map((m) => m.registered_on), true, 'marriages by default: newest first');
  assert.equal(dflt.length, asc.length);
  const mine = await allRows(officer, '/api/v1/marriage/marriages?sort=registered_on');
  assert.ok(mine.every((m) => m.office_code.startsWith('440105')), 'scope still applies');
  assertOrdered(mine.map((m) => m.registered_on), false, 'officer by registered_on');
  await checkRefused(admin, '/api/v1/marriage/marriages', 'registered_on');
  // Divorce applications: by the application date, both ways.
  await checkSort(admin, '/api/v1/marriage/divorces', 'applied_on');
  const divorces = await allRows(officer, '/api/v1/marriage/divorces?sort=id');
  assert.ok(divorces.every((d) => d.division_code === undefined || d.division_code.startsWith('440105')), 'scope still applies');
  await checkRefused(admin, '/api/v1/marriage/divorces', 'applied_on');
});

test('deliberation: halls by name and division, resolutions by deadline and decision date, within scope', async () => {
  await checkSort(admin, '/api/v1/deliberation/halls', 'name');
  await checkSort(admin, '/api/v1/deliberation/halls', 'division_code');
  const street = await allRows(haizhu, '/api/v1/deliberation/halls?sort=-name');
  assert.ok(street.every((h) => h.division_code.startsWith('440105001')), 'a street sees its own halls');
  assertOrdered(street.map((h) => h.name), true, 'street halls by -name');
  await checkSort(admin, '/api/v1/deliberation/resolutions', 'due_on');
  const { asc } = await checkSort(admin, '/api/v1/deliberation/resolutions?status=carried_out', 'id');
  assert.ok(asc.every((r) => r.status === 'carried_out'), 'the filter still applies');
  const decided = await allRows(admin, '/api/v1/deliberation/resolutions?sort=-decided_on');
  assertOrdered(decided.map((r) => r.decided_on), true, 'resolutions by -decided_on');
  const mine = await allRows(haizhu, '/api/v1/deliberation/resolutions?sort=-due_on');
  assert.ok(mine.every((r) => r.division_code.startsWith('440105001')), 'scope still applies');
  await checkRefused(admin, '/api/v1/deliberation/halls', 'division_code');
  await checkRefused(admin, '/api/v1/deliberation/resolutions', 'due_on');
});

test('volunteers and service orders: sorted by name, id and service date, within scope', async () => {
  await checkSort(admin, '/api/v1/volunteer/volunteers', 'id');
  await checkSort(admin, '/api/v1/volunteer/volunteers?status=active', 'name');
  const district = await allRows(officer, '/api/v1/volunteer/volunteers?sort=name');
  const all = await allRows(admin, '/api/v1/volunteer/volunteers');
  assert.ok(district.every((v) => v.division_code.startsWith('440105')), 'scope still applies');
  assert.equal(district.length, all.filter((v) => v.division_code.startsWith('440105')).length);
  assertOrdered(district.map((v) => v.name), false, 'district volunteers by name');
  await checkSort(admin, '/api/v1/volunteer/service-orders', 'id');
  await checkSort(admin, '/api/v1/volunteer/service-orders', 'wanted_on');
  const orders = await allRows(officer, '/api/v1/volunteer/service-orders?sort=-wanted_on');
  assert.ok(orders.every((o) => o.division_code.startsWith('440105')), 'scope still applies');
  // 老伙伴 pairings: by the day they started.
  await checkSort(admin, '/api/v1/volunteer/pairings', 'id');
  const pairs = await allRows(officer, '/api/v1/volunteer/pairings?sort=-started_on');
  assert.ok(pairs.every((p) => p.division_code.startsWith('440105')), 'scope still applies');
  assertOrdered(pairs.map((p) => p.started_on), true, 'pairings by -started_on');
  await checkRefused(admin, '/api/v1/volunteer/pairings', 'started_on');
  await checkRefused(admin, '/api/v1/volunteer/volunteers', 'registered_on');
  await checkRefused(admin, '/api/v1/volunteer/service-orders', 'wanted_on');
});

test('safety net: events sorted by reception and date, within scope', async () => {
  // The departments' hospital bills: the rooms' own events (missed
  // check-ins, returned payments...) keep arriving while the test reads.
  const bills = '/api/v1/safetynet/events?type=hospital_bill';
  await checkSort(admin, bills, 'id');
  await checkSort(admin, bills, 'occurred_on');
  await checkSort(admin, bills, 'amount_fen');
  const dflt = await allRows(admin, bills);
  assertOrdered(dflt.map((e) => e.received_at), true, 'events by default: newest first');
  const district = await allRows(officer, `${bills}&sort=occurred_on`);
  assert.ok(district.every((e) => e.division_code.startsWith('440105')), 'scope still applies');
  await checkRefused(admin, '/api/v1/safetynet/events', 'occurred_on');
});

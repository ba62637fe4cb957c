// Server-side sorting on the elderly-care lists that had none (issue 14
// item 3): service providers, canteens, meal settlements, 平安通 subscribers
// and missed-check-in alerts, home care beds, re-assessments due; then
// assistance enrollments, a funeral home's cremations and volunteer
// activities. For each:
// the order really changes with ?sort (both ways, ?sort=-field the same as
// order=desc), a key the route does not declare is refused 400 naming
// "sort" (and a key it has), the default order is the one it had, and the
// caller's scope still bounds the rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, bearer, uniqueSuffix, PASSWORD } from './lib.mjs';
import { sortChecks } from './lists_sort_lib.mjs';
import { buildWorld, makeId, today } from './world.mjs';

let admin, haizhu, tianhe;
const worlds = [];
before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  // Two streets' worth of elderly-care records (providers, a canteen with a
  // meal, a bed, a subscriber with an alert, assessed elders in each).
  worlds.push(await buildWorld(admin, haizhu, '440105001'));
  worlds.push(await buildWorld(admin, tianhe, '440106001'));
});

const { allRows, assertOrdered, checkSort, checkRefused } = sortChecks();

// A street caseworker's rows, sorted, are all within the street.
async function checkScoped(client, path, field, street, code = (r) => r.division_code) {
  const rows = await allRows(client, `${path}${path.includes('?') ? '&' : '?'}sort=-${field}`);
  assert.ok(rows.length >= 1, `${path}: the street's own rows`);
  assert.ok(rows.every((r) => code(r).startsWith(street)), `${path}: scope still applies`);
  return rows;
}

test('providers: sorted by name, kind and canteens; the default stays by id; a street sees its own', async () => {
  await checkSort(admin, '/api/v1/eldercare/providers', 'name');
  await checkSort(admin, '/api/v1/eldercare/providers', 'kind');
  await checkSort(admin, '/api/v1/eldercare/providers', 'canteens');
  const dflt = await allRows(admin, '/api/v1/eldercare/providers');
  assertOrdered(dflt.map((p) => p.id), false, 'providers by default: by id');
  const mine = await checkScoped(haizhu, '/api/v1/eldercare/providers', 'name', '440105');
  assertOrdered(mine.map((p) => p.name), true, 'street providers by -name');
  assert.ok(mine.some((p) => p.id === worlds[0].provider) && !mine.some((p) => p.id === worlds[1].provider));
  await checkRefused(admin, '/api/v1/eldercare/providers', 'canteens');
});

test('canteens: sorted by name, operator and id; the default stays by division; a street sees its own', async () => {
  await checkSort(admin, '/api/v1/eldercare/canteens', 'name');
  await checkSort(admin, '/api/v1/eldercare/canteens', 'provider', (k) => k.provider_name);
  await checkSort(admin, '/api/v1/eldercare/canteens', 'id');
  const dflt = await allRows(admin, '/api/v1/eldercare/canteens');
  assertOrdered(dflt.map((k) => k.division_code), false, 'canteens by default: by division');
  const mine = await checkScoped(haizhu, '/api/v1/eldercare/canteens', 'id', '440105001');
  assertOrdered(mine.map((k) => k.id), true, 'street canteens by -id');
  await checkRefused(admin, '/api/v1/eldercare/canteens', 'capacity');
});

test('meal settlements: sorted by canteen, meals and subsidy; the totals are the same; a street sees its own', async () => {
  const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  for (const w of worlds) {
    const r = await admin.post(`/api/v1/eldercare/canteens/${w.canteen}/settlements`, { month });
    assert.ok(r.status === 200 || r.status === 201, r.text);
  }
  const path = `/api/v1/eldercare/settlements?month=${month}`;
  await checkSort(admin, path, 'canteen_id');
  await checkSort(admin, path, 'canteen_name');
  const dflt = await allRows(admin, path);
  assertOrdered(dflt.map((s) => s.division_code), false, 'settlements by default: by division');
  const plain = (await admin.get(path)).json;
  const sorted = (await admin.get(`${path}&sort=-subsidy_fen`)).json;
  assert.deepEqual(sorted.totals, plain.totals, 'the totals do not depend on the order');
  assertOrdered(sorted.items.map((s) => s.subsidy_fen), true, 'settlements by -subsidy_fen');
  const mine = await checkScoped(haizhu, path, 'canteen_id', '440105001');
  assert.ok(mine.some((s) => s.canteen_id === worlds[0].canteen) && !mine.some((s) => s.canteen_id === worlds[1].canteen));
  await checkRefused(admin, path, 'subsidy_fen');
});

test('平安通 subscribers and alerts: sorted by id, start and day; the defaults stay newest first; a street sees its own', async () => {
  await checkSort(admin, '/api/v1/eldercare/call-subscribers', 'id');
  await checkSort(admin, '/api/v1/eldercare/call-subscribers', 'division_code');
  const subs = await allRows(admin, '/api/v1/eldercare/call-subscribers');
  assertOrdered(subs.map((s) => s.id), true, 'subscribers by default: newest first');
  await checkScoped(haizhu, '/api/v1/eldercare/call-subscribers', 'started_on', '440105001');
  await checkRefused(admin, '/api/v1/eldercare/call-subscribers', 'started_on');

  await checkSort(admin, '/api/v1/eldercare/call-alerts', 'id');
  await checkSort(admin, '/api/v1/eldercare/call-alerts?status=open', 'division_code');
  const alerts = await allRows(admin, '/api/v1/eldercare/call-alerts');
  assertOrdered(alerts.map((a) => a.day), true, 'alerts by default: newest day first');
  const open = await allRows(admin, '/api/v1/eldercare/call-alerts?status=open&sort=id');
  assert.ok(open.every((a) => a.status === 'open'), 'the filter still applies');
  await checkScoped(haizhu, '/api/v1/eldercare/call-alerts', 'id', '440105001');
  await checkRefused(admin, '/api/v1/eldercare/call-alerts', 'raised_at');
});

test('home beds and re-assessments due: sorted by contract, name and due day; a street sees its own', async () => {
  await checkSort(admin, '/api/v1/eldercare/home-beds', 'contract_no');
  await checkSort(admin, '/api/v1/eldercare/home-beds', 'id');
  const beds = await allRows(admin, '/api/v1/eldercare/home-beds');
  assertOrdered(beds.map((b) => b.id), false, 'beds by default: by id');
  const mine = await checkScoped(haizhu, '/api/v1/eldercare/home-beds', 'contract_no', '440105001');
  assert.ok(mine.some((b) => b.id === worlds[0].bed) && !mine.some((b) => b.id === worlds[1].bed));
  await checkRefused(admin, '/api/v1/eldercare/home-beds', 'contract_no');

  // Everyone assessed falls due by the far future.
  const due = '/api/v1/eldercare/assessments/due?by=2099-12-31';
  await checkSort(admin, due, 'name');
  await checkSort(admin, due, 'birth_date');
  const dflt = await allRows(admin, due);
  assertOrdered(dflt.map((p) => p.due_on), false, 'due list by default: oldest due first');
  const page = (await admin.get(`${due}&sort=-birth_date&page_size=1`)).json;
  assert.equal(page.total, dflt.length, 'the total counts every row whatever the order');
  const street = await checkScoped(haizhu, due, 'birth_date', '440105001');
  assertOrdered(street.map((p) => p.birth_date), true, 'street due list by -birth_date');
  await checkRefused(admin, due, 'due_on');
});

test('enrollments: sorted by amount, start month and division; the default stays by id; a street sees its own', async () => {
  await checkSort(admin, '/api/v1/enrollments', 'amount_fen');
  await checkSort(admin, '/api/v1/enrollments', 'start_month');
  await checkSort(admin, '/api/v1/enrollments?status=active', 'division_code');
  const dflt = await allRows(admin, '/api/v1/enrollments');
  assertOrdered(dflt.map((x) => x.id), false, 'enrollments by default: by id');
  const page = (await admin.get('/api/v1/enrollments?sort=-amount_fen&page_size=1')).json;
  assert.equal(page.total, dflt.length, 'the total counts every row whatever the order');
  const mine = await checkScoped(haizhu, '/api/v1/enrollments', 'amount_fen', '440105001');
  assertOrdered(mine.map((x) => x.amount_fen), true, 'street enrollments by -amount_fen');
  assert.ok(mine.some((x) => x.id === worlds[0].enrollment) && !mine.some((x) => x.id === worlds[1].enrollment));
  await checkRefused(admin, '/api/v1/enrollments', 'next_review_on');
});

test("cremations: a funeral home's staff sorts its own by number and fee; the default stays newest first", async () => {
  const run = uniqueSuffix();
  const home = async (tag, district) => {
    const h = await admin.post('/api/v1/posthumous/funeral-homes', { name: `排序测试殡仪馆${tag}${run}`, division_code: district });
    assert.equal(h.status, 201, h.text);
    const login = `fs${tag}${run}`.slice(0, 30);
    const u = await admin.post('/api/v1/users', { login, name: `排序殡仪馆员工${tag}`, role: 'service_provider', scope_code: district, password: PASSWORD });
    assert.equal(u.status, 201, u.text);
    const l = await admin.post('/api/v1/posthumous/funeral-home-staff', { home_id: h.json.id, login, reason: '开通殡仪馆工作人员账号' });
    assert.equal(l.status, 201, l.text);
    return bearer(login);
  };
  const a = await home('a', '440111');
  const b = await home('b', '440112');
  let seq = Number(run) % 500;
  const cremate = async (staff, no, fee) => {
    let p;
    for (let tries = 0; tries < 20 && !p; tries++) {
      const id_number = makeId('440105', 1931, 5, 7, (seq++ % 900) + 50);
      const r = await admin.post('/api/v1/persons', { id_number, name: '排序逝者', division_code: worlds[0].community, reason: '身后事测试登记' });
      if (r.status === 201) p = { ...r.json, id_number };
      else assert.equal(r.status, 409, r.text);
    }
    const d = await haizhu.post('/api/v1/posthumous/deaths', { id_number: p.id_number, death_date: today(), cause_category: 'disease', place_kind: 'hospital', source: 'hospital' });
    assert.equal(d.status, 201, d.text);
    const f = await staff.post('/api/v1/posthumous/cremations', { deceased_id_number: p.id_number, cremated_on: today(), cremation_no: `${no}-${run}`, basic_fee_fen: fee, burial_kind: 'tree' });
    assert.equal(f.status, 201, f.text);
  };
  await cremate(a, 'SA', 150000);
  await cremate(a, 'SC', 90000);
  await cremate(a, 'SB', 120000);
  await cremate(b, 'SZ', 50000);
  const { asc } = await checkSort(a, '/api/v1/posthumous/cremations', 'cremation_no');
  assert.deepEqual(asc.map((x) => x.cremation_no), [`SA-${run}`, `SB-${run}`, `SC-${run}`], "only the home's own, in number order");
  const fees = await checkSort(a, '/api/v1/posthumous/cremations', 'basic_fee_fen');
  assert.deepEqual(fees.desc.map((x) => x.basic_fee_fen), [150000, 120000, 90000]);
  const dflt = await allRows(a, '/api/v1/posthumous/cremations');
  assert.deepEqual(dflt.map((x) => x.cremation_no), [`SB-${run}`, `SC-${run}`, `SA-${run}`], 'the same day: the newest record first');
  const other = await allRows(b, '/api/v1/posthumous/cremations?sort=cremation_no');
  assert.deepEqual(other.map((x) => x.cremation_no), [`SZ-${run}`], "another home's staff sees its own only");
  await checkRefused(a, '/api/v1/posthumous/cremations', 'cremation_no');
});

test('volunteer activities: sorted by title and start on the server; the default stays latest start first; a street sees its own', async () => {
  const run = uniqueSuffix();
  const now = Math.floor(Date.now() / 1000);
  const make = async (client, community, title, start) => {
    const r = await client.post('/api/v1/volunteer/activities', { title: `${title}${run}`, division_code: community, place: '社区活动室', starts_at: start, ends_at: start + 3600, roles: [{ role: '陪伴员', needed: 1 }] });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const early = await make(haizhu, worlds[0].community, '排序活动B', now + 86400);
  const late = await make(haizhu, worlds[0].community, '排序活动A', now + 5 * 86400);
  await make(tianhe, worlds[1].community, '排序活动丙', now + 3 * 86400);
  await checkSort(admin, '/api/v1/volunteer/activities', 'title');
  await checkSort(admin, '/api/v1/volunteer/activities', 'starts_at');
  const dflt = await allRows(admin, '/api/v1/volunteer/activities');
  assertOrdered(dflt.map((x) => x.starts_at), true, 'activities by default: latest start first');
  const mine = await checkScoped(haizhu, '/api/v1/volunteer/activities', 'starts_at', '440105001');
  const ours = mine.filter((x) => x.id === early || x.id === late).map((x) => x.id);
  assert.deepEqual(ours, [late, early], 'the later one first by -starts_at');
  assert.ok(!mine.some((x) => x.title === `排序活动丙${run}`), "another street's activity is not shown");
  const byTitle = (await allRows(haizhu, '/api/v1/volunteer/activities?sort=title')).filter((x) => x.id === early || x.id === late);
  assert.deepEqual(byTitle.map((x) => x.id), [late, early], 'A before B by title');
  await checkRefused(admin, '/api/v1/volunteer/activities', 'starts_at');
});

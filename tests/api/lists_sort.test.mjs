// Every list pages and sorts on the server (issue 14 item 3): ?sort=field
// with ?order=asc|desc (or ?sort=-field), checked against the sortable
// columns the route declares; a column not declared is refused 400 naming
// it; each list answers its total. Column settings are kept per user on the
// server (item 3), and a big export records its progress (item 2).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, bearer, assertError, sql, cli, drainEvents } from './lib.mjs';
import { readXlsx } from './xlsx.mjs';

let admin, auditor, haizhu, tianhe, officer;
before(async () => {
  admin = await bearer('t_admin');
  auditor = await bearer('t_auditor');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  officer = await bearer('t_haizhu_officer');
  // The lists below are read whole twice and compared: the demo's events
  // must be delivered first, or their work orders appear between reads.
  await drainEvents();
});

// Every row of a list, page after page; the total each page states.
async function allRows(client, path, size = 200) {
  const out = [];
  let total;
  for (let page = 1; page < 500; page++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=${size}`);
    assert.equal(r.status, 200, r.text);
    total = r.json.total;
    out.push(...r.json.items);
    if (r.json.items.length < size) break;
  }
  return { rows: out, total };
}

// Values in order (nulls last, as the server puts them either way).
function assertOrdered(values, desc, what) {
  const cmp = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0);
  for (let i = 1; i < values.length; i++) {
    const [a, b] = [values[i - 1], values[i]];
    if (b === null || b === undefined) continue;
    assert.ok(a !== null && a !== undefined, `${what}: a null before ${b} at ${i}`);
    const c = cmp(a, b);
    assert.ok(desc ? c >= 0 : c <= 0, `${what}: ${a} then ${b} at ${i} (${desc ? 'desc' : 'asc'})`);
  }
}

// A list sorted by field both ways: each in order, the two forms of
// descending (order=desc and -field) the same rows, and not all equal (so
// that the check could fail).
async function checkSort(client, path, field, value = (r) => r[field]) {
  const sep = path.includes('?') ? '&' : '?';
  const asc = (await allRows(client, `${path}${sep}sort=${field}&order=asc`)).rows;
  const desc = (await allRows(client, `${path}${sep}sort=${field}&order=desc`)).rows;
  const dash = (await allRows(client, `${path}${sep}sort=-${field}`)).rows;
  assert.ok(asc.length >= 2, `${path}: rows to sort`);
  assertOrdered(asc.map(value), false, `${path} by ${field}`);
  assertOrdered(desc.map(value), true, `${path} by -${field}`);
  assert.deepEqual(dash.map(value), desc.map(value));
  assert.notDeepEqual(asc.map(value), desc.map(value), `${path}: ${field} varies`);
  return { asc, desc };
}

test('audit log: sorted by time, by login; newest first by default; total', async () => {
  const path = '/api/v1/audit?action=list.export';
  await auditor.get('/api/v1/audit.xlsx?action=login'); // at least one export each
  await admin.get('/api/v1/cases.xlsx');
  // Sign-ins: a filter the reading itself does not add to, so that offset
  // pages do not shift while the test reads them.
  await checkSort(auditor, '/api/v1/audit?action=login', 'seq');
  const { asc } = await checkSort(auditor, '/api/v1/audit?entity=list', 'login');
  assert.ok(asc.every((a) => a.entity === 'list'), 'the filter still applies');
  const byTime = (await auditor.get('/api/v1/audit?sort=at&order=asc&page_size=50')).json;
  assertOrdered(byTime.items.map((a) => a.at_ms), false, 'audit by at');
  const dflt = (await auditor.get(`${path}&page_size=50`)).json;
  // Newest first: by time (the chains of the districts interleave in it).
  assertOrdered(dflt.items.map((a) => a.at_ms), true, 'audit default');
  assert.equal(dflt.total, Number(sql("SELECT count(*) FROM audit_log WHERE action = 'list.export'").trim()));
});

test('visits due: sorted by birth date and by name, with the total', async () => {
  const { asc } = await checkSort(haizhu, '/api/v1/eldercare/visits/due', 'birth_date');
  const all = await allRows(haizhu, '/api/v1/eldercare/visits/due', 50);
  assert.equal(all.total, asc.length, 'the total is the number of rows');
  assert.equal(all.rows.length, all.total);
  const byVisit = (await allRows(haizhu, '/api/v1/eldercare/visits/due?sort=last_visit&order=desc')).rows;
  assertOrdered(byVisit.map((r) => r.last_visit), true, 'visits due by last visit');
});

test('meals: sorted by amount paid, filtered by slot, with the total', async () => {
  const [canteen, day] = sql('SELECT canteen_id, served_on FROM ec_meals GROUP BY canteen_id, served_on ORDER BY COUNT(DISTINCT paid_fen) DESC, COUNT(*) DESC LIMIT 1').trim().split('|');
  const path = `/api/v1/eldercare/canteens/${canteen}/meals?day=${day}`;
  await checkSort(admin, path, 'paid_fen');
  const all = await allRows(admin, path, 5);
  assert.equal(all.rows.length, all.total);
  assert.equal(all.total, Number(sql(`SELECT count(*) FROM ec_meals WHERE canteen_id = ${canteen} AND served_on = '${day}'`).trim()));
  const slot = all.rows[0].slot;
  const one = await allRows(admin, `${path}&slot=${slot}`);
  assert.ok(one.rows.length >= 1 && one.rows.every((m) => m.slot === slot));
  assert.equal(one.total, all.rows.filter((m) => m.slot === slot).length);
  assertError(await admin.get(`${path}&slot=brunch`), 400, 'invalid_argument', 'slot');
});

test('payroll lines: sorted by amount, with the total', async () => {
  let run = sql('SELECT run_id FROM payments WHERE run_id IS NOT NULL GROUP BY run_id HAVING COUNT(DISTINCT amount_fen) > 1 ORDER BY COUNT(*) DESC LIMIT 1').trim();
  if (!run) {
    const r = await officer.post('/api/v1/payroll/runs', { month: '2026-01', district: '440105' });
    assert.equal(r.status, 201, r.text);
    run = String(r.json.id);
  }
  const path = `/api/v1/payroll/runs/${run}/lines`;
  await checkSort(admin, path, 'amount_fen');
  const all = await allRows(admin, path, 7);
  assert.equal(all.rows.length, all.total);
  assert.equal(all.total, Number(sql(`SELECT count(*) FROM payments WHERE run_id = ${run}`).trim()));
  assertError(await admin.get(`${path}?status=lost`), 400, 'invalid_argument', 'status');
});

test('a column not declared sortable is refused, naming it; the order is asc or desc', async () => {
  const cases = [
    [auditor, '/api/v1/audit'],
    [haizhu, '/api/v1/eldercare/visits/due'],
    [admin, '/api/v1/cases'],
    [admin, '/api/v1/eldercare/calls'],
    [haizhu, '/api/v1/households'],
    [haizhu, '/api/v1/persons'],
  ];
  for (const [client, path] of cases) {
    const r = await client.get(`${path}?sort=password_hash`);
    assertError(r, 400, 'invalid_argument', 'sort');
    assert.match(r.json.error.message, /password_hash/, `${path}: names the field`);
    assert.match(r.json.error.message_zh, /password_hash/);
    const x = await client.get(`${path.replace(/(\/[a-z]+)$/, '$1')}.xlsx?sort=-password_hash`);
    assert.equal(x.status, 400, `${path}.xlsx: ${x.text}`);
    assertError(await client.get(`${path}?sort=id&order=sideways`), 400, 'invalid_argument', 'order');
  }
  // An injection attempt is only ever a name that is not on the list.
  const inj = await admin.get(`/api/v1/cases?sort=${encodeURIComponent('id; DROP TABLE cases')}`);
  assertError(inj, 400, 'invalid_argument', 'sort');
  assert.ok(Number(sql('SELECT count(*) FROM cases').trim()) >= 0);
});

test('the XLSX follows ?sort=&order= and names it among the filters', async () => {
  const json = (await allRows(haizhu, '/api/v1/eldercare/visits/due?sort=birth_date&order=desc')).rows;
  const res = await fetch(`${BASE}/api/v1/eldercare/visits/due.xlsx?sort=birth_date&order=desc`, { headers: { Authorization: `Bearer ${haizhu.token}` } });
  assert.equal(res.status, 200);
  const wb = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.match(wb.rows[1][0].v, /排序：出生日期（降序）/);
  assert.deepEqual(wb.rows.slice(3).filter(Boolean).map((r) => r[0].v), json.map((p) => p.name));
});

test('column settings: saved per user and table, read back, private, reset', async () => {
  const table = `cases.t${Date.now() % 100000}`;
  const mine = { columns: [{ key: 'applicant_name', visible: true }, { key: 'id', visible: false }, { key: 'program', visible: true }] };
  assert.equal((await haizhu.get(`/api/v1/me/table-settings/${table}`)).json.settings, null);
  const put = await raw(haizhu, 'PUT', `/api/v1/me/table-settings/${table}`, mine);
  assert.equal(put.status, 200, put.text);
  assert.deepEqual((await haizhu.get(`/api/v1/me/table-settings/${table}`)).json.settings, mine);
  // Another user has their own: nothing of haizhu's, and theirs leaves haizhu's alone.
  assert.equal((await tianhe.get(`/api/v1/me/table-settings/${table}`)).json.settings, null);
  const theirs = { columns: [{ key: 'id', visible: true }] };
  assert.equal((await raw(tianhe, 'PUT', `/api/v1/me/table-settings/${table}`, theirs)).status, 200);
  assert.deepEqual((await haizhu.get(`/api/v1/me/table-settings/${table}`)).json.settings, mine);
  assert.deepEqual((await tianhe.get(`/api/v1/me/table-settings/${table}`)).json.settings, theirs);
  // A new session of the same user (another browser) gets them too.
  const again = await bearer('t_haizhu');
  assert.deepEqual((await again.get(`/api/v1/me/table-settings/${table}`)).json.settings, mine);
  // Shapes refused, naming the field; nothing changed.
  assertError(await raw(haizhu, 'PUT', `/api/v1/me/table-settings/${table}`, { columns: [{ key: 'id' }] }), 400, 'invalid_argument', 'columns');
  assertError(await raw(haizhu, 'PUT', `/api/v1/me/table-settings/${table}`, { columns: [{ key: 'id', visible: true }, { key: 'id', visible: false }] }), 400, 'invalid_argument', 'columns[1]');
  assertError(await raw(haizhu, 'PUT', `/api/v1/me/table-settings/${table}`, {}), 400, 'invalid_argument', 'columns');
  assertError(await haizhu.get('/api/v1/me/table-settings/bad%20name'), 400, 'invalid_argument', 'table');
  assert.deepEqual((await haizhu.get(`/api/v1/me/table-settings/${table}`)).json.settings, mine);
  // Written to the audit log; reset brings the defaults back for haizhu only.
  assert.match(sql(`SELECT action FROM audit_log WHERE login = 't_haizhu' AND entity = 'table_settings' AND entity_id = '${table}' ORDER BY seq DESC LIMIT 1`), /table_settings.save/);
  assert.equal((await haizhu.del(`/api/v1/me/table-settings/${table}`)).status, 200);
  assert.equal((await haizhu.get(`/api/v1/me/table-settings/${table}`)).json.settings, null);
  assert.deepEqual((await tianhe.get(`/api/v1/me/table-settings/${table}`)).json.settings, theirs);
});

async function raw(client, method, path, body) {
  const res = await fetch(BASE + path, { method, headers: { Authorization: `Bearer ${client.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, text, json };
}

test('a big export completes, its progress readable by its token and only by its user', async () => {
  // The audit log up to yesterday (the demo city's year): thousands of
  // rows, many pages of the list. Today's part grows while the export runs
  // (the job runner's records), and on its district chains a new record's
  // seq can sort before rows already exported: a closed window keeps the
  // expected rows fixed.
  const todayStart = Date.parse(`${new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const yesterday = new Date(todayStart - 86400 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const total = Number(sql(`SELECT count(*) FROM audit_log WHERE at_ms < ${todayStart}`).trim());
  assert.ok(total > 1000, `a big list (${total} rows)`);
  const token = `t-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const seen = [];
  let done = false;
  const download = fetch(`${BASE}/api/v1/audit.xlsx?sort=seq&order=asc&to=${yesterday}`, { headers: { Authorization: `Bearer ${auditor.token}`, 'X-Export-Token': token } })
    .then(async (res) => { const buf = Buffer.from(await res.arrayBuffer()); done = true; return { res, buf }; });
  // Poll while it runs: the progress only ever grows.
  while (!done) {
    const p = await auditor.get(`/api/v1/exports/${token}`);
    if (p.status === 200) seen.push(p.json);
    await new Promise((r) => setTimeout(r, 20));
  }
  const { res, buf } = await download;
  assert.equal(res.status, 200);
  const rows = readXlsx(buf).rows.slice(3).filter(Boolean);
  assert.equal(rows.length, total, `every row of the window exported (${rows.length} of ${total})`);
  assertOrdered(rows.map((r) => r[0].v), false, 'export by seq');
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].rows >= seen[i - 1].rows, 'progress grows');
  const last = (await auditor.get(`/api/v1/exports/${token}`)).json;
  assert.equal(last.status, 'done');
  assert.equal(last.list, 'audit');
  assert.equal(last.rows, rows.length);
  assert.equal(last.total, rows.length);
  // Another user cannot read it; an unknown token is not found either.
  assertError(await admin.get(`/api/v1/exports/${token}`), 404, 'not_found');
  assertError(await auditor.get('/api/v1/exports/no-such-token-123'), 404, 'not_found');
});

test('the elderly-care dashboard exports its figures by district, numbers as numbers', async () => {
  const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  const json = (await admin.get(`/api/v1/eldercare/dashboard?month=${month}`)).json;
  assert.ok(json.districts.length >= 2, 'districts in the figures');
  const res = await fetch(`${BASE}/api/v1/eldercare/dashboard.xlsx?month=${month}`, { headers: { Authorization: `Bearer ${admin.token}` } });
  assert.equal(res.status, 200);
  const wb = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.equal(wb.rows[0][0].v, '养老服务统计（按区）');
  assert.equal(wb.rows[1][0].v, `筛选条件：月份：${month}`);
  const rows = wb.rows.slice(3).filter(Boolean);
  assert.deepEqual(rows.map((r) => r[0].v), json.districts.map((d) => d.name));
  rows.forEach((r, i) => {
    assert.equal(r[1].kind, 'n');
    assert.equal(r[1].v, json.districts[i].meals);
    assert.equal(Math.round(r[3].v * 100), json.districts[i].subsidy_fen);
    assert.equal(r[3].fmt, '0.00');
  });
});

test('screening worklist: sorted on the server; its XLSX through the list mechanism, amounts as numbers', async () => {
  if (Number(sql("SELECT count(*) FROM screen_items WHERE status = 'open'").trim()) < 2) {
    assert.equal(cli(['screen', '--programs', 'dibao']).status, 0);
  }
  const { asc } = await checkSort(admin, '/api/v1/screen/items', 'household_id');
  const byAmount = (await allRows(admin, '/api/v1/screen/items?sort=amount_fen&order=desc')).rows;
  assertOrdered(byAmount.map((i) => i.amount_fen), true, 'worklist by amount');
  const res = await fetch(`${BASE}/api/v1/screen/items.xlsx?sort=household_id`, { headers: { Authorization: `Bearer ${admin.token}` } });
  assert.equal(res.status, 200);
  const wb = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.equal(wb.rows[0][0].v, '政策找人工作清单');
  assert.match(wb.rows[1][0].v, /排序：家庭编号（升序）/);
  const rows = wb.rows.slice(3).filter(Boolean);
  assert.deepEqual(rows.map((r) => r[1].v), asc.map((i) => i.household_id));
  rows.forEach((r, i) => {
    assert.equal(r[4].kind, 'n');
    assert.equal(Math.round(r[4].v * 100), asc[i].amount_fen);
    assert.ok(!/^[a-z_]+$/.test(r[2].v), `a program by name: ${r[2].v}`);
  });
  assertError(await admin.get('/api/v1/screen/items?sort=failed'), 400, 'invalid_argument', 'sort');
});

test('safety-net work orders and alerts, posthumous cases: sorted on the server, whole list', async () => {
  await checkSort(admin, '/api/v1/safetynet/orders', 'due_at');
  // Levels order by urgency, not by name: red, orange, yellow.
  const rank = { red: 1, orange: 2, yellow: 3 };
  const byLevel = (await allRows(admin, '/api/v1/safetynet/alerts?sort=level')).rows;
  assert.ok(byLevel.length >= 2);
  assertOrdered(byLevel.map((a) => rank[a.level]), false, 'alerts by level');
  await checkSort(admin, '/api/v1/safetynet/alerts', 'raised_at');
  const deaths = await checkSort(admin, '/api/v1/posthumous/deaths', 'death_date');
  const byOpen = (await allRows(admin, '/api/v1/posthumous/deaths?sort=open_tasks&order=desc')).rows;
  assertOrdered(byOpen.map((c) => c.open_tasks), true, 'deaths by open tasks');
  assert.equal(byOpen.length, deaths.asc.length);
  for (const path of ['/api/v1/safetynet/orders', '/api/v1/safetynet/alerts', '/api/v1/posthumous/deaths']) {
    const r = await admin.get(`${path}?sort=title`);
    assertError(r, 400, 'invalid_argument', 'sort');
    assert.match(r.json.error.message, /'title'/);
  }
});

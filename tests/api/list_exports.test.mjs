// Export on every list (issue 14 item 2) and server-side sorting (item 3):
// each list's XLSX holds the rows its JSON pages hold, in the same order,
// with the filters named, numbers as numbers, dates as dates, codes as
// Chinese labels, ID numbers masked; the export is audited.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, sql } from './lib.mjs';
import { getXlsx, heads, dataRows } from './xlsx.mjs';

let admin, auditor, haizhu;
before(async () => {
  admin = await bearer('t_admin');
  auditor = await bearer('t_auditor');
  haizhu = await bearer('t_haizhu');
});

// Every row of a JSON list, page after page.
async function allRows(client, path) {
  const out = [];
  for (let page = 1; page < 100; page++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (r.json.items.length < 200 || r.json.has_more === false) break;
  }
  return out;
}

test('calls.xlsx: filter named by its label, times as dates, codes as labels, same rows', async () => {
  const json = await allRows(admin, '/api/v1/eldercare/calls?status=closed');
  assert.ok(json.length > 0, 'the demo city has closed calls');
  const wb = await getXlsx(admin, '/api/v1/eldercare/calls.xlsx?status=closed');
  assert.equal(wb.status, 200, wb.text);
  assert.equal(wb.rows[0][0].v, '平安通呼叫');
  assert.equal(wb.rows[1][0].v, '筛选条件：状态：已办结');
  assert.equal(heads(wb)[1], '呼入时间');
  const rows = dataRows(wb);
  assert.deepEqual(rows.map((r) => r[0].v), json.map((c) => c.id));
  assert.ok(rows.every((r) => r[5].v === '已办结'));
  assert.equal(rows[0][1].kind, 'date');
  // Beijing time, as the page shows it.
  const at = new Date((json[0].received_at + 8 * 3600) * 1000).toISOString();
  assert.equal(rows[0][1].v, `${at.slice(0, 10)} ${at.slice(11, 16)}`);
  assert.ok(rows.every((r) => !/^\d{12}$/.test(r[3].v)), 'communities by name, not by code');
  assert.ok(rows.every((r) => ['紧急呼叫', '咨询', '日常问候'].includes(r[4].v)));
  const audited = sql("SELECT detail FROM audit_log WHERE action = 'list.export' AND login = 't_admin' ORDER BY seq DESC LIMIT 1").trim();
  assert.match(audited, /"list":"calls"/);
  assert.match(audited, /"status":"closed"/);
  assert.match(audited, new RegExp(`"rows":${json.length}`));
});

test('calls: ?sort orders by reception time both ways, the XLSX follows', async () => {
  const asc = await allRows(admin, '/api/v1/eldercare/calls?sort=received_at');
  const desc = await allRows(admin, '/api/v1/eldercare/calls?sort=-received_at');
  const key = (c) => `${String(c.received_at).padStart(12, '0')}|${String(c.id).padStart(12, '0')}`;
  assert.ok(asc.length >= 2);
  assert.deepEqual(asc.map(key), [...asc.map(key)].sort());
  assert.deepEqual(desc.map(key), [...desc.map(key)].sort().reverse());
  const wb = await getXlsx(admin, '/api/v1/eldercare/calls.xlsx?sort=received_at');
  assert.match(wb.rows[1][0].v, /排序：呼入时间（升序）/);
  assert.deepEqual(dataRows(wb).map((r) => r[0].v), asc.map((c) => c.id));
  assert.equal((await admin.get('/api/v1/eldercare/calls?sort=name')).status, 400);
});

test('visits/due.xlsx: the reasons in Chinese, ID numbers masked, scope kept', async () => {
  const json = await allRows(haizhu, '/api/v1/eldercare/visits/due');
  const wb = await getXlsx(haizhu, '/api/v1/eldercare/visits/due.xlsx');
  assert.equal(wb.status, 200, wb.text);
  const rows = dataRows(wb);
  assert.equal(rows.length, json.length);
  assert.deepEqual(rows.map((r) => r[0].v), json.map((p) => p.name));
  for (const r of rows) {
    assert.match(r[1].v, /^\d{4}\*{10}[\dX]{4}$/);
    assert.ok(/^[独空计高特]/.test(r[5].v), `a reason label, not a code: ${r[5].v}`);
    assert.equal(r[6].kind, 'n');
  }
  const other = await getXlsx(haizhu, '/api/v1/eldercare/visits/due.xlsx?division=440106');
  assert.equal(other.status, 400, 'another district is refused for the export as for the list');
});

test('meals.xlsx: amounts are numbers in yuan to the fen', async () => {
  const [canteen, day] = sql('SELECT canteen_id, served_on FROM ec_meals GROUP BY canteen_id, served_on ORDER BY COUNT(*) DESC, served_on DESC LIMIT 1').trim().split('|');
  const json = (await admin.get(`/api/v1/eldercare/canteens/${canteen}/meals?day=${day}&page_size=200`)).json;
  assert.ok(json.items.length > 0, `meals at canteen ${canteen} on ${day}`);
  const wb = await getXlsx(admin, `/api/v1/eldercare/canteens/${canteen}/meals.xlsx?day=${day}`);
  assert.equal(wb.status, 200, wb.text);
  assert.equal(wb.rows[1][0].v, `筛选条件：日期：${day}`);
  const rows = dataRows(wb);
  assert.equal(rows.length, json.items.length);
  rows.forEach((r, i) => {
    assert.equal(r[7].kind, 'n');
    assert.equal(r[7].fmt, '0.00');
    assert.equal(Math.round(r[7].v * 100), json.items[i].price_fen);
    assert.equal(Math.round(r[9].v * 100), json.items[i].paid_fen);
    assert.ok(['早餐', '午餐', '晚餐'].includes(r[3].v));
  });
});

test('audit.xlsx: auditors only, the same records as the search', async () => {
  const json = (await auditor.get('/api/v1/audit?action=household.search&page_size=500')).json;
  const wb = await getXlsx(auditor, '/api/v1/audit.xlsx?action=household.search');
  assert.equal(wb.status, 200, wb.text);
  assert.equal(wb.rows[1][0].v, '筛选条件：操作：household.search');
  const rows = dataRows(wb);
  assert.equal(rows.length, Math.min(json.total, 50000));
  assert.deepEqual(rows.slice(0, json.items.length).map((r) => r[0].v), json.items.map((a) => a.seq));
  assert.equal(rows[0][1].v, json.items[0].chain); // the record's chain, then its time
  assert.equal(rows[0][2].kind, 'date');
  const denied = await getXlsx(haizhu, '/api/v1/audit.xlsx');
  assert.equal(denied.status, 403);
});

test('cases: ?sort orders the queue both ways and the XLSX follows it', async () => {
  const asc = await allRows(admin, '/api/v1/cases?sort=accepted_on');
  const desc = await allRows(admin, '/api/v1/cases?sort=-accepted_on');
  assert.ok(asc.length >= 2, 'the test city has cases (other tests open them)');
  const key = (c) => `${c.accepted_on}|${String(c.id).padStart(12, '0')}`;
  assert.deepEqual(asc.map(key), [...asc.map(key)].sort());
  assert.deepEqual(desc.map(key), [...desc.map(key)].sort().reverse());
  const byId = (await admin.get('/api/v1/cases?sort=-id&page_size=50')).json.items.map((c) => c.id);
  assert.deepEqual(byId, [...byId].sort((a, b) => b - a));
  assert.equal((await admin.get('/api/v1/cases?sort=applicant')).status, 400);
  const wb = await getXlsx(admin, '/api/v1/cases.xlsx?sort=-accepted_on');
  assert.equal(wb.status, 200, wb.text);
  assert.match(wb.rows[1][0].v, /排序：受理日期（降序）/);
  const rows = dataRows(wb);
  assert.deepEqual(rows.map((r) => r[0].v), desc.map((c) => c.id));
  assert.ok(rows.every((r) => r[7].kind === 'date'));
  assert.ok(rows.every((r) => !/^[a-z_]+$/.test(r[1].v)), 'programs by name');
});

test('payroll lines.xlsx of an unknown run is not found, like its JSON', async () => {
  const wb = await getXlsx(admin, '/api/v1/payroll/runs/999999999/lines.xlsx');
  assert.equal(wb.status, (await admin.get('/api/v1/payroll/runs/999999999/lines')).status);
  assert.notEqual(wb.status, 200);
});

// The safety net's lists as XLSX (issue 14 item 2): events, alerts and work
// orders through the one list-export mechanism, so each workbook holds the
// rows the JSON pages hold, with the filters named, in the order sorted,
// codes as Chinese labels, ID numbers masked, the caller's scope applied,
// the export audited. And the page's column order reaching the workbook
// (X-Export-Columns: those first, the rest after; an unknown one refused).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, bearer, sql } from './lib.mjs';
import { readXlsx, heads, dataRows } from './xlsx.mjs';

let admin, officer, haizhu;
before(async () => {
  admin = await bearer('t_admin');
  officer = await bearer('t_haizhu_officer');
  haizhu = await bearer('t_haizhu');
});

async function allRows(client, path) {
  const out = [];
  for (let page = 1; page < 100; page++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (r.json.items.length < 200) break;
  }
  return out;
}

// GET an export with extra headers: the workbook read, or the error.
async function xlsx(client, path, headers = {}) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}`, ...headers } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) {
    let json = null;
    try { json = JSON.parse(buf.toString('utf8')); } catch { /* not JSON */ }
    return { status: res.status, text: buf.toString('utf8'), json };
  }
  return { status: 200, disposition: res.headers.get('content-disposition'), ...readXlsx(buf) };
}

// The admin's last export: a city administrator's records are in the city's
// chain, where seq grows with time (each district's chain counts its own).
const lastExport = () => sql("SELECT detail FROM audit_log WHERE action = 'list.export' AND login = 't_admin' ORDER BY seq DESC LIMIT 1").trim();

test('work orders.xlsx: the same rows as the pages, in their order, labels and masks, audited', async () => {
  const json = await allRows(admin, '/api/v1/safetynet/orders?state=open&sort=-due_at');
  assert.ok(json.length >= 2, 'the demo city has open orders');
  const wb = await xlsx(admin, '/api/v1/safetynet/orders.xlsx?state=open&sort=-due_at');
  assert.equal(wb.status, 200, wb.text);
  assert.match(wb.disposition, /safetynet-orders\.xlsx/);
  assert.equal(wb.rows[0][0].v, '安全网工单');
  assert.match(wb.rows[1][0].v, /状态：未办结/);
  assert.match(wb.rows[1][0].v, /排序：时限（降序）/);
  const h = heads(wb);
  assert.deepEqual(h.slice(0, 6), ['工单号', '级别', '事项', '对象', '身份证号', '状态']);
  const rows = dataRows(wb);
  assert.deepEqual(rows.map((r) => r[0].v), json.map((o) => o.id), 'same rows, same order');
  assert.equal(rows[0][0].kind, 'n', 'numbers as numbers');
  const level = h.indexOf('级别'), state = h.indexOf('状态'), due = h.indexOf('时限'), id = h.indexOf('身份证号');
  assert.ok(rows.every((r) => ['红色', '橙色', '黄色'].includes(r[level].v)), 'levels as labels');
  assert.ok(rows.every((r) => !['assigned', 'accepted', 'on_site', 'returned', 'escalated'].includes(r[state].v)));
  assert.equal(rows[0][due].kind, 'date', 'the deadline is a date');
  assert.ok(rows.every((r) => !r[id] || !/^\d{17}[\dX]$/.test(r[id].v)), 'ID numbers masked');
  const audited = lastExport();
  assert.match(audited, /"list":"safetynet-orders"/);
  assert.match(audited, new RegExp(`"rows":${json.length}`));
});

test('orders.xlsx: a district officer gets their district only', async () => {
  const mine = await allRows(officer, '/api/v1/safetynet/orders?sort=id');
  const all = await allRows(admin, '/api/v1/safetynet/orders?sort=id');
  assert.ok(all.length > mine.length, 'the city has orders outside Haizhu');
  const wb = await xlsx(officer, '/api/v1/safetynet/orders.xlsx?sort=id');
  assert.deepEqual(dataRows(wb).map((r) => r[0].v), mine.map((o) => o.id));
});

test('alerts.xlsx and events.xlsx: filters, order and labels', async () => {
  const alerts = await allRows(admin, '/api/v1/safetynet/alerts?level=red&sort=raised_at');
  assert.ok(alerts.length >= 1, 'the demo city has red alerts');
  const wa = await xlsx(admin, '/api/v1/safetynet/alerts.xlsx?level=red&sort=raised_at');
  assert.equal(wa.status, 200, wa.text);
  assert.equal(wa.rows[0][0].v, '安全网预警');
  assert.match(wa.rows[1][0].v, /级别：红色/);
  const ha = heads(wa);
  assert.deepEqual(dataRows(wa).map((r) => r[0].v), alerts.map((a) => a.id));
  assert.ok(dataRows(wa).every((r) => r[ha.indexOf('级别')].v === '红色'));
  const why = dataRows(wa)[0][ha.indexOf('说明')];
  assert.ok(why && /[\u4e00-\u9fff]/.test(why.v), 'the explanation in Chinese');

  const events = await allRows(haizhu, '/api/v1/safetynet/events?sort=-occurred_on');
  const we = await xlsx(haizhu, '/api/v1/safetynet/events.xlsx?sort=-occurred_on');
  assert.equal(we.status, 200, we.text);
  const he = heads(we);
  assert.deepEqual(dataRows(we).map((r) => r[0].v), events.map((e) => e.id));
  const type = he.indexOf('事件类型');
  assert.ok(dataRows(we).every((r) => /[\u4e00-\u9fff]/.test(r[type].v)), 'event types by their Chinese name');
  const amount = he.indexOf('金额（元）');
  const billed = events.findIndex((e) => e.amount_fen > 0);
  if (billed >= 0) {
    const cell = dataRows(we)[billed][amount];
    assert.equal(cell.kind, 'n');
    assert.equal(Math.round(cell.v * 100), events[billed].amount_fen, 'yuan from fen');
  }
});

test('X-Export-Columns: the named columns first in that order, the rest after; an unknown one refused', async () => {
  const plain = await xlsx(admin, '/api/v1/safetynet/orders.xlsx?sort=id');
  const wb = await xlsx(admin, '/api/v1/safetynet/orders.xlsx?sort=id', { 'X-Export-Columns': 'due_at,late,title,id' });
  assert.equal(wb.status, 200, wb.text);
  const h = heads(wb);
  assert.deepEqual(h.slice(0, 4), ['时限', '已超时', '事项', '工单号']);
  assert.deepEqual([...h].sort(), [...heads(plain)].sort(), 'no column lost, none twice');
  // Orders keep coming while the test runs (events are delivered in the
  // background): compare the rows both workbooks hold, the oldest by id.
  const n = Math.min(dataRows(wb).length, dataRows(plain).length);
  const rows = dataRows(wb).slice(0, n), before = dataRows(plain).slice(0, n);
  assert.ok(n >= 2);
  assert.deepEqual(rows.map((r) => r[3].v), before.map((r) => r[0].v), 'the cells moved with their headers');
  const title = heads(plain).indexOf('事项');
  assert.deepEqual(rows.map((r) => r[2] && r[2].v), before.map((r) => r[title] && r[title].v));

  const bad = await xlsx(admin, '/api/v1/safetynet/orders.xlsx', { 'X-Export-Columns': 'title,password' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'columns');
  assert.match(bad.json.error.message, /password/);
  assert.match(bad.json.error.message, /due_at/, 'the columns it has are named');
  // Another list takes the same header (the one mechanism).
  const calls = await xlsx(admin, '/api/v1/eldercare/calls.xlsx', { 'X-Export-Columns': 'summary,id' });
  assert.equal(calls.status, 200, calls.text);
  assert.deepEqual(heads(calls).slice(0, 2), ['情况', '呼叫编号']);
});

// Household search that finds people (issue 14 item 6) and the list exports
// of the registry (item 2): by head's name, address, a member's ID number
// (validated, audited), size, declared income per member, program; the
// detail's income; XLSX with the same filters.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql } from './lib.mjs';
import { getXlsx, heads, dataRows } from './xlsx.mjs';

let admin, haizhu, tianhe;
let hh; // a Haizhu household of two or more, with its detail
before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  const list = (await haizhu.get('/api/v1/households?page_size=100')).json.items;
  const pick = list.find((h) => h.member_count >= 2 && h.head_name);
  assert.ok(pick, 'the demo city has a Haizhu household of two or more with a head');
  hh = (await haizhu.get(`/api/v1/households/${pick.id}`)).json;
  hh.summary = pick;
});

const ids = (r) => r.json.items.map((h) => h.id);

test('the head\'s name (or its beginning) finds the household, every result headed so', async () => {
  const head = hh.summary.head_name;
  const r = await haizhu.get('/api/v1/households?page_size=200&head_name=' + encodeURIComponent(head));
  assert.equal(r.status, 200, r.text);
  assert.ok(ids(r).includes(hh.id));
  assert.ok(r.json.items.every((h) => h.head_name.startsWith(head)));
  const prefix = await haizhu.get('/api/v1/households?page_size=200&head_name=' + encodeURIComponent(head.slice(0, 1)));
  assert.ok(ids(prefix).includes(hh.id));
  assert.ok(prefix.json.total >= r.json.total);
  const none = await haizhu.get('/api/v1/households?head_name=' + encodeURIComponent('无此人名字'));
  assert.equal(none.json.total, 0);
});

test('a part of the address finds it; LIKE characters are literal', async () => {
  const part = hh.address.slice(Math.max(0, hh.address.length - 6));
  const r = await haizhu.get('/api/v1/households?page_size=200&address=' + encodeURIComponent(part));
  assert.ok(ids(r).includes(hh.id));
  assert.ok(r.json.items.every((h) => h.address.includes(part)));
  const pct = await haizhu.get('/api/v1/households?address=%25');
  assert.equal(pct.json.total, 0, 'a % in the query is a percent sign, not a wildcard');
});

test('a member\'s ID number finds the household, within scope only, and is audited masked', async () => {
  const member = hh.members[hh.members.length - 1];
  const number = sql(`SELECT id_number FROM persons WHERE id = ${member.person_id}`).trim();
  const r = await haizhu.get('/api/v1/households?id_number=' + number);
  assert.deepEqual(ids(r), [hh.id]);
  const other = await tianhe.get('/api/v1/households?id_number=' + number);
  assert.equal(other.json.total, 0, 'another street cannot find a Haizhu household by ID number');
  const bad = number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
  assertError(await haizhu.get('/api/v1/households?id_number=' + bad), 400, 'invalid_argument', 'id_number');
  const detail = sql("SELECT detail FROM audit_log WHERE action = 'household.search' AND login = 't_haizhu'"
    + " AND detail LIKE '%\"by_id_number\":true%' ORDER BY seq DESC LIMIT 1").trim();
  assert.ok(detail, 'the ID lookup is audited');
  assert.ok(!detail.includes(number), 'the audit record holds the number masked');
  assert.ok(detail.includes(number.slice(0, 4)) && detail.includes('*'));
});

test('size and income per member: the bounds hold for every result, the detail shows the income', async () => {
  const n = hh.members.length;
  const r = await haizhu.get(`/api/v1/households?page_size=200&size_min=${n}&size_max=${n}`);
  assert.ok(ids(r).includes(hh.id));
  assert.ok(r.json.items.every((h) => h.member_count === n));
  // The detail's income is the members' declared incomes, per member rounded down.
  const fen = Number(sql(`SELECT COALESCE(SUM(monthly_fen), 0) FROM person_incomes WHERE person_id IN (${hh.members.map((m) => m.person_id).join(',')})`).trim());
  assert.equal(hh.income_fen, fen);
  assert.equal(hh.income_per_capita_fen, Math.floor(fen / n));
  assert.equal(hh.members.reduce((s, m) => s + m.income_fen, 0), fen);
  const pc = hh.income_per_capita_fen;
  const inBand = await haizhu.get(`/api/v1/households?page_size=200&income_min_fen=${pc}&income_max_fen=${pc + 1}`);
  assert.ok(ids(inBand).includes(hh.id));
  assert.ok(inBand.json.items.every((h) => h.income_fen >= pc * h.member_count && h.income_fen <= (pc + 1) * h.member_count));
  const above = await haizhu.get(`/api/v1/households?page_size=200&income_min_fen=${pc + 2}`);
  assert.ok(!ids(above).includes(hh.id));
  assertError(await haizhu.get('/api/v1/households?size_min=3&size_max=2'), 400, 'invalid_argument', 'size_max');
  assertError(await haizhu.get('/api/v1/households?income_min_fen=-1'), 400, 'invalid_argument', 'income_min_fen');
});

test('program: only households with an active enrolment in it', async () => {
  const row = sql("SELECT household_id, program FROM enrollments WHERE status = 'active' AND division_code LIKE '440105%' ORDER BY id LIMIT 1").trim();
  assert.ok(row, 'the demo city has an active enrolment in Haizhu');
  const [hid, program] = row.split('|');
  const r = await admin.get(`/api/v1/households?page_size=200&division=440105&program=${program}`);
  assert.equal(r.status, 200, r.text);
  const enrolled = new Set(sql(`SELECT household_id FROM enrollments WHERE status = 'active' AND program = '${program}' AND division_code LIKE '440105%'`).trim().split('\n').map(Number));
  assert.ok(r.json.items.length > 0);
  assert.ok(r.json.items.every((h) => enrolled.has(h.id)));
  if (r.json.total <= 200) assert.ok(ids(r).includes(Number(hid)));
});

test('sorting by address both ways; an unknown sort is refused', async () => {
  const asc = (await haizhu.get('/api/v1/households?sort=address&page_size=30')).json.items.map((h) => h.address);
  const desc = (await haizhu.get('/api/v1/households?sort=-address&page_size=30')).json.items.map((h) => h.address);
  const cmp = (a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.deepEqual(asc, [...asc].sort(cmp));
  assert.deepEqual(desc, [...desc].sort(cmp).reverse());
  assert.notDeepEqual(asc, desc);
  const byHead = (await haizhu.get('/api/v1/households?sort=-id&page_size=30&head_name=' + encodeURIComponent(hh.summary.head_name.slice(0, 1)))).json.items.map((h) => h.id);
  assert.deepEqual(byHead, [...byHead].sort((a, b) => b - a), 'a people filter sorts the same way');
  assertError(await haizhu.get('/api/v1/households?sort=income'), 400, 'invalid_argument', 'sort');
});

test('households.xlsx: the filters named, numbers as numbers, the same rows as the search', async () => {
  const n = hh.members.length;
  const q = `size_min=${n}&size_max=${n}&sort=-id`;
  const json = (await haizhu.get(`/api/v1/households?page_size=200&${q}`)).json;
  const wb = await getXlsx(haizhu, `/api/v1/households.xlsx?${q}`);
  assert.equal(wb.status, 200, wb.text);
  assert.match(wb.type, /spreadsheetml/);
  assert.match(wb.disposition, /households\.xlsx/);
  assert.match(wb.rows[1][0].v, /人数下限：\d+/);
  assert.match(wb.rows[1][0].v, /排序：家庭编号（降序）/);
  assert.deepEqual(heads(wb).slice(0, 5), ['家庭编号', '户主', '地址', '所在社区', '家庭人数']);
  const rows = dataRows(wb);
  assert.equal(rows.length, Math.min(json.total, 50000));
  assert.deepEqual(rows.slice(0, json.items.length).map((r) => r[0].v), json.items.map((h) => h.id));
  const first = rows[0];
  assert.equal(first[4].kind, 'n');
  assert.equal(first[4].v, n);
  assert.equal(first[6].kind, 'n', 'income per member is a number');
  assert.equal(first[6].fmt, '0.00');
  assert.equal(Math.round(first[6].v * 100), json.items[0].income_per_capita_fen);
  const audited = sql("SELECT detail FROM audit_log WHERE action = 'list.export' AND login = 't_haizhu' ORDER BY seq DESC LIMIT 1").trim();
  assert.match(audited, /"list":"households"/);
  assert.match(audited, /"size_min":"\d+"/);
});

test('persons.xlsx: ID numbers masked, birth dates as dates, scope kept', async () => {
  const json = (await haizhu.get('/api/v1/persons?sort=-birth_date&page_size=50')).json;
  const wb = await getXlsx(haizhu, '/api/v1/persons.xlsx?sort=-birth_date');
  assert.equal(wb.status, 200, wb.text);
  const rows = dataRows(wb);
  assert.equal(rows.length, Math.min(json.total, 50000));
  for (const r of rows.slice(0, 50)) assert.match(r[1].v, /^\d{4}\*{10}[\dX]{4}$/);
  assert.equal(rows[0][3].kind, 'date');
  assert.deepEqual(rows.slice(0, 50).map((r) => r[3].v), json.items.map((p) => p.birth_date));
  assert.ok(rows.every((r) => ['男', '女'].includes(r[2].v)));
  const out = await getXlsx(tianhe, '/api/v1/persons.xlsx?division=440105');
  assert.equal(out.status, 400, 'another street\'s area is refused for the export as for the list');
});

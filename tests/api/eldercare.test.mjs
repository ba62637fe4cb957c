// Elderly care end to end, part 1: ability assessment (API and CLI), a day
// at a canteen (meals by category, a double-subsidy attempt refused, a
// deceased person's card refused), the month's settlement, provider
// isolation, scope, parameters and coverage.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bearer, assertError, cli, raw, PASSWORD, uniqueSuffix } from './lib.mjs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}

const today = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
};
const thisMonth = () => today().slice(0, 7);
const lastMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

let admin, haizhu, officer, tianhe, auditor;
let hzCommunity, hzCommunity2, thCommunity;
const run = uniqueSuffix();
let seq = Number(run) % 700;

async function firstCommunity(street) {
  const r = await admin.get(`/api/v1/divisions?parent=${street}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items[0].code;
}

async function person(who, community, birth, name) {
  const [y, m, d] = birth.split('-').map(Number);
  const id_number = makeId(community.slice(0, 6), y, m, d, (seq++ % 900) + 50);
  const r = await who.post('/api/v1/persons', { id_number, name, division_code: community, reason: '养老服务测试登记' });
  assert.equal(r.status, 201, r.text);
  return { ...r.json, id_number };
}

function items(total, consciousness = 2) {
  // Full marks, then points taken off item by item (never consciousness).
  const max = { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, urinary: 4, bowel: 4, toileting: 4,
    bed_mobility: 4, transfer: 4, walking: 4, stairs: 3, orient_time: 4, orient_place: 4, orient_person: 4, memory: 4,
    comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 4,
    going_out: 3, social: 4 };
  const o = { ...max, consciousness };
  let sum = Object.values(o).reduce((a, b) => a + b, 0);
  for (const k of Object.keys(o)) {
    if (k === 'consciousness') continue;
    while (o[k] > 0 && sum > total) { o[k]--; sum--; }
  }
  assert.equal(sum, total);
  return o;
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
  tianhe = await bearer('t_tianhe');
  auditor = await bearer('t_auditor');
  hzCommunity = await firstCommunity('440105001');
  const all = (await admin.get('/api/v1/divisions?parent=440105001')).json.items;
  hzCommunity2 = all[1].code;
  thCommunity = await firstCommunity('440106001');
});

test('assessment: scored from data, stored with its level, history and due date; bad items named', async () => {
  const std = await haizhu.get('/api/v1/eldercare/assessment-standard');
  assert.equal(std.status, 200, std.text);
  assert.equal(std.json.max_total, 90);
  assert.equal(std.json.items.length, 26);
  assert.deepEqual(std.json.levels.map((l) => l.min_total), [0, 30, 46, 66, 90]);

  const p = await person(haizhu, hzCommunity, '1941-02-03', '评估测试甲');
  const bad = { ...items(70) };
  delete bad.bowel;
  assertError(await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessments`,
    { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items: bad }), 400, 'invalid_argument', 'items.bowel');
  assertError(await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessments`,
    { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items: { ...items(70), stairs: 4 } }),
  400, 'invalid_argument', 'items.stairs');

  const r = await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessments`, {
    assessed_on: today(), assessor: '张评估', assessor2: '李评估', location: '沙园街社区服务中心', purpose: 'initial',
    items: items(70, 0), conditions: { dementia: true },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.total, 70);
  assert.equal(r.json.base_level, 1);
  assert.equal(r.json.level, 3); // dementia: 2; coma floor: 3
  assert.deepEqual(r.json.adjustments.map((a) => a.rule), ['dementia', 'coma']);

  const h = await haizhu.get(`/api/v1/eldercare/persons/${p.id}/assessments`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.current.level, 3);
  assert.equal(h.json.items.length, 1);
  assert.equal(h.json.items[0].items.bowel, items(70, 0).bowel);
  assert.equal(h.json.current.due_reason, 'periodic');

  // A reported change makes it due soon; another district does not see the person.
  const ch = await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessment-changes`, { reported_on: today(), description: '跌倒骨折，卧床' });
  assert.equal(ch.status, 201, ch.text);
  const due = await haizhu.get(`/api/v1/eldercare/assessments/due?by=${ch.json.due_on}&page_size=200`);
  assert.ok(due.json.items.some((x) => x.person_id === p.id && x.reason === 'change'), due.text);
  assertError(await tianhe.get(`/api/v1/eldercare/persons/${p.id}/assessments`), 404, 'not_found');
  const td = await tianhe.get(`/api/v1/eldercare/assessments/due?by=2099-01-01&page_size=200`);
  assert.ok(!td.json.items.some((x) => x.person_id === p.id));

  // Every write is in the audit trail.
  const a = await auditor.get(`/api/v1/audit?action=eldercare.assessment.create&entity_id=${r.json.id}`);
  assert.equal(a.json.items.length, 1, a.text);
});

test('minzheng assess prints the level with the computed scores, and names a bad item', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mz-assess-'));
  const good = path.join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ items: items(45), conditions: { risk_events_30d: 1 } }));
  let r = cli(['assess', '--input', good]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /total: 45 \/ 90/);
  assert.match(r.stdout, /level: 3 重度失能/);
  r = cli(['assess', '--input', good, '--json']);
  assert.equal(JSON.parse(r.stdout).dimensions.length, 4);
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ items: { ...items(90), memory: 7 } }));
  r = cli(['assess', '--input', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /items\.memory/);
  const missing = path.join(dir, 'missing.json');
  const m = items(90);
  delete m.social;
  writeFileSync(missing, JSON.stringify(m));
  r = cli(['assess', '--input', missing]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /items\.social: item 'social' is missing/);
});

// ---- canteens ---------------------------------------------------------------

const ctx = {};
let setupOnce = null;
const setupCanteen = () => (setupOnce ||= doSetupCanteen());

async function doSetupCanteen() {
  const prov = await haizhu.post('/api/v1/eldercare/providers', { name: `沙园助餐服务中心${run}`, kind: 'canteen', division_code: '440105001', reason: '登记助餐服务机构' });
  assert.equal(prov.status, 201, prov.text);
  const k = await haizhu.post('/api/v1/eldercare/canteens', {
    provider_id: prov.json.id, name: `沙园长者饭堂${run}`, address: '海珠区沙园路1号', division_code: hzCommunity,
    lat: 23.0921, lon: 113.2712, hours: '00:00-24:00', capacity: 80, delivery_radius_m: 1500, reason: '新建长者饭堂',
  });
  assert.equal(k.status, 201, k.text);
  // The counter's account: a service_provider user linked to the provider.
  const login = `canteen_${run}`;
  const u = await admin.post('/api/v1/users', { login, name: '饭堂收银', role: 'service_provider', scope_code: '440105001', password: PASSWORD });
  assert.equal(u.status, 201, u.text);
  const link = await haizhu.post(`/api/v1/eldercare/providers/${prov.json.id}/users`, { login, reason: '饭堂前台账号' });
  assert.equal(link.status, 201, link.text);
  ctx.provider = prov.json;
  ctx.canteen = k.json;
  ctx.counter = await bearer(login);
  // Another operator's canteen in the same district.
  const prov2 = await haizhu.post('/api/v1/eldercare/providers', { name: `另一运营方${run}`, kind: 'canteen', division_code: '440105001', reason: '登记助餐服务机构' });
  const k2 = await haizhu.post('/api/v1/eldercare/canteens', {
    provider_id: prov2.json.id, name: `另一饭堂${run}`, address: '海珠区某路2号', division_code: hzCommunity2,
    lat: 23.09, lon: 113.27, hours: '00:00-24:00', capacity: 40, reason: '新建长者饭堂',
  });
  assert.equal(k2.status, 201, k2.text);
  ctx.other = k2.json;
  return ctx;
}

test('a day at a canteen: meals by category, a double subsidy refused, a deceased card refused', async () => {
  const { canteen, counter } = await setupCanteen();
  const checkin = (body) => counter.post(`/api/v1/eldercare/canteens/${canteen.id}/checkins`, { slot: 'lunch', ...body });
  const y = Number(today().slice(0, 4));

  const plain = await person(haizhu, hzCommunity2, `${y - 72}-01-15`, '饭堂长者甲');
  const dibao = await person(haizhu, hzCommunity, `${y - 66}-03-01`, '饭堂长者乙');
  const old = await person(haizhu, hzCommunity, `${y - 86}-07-07`, '饭堂长者丙');
  const visitor = await person(admin, thCommunity, `${y - 70}-05-05`, '天河长者丁');
  const young = await person(haizhu, hzCommunity, `${y - 50}-05-05`, '年轻人戊');
  const dead = await person(haizhu, hzCommunity, `${y - 90}-02-02`, '已故长者己');

  let r = await haizhu.post(`/api/v1/eldercare/persons/${dibao.id}/categories`, { category: 'dibao', valid_from: '2020-01-01', reason: '低保在册对象' });
  assert.equal(r.status, 201, r.text);
  const card = await haizhu.post(`/api/v1/eldercare/persons/${old.id}/cards`, { reason: '发放长者卡' });
  assert.equal(card.status, 201, card.text);
  assert.match(card.json.code, /^GZ\d{12}$/);

  r = await checkin({ id_number: plain.id_number });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.tier, r.json.price_fen, r.json.paid_fen, r.json.city_fen, r.json.district_fen, r.json.town_fen],
    ['age_min', 1200, 500, 300, 300, 100]);
  assert.equal(r.json.person.name, '饭堂长者甲');
  assert.match(r.json.person.id_number_masked, /\*/);

  r = await checkin({ id_number: dibao.id_number.toLowerCase(), mode: 'delivery' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.tier, r.json.category, r.json.paid_fen, r.json.mode], ['hardship', 'dibao', 100, 'delivery']);

  r = await checkin({ card_code: card.json.code });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.tier, r.json.paid_fen], ['age_high', 300]);

  r = await checkin({ id_number: visitor.id_number }); // lives in 天河: only the city's share
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.paid_fen, r.json.city_fen, r.json.district_fen, r.json.town_fen, r.json.cross_district], [900, 300, 0, 0, true]);

  r = await checkin({ id_number: young.id_number });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.tier, r.json.paid_fen], ['none', 1200]);

  // The same elder again for lunch: refused, naming the first meal; full price is allowed.
  r = await checkin({ id_number: plain.id_number });
  assertError(r, 409, 'conflict', 'slot');
  assert.match(r.json.error.message_zh, /已享受过补贴/);
  r = await ctx.counter.post(`/api/v1/eldercare/canteens/${ctx.canteen.id}/checkins`, { slot: 'lunch', id_number: plain.id_number, full_price: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.paid_fen, 1200);
  // Dinner is another slot.
  r = await checkin({ id_number: plain.id_number, slot: 'dinner' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.paid_fen, 500);

  // A deceased person's card is refused with a clear message.
  const deadCard = await haizhu.post(`/api/v1/eldercare/persons/${dead.id}/cards`, { reason: '发放长者卡' });
  assert.equal(deadCard.status, 201, deadCard.text);
  const full = await haizhu.get(`/api/v1/persons/${dead.id}`);
  const upd = await haizhu.patch(`/api/v1/persons/${dead.id}`, { death_date: today(), reason: '死亡登记', version: full.json.version });
  assert.equal(upd.status, 200, upd.text);
  r = await checkin({ card_code: deadCard.json.code });
  assertError(r, 409, 'invalid_state', 'person');
  assert.match(r.json.error.message_zh, /已于 .* 登记死亡，不能登记就餐/);
  assertError(await checkin({ card_code: 'GZ000000000000' }), 404, 'not_found', 'card_code');
  // A card issued again: the old code is refused as cancelled; the new one
  // finds the same elder (who has had a subsidised lunch already).
  const card2 = await haizhu.post(`/api/v1/eldercare/persons/${old.id}/cards`, { reason: '补发长者卡' });
  assert.equal(card2.status, 201, card2.text);
  assert.notEqual(card2.json.code, card.json.code);
  r = await checkin({ card_code: card.json.code });
  assertError(r, 409, 'invalid_state', 'card_code');
  assert.match(r.json.error.message_zh, /已注销/);
  r = await checkin({ card_code: card2.json.code });
  assertError(r, 409, 'conflict', 'slot');
  assert.match(r.json.error.message_zh, /饭堂长者丙/);
  assertError(await checkin({ id_number: '440105190001010000' }), 400, 'invalid_argument', 'id_number');
  assertError(await checkin({}), 400, 'invalid_argument', 'id_number');
  assertError(await checkin({ id_number: plain.id_number, mode: 'takeaway' }), 400, 'invalid_argument', 'mode');

  // The day's list and totals.
  const day = await counter.get(`/api/v1/eldercare/canteens/${canteen.id}/meals?day=${today()}&page_size=50`);
  assert.equal(day.status, 200, day.text);
  assert.equal(day.json.totals.meals, 7);
  assert.equal(day.json.totals.subsidised, 5);
  assert.equal(day.json.totals.paid_fen, 500 + 100 + 300 + 900 + 1200 + 1200 + 500);
  assert.equal(day.json.totals.delivery, 1);
  assert.equal(day.json.items.length, 7, 'the day lists its seven meals');
  assert.ok(day.json.items.every((m) => /^\d{4}\*+[\dX]{4}$/.test(m.id_number_masked)), 'ID numbers masked');

  // Anomalies: the refused double subsidy and the deceased card.
  const an = await officer.get(`/api/v1/eldercare/meal-anomalies?month=${thisMonth()}`);
  assert.equal(an.status, 200, an.text);
  const kinds = an.json.refused.filter((x) => x.canteen_id === canteen.id).map((x) => x.kind);
  assert.ok(kinds.includes('deceased') && kinds.includes('double_subsidy') && kinds.includes('unknown_card') &&
    kinds.includes('card_inactive'), JSON.stringify(kinds));

  // The check-in is audited.
  const au = await auditor.get(`/api/v1/audit?action=eldercare.meal.checkin&page_size=50`);
  assert.ok(au.json.items.length >= 7);
  ctx.dayPaid = day.json.totals.paid_fen;
  ctx.daySubsidy = day.json.totals.subsidy_fen;
});

test('a provider user sees only its own canteens; other districts see nothing', async () => {
  const { canteen, counter, other } = await setupCanteen();
  const list = await counter.get('/api/v1/eldercare/canteens?page_size=200');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((k) => k.id), [canteen.id]);
  assertError(await counter.get(`/api/v1/eldercare/canteens/${other.id}`), 404, 'not_found');
  assertError(await counter.post(`/api/v1/eldercare/canteens/${other.id}/checkins`, { id_number: makeId('440105', 1950, 1, 1, 11) }), 404, 'not_found');
  // Providers read no registry data and cannot register canteens.
  assertError(await counter.get('/api/v1/persons'), 403, 'forbidden');
  assertError(await counter.post('/api/v1/eldercare/canteens', {}), 403, 'forbidden');
  // A 天河 caseworker never sees a 海珠 canteen or its meals.
  assertError(await tianhe.get(`/api/v1/eldercare/canteens/${canteen.id}`), 404, 'not_found');
  assertError(await tianhe.get(`/api/v1/eldercare/canteens/${canteen.id}/meals`), 404, 'not_found');
  const tl = await tianhe.get('/api/v1/eldercare/canteens?page_size=200');
  assert.ok(!tl.json.items.some((k) => k.id === canteen.id));
  // An unlinked provider account is refused outright.
  const login = `unlinked_${run}`;
  await admin.post('/api/v1/users', { login, name: '未关联', role: 'service_provider', scope_code: '440105', password: PASSWORD });
  const lone = await bearer(login);
  assertError(await lone.get('/api/v1/eldercare/canteens'), 403, 'forbidden');
});

test('a month\'s settlement: the day\'s meals summed by payer; confirmed only after the month ends', async () => {
  const { canteen, counter } = await setupCanteen();
  const s = await counter.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements`, { month: thisMonth() });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'draft');
  assert.equal(s.json.meals, 7);
  assert.equal(s.json.paid_fen, ctx.dayPaid);
  assert.equal(s.json.subsidy_fen, ctx.daySubsidy);
  assert.equal(s.json.city_fen + s.json.district_fen + s.json.town_fen, s.json.subsidy_fen);
  assert.equal(s.json.city_fen, 5 * 300);
  assert.equal(s.json.detail.provisional, true);
  assert.equal(s.json.detail.by_tier.hardship.meals, 1);
  // The month is still running; a provider cannot confirm at all.
  assertError(await counter.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements/${thisMonth()}/confirm`, { reason: '月度结算确认' }), 403, 'forbidden');
  assertError(await officer.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements/${thisMonth()}/confirm`, { reason: '月度结算确认' }), 409, 'invalid_state', 'month');
  // Last month (no meals) is over: computed, confirmed, then frozen.
  const prev = await officer.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements`, { month: lastMonth() });
  assert.equal(prev.status, 200, prev.text);
  assert.equal(prev.json.meals, 0);
  const conf = await officer.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements/${lastMonth()}/confirm`, { reason: '月度结算确认' });
  assert.equal(conf.status, 200, conf.text);
  assert.equal(conf.json.status, 'confirmed');
  assertError(await officer.post(`/api/v1/eldercare/canteens/${canteen.id}/settlements`, { month: lastMonth() }), 409, 'invalid_state', 'month');
  const list = await officer.get(`/api/v1/eldercare/settlements?month=${thisMonth()}&division=440105`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.canteen_id === canteen.id));
  assertError(await officer.get('/api/v1/eldercare/settlements?month=2026-13'), 400, 'invalid_argument', 'month');
});

test('parameters are dated data: set for a district from a future date, never backwards or outside scope', async () => {
  const list = await officer.get('/api/v1/eldercare/params');
  assert.equal(list.status, 200, list.text);
  const price = list.json.items.find((p) => p.name === 'canteen.price_fen');
  const seeded = price.rows.find((r) => r.division_code === '' && r.valid_from === '2020-01-01');
  assert.equal(seeded.value, '1200');
  assert.match(seeded.source, /unverified/);
  const body = { name: 'canteen.price_fen', division_code: '440105', valid_from: '2099-01-01', value: '1500', source: '测试文件', reason: '调整餐标测试' };
  assert.equal((await officer.post('/api/v1/eldercare/params', body)).status, 201);
  assertError(await officer.post('/api/v1/eldercare/params', { ...body, division_code: '440106' }), 400, 'invalid_argument', 'division_code');
  assertError(await officer.post('/api/v1/eldercare/params', { ...body, division_code: '' }), 400, 'invalid_argument', 'division_code');
  assertError(await officer.post('/api/v1/eldercare/params', { ...body, valid_from: '2020-01-01' }), 400, 'invalid_argument', 'valid_from');
  assertError(await officer.post('/api/v1/eldercare/params', { ...body, value: '99999999' }), 400, 'invalid_argument', 'value');
  assertError(await officer.post('/api/v1/eldercare/params', { ...body, name: 'canteen.free_lunch' }), 400, 'invalid_argument', 'name');
  assertError(await haizhu.post('/api/v1/eldercare/params', body), 403, 'forbidden');
  const after = (await officer.get('/api/v1/eldercare/params')).json.items.find((p) => p.name === 'canteen.price_fen');
  assert.ok(after.rows.some((r) => r.division_code === '440105' && r.valid_from === '2099-01-01' && r.value === '1500'));
});

test('coverage: nearest canteen and walking reach for every community in scope', async () => {
  const { canteen } = await setupCanteen();
  const r = await haizhu.get('/api/v1/eldercare/coverage');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.communities > 0);
  assert.ok(r.json.items.length > 0, 'coverage lists communities');
  assert.ok(r.json.items.every((c) => c.code.startsWith('440105001')));
  assert.equal(r.json.communities - r.json.reachable, r.json.outside.length);
  for (const c of r.json.items) {
    assert.ok(c.canteen_id, 'every community has a nearest canteen');
    if (c.reachable) assert.ok(c.walk_minutes <= c.reach_minutes + 0.05, JSON.stringify(c));
    else assert.ok(c.walk_minutes >= c.reach_minutes - 0.05, JSON.stringify(c));
  }
  // Every nearest canteen is a real open canteen of the city.
  const open = new Set((await admin.get('/api/v1/eldercare/canteens?page_size=200')).json.items.filter((k) => k.status === 'open').map((k) => k.id));
  assert.ok(open.has(canteen.id));
  assert.ok(r.json.items.every((c) => open.has(c.canteen_id)));
  assertError(await haizhu.get('/api/v1/eldercare/coverage?division=440106'), 400, 'invalid_argument', 'division');
  const unauth = await raw('GET', '/api/v1/eldercare/coverage');
  assert.equal(unauth.status, 401);
});

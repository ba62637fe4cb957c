// Canteen loose ends (issue 11 item 15): a meal outside the opening hours is
// refused, staff may register it with a reason (the provider's counter may
// not); a check-in is cancelled or corrected on its day with an audited
// reason; an elder below the subsidy age is told why the meal is full price;
// a canteen registered twice under the same name and address is warned.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix, PASSWORD } from './lib.mjs';
import { makeId } from './world.mjs';

const run = uniqueSuffix();
let admin, haizhu, community, provider, counter;

// The Beijing minute of the day now, and an opening window that excludes it.
function closedHours() {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const m = now.getUTCHours() * 60 + now.getUTCMinutes();
  const fmt = (x) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  const [a, b] = m < 720 ? [m + 120, m + 180] : [m - 180, m - 120];
  return `${fmt(a)}-${fmt(b)}`;
}

async function canteen(name, hours, extra = {}) {
  const k = await haizhu.post('/api/v1/eldercare/canteens', {
    provider_id: provider.id, name, address: `海珠区规则测试路${run}号`, division_code: community,
    lat: 23.09, lon: 113.27, hours, capacity: 40, reason: '新建长者饭堂', ...extra,
  });
  assert.equal(k.status, 201, k.text);
  return k.json;
}

let seq = Number(run) % 700;
async function elder(name, year) {
  for (;;) {
    const id_number = makeId('440105', year, 6, 6, (seq++ % 900) + 60);
    const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '饭堂规则测试' });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    return { id: r.json.id, id_number };
  }
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  const p = await haizhu.post('/api/v1/eldercare/providers', { name: `规则助餐机构${run}`, kind: 'canteen', division_code: '440105001', reason: '登记助餐服务机构' });
  assert.equal(p.status, 201, p.text);
  provider = p.json;
  const login = `rules_${run}`;
  assert.equal((await admin.post('/api/v1/users', { login, name: '规则收银', role: 'service_provider', scope_code: '440105001', password: PASSWORD })).status, 201);
  assert.equal((await haizhu.post(`/api/v1/eldercare/providers/${provider.id}/users`, { login, reason: '饭堂前台账号' })).status, 201);
  counter = await bearer(login);
});

test('outside the hours: refused; staff register with a reason, the counter may not', async () => {
  const k = await canteen(`打烊饭堂${run}`, closedHours());
  const e = await elder('打烊长者', 1944);
  const meals = () => Number(sql(`SELECT count(*) FROM ec_meals WHERE canteen_id = ${k.id}`).trim());
  const r = await counter.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: e.id_number });
  assertError(r, 409, 'invalid_state', 'override_reason');
  assert.match(r.json.error.message_zh, /营业时间/);
  assertError(await counter.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: e.id_number, override_reason: '送餐车延误补录' }), 403, 'forbidden', 'override_reason');
  assertError(await haizhu.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: e.id_number, override_reason: '补' }), 400, 'invalid_argument', 'override_reason');
  assert.equal(meals(), 0, 'nothing written when refused');
  const ok = await haizhu.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: e.id_number, slot: 'lunch', override_reason: '送餐车延误补录' });
  assert.equal(ok.status, 201, ok.text);
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'eldercare.meal.checkin' AND entity_id = '${ok.json.id}'`).trim();
  assert.match(detail, /"outside_hours_reason":"送餐车延误补录"/);
});

test('below the subsidy age: full price, and the counter is told why', async () => {
  const k = await canteen(`全天饭堂${run}`, '00:00-24:00');
  const young = await elder('未满六十', 1975);
  const r = await counter.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: young.id_number, slot: 'dinner' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.tier, 'none');
  assert.equal(r.json.subsidy_fen, 0);
  assert.equal(r.json.subsidy_age, 60);
  assert.match(r.json.note.zh, /未满 60 周岁/);
});

test('today\'s check-in is cancelled or corrected with a reason; another day\'s is not', async () => {
  const k = await canteen(`更正饭堂${run}`, '00:00-24:00', { address: `海珠区更正路${run}号` });
  const e = await elder('更正长者', 1941);
  const checkin = (slot) => counter.post(`/api/v1/eldercare/canteens/${k.id}/checkins`, { id_number: e.id_number, slot });
  const a = await checkin('breakfast');
  assert.equal(a.status, 201, a.text);
  assert.ok(a.json.subsidy_fen > 0);
  assertError(await counter.post(`/api/v1/eldercare/meals/${a.json.id}/cancel`, { reason: '错' }), 400, 'invalid_argument', 'reason');
  const c = await counter.post(`/api/v1/eldercare/meals/${a.json.id}/cancel`, { reason: '刷错了长者卡' });
  assert.equal(c.status, 200, c.text);
  assert.equal(sql(`SELECT count(*) FROM ec_meals WHERE id = ${a.json.id}`).trim(), '0');
  assert.equal(sql(`SELECT reason || '|' || cancelled_by FROM ec_meal_cancellations WHERE meal_id = ${a.json.id}`).trim(), `刷错了长者卡|${counter.user.login}`);
  assertError(await counter.post(`/api/v1/eldercare/meals/${a.json.id}/cancel`, { reason: '再次撤销' }), 404, 'not_found');
  // The slot's subsidy is free again.
  const b = await checkin('breakfast');
  assert.equal(b.status, 201, b.text);
  assert.ok(b.json.subsidy_fen > 0);

  // Corrected: a delivery, not dine-in; moving into a subsidised slot is refused.
  const l = await checkin('lunch');
  assert.equal(l.status, 201, l.text);
  const fix = await counter.patch(`/api/v1/eldercare/meals/${b.json.id}`, { mode: 'delivery', reason: '实为送餐上门' });
  assert.equal(fix.status, 200, fix.text);
  assert.equal(sql(`SELECT mode FROM ec_meals WHERE id = ${b.json.id}`).trim(), 'delivery');
  assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'eldercare.meal.correct' AND entity_id = '${b.json.id}'`).trim(), /"from":\{"mode":"dine_in"/);
  assertError(await counter.patch(`/api/v1/eldercare/meals/${b.json.id}`, { slot: 'lunch', reason: '餐次登记错误' }), 409, 'conflict', 'slot');

  // Yesterday's meal is the settlement's business.
  sql(`UPDATE ec_meals SET served_on = '2001-01-01' WHERE id = ${l.json.id}`);
  assertError(await counter.post(`/api/v1/eldercare/meals/${l.json.id}/cancel`, { reason: '隔天撤销' }), 409, 'invalid_state');
  // Another operator's counter does not find it.
  const other = await bearer('t_tianhe');
  assertError(await other.post(`/api/v1/eldercare/meals/${b.json.id}/cancel`, { reason: '越权撤销' }), 404, 'not_found');
});

test('the same canteen registered twice is warned; confirmed, it is registered', async () => {
  const name = `重复饭堂${run}`;
  await canteen(name, '10:30-13:30', { address: `海珠区重复路${run}号` });
  const again = { provider_id: provider.id, name, address: `海珠区重复路${run}号`, division_code: community, lat: 23.09, lon: 113.27, hours: '10:30-13:30', capacity: 40, reason: '新建长者饭堂' };
  const r = await haizhu.post('/api/v1/eldercare/canteens', again);
  assertError(r, 409, 'conflict', 'name');
  assert.match(r.json.error.message_zh, /同名/);
  const ok = await haizhu.post('/api/v1/eldercare/canteens', { ...again, confirm_duplicate: true });
  assert.equal(ok.status, 201, ok.text);
});

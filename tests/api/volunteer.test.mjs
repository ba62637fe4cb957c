// Volunteers and the time bank end to end: registration (ID number,
// minors with a guardian's consent), an order dispatched to the nearest
// volunteer, declined, re-dispatched, expired on the test clock and
// re-dispatched again, accepted, served with check-in/out, rated and
// credited; the ledger proven; an exchange refused below 100 hours; a
// correction by reversal; an activity with slots, check-in by code and
// confirmation; a paired visit; the resident's data hidden from a
// volunteer until it accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, PASSWORD, uniqueSuffix, setClock, runJob, sql } from './lib.mjs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function makeId(code6, y, m, d, s3) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s3).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const run = uniqueSuffix();
let seq = (Number(run) % 400) + 500;
let admin, haizhu, commA, commB;
let clock = 0;
const V = '/api/v1/volunteer';

async function person(community, birth, name) {
  const [y, m, d] = birth.split('-').map(Number);
  for (let tries = 0; tries < 20; tries++) {
    const id_number = makeId('440105', y, m, d, (seq++ % 900) + 50);
    const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '志愿者测试登记' });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    return { ...r.json, id_number };
  }
  throw new Error('no free ID number');
}

// A registered volunteer with its own service_provider login.
async function volunteer(community, name, skills = 'haircut,companionship') {
  const p = await person(community, '1990-03-03', name);
  const r = await haizhu.post(`${V}/volunteers`, { id_number: p.id_number, skills, reason: '志愿者注册' });
  assert.equal(r.status, 201, r.text);
  const login = `tv${run}${seq}`.slice(0, 30);
  const u = await admin.post('/api/v1/users', { login, name, role: 'service_provider', scope_code: '440105001', password: PASSWORD });
  assert.equal(u.status, 201, u.text);
  const l = await haizhu.post(`${V}/volunteers/${r.json.id}/login`, { login, reason: '开通志愿者账号' });
  assert.equal(l.status, 200, l.text);
  return { id: r.json.id, person: p, login, account: r.json.account_id };
}
const as = (v) => bearer(v.login);

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  const cs = (await admin.get('/api/v1/divisions?parent=440105001')).json.items;
  commA = cs[1].code;
  commB = cs[2].code;
  // The demo city has haircut volunteers of its own; this test's orders
  // must reach only the volunteers it makes.
  sql("UPDATE vol_volunteers SET status = 'suspended' WHERE skills LIKE '%,haircut,%'");
});

after(async () => { await setClock(0); });

test('registration: ID number checked, a minor needs a guardian and consent, skills known, one record a person', async () => {
  assertError(await haizhu.post(`${V}/volunteers`, { id_number: '440105199001010000', skills: 'errand', reason: '注册' }), 400, 'invalid_argument', 'id_number');
  const teen = await person(commA, `${new Date().getFullYear() - 15}-01-01`, '少年志愿者');
  assertError(await haizhu.post(`${V}/volunteers`, { id_number: teen.id_number, skills: 'errand', reason: '注册志愿者' }), 400, 'invalid_argument', 'guardian_id_number');
  const parent = await person(commA, '1980-01-01', '监护人');
  assertError(await haizhu.post(`${V}/volunteers`, { id_number: teen.id_number, skills: 'errand', guardian_id_number: parent.id_number, reason: '注册志愿者' }), 400, 'invalid_argument', 'guardian_consent');
  assertError(await haizhu.post(`${V}/volunteers`, { id_number: parent.id_number, skills: 'juggling', reason: '注册志愿者' }), 400, 'invalid_argument', 'skills');
  const ok = await haizhu.post(`${V}/volunteers`, { id_number: teen.id_number, skills: 'errand', guardian_id_number: parent.id_number, guardian_consent: true, reason: '注册志愿者' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.guardian_consent, true);
  assert.equal(ok.json.balance_minutes, 0);
  assertError(await haizhu.post(`${V}/volunteers`, { id_number: teen.id_number, skills: 'errand', guardian_id_number: parent.id_number, guardian_consent: true, reason: '注册志愿者' }), 409, 'conflict', 'id_number');
  const other = await bearer('t_tianhe');
  assertError(await other.get(`${V}/volunteers/${ok.json.id}`), 404, 'not_found');
});

test('an order: dispatched nearest first, declined, re-dispatched, expired on the clock, accepted, served, rated, credited', async () => {
  const v1 = await volunteer(commA, '志愿甲');
  const v2 = await volunteer(commA, '志愿乙');
  const v3 = await volunteer(commB, '志愿丙');
  const resident = await person(commA, '1945-05-05', '点单居民');
  const c1 = await as(v1);
  const c2 = await as(v2);

  const o = await haizhu.post(`${V}/service-orders`, { person_id: resident.id, service_code: 'haircut', wanted_on: today(), note: '三楼，按门铃' });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.state, 'offered');
  const id = o.json.id;
  // Same community, no load, unrated: the lower id first.
  assert.equal(o.json.offers.length, 1);
  assert.equal(o.json.offers[0].volunteer_id, v1.id);
  assert.equal(o.json.offers[0].tier, 0);

  // Offered, not accepted: no resident's name, address, phone or id.
  const seen = await c1.get(`${V}/service-orders/${id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.resident, undefined);
  assert.equal(seen.json.person_id, undefined);
  assert.ok(seen.json.offer_deadline > 0);
  // Not offered to v2 yet: not found for it.
  assertError(await c2.get(`${V}/service-orders/${id}`), 404, 'not_found');

  assertError(await c1.post(`${V}/service-orders/${id}/decline`, {}), 400, 'invalid_argument', 'reason');
  const d = await c1.post(`${V}/service-orders/${id}/decline`, { reason: '今天不在广州' });
  assert.equal(d.status, 200, d.text);
  let cur = (await haizhu.get(`${V}/service-orders/${id}`)).json;
  assert.deepEqual(cur.offers.map((x) => [x.volunteer_id, x.answer]), [[v1.id, 'declined'], [v2.id, 'pending']]);
  assertError(await c1.post(`${V}/service-orders/${id}/accept`, {}), 404, 'not_found');

  // v2 lets the time limit pass: the job offers it to v3, the same street.
  clock = 31 * 60;
  await setClock(clock);
  await runJob('volunteer.offer_expire');
  cur = (await (await bearer('t_haizhu')).get(`${V}/service-orders/${id}`)).json;
  assert.deepEqual(cur.offers.map((x) => [x.volunteer_id, x.answer, x.tier]), [[v1.id, 'declined', 0], [v2.id, 'expired', 0], [v3.id, 'pending', 1]]);
  // Each offer names its volunteer (read by id after the offers).
  assert.deepEqual(cur.offers.map((x) => x.volunteer), ['志愿甲', '志愿乙', '志愿丙']);
  assert.equal(cur.rounds, 3);

  const c3 = await as(v3);
  const acc = await c3.post(`${V}/service-orders/${id}/accept`, {});
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.state, 'accepted');
  assert.equal(acc.json.accepted_in_sla, false, 'accepted after the first time limit');
  assert.equal(acc.json.resident.name, '点单居民', 'the volunteer now sees whom to serve');
  assert.equal(acc.json.note, '三楼，按门铃');

  assertError(await c3.post(`${V}/service-orders/${id}/checkin`, { code: '000000x' }), 400, 'invalid_argument', 'code');
  const staffView = (await (await bearer('t_haizhu')).get(`${V}/service-orders/${id}`)).json;
  const ci = await c3.post(`${V}/service-orders/${id}/checkin`, { code: staffView.checkin_code });
  assert.equal(ci.status, 200, ci.text);
  assert.equal(ci.json.state, 'in_service');

  clock += 95 * 60;
  await setClock(clock);
  const c3b = await as(v3);
  const co = await c3b.post(`${V}/service-orders/${id}/checkout`, {});
  assert.equal(co.status, 200, co.text);
  assert.equal(co.json.state, 'served');
  assert.ok(co.json.minutes >= 95 && co.json.minutes <= 96, `minutes ${co.json.minutes}`);
  assert.equal(co.json.resident, undefined, 'after the service the contact is hidden again');

  // A volunteer does not confirm its own service.
  assertError(await c3b.post(`${V}/service-orders/${id}/rate`, { rating: 5 }), 403, 'forbidden');
  const staff = await bearer('t_haizhu');
  assertError(await staff.post(`${V}/service-orders/${id}/rate`, { rating: 9 }), 400, 'invalid_argument', 'rating');
  const rated = await staff.post(`${V}/service-orders/${id}/rate`, { rating: 5, note: '理得很好' });
  assert.equal(rated.status, 200, rated.text);
  assert.equal(rated.json.state, 'rated');
  assert.equal(rated.json.credited_minutes, co.json.minutes);

  const me = await c3b.get(`${V}/me`);
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.balance_minutes, co.json.minutes);
  assert.equal(me.json.rating_n, 1);
  const acct = await c3b.get(`${V}/accounts/${me.json.account_id}`);
  assert.equal(acct.status, 200, acct.text);
  assert.equal(acct.json.movements[0].kind, 'service');
  assert.equal(acct.json.movements[0].ref_id, id);

  // The ledger is sound: balances are their postings, the total is zero.
  const check = await (await bearer('t_admin')).get(`${V}/ledger/check`);
  assert.equal(check.status, 200, check.text);
  assert.equal(check.json.ok, true, check.text);
  assert.equal(check.json.total_minutes, 0);

  // Exchange below 100 hours of service: refused, nothing moves.
  const ex = await c3b.post(`${V}/volunteers/${v3.id}/exchanges`, { service_code: 'haircut', minutes: 60, reason: '兑换理发服务' });
  assertError(ex, 409, 'invalid_state', 'minutes');
  assert.match(ex.json.error.message, /100 hours/);
  assert.equal((await c3b.get(`${V}/me`)).json.balance_minutes, co.json.minutes);
  // A transfer to someone outside the household: refused.
  assertError(await c3b.post(`${V}/volunteers/${v3.id}/transfers`, { person_id: resident.id, minutes: 30, reason: '转赠家人' }), 409, 'invalid_state', 'person_id');
  // Another volunteer's account: not found for v3.
  assertError(await c3b.get(`${V}/accounts/${(await (await as(v2)).get(`${V}/me`)).json.account_id}`), 404, 'not_found');

  // A correction is a reversing movement with its reason, once.
  const mid = acct.json.movements[0].id;
  const a2 = await bearer('t_admin');
  assertError(await a2.post(`${V}/movements/${mid}/reverse`, {}), 400, 'invalid_argument', 'reason');
  const rev = await a2.post(`${V}/movements/${mid}/reverse`, { reason: '重复登记时长' });
  assert.equal(rev.status, 201, rev.text);
  assertError(await a2.post(`${V}/movements/${mid}/reverse`, { reason: '重复登记时长' }), 409, 'invalid_state');
  assert.equal((await c3b.get(`${V}/me`)).json.balance_minutes, 0);
  const check2 = await a2.get(`${V}/ledger/check`);
  assert.equal(check2.json.ok, true, check2.text);
  assert.ok(check2.json.movements >= 2);
});

test('an order nobody can take goes to the street as unassigned', async () => {
  // The order test before moved the clock two hours on: past 22:00 in
  // Guangzhou the server's today was tomorrow, and today() in the past.
  await setClock(0);
  const resident = await person(commA, '1944-04-04', '无人接单居民');
  // No volunteer of the city has the skill "escort" active after this suspension.
  sql("UPDATE vol_volunteers SET status = 'suspended' WHERE skills LIKE '%,escort,%'");
  const o = await (await bearer('t_haizhu')).post(`${V}/service-orders`, { person_id: resident.id, service_code: 'escort', wanted_on: today() });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.state, 'unassigned');
  assert.equal(o.json.offers.length, 0);
});

test('an activity: roles and slots, sign-up, check-in and out by the code at the place, confirmed and credited', async () => {
  await setClock(0);
  clock = 0;
  const v4 = await volunteer(commA, '活动志愿甲', 'companionship');
  const v5 = await volunteer(commA, '活动志愿乙', 'companionship');
  const staff = await bearer('t_haizhu');
  const now = Math.floor(Date.now() / 1000);
  assertError(await staff.post(`${V}/activities`, { title: '敬老活动', division_code: commA, place: '社区活动室', starts_at: now, ends_at: now - 10, roles: [{ role: '陪伴员', needed: 1 }] }), 400, 'invalid_argument', 'ends_at');
  const a = await staff.post(`${V}/activities`, { title: '重阳敬老活动', division_code: commA, place: '社区活动室', starts_at: now - 600, ends_at: now + 3 * 3600, roles: [{ role: '陪伴员', needed: 1, skill: 'companionship' }] });
  assert.equal(a.status, 201, a.text);
  assert.match(a.json.checkin_code, /^\d{6}$/);
  const c4 = await as(v4);
  const c5 = await as(v5);
  const view = await c4.get(`${V}/activities/${a.json.id}`);
  assert.equal(view.status, 200, view.text);
  assert.equal(view.json.checkin_code, undefined, 'the code is at the place, not in the app');
  assert.equal((await c4.post(`${V}/activities/${a.json.id}/signups`, { role: '陪伴员' })).status, 201);
  assertError(await c5.post(`${V}/activities/${a.json.id}/signups`, { role: '陪伴员' }), 409, 'invalid_state', 'role');
  assertError(await c4.post(`${V}/activities/${a.json.id}/checkin`, { code: '999999x' }), 400, 'invalid_argument', 'code');
  assert.equal((await c4.post(`${V}/activities/${a.json.id}/checkin`, { code: a.json.checkin_code })).status, 200);
  clock = 60 * 60;
  await setClock(clock);
  const c4b = await as(v4);
  const out = await c4b.post(`${V}/activities/${a.json.id}/checkout`, { code: a.json.checkin_code });
  assert.equal(out.status, 200, out.text);
  const mine = out.json.signups.find((s) => s.volunteer_id === v4.id);
  assert.equal(mine.name, '活动志愿甲');
  assert.ok(mine.minutes >= 59 && mine.minutes <= 61, `minutes ${mine.minutes}`);
  assertError(await c4b.post(`${V}/activities/${a.json.id}/confirm`, { volunteer_id: v4.id }), 403, 'forbidden');
  const conf = await (await bearer('t_haizhu')).post(`${V}/activities/${a.json.id}/confirm`, { volunteer_id: v4.id });
  assert.equal(conf.status, 200, conf.text);
  // The organiser's view names every sign-up's volunteer.
  const staffView = await staff.get(`${V}/activities/${a.json.id}`);
  assert.deepEqual(staffView.json.signups.map((x) => [x.volunteer_id, x.name]), [[v4.id, '活动志愿甲']]);
  assert.equal((await c4b.get(`${V}/me`)).json.balance_minutes, mine.minutes);
});

test('check-in by location: inside the radius accepted, outside refused with the distance; a place without a location needs the code', async () => {
  await setClock(0);
  clock = 0;
  // 沙园 in 海珠区; 0.001° of latitude is about 111 m.
  const at = { lat_e6: 23096000, lon_e6: 113270000 };
  const near = { lat_e6: at.lat_e6 + 1000, lon_e6: at.lon_e6 };  // ~111 m
  const far = { lat_e6: at.lat_e6 + 9000, lon_e6: at.lon_e6 };   // ~1 km
  const radius = Number(sql("SELECT value FROM vol_params WHERE name = 'checkin.radius_m' ORDER BY valid_from DESC LIMIT 1").trim());
  assert.ok(radius > 111 && radius < 1000, `radius ${radius}`);
  const v = await volunteer(commA, '定位志愿者', 'companionship');
  const staff = await bearer('t_haizhu');
  const now = Math.floor(Date.now() / 1000);
  const a = await staff.post(`${V}/activities`, { title: '定位签到活动', division_code: commA, place: '沙园街长者活动中心', starts_at: now - 600, ends_at: now + 3 * 3600, roles: [{ role: '引导员', needed: 2 }], ...at });
  assert.equal(a.status, 201, a.text);
  const bare = await staff.post(`${V}/activities`, { title: '无定位活动', division_code: commA, place: '社区活动室', starts_at: now - 600, ends_at: now + 3 * 3600, roles: [{ role: '引导员', needed: 2 }] });
  assert.equal(bare.status, 201, bare.text);
  assertError(await staff.post(`${V}/activities`, { title: '坐标错误', division_code: commA, place: '某处', starts_at: now, ends_at: now + 3600, roles: [{ role: '引导员', needed: 1 }], lat_e6: 91000000, lon_e6: 0 }), 400, 'invalid_argument', 'lat_e6');
  const c = await as(v);
  assert.equal((await c.post(`${V}/activities/${a.json.id}/signups`, { role: '引导员' })).status, 201);
  assert.equal((await c.post(`${V}/activities/${bare.json.id}/signups`, { role: '引导员' })).status, 201);

  // Neither a code nor a position: refused, naming the code.
  assertError(await c.post(`${V}/activities/${a.json.id}/checkin`, {}), 400, 'invalid_argument', 'code');
  // A kilometre away: refused with the distance and the radius.
  const refused = await c.post(`${V}/activities/${a.json.id}/checkin`, far);
  assertError(refused, 400, 'invalid_argument', 'lat_e6');
  assert.match(refused.json.error.message_zh, new RegExp(`约 1\\d{3} 米，须在 ${radius} 米范围内`));
  // At the door: accepted, and the audit says how presence was proved.
  const ok = await c.post(`${V}/activities/${a.json.id}/checkin`, near);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.signups.find((s) => s.volunteer_id === v.id).state, 'checked_in');
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'volunteer.activity.checkin' AND entity_id = '${a.json.id}' ORDER BY seq DESC LIMIT 1`).trim();
  assert.match(detail, /"by":"position"/);
  assert.match(detail, /"distance_m":11\d/);
  // Checking out from afar is refused too; from the place it is accepted.
  assertError(await c.post(`${V}/activities/${a.json.id}/checkout`, far), 400, 'invalid_argument', 'lat_e6');
  assert.equal((await c.post(`${V}/activities/${a.json.id}/checkout`, near)).status, 200);

  // A place with no location on record: a position cannot prove presence.
  const nowhere = await c.post(`${V}/activities/${bare.json.id}/checkin`, near);
  assertError(nowhere, 400, 'invalid_argument', 'lat_e6');
  assert.match(nowhere.json.error.message_zh, /未登记位置/);

  // An order at the resident's home (located by the worker): the paired
  // volunteer checks in there by position, not from across the district.
  const elder = await person(commA, '1937-07-07', '定位长者');
  const p = await staff.post(`${V}/pairings`, { volunteer_id: v.id, person_id: elder.id, visits_per_month: 2, started_on: today(), reason: '老伙伴结对' });
  assert.equal(p.status, 201, p.text);
  const o = await staff.post(`${V}/pairings/${p.json.id}/visits`, { wanted_on: today(), ...at });
  assert.equal(o.status, 201, o.text);
  assertError(await c.post(`${V}/service-orders/${o.json.id}/checkin`, far), 400, 'invalid_argument', 'lat_e6');
  const oin = await c.post(`${V}/service-orders/${o.json.id}/checkin`, near);
  assert.equal(oin.status, 200, oin.text);
  assert.equal(oin.json.state, 'in_service');
  assertError(await c.post(`${V}/service-orders/${o.json.id}/checkout`, far), 400, 'invalid_argument', 'lat_e6');
  const oout = await c.post(`${V}/service-orders/${o.json.id}/checkout`, near);
  assert.equal(oout.status, 200, oout.text);
  assert.equal(oout.json.state, 'served');
});

test('a paired visit (老伙伴) goes straight to the paired volunteer and, rated, publishes volunteer.visit_done', async () => {
  await setClock(0);
  clock = 0;
  const v6 = await volunteer(commA, '老伙伴志愿者', 'companionship');
  const elder = await person(commA, '1938-08-08', '结对长者');
  const staff = await bearer('t_haizhu');
  const p = await staff.post(`${V}/pairings`, { volunteer_id: v6.id, person_id: elder.id, visits_per_month: 2, started_on: today(), reason: '老伙伴结对' });
  assert.equal(p.status, 201, p.text);
  assertError(await staff.post(`${V}/pairings`, { volunteer_id: v6.id, person_id: elder.id, visits_per_month: 2, started_on: today(), reason: '老伙伴结对' }), 409, 'conflict');
  const o = await staff.post(`${V}/pairings/${p.json.id}/visits`, { wanted_on: today() });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.state, 'accepted');
  assert.equal(o.json.volunteer_id, v6.id);
  const c6 = await as(v6);
  assert.equal((await c6.post(`${V}/service-orders/${o.json.id}/checkin`, { code: o.json.checkin_code })).status, 200);
  clock = 45 * 60;
  await setClock(clock);
  const c6b = await as(v6);
  assert.equal((await c6b.post(`${V}/service-orders/${o.json.id}/checkout`, {})).status, 200);
  const rated = await (await bearer('t_haizhu')).post(`${V}/service-orders/${o.json.id}/rate`, { rating: 4 });
  assert.equal(rated.status, 200, rated.text);
  const ev = sql(`SELECT type || '|' || subject_id FROM events WHERE type = 'volunteer.visit_done' AND subject_id = ${elder.id}`).trim();
  assert.equal(ev, `volunteer.visit_done|${elder.id}`);
  // Eldercare counts it as the elder's monthly visit, by a volunteer.
  await runJob('events.deliver');
  const visit = sql(`SELECT visitor_kind || '|' || visitor || '|' || visited_on FROM ec_visits WHERE person_id = ${elder.id}`).trim();
  assert.match(visit, /^volunteer\|老伙伴志愿者\|\d{4}-\d{2}-\d{2}$/);
  const list = await (await bearer('t_haizhu')).get(`${V}/pairings?status=active&page_size=200`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.find((x) => x.id === p.json.id).visits_this_month, 1);
});

test('a dead resident: open orders cancelled and pairings ended (person.died)', async () => {
  await setClock(0);
  const v7 = await volunteer(commA, '身后志愿者', 'companionship,errand');
  const elder = await person(commA, '1930-01-01', '身故长者');
  const staff = await bearer('t_haizhu');
  const p = await staff.post(`${V}/pairings`, { volunteer_id: v7.id, person_id: elder.id, started_on: today(), reason: '老伙伴结对' });
  assert.equal(p.status, 201, p.text);
  const o = await staff.post(`${V}/service-orders`, { person_id: elder.id, service_code: 'errand', wanted_on: today() });
  assert.equal(o.status, 201, o.text);
  const cur = (await admin.get(`/api/v1/persons/${elder.id}`)).json;
  const died = await admin.patch(`/api/v1/persons/${elder.id}`, { death_date: today(), version: cur.version, reason: '死亡登记' });
  assert.equal(died.status, 200, died.text);
  await runJob('events.deliver');
  const after = (await staff.get(`${V}/service-orders/${o.json.id}`)).json;
  assert.equal(after.state, 'cancelled');
  const pl = (await staff.get(`${V}/pairings?status=ended&page_size=200`)).json.items;
  assert.ok(pl.some((x) => x.id === p.json.id), 'the pairing ended');
});

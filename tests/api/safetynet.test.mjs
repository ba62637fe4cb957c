// The safety net end to end: a department account sends events about
// persons; the monitoring rules raise the alerts they say, with their
// explanation; alerts open work orders in the person's community; the
// clock escalates them (job runner, test clock); feedback closes them;
// duplicates are ignored; scope hides orders and their counts; residents
// report needs through the public form; files of events are uploaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, raw, uniqueSuffix, setClock, runJob, DAY, sql } from './lib.mjs';
import { makeId, today, buildWorld } from './world.mjs';

const run = uniqueSuffix();
let seq = Number(run) % 600;
let admin, haizhu, officer, tianhe, community, auditor;
let dept, deptToken, hzDept, hzToken, hzWorkers;
const HZ = '440105001001'; // t_community's community
const TH = '440106001001';

async function person(name, community, birth, extra = {}) {
  const [y, m, d] = birth.split('-').map(Number);
  for (let tries = 0; tries < 20; tries++) {
    const id_number = makeId(community.slice(0, 6), y, m, d, (seq++ % 900) + 50);
    const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '安全网测试登记', ...extra });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    return { ...r.json, id_number };
  }
  throw new Error('no free ID number');
}

function send(token, body) {
  return raw('POST', '/api/v1/safetynet/inbound/events', { headers: { Authorization: `Bearer ${token}` }, body });
}

let evSeq = 0;
const eid = () => `ev-${run}-${evSeq++}`;

async function order(who, id) {
  const r = await who.get(`/api/v1/safetynet/orders/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function act(who, id, action, extra = {}) {
  const cur = await order(who, id);
  return who.post(`/api/v1/safetynet/orders/${id}/actions`, { action, version: cur.version, ...extra });
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
  tianhe = await bearer('t_tianhe');
  community = await bearer('t_community');
  auditor = await bearer('t_auditor');
  const r = await admin.post('/api/v1/safetynet/departments', { code: `health-${run}`, name: '市卫健委', scope_code: '440100', rate_per_min: 1000, reason: '接入医保大额支出数据' });
  assert.equal(r.status, 201, r.text);
  dept = r.json.id;
  deptToken = r.json.token;
  const h = await admin.post('/api/v1/safetynet/departments', { code: `hz-police-${run}`, name: '海珠公安分局', scope_code: '440105', rate_per_min: 2, reason: '接入公安警情' });
  assert.equal(h.status, 201, h.text);
  hzDept = h.json.id;
  hzToken = h.json.token;
  // The community workers whose scope covers HZ: the routing picks one.
  const users = await admin.get('/api/v1/users');
  assert.equal(users.status, 200, users.text);
  hzWorkers = users.json.items.filter((u) => u.role === 'community_worker' && HZ.startsWith(u.scope_code)).map((u) => u.login);
  assert.ok(hzWorkers.includes('t_community'));
});

after(async () => { await setClock(0); });

test('a department account: made by a city admin, its token shown once and never listed', async () => {
  assert.match(deptToken, /^[0-9a-f]{64}$/);
  const list = await admin.get('/api/v1/safetynet/departments');
  assert.equal(list.status, 200, list.text);
  const row = list.json.items.find((d) => d.id === dept);
  assert.equal(row.name, '市卫健委');
  assert.ok(!list.text.includes(deptToken), 'the token is never listed');
  assert.equal(row.token_hash, undefined);
  assertError(await haizhu.post('/api/v1/safetynet/departments', { code: `x-${run}`, name: 'x', scope_code: '440105', rate_per_min: 5, reason: '越权' }), 403, 'forbidden');
  assertError(await admin.post('/api/v1/safetynet/departments', { code: `health-${run}`, name: '重复', scope_code: '440100', rate_per_min: 5, reason: '重复代码' }), 409, 'conflict', 'code');
  assertError(await admin.post('/api/v1/safetynet/departments', { code: `bad-${run}`, name: '错误', scope_code: '449999', rate_per_min: 5, reason: '错误区划' }), 400, 'invalid_argument', 'scope_code');
});

test('the inbound route: no token, a wrong token, bad fields and a person outside the department are refused, nothing stored', async () => {
  const p = await person('入站校验', HZ, '1970-01-01');
  const good = { event_id: eid(), id_number: p.id_number, type: 'hospital_bill', occurred_on: today(), amount_fen: 600000 };
  const before = (await admin.get(`/api/v1/safetynet/events?division=${HZ}&page_size=1`)).json.total;
  assertError(await raw('POST', '/api/v1/safetynet/inbound/events', { body: good }), 401, 'unauthenticated');
  assertError(await send('0'.repeat(64), good), 401, 'unauthenticated');
  assertError(await send(deptToken, { ...good, id_number: p.id_number.slice(0, 17) + (p.id_number[17] === '1' ? '2' : '1') }), 400, 'invalid_argument', 'id_number');
  assertError(await send(deptToken, { ...good, type: 'lottery_win' }), 400, 'invalid_argument', 'type');
  assertError(await send(deptToken, { ...good, occurred_on: '2099-01-01' }), 400, 'invalid_argument', 'occurred_on');
  assertError(await send(deptToken, { ...good, amount_fen: undefined }), 400, 'invalid_argument', 'amount_fen');
  // 海珠's police reach 海珠's residents only: a 天河 resident is as unknown as nobody.
  const th = await person('天河居民', TH, '1971-01-01');
  assertError(await send(hzToken, { ...good, id_number: th.id_number, type: 'rough_sleeper', amount_fen: undefined }), 400, 'invalid_argument', 'id_number');
  const afterCount = (await admin.get(`/api/v1/safetynet/events?division=${HZ}&page_size=1`)).json.total;
  assert.equal(afterCount, before, 'nothing stored');
});

let mainOrder, mainAlert, mainPerson;

test('a large hospital bill raises the spending-hardship alert with its explanation and opens an order for the community worker', async () => {
  mainPerson = await person('大额医疗户', HZ, '1968-05-05');
  const body = { event_id: eid(), id_number: mainPerson.id_number, type: 'hospital_bill', occurred_on: today(), amount_fen: 650000, note: '住院自付' };
  const r = await send(deptToken, body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.duplicate, false);
  assert.equal(r.json.alerts.length, 1);
  assert.equal(r.json.orders.length, 1);
  [mainAlert] = r.json.alerts;
  [mainOrder] = r.json.orders;

  const a = await haizhu.get(`/api/v1/safetynet/alerts/${mainAlert}`);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.rule_key, 'spending_hardship');
  assert.equal(a.json.level, 'orange');
  assert.equal(a.json.person_id, mainPerson.id);
  assert.equal(a.json.division_code, HZ);
  const why = a.json.explanation.map((l) => l.zh).join('\n');
  assert.match(why, /6500\.00 元/);
  assert.match(why, /5000\.00 元/);
  assert.match(why, /社会救助暂行办法/);
  assert.equal(a.json.orders[0].id, mainOrder);

  const o = await order(community, mainOrder);
  assert.equal(o.division_code, HZ);
  assert.equal(o.state, 'assigned');
  assert.equal(o.tier, 'community');
  assert.ok(hzWorkers.includes(o.assignee), `${o.assignee} is a community worker of ${HZ}`);
  assert.equal(o.route_to, 'community_worker');
  assert.equal(o.sla_seconds, 72 * 3600);
  const mine = await community.get('/api/v1/safetynet/orders?state=open&page_size=200');
  assert.ok(mine.json.items.some((x) => x.id === mainOrder));

  // Provenance: the event shows who sent it and under which id.
  const evs = await haizhu.get('/api/v1/safetynet/events?type=hospital_bill&page_size=200');
  const ev = evs.json.items.find((x) => x.sender_event_id === body.event_id);
  assert.equal(ev.source_kind, 'department');
  assert.equal(ev.source, `health-${run}`);
  assert.equal(ev.alerts_raised, 1);
  assert.match(ev.id_number_masked, /^\d{4}\*+\d{3}[\dX]$/);
});

test('the same event id again is ignored: the same event, no second alert or order', async () => {
  const body = { event_id: `dup-${run}`, id_number: mainPerson.id_number, type: 'unemployment', occurred_on: today() };
  const first = await send(deptToken, body);
  assert.equal(first.status, 201, first.text);
  const alertsBefore = (await admin.get(`/api/v1/safetynet/alerts?division=${HZ}&page_size=1`)).json.total;
  const eventsBefore = (await admin.get(`/api/v1/safetynet/events?division=${HZ}&page_size=1`)).json.total;
  const again = await send(deptToken, { ...body, occurred_on: '2020-01-01' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.duplicate, true);
  assert.equal(again.json.id, first.json.id);
  assert.equal((await admin.get(`/api/v1/safetynet/alerts?division=${HZ}&page_size=1`)).json.total, alertsBefore);
  assert.equal((await admin.get(`/api/v1/safetynet/events?division=${HZ}&page_size=1`)).json.total, eventsBefore);
});

test('an out-of-scope officer sees neither the order nor its count', async () => {
  const th = await person('天河困难户', TH, '1969-06-06');
  const r = await send(deptToken, { event_id: eid(), id_number: th.id_number, type: 'hospital_bill', occurred_on: today(), amount_fen: 900000 });
  assert.equal(r.status, 201, r.text);
  const [thOrder] = r.json.orders;
  const [thAlert] = r.json.alerts;
  assertError(await officer.get(`/api/v1/safetynet/orders/${thOrder}`), 404, 'not_found');
  assertError(await officer.get(`/api/v1/safetynet/alerts/${thAlert}`), 404, 'not_found');
  assertError(await officer.post(`/api/v1/safetynet/orders/${thOrder}/actions`, { action: 'accept', version: 1 }), 404, 'not_found');
  const asked = await officer.get(`/api/v1/safetynet/orders?division=${TH}&page_size=200`);
  assert.equal(asked.status, 200, asked.text);
  assert.equal(asked.json.total, 0);
  assert.deepEqual(asked.json.items, []);
  const all = await officer.get('/api/v1/safetynet/orders?page_size=200');
  assert.ok(all.json.items.every((x) => x.division_code.startsWith('440105')));
  assert.ok(!all.json.items.some((x) => x.id === thOrder));
  // The 天河 caseworker sees it, counted.
  const own = await tianhe.get(`/api/v1/safetynet/orders?division=${TH}&page_size=200`);
  assert.ok(own.json.total >= 1 && own.json.items.some((x) => x.id === thOrder));
});

test('the clock: community -> street -> district as each SLA runs out; then done with feedback, closed with a rating, reopened', async () => {
  const o0 = await order(haizhu, mainOrder);
  // Not yet due: nothing moves.
  await setClock(2 * DAY);
  await runJob('safetynet.escalate');
  let o = await order(await bearer('t_haizhu'), mainOrder);
  assert.equal(o.tier, 'community');
  assert.equal(o.late, false);
  // Past 72 hours: the street takes it.
  await setClock(4 * DAY);
  await runJob('safetynet.escalate');
  let hz = await bearer('t_haizhu');
  o = await order(hz, mainOrder);
  assert.equal(o.tier, 'street');
  assert.equal(o.state, 'escalated');
  assert.equal(o.overdue, 1);
  assert.ok(o.log.some((l) => l.action === 'escalate' && l.login === 'jobs'));
  const overdue = await hz.get('/api/v1/safetynet/orders?overdue=1&page_size=200');
  assert.ok(overdue.json.items.some((x) => x.id === mainOrder));
  // Another 72 hours: the district.
  await setClock(7.5 * DAY);
  await runJob('safetynet.escalate');
  hz = await bearer('t_haizhu');
  o = await order(hz, mainOrder);
  assert.equal(o.tier, 'district');
  await setClock(0);
  hz = await bearer('t_haizhu');
  const cw = await bearer('t_community');

  // A community worker may not close; done needs its feedback.
  assert.equal((await act(hz, mainOrder, 'accept')).status, 200);
  assert.equal((await act(cw, mainOrder, 'on_site', { note: '已上门' })).status, 200);
  assertError(await act(cw, mainOrder, 'done', { action_kind: 'temp_aid' }), 400, 'invalid_argument', 'feedback');
  const done = await act(cw, mainOrder, 'done', { feedback: '核实住院支出，受理临时救助申请', action_kind: 'temp_aid', action_ref: 'LS-2026-001' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.state, 'done');
  assertError(await act(cw, mainOrder, 'close', { rating: 5 }), 403, 'forbidden', 'action');
  assertError(await hz.post(`/api/v1/safetynet/orders/${mainOrder}/actions`, { action: 'close', version: 1, rating: 5 }), 409, 'conflict', 'version');
  const closed = await act(hz, mainOrder, 'close', { rating: 5, note: '居民满意' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');
  assert.equal(closed.json.rating, 5);
  assert.equal(closed.json.action_ref, 'LS-2026-001');
  assert.equal((await hz.get(`/api/v1/safetynet/alerts/${mainAlert}`)).json.status, 'closed');
  assertError(await act(hz, mainOrder, 'accept'), 409, 'invalid_state', 'action');

  // The need returns: reopened, back to the community, the alert open again.
  assertError(await act(cw, mainOrder, 'reopen'), 400, 'invalid_argument', 'note');
  const re = await act(cw, mainOrder, 'reopen', { note: '再次住院，仍有困难' });
  assert.equal(re.status, 200, re.text);
  assert.equal(re.json.state, 'assigned');
  assert.equal(re.json.tier, 'community');
  assert.equal(re.json.reopen_count, 1);
  assert.equal(re.json.assignee, o0.assignee, 'the same worker as before');
  assert.equal((await hz.get(`/api/v1/safetynet/alerts/${mainAlert}`)).json.status, 'open');
  const steps = re.json.log.map((l) => l.action);
  for (const s of ['open', 'escalate', 'accept', 'on_site', 'done', 'close', 'reopen']) assert.ok(steps.includes(s), s);
});

test('returned to the wrong address: the street routes it to the right community; duplicates merged', async () => {
  const p = await person('地址有误户', HZ, '1966-03-03');
  const r = await send(deptToken, { event_id: eid(), id_number: p.id_number, type: 'utility_arrears', occurred_on: today(), amount_fen: 200000 });
  assert.equal(r.status, 201, r.text);
  const [id] = r.json.orders;
  assertError(await act(community, id, 'return'), 400, 'invalid_argument', 'return_reason');
  const ret = await act(community, id, 'return', { return_reason: 'wrong_address', note: '已搬离本社区' });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.state, 'returned');
  assert.equal(ret.json.tier, 'street');
  const communities = (await admin.get('/api/v1/divisions?parent=440105001')).json.items.map((d) => d.code);
  const other = communities.find((c) => c !== HZ);
  assertError(await act(haizhu, id, 'route', { division_code: TH }), 400, 'invalid_argument', 'division_code');
  const routed = await act(haizhu, id, 'route', { division_code: other });
  assert.equal(routed.status, 200, routed.text);
  assert.equal(routed.json.state, 'assigned');
  assert.equal(routed.json.division_code, other);
  assertError(await community.get(`/api/v1/safetynet/orders/${id}`), 404, 'not_found');

  // A second alert for the same person joins the open order (no second order)...
  const again = await send(deptToken, { event_id: eid(), id_number: p.id_number, type: 'rent_arrears', occurred_on: today(), amount_fen: 300000 });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.alerts.length, 1);
  assert.equal(again.json.orders.length, 0);
  const o = await order(haizhu, id);
  assert.ok(o.log.some((l) => l.action === 'merge_alert'));
});

test('combined rule: an elder of 80+ living alone who missed a check-in with no visit this month gets an urgent visit; a visit this month holds it back', async () => {
  const elder = await person('独居高龄老人', HZ, '1941-02-02', { flags: 'living_alone' });
  const r = await send(deptToken, { event_id: eid(), id_number: elder.id_number, type: 'checkin_missed', occurred_on: today() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.alerts.length, 1);
  assert.equal(r.json.orders.length, 2, 'a community worker and a volunteer');
  const a = await haizhu.get(`/api/v1/safetynet/alerts/${r.json.alerts[0]}`);
  assert.equal(a.json.rule_key, 'lone_elder_missed_checkin');
  assert.equal(a.json.level, 'red');
  const why = a.json.explanation.map((l) => l.en).join('\n');
  assert.match(why, /living_alone/);
  assert.match(why, /aged \d+, at least 80/);
  assert.match(why, /no visit since \d{4}-\d{2}-01/);
  assert.deepEqual(a.json.orders.map((o) => o.route_to).sort(), ['community_worker', 'volunteer']);
  assert.equal((await order(haizhu, r.json.orders[0])).sla_seconds, 24 * 3600);

  const visited = await person('已探访老人', HZ, '1940-03-03', { flags: 'living_alone' });
  assert.equal((await send(deptToken, { event_id: eid(), id_number: visited.id_number, type: 'visit', occurred_on: today() })).status, 201);
  const r2 = await send(deptToken, { event_id: eid(), id_number: visited.id_number, type: 'checkin_missed', occurred_on: today() });
  assert.equal(r2.json.alerts.length, 0);
  const young = await person('独居中年', HZ, '1980-03-03', { flags: 'living_alone' });
  const r3 = await send(deptToken, { event_id: eid(), id_number: young.id_number, type: 'checkin_missed', occurred_on: today() });
  assert.equal(r3.json.alerts.length, 0, 'under 80: no alert');
});

test('the death of a dibao household member (learnt from case.decided on the outbox) raises the 3-month review', async () => {
  const w = await buildWorld(admin, haizhu, '440105001');
  await runJob('events.deliver');
  const members = (await admin.get(`/api/v1/households/${w.household}`)).json.members;
  const child = members.find((m) => m.person_id !== w.person);
  const revealed = await admin.post(`/api/v1/persons/${child.person_id}/reveal`, { reason: '安全网测试核对' });
  assert.equal(revealed.status, 200, revealed.text);
  const r = await send(deptToken, { event_id: eid(), id_number: revealed.json.id_number, type: 'death', occurred_on: today() });
  assert.equal(r.status, 201, r.text);
  const alerts = await Promise.all(r.json.alerts.map((id) => admin.get(`/api/v1/safetynet/alerts/${id}`)));
  const review = alerts.find((a) => a.json.rule_key === 'dibao_death_review');
  assert.ok(review, `a dibao review alert: ${r.text}`);
  assert.equal(review.json.level, 'yellow');
  assert.match(review.json.explanation.map((l) => l.zh).join('\n'), /dibao/);
  // A death outside a dibao household raises nothing.
  const p = await person('非低保死亡', HZ, '1950-01-01');
  const r2 = await send(deptToken, { event_id: eid(), id_number: p.id_number, type: 'death', occurred_on: today() });
  assert.equal(r2.json.alerts.length, 0);
});

test('a department over its rate limit is refused with 429', async () => {
  const d = await admin.post('/api/v1/safetynet/departments', { code: `slow-${run}`, name: '限流部门', scope_code: '440105', rate_per_min: 2, reason: '限流测试部门' });
  assert.equal(d.status, 201, d.text);
  const p = await person('限流测试', HZ, '1972-02-02');
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await send(d.json.token, { event_id: eid(), id_number: p.id_number, type: 'rough_sleeper', occurred_on: today() })).status);
  assert.deepEqual(codes, [201, 201, 429, 429]);
  const r = await send(d.json.token, { event_id: eid(), id_number: p.id_number, type: 'rough_sleeper', occurred_on: today() });
  assertError(r, 429, 'rate_limited');
});

test('a file of events: good rows stored, bad rows reported by line and field, repeated ids counted as duplicates', async () => {
  const p = await person('批量上报', HZ, '1973-03-03');
  const bad = p.id_number.slice(0, 17) + (p.id_number[17] === '1' ? '2' : '1');
  const csv = ['id_number,type,occurred_on,amount_fen,event_id,note',
    `${p.id_number},unemployment,${today()},,f-${run}-1,失业登记`,
    `${bad},unemployment,${today()},,f-${run}-2,`,
    `${p.id_number},hospital_bill,${today()},abc,f-${run}-3,`,
    `${p.id_number},unemployment,${today()},,f-${run}-1,重复`].join('\n');
  const r = await raw('POST', '/api/v1/safetynet/inbound/files', { headers: { Authorization: `Bearer ${deptToken}` },
    body: { format: 'csv', content_base64: Buffer.from(csv).toString('base64') } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stored, 1);
  assert.equal(r.json.duplicates, 1);
  assert.equal(r.json.refused, 2);
  assert.deepEqual(r.json.errors.map((x) => [x.line, x.field]), [[3, 'id_number'], [4, 'amount_fen']]);
  const evs = await haizhu.get('/api/v1/safetynet/events?type=unemployment&page_size=200');
  const row = evs.json.items.find((x) => x.sender_event_id === `f-${run}-1`);
  assert.equal(row.source_kind, 'upload');
});

test('a resident reports a need through the public form: a work order for the community; bad input refused; the form is rate-limited', async () => {
  const r = await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: HZ, name: '李阿姨', phone: '13800001111', address: '沙园路3号', need: '老伴住院，家中无人照顾孙子', category: 'child' } });
  assert.equal(r.status, 201, r.text);
  const o = await order(community, r.json.receipt);
  assert.equal(o.kind, 'request');
  assert.equal(o.division_code, HZ);
  assert.equal(o.contact_phone, '13800001111');
  assert.ok(hzWorkers.includes(o.assignee));
  assertError(await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: '440105999999', name: '某', phone: '13800001111', need: '求助', category: 'other' } }), 400, 'invalid_argument', 'community_code');
  assertError(await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: HZ, name: '某', phone: '13800001111', need: '求助', category: 'lottery' } }), 400, 'invalid_argument', 'category');
  const codes = [];
  for (let i = 0; i < 12; i++) codes.push((await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: HZ, name: '刷单', phone: '13800002222', need: '测试限流', category: 'other' } })).status);
  assert.ok(codes.includes(429), `codes ${codes}`);
  const refused = await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: HZ, name: '刷单', phone: '13800002222', need: '测试限流', category: 'other' } });
  assertError(refused, 429, 'rate_limited');
  // Ten minutes on, the bucket has refilled.
  await setClock(11 * 60);
  const later = await raw('POST', '/api/v1/safetynet/public/requests', { body: { community_code: HZ, name: '王伯', phone: '13800003333', need: '行动不便需代买药品', category: 'elderly' } });
  assert.equal(later.status, 201, later.text);
  await setClock(0);
});

test('the rules in force are listed and reloadable; only a city admin reloads', async () => {
  const r = await auditor.get('/api/v1/safetynet/rules');
  assert.equal(r.status, 200, r.text);
  const keys = r.json.rules.map((x) => x.key);
  for (const k of ['spending_hardship', 'dibao_death_review', 'lone_elder_missed_checkin']) assert.ok(keys.includes(k), k);
  assert.deepEqual(r.json.levels.map((l) => [l.key, l.sla_hours]), [['red', 24], ['orange', 72], ['yellow', 168]]);
  assertError(await haizhu.post('/api/v1/safetynet/rules/reload', {}), 403, 'forbidden');
  const re = await admin.post('/api/v1/safetynet/rules/reload', {});
  assert.equal(re.status, 200, re.text);
  assert.equal(re.json.rules.length, r.json.rules.length);
});

// Elderly care end to end, part 2: 平安通 (subscribers and their subsidy
// category, an emergency call from open to closed, the live board, missed
// daily check-ins), with scope and provider isolation.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, PASSWORD, uniqueSuffix } from './lib.mjs';

// GB 11643 check digit (the same helper as eldercare.test.mjs; importing that
// file would run its tests a second time).
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function makeId(code6, y, m, d, s3) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s3).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}

let admin, haizhu, tianhe, auditor;
let hzCommunity, thCommunity;
const run = uniqueSuffix();
let seq = (Number(run) % 500) + 300;

const beijing = (y, m, d, hh = 0, mm = 0) => Date.UTC(y, m - 1, d, hh - 8, mm) / 1000;
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

async function firstCommunity(street) {
  const r = await admin.get(`/api/v1/divisions?parent=${street}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items[0].code;
}

async function person(who, community, birth, name, flags = '') {
  const [y, m, d] = birth.split('-').map(Number);
  const id_number = makeId(community.slice(0, 6), y, m, d, (seq++ % 900) + 50);
  const body = { id_number, name, division_code: community, reason: '平安通测试登记' };
  if (flags) body.flags = flags;
  const r = await who.post('/api/v1/persons', body);
  assert.equal(r.status, 201, r.text);
  return { ...r.json, id_number };
}

const contacts = [{ name: '王女儿', phone: '13800138000', relation: '女儿' }];
let devSeq = 0;
const subscribe = (who, p, extra = {}) => who.post('/api/v1/eldercare/call-subscribers', {
  person_id: p.id, device_code: `PAT-${run}-${devSeq++}`, device_kind: 'pendant', fee_fen: 3000,
  daily_checkin: false, started_on: today(), contacts, reason: '开通平安通服务', ...extra,
});

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  auditor = await bearer('t_auditor');
  hzCommunity = await firstCommunity('440105001');
  thCommunity = await firstCommunity('440106001');
});

test('平安通 subscription: 60+ only, contacts required, subsidy category from the dated parameters', async () => {
  const young = await person(haizhu, hzCommunity, '1975-05-05', '未满六十');
  assertError(await subscribe(haizhu, young), 400, 'invalid_argument', 'person_id');

  const poor = await person(haizhu, hzCommunity, '1950-03-01', '低保老人');
  const cat = await haizhu.post(`/api/v1/eldercare/persons/${poor.id}/categories`,
    { category: 'dibao', valid_from: '2020-01-01', reason: '低保在册' });
  assert.equal(cat.status, 201, cat.text);
  assertError(await subscribe(haizhu, poor, { contacts: [] }), 400, 'invalid_argument', 'contacts');
  assertError(await subscribe(haizhu, poor, { device_kind: 'pager' }), 400, 'invalid_argument', 'device_kind');
  const s1 = await subscribe(haizhu, poor);
  assert.equal(s1.status, 201, s1.text);
  assert.equal(s1.json.subsidy_category, 'cat1');
  assert.equal(s1.json.subsidy_fen, 3000); // fully subsidised
  assert.equal(s1.json.contacts[0].phone, '13800138000');
  // One active subscription per elder.
  assertError(await subscribe(haizhu, poor), 409, 'conflict', 'person_id');

  const alone = await person(haizhu, hzCommunity, '1958-01-01', '独居老人', 'living_alone');
  const s2 = await subscribe(haizhu, alone, { fee_fen: 2500 });
  assert.equal(s2.status, 201, s2.text);
  assert.equal(s2.json.subsidy_category, 'cat2');
  assert.equal(s2.json.subsidy_fen, 1750); // 70% of 25 yuan

  const old = await person(haizhu, hzCommunity, '1940-06-01', '高龄老人');
  const s3 = await subscribe(haizhu, old, { fee_fen: 5000 });
  assert.equal(s3.json.subsidy_category, 'cat2');
  assert.equal(s3.json.subsidy_fen, 2100); // 70% of the 30-yuan cap, not of 50

  const plain = await person(haizhu, hzCommunity, '1955-06-01', '普通老人');
  const s4 = await subscribe(haizhu, plain);
  assert.equal(s4.json.subsidy_category, 'none');
  assert.equal(s4.json.subsidy_fen, 0);

  // A device code belongs to one subscription in the whole city, whoever
  // holds it; the refused attempt leaves nothing behind.
  const other = await person(haizhu, hzCommunity, '1952-02-02', '另一老人');
  assertError(await subscribe(haizhu, other, { device_code: s1.json.device_code }), 409, 'conflict', 'device_code');
  const s5 = await subscribe(haizhu, other);
  assert.equal(s5.status, 201, s5.text);

  // Lists mask the ID number; another district sees nothing of it.
  const list = await haizhu.get('/api/v1/eldercare/call-subscribers?page_size=200');
  assert.equal(list.status, 200, list.text);
  const row = list.json.items.find((x) => x.id === s1.json.id);
  assert.ok(row);
  assert.notEqual(row.id_number_masked, poor.id_number);
  assert.ok(!JSON.stringify(list.json).includes(poor.id_number));
  assertError(await tianhe.get(`/api/v1/eldercare/call-subscribers/${s1.json.id}`), 404, 'not_found');
  assert.ok(!(await tianhe.get('/api/v1/eldercare/call-subscribers?page_size=200')).json.items.some((x) => x.id === s1.json.id));
  assertError(await tianhe.post('/api/v1/eldercare/call-subscribers', {
    person_id: plain.id, device_code: `X-${run}`, device_kind: 'app', fee_fen: 0, started_on: today(), contacts, reason: '越权开通',
  }), 404, 'not_found', 'person_id');
});

test('an emergency call from open to closed: dispatch, response and closure timed; the board follows', async () => {
  const p = await person(haizhu, hzCommunity, '1938-09-09', '紧急呼叫老人', 'living_alone');
  const s = await subscribe(haizhu, p);
  assert.equal(s.status, 201, s.text);
  const received = Math.floor(Date.now() / 1000) - 120;
  const c = await haizhu.post('/api/v1/eldercare/calls', {
    subscriber_id: s.json.id, kind: 'emergency', received_at: received, location: '海珠区沙园路3号402', lat: 23.09, lon: 113.27, summary: '老人摔倒，无法起身',
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.status, 'open');
  assert.equal(c.json.received_at, received);
  assert.equal(c.json.response_s, null);

  let board = await haizhu.get('/api/v1/eldercare/calls/board');
  assert.equal(board.status, 200, board.text);
  const onBoard = board.json.calls.find((x) => x.id === c.json.id);
  assert.ok(onBoard, 'the open call is on the board');
  assert.ok(onBoard.waiting_s >= 120);
  assert.equal(onBoard.overdue, false); // within the 15-minute target
  assert.ok(!(await tianhe.get('/api/v1/eldercare/calls/board')).json.calls.some((x) => x.id === c.json.id));

  // An emergency is not closed before someone is sent; respond needs a dispatch.
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/close`, { outcome: '已处理' }), 409, 'invalid_state');
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/respond`, {}), 409, 'invalid_state');
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/dispatch`, { to: 'police' }), 400, 'invalid_argument', 'to');
  assertError(await tianhe.post(`/api/v1/eldercare/calls/${c.json.id}/dispatch`, { to: 'emergency_service' }), 404, 'not_found');

  const d = await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/dispatch`, { to: 'emergency_service', note: '已通知120' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'dispatched');
  assert.equal(d.json.dispatch_to, 'emergency_service');
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/dispatch`, { to: 'contact' }), 409, 'invalid_state');

  const r = await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/respond`, {});
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.response_s >= 120, r.text);
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/close`, { outcome: ' ' }), 400, 'invalid_argument', 'outcome');
  const cl = await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/close`, { outcome: '送医院，无大碍' });
  assert.equal(cl.status, 200, cl.text);
  assert.equal(cl.json.status, 'closed');
  assert.ok(cl.json.closure_s >= cl.json.response_s);
  assertError(await haizhu.post(`/api/v1/eldercare/calls/${c.json.id}/close`, { outcome: '再次结案' }), 409, 'invalid_state');

  board = await haizhu.get('/api/v1/eldercare/calls/board');
  assert.ok(!board.json.calls.some((x) => x.id === c.json.id), 'a closed call leaves the board');
  const closed = await haizhu.get(`/api/v1/eldercare/calls?status=closed&kind=emergency&day=${c.json.day}&page_size=200`);
  assert.ok(closed.json.items.some((x) => x.id === c.json.id));

  // Every step is in the audit trail.
  const audit = await auditor.get(`/api/v1/audit?entity=ec_call&entity_id=${c.json.id}&page_size=50`);
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.json.items.map((x) => x.action);
  for (const a of ['eldercare.call.log', 'eldercare.call.dispatch', 'eldercare.call.respond', 'eldercare.call.close'])
    assert.ok(actions.includes(a), `${a} audited: ${actions}`);
});

test('an emergency unanswered past the target is overdue on the board', async () => {
  const p = await person(haizhu, hzCommunity, '1939-02-02', '超时呼叫老人');
  const s = await subscribe(haizhu, p);
  const c = await haizhu.post('/api/v1/eldercare/calls', {
    subscriber_id: s.json.id, kind: 'emergency', received_at: Math.floor(Date.now() / 1000) - 1800, summary: '胸闷',
  });
  assert.equal(c.status, 201, c.text);
  const board = await haizhu.get('/api/v1/eldercare/calls/board');
  const row = board.json.calls.find((x) => x.id === c.json.id);
  assert.equal(row.overdue, true);
  assert.ok(board.json.overdue >= 1);
  // A consultation may be closed by the operator directly; a future time is refused.
  const q = await haizhu.post('/api/v1/eldercare/calls', { subscriber_id: s.json.id, kind: 'consultation', summary: '咨询补贴' });
  assert.equal((await haizhu.post(`/api/v1/eldercare/calls/${q.json.id}/close`, { outcome: '已解答' })).status, 200);
  assertError(await haizhu.post('/api/v1/eldercare/calls', {
    subscriber_id: s.json.id, kind: 'emergency', received_at: Math.floor(Date.now() / 1000) + 3600,
  }), 400, 'invalid_argument', 'received_at');
});

test('missed daily check-ins raise one alert per elder and day for the community', async () => {
  const a = await person(haizhu, hzCommunity, '1936-01-01', '按时报平安');
  const b = await person(haizhu, hzCommunity, '1937-01-01', '未报平安');
  const sa = await subscribe(haizhu, a, { daily_checkin: true, started_on: '2026-03-01' });
  const sb = await subscribe(haizhu, b, { daily_checkin: true, started_on: '2026-03-01' });
  assert.equal(sb.status, 201, sb.text);
  const ci = await haizhu.post('/api/v1/eldercare/calls', { subscriber_id: sa.json.id, kind: 'checkin', received_at: beijing(2026, 3, 10, 8, 30) });
  assert.equal(ci.status, 201, ci.text);
  assert.equal(ci.json.status, 'closed'); // a check-in closes itself
  assert.equal(ci.json.day, '2026-03-10');

  // The day must be over.
  assertError(await haizhu.post('/api/v1/eldercare/call-alerts/sweep', { day: '2026-03-10', as_of: beijing(2026, 3, 10, 23, 0) }),
    400, 'invalid_argument', 'day');
  const sw = await haizhu.post('/api/v1/eldercare/call-alerts/sweep', { day: '2026-03-10', as_of: beijing(2026, 3, 11, 1, 0) });
  assert.equal(sw.status, 200, sw.text);
  assert.equal(sw.json.raised, 1);
  const again = await haizhu.post('/api/v1/eldercare/call-alerts/sweep', { day: '2026-03-10', as_of: beijing(2026, 3, 11, 2, 0) });
  assert.equal(again.json.raised, 0, 'a second sweep raises nothing new');

  const alerts = await haizhu.get('/api/v1/eldercare/call-alerts?status=open&page_size=200');
  const mine = alerts.json.items.filter((x) => x.subscriber_id === sb.json.id || x.subscriber_id === sa.json.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].subscriber_id, sb.json.id);
  assert.equal(mine[0].day, '2026-03-10');
  assert.ok(!(await tianhe.get('/api/v1/eldercare/call-alerts?page_size=200')).json.items.some((x) => x.id === mine[0].id));
  assertError(await tianhe.post(`/api/v1/eldercare/call-alerts/${mine[0].id}/close`, { note: '越权处理' }), 404, 'not_found');
  const closed = await haizhu.post(`/api/v1/eldercare/call-alerts/${mine[0].id}/close`, { note: '上门查看，老人外出探亲' });
  assert.equal(closed.status, 200, closed.text);
  assertError(await haizhu.post(`/api/v1/eldercare/call-alerts/${mine[0].id}/close`, { note: '重复处理' }), 404, 'not_found');
});

test('a call-centre provider user sees and handles only its own subscribers', async () => {
  const prov = await haizhu.post('/api/v1/eldercare/providers', { name: `平安通呼叫中心${run}`, kind: 'emergency_call', division_code: '440105001', reason: '登记平安通运营机构' });
  assert.equal(prov.status, 201, prov.text);
  const login = `callctr_${run}`;
  assert.equal((await admin.post('/api/v1/users', { login, name: '呼叫中心坐席', role: 'service_provider', scope_code: '440105001', password: PASSWORD })).status, 201);
  assert.equal((await haizhu.post(`/api/v1/eldercare/providers/${prov.json.id}/users`, { login, reason: '坐席账号' })).status, 201);
  const agent = await bearer(login);

  const p = await person(haizhu, hzCommunity, '1944-04-04', '机构用户老人');
  const own = await subscribe(agent, p);
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.provider_id, prov.json.id);
  const q = await person(haizhu, hzCommunity, '1944-05-05', '他人用户老人');
  const other = await subscribe(haizhu, q);
  assert.equal(other.status, 201, other.text);

  const mine = await agent.get('/api/v1/eldercare/call-subscribers?page_size=200');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((x) => x.id), [own.json.id]);
  assertError(await agent.get(`/api/v1/eldercare/call-subscribers/${other.json.id}`), 404, 'not_found');
  assertError(await agent.post('/api/v1/eldercare/calls', { subscriber_id: other.json.id, kind: 'emergency' }), 404, 'not_found', 'subscriber_id');
  const c = await agent.post('/api/v1/eldercare/calls', { subscriber_id: own.json.id, kind: 'emergency', summary: '按键求助' });
  assert.equal(c.status, 201, c.text);
  assert.equal((await agent.post(`/api/v1/eldercare/calls/${c.json.id}/dispatch`, { to: 'contact', note: '已通知女儿' })).status, 200);
  // The sweep is for the civil-affairs staff, not the operator.
  assertError(await agent.post('/api/v1/eldercare/call-alerts/sweep', {}), 403, 'forbidden');
});

// ---- the public care-home waiting list (轮候) ----

function items(total) {
  const o = { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, urinary: 4, bowel: 4, toileting: 4,
    bed_mobility: 4, transfer: 4, walking: 4, stairs: 3, orient_time: 4, orient_place: 4, orient_person: 4, memory: 4,
    comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 4,
    going_out: 3, social: 4 };
  let sum = Object.values(o).reduce((a, b) => a + b, 0);
  for (const k of Object.keys(o)) {
    if (k === 'consciousness') continue;
    while (o[k] > 0 && sum > total) { o[k]--; sum--; }
  }
  return o;
}

test('the waiting list: ordered by the rules and explained; a freed bed offered down the queue (decline, expire, accept)', async () => {
  const home = await haizhu.post('/api/v1/eldercare/homes', { name: `沙园公办养老院${run}`, division_code: '440105001', address: '海珠区沙园路9号', beds_total: 120, reason: '登记公办养老机构' });
  assert.equal(home.status, 201, home.text);
  const H = home.json.id;

  const mk = async (name, birth, category, total) => {
    const p = await person(haizhu, hzCommunity, birth, name);
    if (category) {
      const r = await haizhu.post(`/api/v1/eldercare/persons/${p.id}/categories`, { category, valid_from: '2020-01-01', reason: '类别在册' });
      assert.equal(r.status, 201, r.text);
    }
    if (total !== undefined) {
      const r = await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessments`,
        { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items: items(total) });
      assert.equal(r.status, 201, r.text);
    }
    return p;
  };
  const pC = await mk('特困甲', '1950-01-01', 'tekun_dispersed', 80);
  const pA = await mk('低保乙', '1945-01-01', 'dibao', 80);
  const pB = await mk('高龄丙', '1930-01-01', null, undefined); // oldest, never assessed
  const pD = await mk('失能丁', '1940-01-01', null, 40);         // more impaired than 丙

  const apply = (p, applied_on) => haizhu.post('/api/v1/eldercare/wait-applications', { person_id: p.id, applied_on, homes: [H], reason: '申请入住公办养老院' });
  const aC = await apply(pC, '2026-01-05');
  assert.equal(aC.status, 201, aC.text);
  const aA = await apply(pA, '2026-01-04');
  const aB = await apply(pB, '2026-01-01');
  const aD = await apply(pD, '2026-01-03');
  for (const a of [aA, aB, aD]) assert.equal(a.status, 201, a.text);
  assertError(await apply(pA, '2026-01-06'), 409, 'conflict', 'person_id');
  assertError(await haizhu.post('/api/v1/eldercare/wait-applications', { person_id: pA.id, applied_on: '2026-01-06', homes: [], reason: '未选养老院' }), 400, 'invalid_argument', 'homes');

  // 特困 first, then dibao, then the more impaired before the older.
  let q = await haizhu.get(`/api/v1/eldercare/homes/${H}/queue`);
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json.items.map((x) => x.application_id), [aC.json.id, aA.json.id, aD.json.id, aB.json.id]);
  assert.equal(q.json.items[0].key.category, 'tekun_dispersed');
  assert.equal(q.json.items[2].key.level, 3);
  assert.equal(q.json.items[3].key.level, -1);
  // The applicant's position is visible with the key that gives it, and the move that put it there.
  let a = await haizhu.get(`/api/v1/eldercare/wait-applications/${aB.json.id}`);
  assert.equal(a.json.homes[0].position, 4);
  assert.equal(a.json.homes[0].key.birth_date, '1930-01-01');
  assert.ok(a.json.events.some((ev) => ev.event === 'moved' || ev.event === 'entered'));
  // Another district sees the queue's places and a masked line, never who
  // nor the key (a birth date and a category are personal data; issue 11
  // item 6).
  const tq = await tianhe.get(`/api/v1/eldercare/homes/${H}/queue`);
  assert.equal(tq.status, 200, tq.text);
  assert.deepEqual(tq.json.items.map((x) => x.position), [1, 2, 3, 4]);
  assert.ok(tq.json.items.every((x) => x.masked === true && x.name === undefined && x.application_id === undefined
    && x.key === undefined && x.status === undefined), JSON.stringify(tq.json.items));
  assert.ok(!tq.text.includes('1930-01-01') && !tq.text.includes('tekun_dispersed'), tq.text);
  assertError(await tianhe.get(`/api/v1/eldercare/wait-applications/${aB.json.id}`), 404, 'not_found');

  // A bed frees: offered to the head of the queue, with a deadline.
  const v = await haizhu.post(`/api/v1/eldercare/homes/${H}/vacancies`, { freed_on: today(), note: '302床空出' });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.offer.application_id, aC.json.id);
  assert.equal(v.json.offer.deadline_at - v.json.offer.offered_at, 7 * 86400);
  assertError(await tianhe.post(`/api/v1/eldercare/offers/${v.json.offer.id}/decide`, { answer: 'accept', reason: '越权' }), 404, 'not_found');
  // 特困甲 declines: the bed moves to 低保乙; 特困甲 keeps the place.
  const d1 = await haizhu.post(`/api/v1/eldercare/offers/${v.json.offer.id}/decide`, { answer: 'decline', reason: '家属暂不同意入住' });
  assert.equal(d1.status, 200, d1.text);
  assert.equal(d1.json.offer.application_id, aA.json.id);
  assert.equal((await haizhu.get(`/api/v1/eldercare/wait-applications/${aC.json.id}`)).json.status, 'waiting');
  // 低保乙 does not answer: after the deadline the bed moves to 失能丁.
  const exp = await haizhu.post('/api/v1/eldercare/offers/expire', { as_of: d1.json.offer.deadline_at + 60 });
  assert.equal(exp.status, 200, exp.text);
  assert.ok(exp.json.expired >= 1);
  a = await haizhu.get(`/api/v1/eldercare/wait-applications/${aA.json.id}`);
  assert.equal(a.json.offers[0].status, 'expired');
  a = await haizhu.get(`/api/v1/eldercare/wait-applications/${aD.json.id}`);
  assert.equal(a.json.status, 'offered');
  const offerD = a.json.offers.find((o) => o.status === 'open');
  assert.ok(offerD);
  assert.ok(a.json.events.some((ev) => ev.event === 'offered' && ev.explanation.cause === 'vacancy'));
  const acc = await haizhu.post(`/api/v1/eldercare/offers/${offerD.id}/decide`, { answer: 'accept', reason: '确认入住' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.status, 'filled');
  assertError(await haizhu.post(`/api/v1/eldercare/offers/${offerD.id}/decide`, { answer: 'decline', reason: '再次答复' }), 409, 'invalid_state');

  // 失能丁 leaves the queue; 高龄丙 moves up from 4 to 3, explained.
  q = await haizhu.get(`/api/v1/eldercare/homes/${H}/queue`);
  assert.deepEqual(q.json.items.map((x) => x.application_id), [aC.json.id, aA.json.id, aB.json.id]);
  assert.equal((await haizhu.get(`/api/v1/eldercare/wait-applications/${aD.json.id}`)).json.status, 'admitted');
  a = await haizhu.get(`/api/v1/eldercare/wait-applications/${aB.json.id}`);
  assert.equal(a.json.homes[0].position, 3);
  const moved = a.json.events.find((ev) => ev.event === 'moved');
  assert.equal(moved.old_position, 4);
  assert.equal(moved.new_position, 3);
  assert.equal(moved.explanation.key.birth_date, '1930-01-01');

  // Withdrawal closes up the queue; every step is audited.
  assert.equal((await haizhu.post(`/api/v1/eldercare/wait-applications/${aC.json.id}/withdraw`, { reason: '已入住民办机构' })).status, 200);
  q = await haizhu.get(`/api/v1/eldercare/homes/${H}/queue`);
  assert.deepEqual(q.json.items.map((x) => x.position), [1, 2]);
  const audit = await auditor.get(`/api/v1/audit?entity=ec_offer&entity_id=${offerD.id}&page_size=20`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((x) => x.action === 'eldercare.wait.accept'));
});

test('the waiting list at the same moment: one application per person; two beds freed at once go to two applicants', async () => {
  const home = await haizhu.post('/api/v1/eldercare/homes', { name: `并发养老院${run}`, division_code: '440105001', address: '海珠区沙园路11号', beds_total: 60, reason: '登记公办养老机构' });
  assert.equal(home.status, 201, home.text);
  const H = home.json.id;
  const p1 = await person(haizhu, hzCommunity, '1941-02-02', '并发轮候甲');
  const p2 = await person(haizhu, hzCommunity, '1942-03-03', '并发轮候乙');
  const apply = (p, applied_on) => haizhu.post('/api/v1/eldercare/wait-applications', { person_id: p.id, applied_on, homes: [H], reason: '申请入住公办养老院' });
  // Three identical applications: one is taken, the others name the rule.
  const tries = await Promise.all([apply(p1, '2026-01-02'), apply(p1, '2026-01-02'), apply(p1, '2026-01-02')]);
  assert.deepEqual(tries.map((r) => r.status).sort(), [201, 409, 409], tries.map((r) => r.text).join('\n'));
  for (const r of tries.filter((x) => x.status === 409)) assertError(r, 409, 'conflict', 'person_id');
  assert.equal((await apply(p2, '2026-01-03')).status, 201);
  // Two beds free at once: each is offered, to a different applicant.
  const vs = await Promise.all([1, 2].map((n) =>
    haizhu.post(`/api/v1/eldercare/homes/${H}/vacancies`, { freed_on: today(), note: `并发空床${n}` })));
  for (const v of vs) assert.equal(v.status, 201, v.text);
  const offered = vs.map((v) => v.json.offer && v.json.offer.application_id);
  assert.ok(offered[0] && offered[1] && offered[0] !== offered[1], JSON.stringify(offered));
  const q = await haizhu.get(`/api/v1/eldercare/homes/${H}/queue`);
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json.items.map((x) => x.position), [1, 2]);
});

// ---- monthly visits (探访) ----

test('monthly visits: who is due and why, the rate per community, the overdue list', async () => {
  const month = today().slice(0, 7);
  const year = Number(month.slice(0, 4));
  const alone = await person(haizhu, hzCommunity, '1960-01-01', '探访独居', 'living_alone');
  const old = await person(haizhu, hzCommunity, `${year - 85}-01-01`, '探访高龄');
  const poor = await person(haizhu, hzCommunity, '1958-02-02', '探访低保');
  assert.equal((await haizhu.post(`/api/v1/eldercare/persons/${poor.id}/categories`, { category: 'dibao', valid_from: '2020-01-01', reason: '低保在册' })).status, 201);
  const notDue = await person(haizhu, hzCommunity, `${year - 70}-01-01`, '探访不需');

  const all = async (q) => {
    let out = [];
    for (let page = 1; ; page++) {
      const r = await haizhu.get(`/api/v1/eldercare/visits/due?month=${month}&division=${hzCommunity}&page_size=200&page=${page}${q}`);
      assert.equal(r.status, 200, r.text);
      out = out.concat(r.json.items);
      if (!r.json.has_more) return out;
    }
  };
  let due = await all('');
  const byId = Object.fromEntries(due.map((x) => [x.person_id, x]));
  assert.deepEqual(byId[alone.id].why, ['living_alone']);
  assert.deepEqual(byId[old.id].why, ['very_old']);
  assert.deepEqual(byId[poor.id].why, ['category']);
  assert.equal(byId[notDue.id], undefined);
  assert.ok(!JSON.stringify(due).includes(alone.id_number), 'ID numbers masked');

  const before = await haizhu.get(`/api/v1/eldercare/visits/rates?month=${month}&division=${hzCommunity}`);
  assert.equal(before.status, 200, before.text);
  assert.equal(before.json.items.length, 1);
  assert.equal(before.json.due, due.length);
  assert.equal(before.json.target_permille, 1000);

  assertError(await haizhu.post('/api/v1/eldercare/visits', { person_id: alone.id, visited_on: '2999-01-01', visitor_kind: 'volunteer', visitor: '志愿者李' }), 400, 'invalid_argument', 'visited_on');
  assertError(await haizhu.post('/api/v1/eldercare/visits', { person_id: alone.id, visited_on: today(), visitor_kind: 'friend', visitor: '志愿者李' }), 400, 'invalid_argument', 'visitor_kind');
  assertError(await tianhe.post('/api/v1/eldercare/visits', { person_id: alone.id, visited_on: today(), visitor_kind: 'volunteer', visitor: '越权者' }), 404, 'not_found');
  const v = await haizhu.post('/api/v1/eldercare/visits', { person_id: alone.id, visited_on: today(), visitor_kind: 'volunteer', visitor: '结对志愿者李', findings: '身体状况良好', needs_followup: false });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.month, month);

  const after = await haizhu.get(`/api/v1/eldercare/visits/rates?month=${month}&division=${hzCommunity}`);
  assert.equal(after.json.visited, before.json.visited + 1);
  assert.equal(after.json.items[0].rate_permille, Math.floor(after.json.visited * 1000 / after.json.due));
  const overdue = await all('&overdue=1');
  assert.ok(!overdue.some((x) => x.person_id === alone.id), 'a visited elder is no longer overdue');
  assert.ok(overdue.some((x) => x.person_id === old.id));
  assert.equal(overdue.length, due.length - after.json.visited);
  due = await all('');
  assert.equal(due.find((x) => x.person_id === alone.id).visits, 1);
  // Another district's view does not include 海珠's elders; a 海珠 community is refused.
  assertError(await tianhe.get(`/api/v1/eldercare/visits/due?month=${month}&division=${hzCommunity}`), 400, 'invalid_argument', 'division');
});

// ---- home care beds ----

test('home care beds: a contract with a care plan, visits logged by the provider, weeks short of the plan flagged', async () => {
  const day = (s, n) => new Date(Date.parse(`${s}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
  const t = today();
  const monday = day(t, -((new Date(`${t}T00:00:00Z`).getUTCDay() + 6) % 7));
  const w3 = day(monday, -21), w2 = day(monday, -14);
  const at = (d, hh) => Date.parse(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`) / 1000;

  const prov = await haizhu.post('/api/v1/eldercare/providers', { name: `居家照护中心${run}`, kind: 'home_care', division_code: '440105001', reason: '登记居家照护机构' });
  assert.equal(prov.status, 201, prov.text);
  const login = `homecare_${run}`;
  assert.equal((await admin.post('/api/v1/users', { login, name: '护理员账号', role: 'service_provider', scope_code: '440105001', password: PASSWORD })).status, 201);
  assert.equal((await haizhu.post(`/api/v1/eldercare/providers/${prov.json.id}/users`, { login, reason: '护理员账号' })).status, 201);
  const nurse = await bearer(login);

  const p = await person(haizhu, hzCommunity, '1938-03-03', '家床老人');
  const body = { person_id: p.id, provider_id: prov.json.id, contract_no: `JC-${run}`, services: ['助浴', '翻身', '测血压'], visits_per_week: 2, start_on: w3, reason: '签约家庭养老床位' };
  assertError(await haizhu.post('/api/v1/eldercare/home-beds', body), 409, 'invalid_state', 'person_id'); // not assessed yet
  assert.equal((await haizhu.post(`/api/v1/eldercare/persons/${p.id}/assessments`, { assessed_on: t, assessor: '张评估', location: '家中', purpose: 'initial', items: items(40) })).status, 201);
  const bed = await haizhu.post('/api/v1/eldercare/home-beds', body);
  assert.equal(bed.status, 201, bed.text);
  assert.equal(bed.json.level, 3);
  assertError(await nurse.post('/api/v1/eldercare/home-beds', { ...body, contract_no: `JC2-${run}` }), 403, 'forbidden');
  // One active bed per elder; a contract number is used once in the whole
  // city, and the refused contract leaves nothing behind.
  assertError(await haizhu.post('/api/v1/eldercare/home-beds', { ...body, contract_no: `JC3-${run}` }), 409, 'conflict', 'person_id');
  const p2 = await person(haizhu, hzCommunity, '1939-04-04', '家床老人二');
  assert.equal((await haizhu.post(`/api/v1/eldercare/persons/${p2.id}/assessments`, { assessed_on: t, assessor: '张评估', location: '家中', purpose: 'initial', items: items(40) })).status, 201);
  // (Starting today: no whole week of it is judged below.)
  assertError(await haizhu.post('/api/v1/eldercare/home-beds', { ...body, person_id: p2.id, start_on: t }), 409, 'conflict', 'contract_no');
  const bed2 = await haizhu.post('/api/v1/eldercare/home-beds', { ...body, person_id: p2.id, start_on: t, contract_no: `JC3-${run}` });
  assert.equal(bed2.status, 201, bed2.text);

  const visit = (d, services = ['助浴']) => nurse.post(`/api/v1/eldercare/home-beds/${bed.json.id}/visits`, { started_at: at(d, 9), ended_at: at(d, 10), services, staff: '护理员王' });
  assertError(await visit(day(w3, 1), ['理发']), 400, 'invalid_argument', 'services');
  assertError(await haizhu.post(`/api/v1/eldercare/home-beds/${bed.json.id}/visits`, { started_at: at(w3, 9), ended_at: at(w3, 10), services: ['助浴'], staff: '越权' }), 403, 'forbidden');
  for (const d of [day(w3, 1), day(w3, 3), day(w2, 2)]) assert.equal((await visit(d)).status, 201);

  // Judged as of this Monday: the week before last had 1 of 2 visits; last week is still within the grace days.
  const miss = await haizhu.get(`/api/v1/eldercare/home-beds/missing?as_of=${monday}`);
  assert.equal(miss.status, 200, miss.text);
  const mine = miss.json.items.filter((x) => x.bed_id === bed.json.id);
  assert.deepEqual(mine.map((x) => [x.week_start, x.planned, x.done, x.missing]), [[w2, 2, 1, 1]]);
  const later = await nurse.get(`/api/v1/eldercare/home-beds/missing?as_of=${day(monday, 7)}`);
  assert.equal(later.status, 200, later.text);
  assert.deepEqual(later.json.items.map((x) => [x.week_start, x.done]), [[w2, 1], [day(monday, -7), 0]]);
  // Another district sees no bed; another provider's user sees none of these.
  assert.ok(!(await tianhe.get('/api/v1/eldercare/home-beds?page_size=200')).json.items.some((x) => x.id === bed.json.id));
});

// ---- dashboard ----

test('the dashboard by district adds up the services and stays within scope', async () => {
  const month = today().slice(0, 7);
  const r = await haizhu.get(`/api/v1/eldercare/dashboard?month=${month}`);
  assert.equal(r.status, 200, r.text);
  const hz = r.json.districts.find((x) => x.code === '440105');
  assert.ok(hz, r.text);
  assert.ok(r.json.districts.every((x) => x.code === '440105'), 'a street caseworker sees only their district');
  // The emergency call closed above was answered after at least two minutes.
  assert.ok(hz.emergency_calls >= 1 && hz.responded >= 1, r.text);
  assert.equal(typeof hz.avg_response_s, 'number', r.text); // (null >= 0 would pass)
  assert.ok(hz.avg_response_s > 0, 'answered calls took time to answer');
  // 低保乙 and 高龄丙 are still waiting.
  assert.ok(hz.waiting >= 2, r.text);
  const rates = await haizhu.get(`/api/v1/eldercare/visits/rates?month=${month}`);
  assert.equal(hz.visits_due, rates.json.due);
  assert.equal(hz.visits_done, rates.json.visited);
  const th = await tianhe.get(`/api/v1/eldercare/dashboard?month=${month}`);
  assert.equal(th.status, 200, th.text);
  assert.ok(!th.json.districts.some((x) => x.code === '440105'));
  assertError(await haizhu.get('/api/v1/eldercare/dashboard?month=2026-13'), 400, 'invalid_argument', 'month');
});

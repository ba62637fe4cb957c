// Home care bed contracts end (issue 14 item 7): staff end an active
// contract on a date with a reason; the bed leaves the active list, the end
// is audited, a second end is refused, and neither a provider nor another
// street may end it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

let haizhu, tianhe, provider;
const run = uniqueSuffix();
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  provider = await bearer('t_provider');
});

test('a contract signed today ends with a date and a reason, once', async () => {
  // An elder of the street, registered and assessed here (a bed needs an assessment).
  const community = (await haizhu.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  const seq = 100 + (Number(run) % 800);
  const reg = await haizhu.post('/api/v1/persons', { id_number: makeId('440105', 1939, 4, 4, seq), name: '终止床位老人', division_code: community, reason: '家床终止测试登记' });
  assert.equal(reg.status, 201, reg.text);
  const pid = reg.json.id;
  // Every item of the standard at its middle score: some level, not "never assessed".
  const o = { eating: 2, grooming: 2, bathing: 2, dressing_upper: 2, dressing_lower: 2, urinary: 2, bowel: 2, toileting: 2,
    bed_mobility: 2, transfer: 2, walking: 2, stairs: 2, orient_time: 2, orient_place: 2, orient_person: 2, memory: 2,
    comprehension: 2, expression: 2, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 2,
    going_out: 2, social: 2 };
  const as = await haizhu.post(`/api/v1/eldercare/persons/${pid}/assessments`, { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items: o });
  assert.equal(as.status, 201, as.text);
  const prov = await haizhu.post('/api/v1/eldercare/providers', { name: `终止测试居家照护${run}`, kind: 'home_care', division_code: '440105001', reason: '登记居家照护机构' });
  assert.equal(prov.status, 201, prov.text);
  const t = today();
  const bed = await haizhu.post('/api/v1/eldercare/home-beds', { person_id: pid, provider_id: prov.json.id, contract_no: `END-${run}`, services: ['助浴'], visits_per_week: 1, start_on: t, reason: '签约家庭养老床位' });
  assert.equal(bed.status, 201, bed.text);
  const id = bed.json.id;
  const active = async () => (await haizhu.get('/api/v1/eldercare/home-beds?page_size=200')).json.items.some((b) => b.id === id);
  assert.ok(await active());

  const end = (who, body) => who.post(`/api/v1/eldercare/home-beds/${id}/end`, body);
  assertError(await end(haizhu, { end_on: '2026-13-01', reason: '老人入住养老院' }), 400, 'invalid_argument', 'end_on');
  assertError(await end(haizhu, { end_on: '2000-01-01', reason: '老人入住养老院' }), 400, 'invalid_argument', 'end_on');
  assertError(await end(haizhu, { end_on: t }), 400, 'invalid_argument', 'reason');
  assertError(await end(provider, { end_on: t, reason: '机构自行终止' }), 403, 'forbidden');
  assertError(await end(tianhe, { end_on: t, reason: '越权终止合同' }), 404, 'not_found');
  assert.ok(await active(), 'refusals change nothing');

  const ok = await end(haizhu, { end_on: t, reason: '老人入住养老院' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { id, status: 'ended', end_on: t });
  assert.ok(!(await active()), 'an ended bed leaves the active list');
  assertError(await end(haizhu, { end_on: t, reason: '再次终止合同' }), 409, 'invalid_state');
  const rec = sql(`SELECT reason FROM audit_log WHERE action = 'eldercare.homebed.end' AND entity_id = '${id}'`).trim();
  assert.equal(rec, '老人入住养老院');
  // The elder may be contracted again once the old contract has ended.
  const again = await haizhu.post('/api/v1/eldercare/home-beds', { person_id: pid, provider_id: prov.json.id, contract_no: `END2-${run}`, services: ['助浴'], visits_per_week: 1, start_on: t, reason: '重新签约家庭养老床位' });
  assert.equal(again.status, 201, again.text);
  assert.equal((await haizhu.post(`/api/v1/eldercare/home-beds/${again.json.id}/end`, { end_on: t, reason: '测试结束后终止' })).status, 200);
});

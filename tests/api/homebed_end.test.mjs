// Home care bed contracts end (issue 14 item 7): staff end an active
// contract on a date with a reason; the bed leaves the active list, the end
// is audited, a second end is refused, and neither a provider nor another
// street may end it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';

let haizhu, tianhe, provider;
const run = uniqueSuffix();
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  provider = await bearer('t_provider');
});

test('a contract signed today ends with a date and a reason, once', async () => {
  // A living, assessed elder of the street with no active bed.
  const pid = Number(sql(`SELECT a.person_id FROM ec_assessments a JOIN persons p ON p.id = a.person_id
    WHERE a.division_code LIKE '440105001%' AND p.death_date IS NULL
    AND NOT EXISTS (SELECT 1 FROM ec_home_beds b WHERE b.person_id = a.person_id AND b.status = 'active')
    ORDER BY a.id LIMIT 1`).trim());
  assert.ok(pid > 0, 'the demo city has an assessed elder in 440105001 without a bed');
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

// A street caseworker of 海珠 never sees a 天河 person, by any URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError } from './lib.mjs';

let admin, haizhu, tianhePerson, tianheHousehold, haizhuPerson;

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  const t = await admin.get('/api/v1/persons?division=440106001&page_size=5');
  assert.equal(t.status, 200, t.text);
  assert.ok(t.json.items.length > 0, 'the demo city has persons in 440106001');
  tianhePerson = t.json.items.find((p) => p.household_id);
  tianheHousehold = tianhePerson.household_id;
  const h = await haizhu.get('/api/v1/persons?page_size=50');
  haizhuPerson = h.json.items.find((p) => p.household_id && !p.death_date);
});

test('search results stay inside the caller scope', async () => {
  const r = await haizhu.get('/api/v1/persons?page_size=200');
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length > 0);
  for (const p of r.json.items) assert.ok(p.division_code.startsWith('440105001'), p.division_code);
  const byName = await haizhu.get('/api/v1/persons?q=' + encodeURIComponent(tianhePerson.name));
  for (const p of byName.json.items) assert.ok(p.division_code.startsWith('440105001'));
  const hh = await haizhu.get('/api/v1/households?page_size=200');
  assert.ok(hh.json.items.length > 0, 'the street has households');
  for (const h of hh.json.items) assert.ok(h.division_code.startsWith('440105001'));
});

test('asking for an out-of-scope division is refused, not widened', async () => {
  assertError(await haizhu.get('/api/v1/persons?division=440106'), 400, 'invalid_argument', 'division');
  assertError(await haizhu.get('/api/v1/households?division=4401'), 400, 'invalid_argument', 'division');
  assertError(await haizhu.get('/api/v1/divisions?parent=440106'), 404, 'not_found');
  assertError(await haizhu.get('/api/v1/divisions/440106001'), 404, 'not_found');
});

test('every endpoint probed with an out-of-scope id answers 404 and never the record', async () => {
  const id = tianhePerson.id, hid = tianheHousehold;
  const probes = [
    ['GET', `/api/v1/persons/${id}`],
    ['GET', `/api/v1/persons/${id}/history`],
    ['POST', `/api/v1/persons/${id}/reveal`, { reason: '越权测试原因' }],
    ['PATCH', `/api/v1/persons/${id}`, { name: '改名', reason: '越权测试', version: 1 }],
    ['GET', `/api/v1/households/${hid}`],
    ['GET', `/api/v1/households/${hid}/history`],
    ['POST', `/api/v1/households/${hid}/members`, { person_id: haizhuPerson.id, relation: 'other', reason: '越权测试' }],
    ['DELETE', `/api/v1/households/${hid}/members/${id}`, { reason: '越权测试' }],
  ];
  for (const [method, path, body] of probes) {
    const fn = { GET: haizhu.get, POST: haizhu.post, PATCH: haizhu.patch, DELETE: haizhu.del }[method];
    const r = await fn(path, body);
    assertError(r, 404, 'not_found');
    assert.ok(!r.text.includes(tianhePerson.name), `${method} ${path} leaked the name`);
  }
  // And nothing changed: the admin still sees the original record.
  const p = await admin.get(`/api/v1/persons/${id}`);
  assert.equal(p.json.name, tianhePerson.name);
  assert.equal(p.json.version, 1);
});

test('a household member from outside the scope cannot be added', async () => {
  const myHousehold = haizhuPerson.household_id;
  const r = await haizhu.post(`/api/v1/households/${myHousehold}/members`, { person_id: tianhePerson.id, relation: 'other', reason: '越权添加' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.field, 'person_id');
});

test('a district officer sees the whole district and nothing else', async () => {
  const o = await bearer('t_haizhu_officer');
  const r = await o.get('/api/v1/persons?page_size=200');
  assert.ok(r.json.items.length > 0, 'the district has persons');
  for (const p of r.json.items) assert.ok(p.division_code.startsWith('440105'));
  assertError(await o.get(`/api/v1/persons/${tianhePerson.id}`), 404, 'not_found');
  const stats = await o.get('/api/v1/stats/registry');
  assert.deepEqual(stats.json.persons_by_district.map((d) => d.code), ['440105']);
});

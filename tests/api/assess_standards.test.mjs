// Assessments before GB/T 42195-2022 (in force 2022-12-30) are scored under
// MZ/T 039-2013 (issue 11 item 10): the form asks for the standard in force
// on the assessment's date, the preview and the record score under it, and
// the person's history and current level span the change.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

let admin, haizhu, community;
before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

// Every item of a standard at its best, with overrides.
const best = (std, over = {}) => Object.fromEntries(std.items.map((i) => [i.code,
  over[i.code] ?? (std.grading === 'combination' && i.dimension !== 'adl' ? i.min : i.max)]));

test('the standard in force on a date; an old assessment scored by grades and their combination', async () => {
  const old = await haizhu.get('/api/v1/eldercare/assessment-standard?on=2021-06-01');
  assert.equal(old.status, 200, old.text);
  assert.equal(old.json.code, 'MZ/T 039-2013');
  assert.equal(old.json.grading, 'combination');
  assert.equal(old.json.combos.length, 4);
  const now = await haizhu.get('/api/v1/eldercare/assessment-standard?on=2022-12-30');
  assert.equal(now.json.code, 'GB/T 42195-2022');
  assert.equal(now.json.grading, 'total');
  assertError(await haizhu.get('/api/v1/eldercare/assessment-standard?on=2010-01-01'), 409, 'invalid_state', 'standard');

  // Barthel 60 (ADL grade 2) and one other dimension at grade 3: severely impaired.
  const items = best(old.json, { stairs: 0, walking: 5, transfer: 5, eating: 5, dressing: 5, cognition: 2, aggression: 2 });
  const pv = await haizhu.post('/api/v1/eldercare/assessments/score', { items, on: '2021-06-01' });
  assert.equal(pv.status, 200, pv.text);
  assert.equal(pv.json.standard, 'MZ/T 039-2013');
  assert.equal(pv.json.dimensions.find((d) => d.code === 'adl').grade, 2);
  assert.equal(pv.json.dimensions.find((d) => d.code === 'mental').grade, 3);
  assert.equal(pv.json.level, 3);
  assert.ok(pv.json.decided_by);

  let person;
  for (let seq = Number(uniqueSuffix()) % 800; !person; seq++) {
    const r = await admin.post('/api/v1/persons', { id_number: makeId('440105', 1936, 7, 7, (seq % 900) + 50), name: '旧标准评估', division_code: community, reason: '评估测试登记' });
    if (r.status === 201) person = r.json;
    else assert.equal(r.status, 409, r.text);
  }
  const rec = await haizhu.post(`/api/v1/eldercare/persons/${person.id}/assessments`,
    { assessed_on: '2021-06-01', assessor: '陈评估', location: '家中', purpose: 'initial', items });
  assert.equal(rec.status, 201, rec.text);
  assert.equal(rec.json.level, 3);
  // Today's assessment under today's standard; the history holds both.
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const rec2 = await haizhu.post(`/api/v1/eldercare/persons/${person.id}/assessments`,
    { assessed_on: today, assessor: '陈评估', location: '家中', purpose: 'periodic', items: best(now.json) });
  assert.equal(rec2.status, 201, rec2.text);
  const hist = await haizhu.get(`/api/v1/eldercare/persons/${person.id}/assessments`);
  assert.deepEqual(hist.json.items.map((a) => a.standard).sort(), ['GB/T 42195-2022', 'MZ/T 039-2013']);
  assert.equal(hist.json.current.level, 0);
});

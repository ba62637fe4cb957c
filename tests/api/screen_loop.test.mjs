// 政策找人 as a loop (issue 11, item 14): an officer starts the whole-city
// screening from the API and sees its progress; the street works each item
// once — accepted (then an intake), dismissed with a reason, or linked to a
// case — and the next run does not list a household whose case is in
// progress, nor a finding the street dismissed. Who did what, and when,
// stays on the item.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

const STREET = '440105001';
let officer, worker, other, admin, community;

before(async () => {
  admin = await bearer('t_admin');
  officer = await bearer('t_haizhu_officer');
  worker = await bearer('t_haizhu');
  other = await bearer('t_tianhe');
  community = (await admin.get(`/api/v1/divisions?parent=${STREET}`)).json.items[0].code;
});

// A one-person household with no income or assets: eligible for dibao.
let seq = Number(uniqueSuffix()) % 700;
async function poorHousehold(name) {
  for (let tries = 0; tries < 30; tries++) {
    const id_number = makeId('440105', 1971, 5, 5, (seq++ % 900) + 60);
    const p = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '政策找人测试登记' });
    if (p.status === 409) continue;
    assert.equal(p.status, 201, p.text);
    const h = await admin.post('/api/v1/households', { division_code: community, address: '找人测试路1号', reason: '政策找人测试登记', members: [{ person_id: p.json.id, relation: 'head' }] });
    assert.equal(h.status, 201, h.text);
    return { id: h.json.id, person: p.json.id, id_number };
  }
  throw new Error('no free ID number');
}

// Starts a run as the district officer and waits for the runner to finish it.
async function screenNow() {
  const before = (await officer.get('/api/v1/screen/runs')).json.runs[0]?.id ?? 0;
  const r = await officer.post('/api/v1/screen/runs', {});
  assert.equal(r.status, 202, r.text);
  const until = Date.now() + 90000;
  for (;;) {
    const s = (await officer.get('/api/v1/screen/runs')).json;
    if ((s.runs[0]?.id ?? 0) > before && !s.progress.running) return s;
    if (Date.now() > until) throw new Error(`no new screening run: ${JSON.stringify(s).slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}

const openItem = async (household) => {
  const r = await worker.get(`/api/v1/screen/items?division=${STREET}&program=dibao&kind=eligible_not_enrolled&page_size=200`);
  assert.equal(r.status, 200, r.text);
  let all = r.json.items;
  for (let p = 2; all.length < r.json.total; p++) {
    all = all.concat((await worker.get(`/api/v1/screen/items?division=${STREET}&program=dibao&kind=eligible_not_enrolled&page_size=200&page=${p}`)).json.items);
  }
  return all.find((i) => i.household_id === household.id);
};

test('a street caseworker cannot start the city run; an officer can and sees it finish', async () => {
  assertError(await worker.post('/api/v1/screen/runs', {}), 403, 'forbidden');
  const s = await screenNow();
  assert.equal(s.progress.stage, 'done');
  assert.ok(s.runs[0].households > 0 && s.runs[0].created_by, JSON.stringify(s.runs[0]));
  assert.ok(s.job && s.job.next_due, 'the schedule of the nightly run is shown');
});

test('items are worked once: dismissed with a reason, accepted into an intake, linked to a case', async () => {
  const [h1, h2, h3] = [await poorHousehold('找人甲'), await poorHousehold('找人乙'), await poorHousehold('找人丙')];
  await screenNow();
  const [a, b, c] = [await openItem(h1), await openItem(h2), await openItem(h3)];
  assert.ok(a && b && c, 'each poor household is on the worklist as eligible, not enrolled');

  // Dismissal needs its reason; nothing changes without one.
  assertError(await worker.post(`/api/v1/screen/items/${c.id}/work`, { disposition: 'dismissed' }), 400, 'invalid_argument', 'note');
  assert.equal(sql(`SELECT status FROM screen_items WHERE id = ${c.id}`).trim(), 'open');
  assertError(await worker.post(`/api/v1/screen/items/${c.id}/work`, { disposition: 'closed', note: 'x' }), 400, 'invalid_argument', 'disposition');
  // Another street's caseworker does not find it.
  assertError(await other.post(`/api/v1/screen/items/${c.id}/work`, { disposition: 'dismissed', note: '越权' }), 404, 'not_found');
  const d = await worker.post(`/api/v1/screen/items/${c.id}/work`, { disposition: 'dismissed', note: '已入户核实，家庭有赡养人稳定供养' });
  assert.equal(d.status, 200, d.text);
  assertError(await worker.post(`/api/v1/screen/items/${c.id}/work`, { disposition: 'accepted' }), 409, 'conflict');

  // Accepted: the answer names the household and program for the intake.
  const acc = await worker.post(`/api/v1/screen/items/${a.id}/work`, { disposition: 'accepted', note: '电话联系，家庭同意申请' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.household_id, h1.id);
  assert.equal(acc.json.program, 'dibao');
  const case1 = await worker.post('/api/v1/cases', { program: 'dibao', applicant_id_number: h1.id_number, bank_account: '6222020000004444' });
  assert.equal(case1.status, 201, case1.text);

  // Linked: only to a case of the same household and program.
  const case2 = await worker.post('/api/v1/cases', { program: 'dibao', applicant_id_number: h2.id_number, bank_account: '6222020000005555' });
  assert.equal(case2.status, 201, case2.text);
  assertError(await worker.post(`/api/v1/screen/items/${b.id}/work`, { disposition: 'linked', case_id: case1.json.id }), 400, 'invalid_argument', 'case_id');
  const l = await worker.post(`/api/v1/screen/items/${b.id}/work`, { disposition: 'linked', case_id: case2.json.id });
  assert.equal(l.status, 200, l.text);

  // Who did what and when.
  const done = await worker.get(`/api/v1/screen/items?division=${STREET}&status=done&page_size=200`);
  assert.equal(done.status, 200, done.text);
  const byId = new Map(done.json.items.map((i) => [i.id, i]));
  assert.equal(byId.get(c.id).disposition, 'dismissed');
  assert.equal(byId.get(c.id).note, '已入户核实，家庭有赡养人稳定供养');
  assert.equal(byId.get(a.id).disposition, 'accepted');
  assert.equal(byId.get(b.id).disposition, 'linked');
  assert.equal(byId.get(b.id).case_id, case2.json.id);
  for (const x of [a, b, c]) {
    assert.equal(byId.get(x.id).handled_by, 't_haizhu');
    assert.match(byId.get(x.id).handled_at, /^\d{4}-\d\d-\d\dT/);
  }
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'screen.item.dismissed' AND entity_id = '${c.id}'`).trim()), 1);

  // The next run: the two households with a case in progress and the
  // dismissed finding are not on the open worklist again.
  await screenNow();
  assert.equal(await openItem(h1), undefined, 'a household with a dibao case in progress is not "eligible, not enrolled"');
  assert.equal(await openItem(h2), undefined, 'nor the one linked to its case');
  assert.equal(await openItem(h3), undefined, 'a dismissed finding is not raised again while nothing changed');
});

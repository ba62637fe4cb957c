// Deliberation halls end to end: a hall with its representatives, a topic,
// a meeting with a quorum (and one without), minutes drafted, amended by an
// attendee and published, a resolution with tasks; the test clock moves past
// its deadline and the job runner escalates it to the last step (the
// deliberation.resolution_overdue event); its tasks are done with evidence
// and the execution rate follows. The public page shows what was decided and
// done and no personal data. Scope and bad input along the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, raw, assertError, sql, setClock, runJob, DAY, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

let admin, haizhu, tianhe, auditor;
const run = uniqueSuffix();
const dayPlus = (base, n) => new Date(Date.parse(`${base}T00:00:00Z`) + n * DAY * 1000).toISOString().slice(0, 10);
let today;

function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

// A community of the street with no hall yet (the demo opens some).
async function freeCommunity(street) {
  const items = ok(await admin.get(`/api/v1/divisions?parent=${street}`)).items;
  for (const d of items) {
    const r = ok(await admin.get(`/api/v1/deliberation/halls?division=${d.code}`));
    if (r.total === 0) return d.code;
  }
  throw new Error(`every community of ${street} has a hall`);
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  auditor = await bearer('t_auditor');
  today = (await setClock(0)).today;
});

after(async () => {
  await setClock(0);
});

test('a topic goes through a meeting with quorum to a resolution carried out; the rate follows', async () => {
  const community = await freeCommunity('440105001');

  // The hall: in the caller's scope, one per community.
  assertError(await haizhu.post('/api/v1/deliberation/halls', { division_code: '440106001001', name: '越权议事厅' }), 400, 'invalid_argument', 'division_code');
  const hall = ok(await haizhu.post('/api/v1/deliberation/halls', { division_code: community, name: `测试居民议事厅${run}` }), 201);
  assert.equal(hall.level, 'community');
  assertError(await haizhu.post('/api/v1/deliberation/halls', { division_code: community, name: '第二个' }), 409, 'conflict', 'division_code');
  assertError(await tianhe.get(`/api/v1/deliberation/halls/${hall.id}`), 404, 'not_found');
  assertError(await auditor.post(`/api/v1/deliberation/halls/${hall.id}/topics`, { title: 'x', raised_by: 'resident', raised_on: today }), 403, 'forbidden');

  // Representatives: a resident from the registry, one by label, the
  // committee and the property company.
  const idn = makeId('440105', 1961, 7, 7, 600 + (Number(run) % 300));
  const person = ok(await admin.post('/api/v1/persons', { id_number: idn, name: `议事代表${run}`, division_code: community, reason: '议事代表登记' }), 201);
  const rep = async (body) => ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/representatives`, body), 201).id;
  assertError(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/representatives`, { kind: 'property', person_id: person.id }), 400, 'invalid_argument', 'person_id');
  assertError(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/representatives`, { kind: 'mayor', label: 'x' }), 400, 'invalid_argument', 'kind');
  const reps = [
    await rep({ kind: 'resident', person_id: person.id }),
    await rep({ kind: 'resident', label: '三栋居民代表' }),
    await rep({ kind: 'committee', label: '测试社区居委会' }),
    await rep({ kind: 'property', label: '测试物业服务有限公司' }),
  ];
  // Naming a registry person is an audited read.
  const view = ok(await haizhu.get(`/api/v1/deliberation/halls/${hall.id}`));
  assert.equal(view.representatives.find((r) => r.id === reps[0]).name, person.name);
  const audit = ok(await auditor.get(`/api/v1/audit?action=deliberation.representatives.read&entity_id=${hall.id}`));
  assert.ok(audit.items.length >= 1, 'the read of named representatives is audited');

  // Topics; a future date is refused.
  assertError(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/topics`, { title: '加装电梯', raised_by: 'resident', raised_on: dayPlus(today, 3) }), 400, 'invalid_argument', 'raised_on');
  const topic = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/topics`, { title: '加装电梯', raised_by: 'resident', raised_on: today, description: '三栋居民联名提出' }), 201).id;
  const topic2 = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/topics`, { title: '停车整治', raised_by: 'committee', raised_on: today }), 201).id;

  // A meeting without a quorum (2 of 4 is not more than half): no resolution.
  const m0 = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/meetings`, { title: '临时议事会', held_on: today, topic_ids: [topic2] }), 201);
  const m0held = ok(await haizhu.post(`/api/v1/deliberation/meetings/${m0.id}/attendance`, { present: [reps[1], reps[2]] }));
  assert.equal(m0held.quorum_met, false);
  assert.equal(m0held.registered, 4);
  const task = (title, due_on) => ({ title, due_on });
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m0.id}/resolutions`, {
    topic_id: topic2, text: '施划车位', responsible_unit: '物业', due_on: dayPlus(today, 10), tasks: [task('施划', dayPlus(today, 10))],
  }), 409, 'invalid_state');

  // The meeting with a quorum: 3 of 4.
  const m = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/meetings`, { title: '季度居民议事会', held_on: today, place: '党群服务中心', topic_ids: [topic] }), 201);
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/attendance`, { present: [reps[0], 999999999] }), 400, 'invalid_argument', 'present');
  const held = ok(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/attendance`, { present: [reps[0], reps[2], reps[3]] }));
  assert.equal(held.quorum_met, true);
  assert.equal(held.present, 3);
  assert.equal(held.quorum_permille, 500);

  // Minutes: drafted, amended by an attendee (not by an absentee), published, locked.
  ok(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/minutes`, { text: '会议同意加装电梯。' }));
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/amendments`, { representative_id: reps[1], text: '改', note: '缺席者修改' }), 400, 'invalid_argument', 'representative_id');
  const amended = ok(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/amendments`, { representative_id: reps[0], text: '会议同意加装电梯，须经本单元三分之二业主同意。', note: '补充业主同意条件' }), 201);
  assert.equal(amended.minutes_version, 2);
  assert.equal(amended.amendments.length, 1);
  ok(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/publish`, {}));
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/amendments`, { representative_id: reps[0], text: '再改', note: '发布后' }), 409, 'invalid_state');

  // The resolution: its tasks fall within its deadline.
  const due = dayPlus(today, 10);
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/resolutions`, {
    topic_id: topic, text: '加装电梯', responsible_unit: '社区居委会', due_on: due, tasks: [task('报建', dayPlus(today, 12))],
  }), 400, 'invalid_argument', 'tasks[0].due_on');
  assertError(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/resolutions`, {
    topic_id: topic2, text: '不在议程', responsible_unit: '物业', due_on: due, tasks: [task('x', due)],
  }), 400, 'invalid_argument', 'topic_id');
  const res = ok(await haizhu.post(`/api/v1/deliberation/meetings/${m.id}/resolutions`, {
    topic_id: topic, text: `加装电梯决议${run}`, responsible_unit: '社区居委会', due_on: due,
    tasks: [task('征集业主意见并报建', dayPlus(today, 5)), task('施工并验收', due)],
  }), 201);
  assert.equal(res.status, 'in_progress');
  let rates = ok(await haizhu.get(`/api/v1/deliberation/rates?division=${community}`));
  assert.deepEqual([rates.total.due, rates.total.carried_out, rates.total.rate_bp], [0, 0, -1]);

  // Forty days on: overdue, and the job escalates it to the last step.
  await setClock(40 * DAY);
  const hz = await bearer('t_haizhu');
  const job = await runJob('deliberation.escalate');
  assert.equal(job.last_status, 'ok', job.last_result);
  assert.match(job.last_result, /handed to the safety net/);
  const late = ok(await hz.get(`/api/v1/deliberation/resolutions/${res.id}`));
  assert.equal(late.escalation, 3);
  assert.equal(late.overdue, true);
  assert.deepEqual(late.history.map((h) => h.what).slice(-1), ['handed_to_safetynet']);
  const events = sql(`SELECT division_code FROM events WHERE type = 'deliberation.resolution_overdue' AND subject_id = ${res.id}`).trim().split('\n');
  assert.deepEqual(events, [community], 'one event, with the hall division');
  const overdueList = ok(await hz.get(`/api/v1/deliberation/resolutions?status=overdue&division=${community}`));
  assert.deepEqual(overdueList.items.map((r) => r.id), [res.id]);
  rates = ok(await hz.get(`/api/v1/deliberation/rates?division=${community}`));
  assert.deepEqual([rates.total.due, rates.total.carried_out, rates.total.overdue, rates.total.rate_bp], [1, 0, 1, 0]);

  // Carried out with evidence: the last task does it; the rate follows.
  assertError(await hz.post(`/api/v1/deliberation/resolutions/${res.id}/task-done`, { task_id: late.tasks[0].id, evidence: '   ' }), 400, 'invalid_argument', 'evidence');
  ok(await hz.post(`/api/v1/deliberation/resolutions/${res.id}/task-done`, { task_id: late.tasks[0].id, evidence: '业主同意书及报建回执' }));
  let mid = ok(await hz.get(`/api/v1/deliberation/resolutions/${res.id}`));
  assert.equal(mid.status, 'in_progress');
  assert.equal(mid.progress_pct, 50);
  const done = ok(await hz.post(`/api/v1/deliberation/resolutions/${res.id}/task-done`, { task_id: late.tasks[1].id, evidence: '电梯验收合格证' }));
  assert.equal(done.status, 'carried_out');
  assert.equal(done.carried_out_on, dayPlus(today, 40));
  rates = ok(await hz.get(`/api/v1/deliberation/rates?division=${community}`));
  assert.deepEqual([rates.total.due, rates.total.carried_out, rates.total.overdue, rates.total.on_time, rates.total.rate_bp], [1, 1, 0, 0, 10000]);
  const street = rates.by_street.find((s) => s.code === '440105001');
  assert.ok(street && street.carried_out >= 1);
  assert.equal(rates.by_hall.find((h) => h.hall_id === hall.id).rate_bp, 10000);

  // The public page: no session, what was decided and done, nobody's name.
  const pub = await raw('GET', `/api/v1/public/deliberation/halls/${hall.id}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.resolutions[0].text, `加装电梯决议${run}`);
  assert.equal(pub.json.resolutions[0].tasks[1].evidence, '电梯验收合格证');
  assert.equal(pub.json.rate.rate_bp, 10000);
  for (const secret of [person.name, idn, '三栋居民代表', 't_haizhu', 'representatives', 'amendments']) {
    assert.ok(!pub.text.includes(secret), `the public page leaks ${secret}`);
  }
  assertError(await raw('GET', `/api/v1/deliberation/halls/${hall.id}`), 401, 'unauthenticated');
  assertError(await raw('GET', '/api/v1/public/deliberation/halls/999999999'), 404, 'not_found');
});

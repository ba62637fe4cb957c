// The event outbox and the job runner end to end: a death recorded through
// the registry API reaches assistance (the enrollment ends) and elderly care
// (the canteen card is cancelled, 平安通 ends) only through person.died,
// delivered by the runner inside the server; the jobs and events API is for
// the city admin (auditors read).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, cli, sql, uniqueSuffix, runJob } from './lib.mjs';

// GB 11643 check digit (as in the other API tests; importing one of them
// would run its tests again).
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function makeId(code6, y, m, d, s3) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s3).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}

let admin, haizhu, auditor, community;
const run = uniqueSuffix();
let seq = (Number(run) % 400) + 500;
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function person(name, y, m, d) {
  const id_number = makeId('440105', y, m, d, (seq++ % 900) + 50);
  const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '事件测试登记' });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, id_number };
}

async function must(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}

// 特困 for an elder living alone, approved: an active enrollment.
async function enrolled(p) {
  const h = await admin.post('/api/v1/households', {
    division_code: community, address: '海珠区事件路1号', reason: '事件测试登记',
    members: [{ person_id: p.id, relation: 'head' }],
  });
  assert.equal(h.status, 201, h.text);
  const c = await haizhu.post('/api/v1/cases', { program: 'tekun', applicant_id_number: p.id_number, bank_account: '6222020000007777' });
  assert.equal(c.status, 201, c.text);
  await must(c.json.id, 'start_verification');
  await must(c.json.id, 'start_investigation');
  await must(c.json.id, 'submit_investigation', { note: '入户调查完成，情况属实', detail: { investigators: ['王调查', '李调查'] } });
  const ev = await haizhu.post(`/api/v1/cases/${c.json.id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  await must(c.json.id, 'post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${c.json.id}`);
  const ap = await must(c.json.id, 'approve');
  assert.ok(ap.enrollment_id > 0, JSON.stringify(ap));
  return { caseId: c.json.id, enrollmentId: ap.enrollment_id };
}

// Polls fn until it returns true, at most ms; the runner delivers events
// every 2 s, and at once when asked.
async function eventually(fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await sleep(250);
  }
}

async function eventsOf(type, subject) {
  const r = await admin.get('/api/v1/events?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((e) => e.type === type && e.subject_id === subject);
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  auditor = await bearer('t_auditor');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  assert.equal(d.status, 200, d.text);
  community = d.json.items[0].code;
});

test('a death recorded in the registry ends the enrollment, the canteen card and 平安通 through the outbox', async () => {
  const p = await person('事件老人', 1944, 2, 3);
  const { caseId, enrollmentId } = await enrolled(p);
  // The approval published case.decided in its transaction.
  const decided = await eventsOf('case.decided', caseId);
  assert.equal(decided.length, 1, JSON.stringify(decided));
  assert.equal(decided[0].payload.action, 'approve');
  assert.equal(decided[0].payload.enrollment_id, enrollmentId);

  const card = await haizhu.post(`/api/v1/eldercare/persons/${p.id}/cards`, { reason: '发放长者卡' });
  assert.equal(card.status, 201, card.text);
  const sub = await haizhu.post('/api/v1/eldercare/call-subscribers', {
    person_id: p.id, device_code: `EVT-${run}`, device_kind: 'pendant', fee_fen: 3000,
    daily_checkin: true, started_on: today(), reason: '开通平安通服务',
    contacts: [{ name: '王女儿', phone: '13800138000', relation: '女儿' }],
  });
  assert.equal(sub.status, 201, sub.text);
  assert.equal((await haizhu.get(`/api/v1/enrollments/${enrollmentId}`)).json.status, 'active');

  const full = await admin.get(`/api/v1/persons/${p.id}`);
  const died = today();
  const upd = await admin.patch(`/api/v1/persons/${p.id}`, { death_date: died, reason: '死亡登记', version: full.json.version });
  assert.equal(upd.status, 200, upd.text);
  // The event is there as soon as the change is (same transaction).
  const ev = await eventsOf('person.died', p.id);
  assert.equal(ev.length, 1, JSON.stringify(ev));
  assert.deepEqual(ev[0].payload, { person_id: p.id, death_date: died });
  assert.equal(ev[0].published_by, 't_admin');

  // Run now: queued for the runner, which delivers at its next tick.
  const q = await admin.post('/api/v1/jobs/events.deliver/run');
  assert.equal(q.status, 202, q.text);
  assert.deepEqual(q.json, { job: 'events.deliver', queued: true });

  const delivered = await eventually(async () => {
    const [e] = await eventsOf('person.died', p.id);
    return e && e.status === 'done';
  });
  assert.ok(delivered, JSON.stringify(await eventsOf('person.died', p.id)));
  const [done] = await eventsOf('person.died', p.id);
  // The subscribers whose effects this test checks; another domain may
  // subscribe to person.died too without editing this test.
  const subscribers = done.deliveries.map((d) => d.subscriber);
  for (const s of ['assistance.end_enrollments', 'eldercare.cancel_card', 'eldercare.end_call_service']) assert.ok(subscribers.includes(s), s);
  assert.ok(done.deliveries.every((d) => d.status === 'done' && d.attempts === 1 && d.done_at), JSON.stringify(done));

  // What the subscribers did.
  const en = await haizhu.get(`/api/v1/enrollments/${enrollmentId}`);
  assert.equal(en.json.status, 'ended', en.text);
  assert.equal(en.json.end_month, died.slice(0, 7));
  assert.equal(sql(`SELECT status FROM ec_cards WHERE code = '${card.json.code}'`).trim(), 'cancelled');
  const s = await haizhu.get(`/api/v1/eldercare/call-subscribers/${sub.json.id}`);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'ended');
  assert.equal(s.json.ended_on, died);
  // The ended enrollment is an event of its own, published by the subscriber's transaction.
  const ended = await eventsOf('enrollment.ended', enrollmentId);
  assert.equal(ended.length, 1, JSON.stringify(ended));
  assert.equal(ended[0].published_by, 'events');
  // Publishing is audited like a write.
  const audit = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'event.publish' AND reason = 'person.died' AND entity_id = '${ev[0].id}'`).trim();
  assert.equal(audit, '1');

  // Nothing failed, so there is nothing to retry.
  assertError(await admin.post(`/api/v1/events/${ev[0].id}/retry`), 409, 'invalid_state');
  assertError(await admin.post('/api/v1/events/999999999/retry'), 404, 'not_found');
  const failed = await admin.get('/api/v1/events?status=failed');
  assert.equal(failed.status, 200, failed.text);
  assert.ok(!failed.json.items.some((e) => e.subject_id === p.id && e.type === 'person.died'));
  assertError(await admin.get('/api/v1/events?status=lost'), 400, 'invalid_argument', 'status');

  // The CLI shows the same outbox, newest first, 50 a page: the event is on
  // the page its rank puts it (the demo's events delivered since may have
  // published newer ones above it).
  let list, page = 1;
  for (; page <= 40; page++) {
    list = cli(['events', 'list', '--page', String(page)]);
    assert.equal(list.status, 0, list.stderr);
    if (new RegExp(`^${ev[0].id} .* person\\.died`, 'm').test(list.stdout)) break;
  }
  assert.ok(page <= 40, `event ${ev[0].id} not on the first 40 pages of 'events list'`);
  assert.match(list.stdout, /eldercare\.cancel_card\s+done/);
});

test('jobs: listed with their schedules and last results; only the city admin runs them', async () => {
  const r = await admin.get('/api/v1/jobs');
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((j) => j.name);
  for (const n of ['events.deliver', 'screen.city', 'assistance.reverify', 'assistance.close_exits',
    'eldercare.checkin_sweep', 'eldercare.offer_expire']) assert.ok(names.includes(n), n);
  const d = r.json.items.find((j) => j.name === 'events.deliver');
  assert.deepEqual(Object.keys(d).sort(), ['last_result', 'last_run_at', 'last_status', 'name', 'next_due',
    'running', 'runs', 'schedule', 'title_en', 'title_zh']);
  assert.equal(d.schedule, 'every:2');
  assert.ok(d.runs >= 1, JSON.stringify(d));
  assert.equal(d.last_status, 'ok');
  assert.match(d.last_result, /deliveries done/);
  assert.match(d.next_due, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.equal(typeof d.running, 'boolean');
  assert.equal(typeof d.title_zh, 'string');

  // Auditors read; nobody else.
  assert.equal((await auditor.get('/api/v1/jobs')).status, 200);
  assert.equal((await auditor.get('/api/v1/events')).status, 200);
  assertError(await auditor.post('/api/v1/jobs/events.deliver/run'), 403, 'forbidden');
  assertError(await haizhu.get('/api/v1/jobs'), 403, 'forbidden');
  assertError(await haizhu.get('/api/v1/events'), 403, 'forbidden');
  assertError(await haizhu.post('/api/v1/jobs/events.deliver/run'), 403, 'forbidden');
  assertError(await admin.post('/api/v1/jobs/no.such.job/run'), 404, 'not_found');

  // A sweep asked to run runs in the runner and records its result.
  const before = r.json.items.find((j) => j.name === 'eldercare.offer_expire').runs;
  const q = await admin.post('/api/v1/jobs/eldercare.offer_expire/run');
  assert.equal(q.status, 202, q.text);
  const ran = await eventually(async () => {
    const l = await admin.get('/api/v1/jobs');
    return l.json.items.find((j) => j.name === 'eldercare.offer_expire').runs === before + 1;
  });
  assert.ok(ran, 'the requested job did not run');
  const j = (await admin.get('/api/v1/jobs')).json.items.find((x) => x.name === 'eldercare.offer_expire');
  assert.equal(j.last_status, 'ok');
  assert.match(j.last_result, /offers expired/);
  assert.ok(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'job.run_request' AND entity_id = 'eldercare.offer_expire'").trim()) >= 1);

  const cl = cli(['jobs', 'list']);
  assert.equal(cl.status, 0, cl.stderr);
  assert.match(cl.stdout, /eldercare\.offer_expire\s+every:600/);
});

// A backlog larger than one batch of deliveries (the demo's year leaves its
// events to the server; a subscriber that was down) drains in one run of the
// job, not 500 deliveries every 2 s: the events a user's action publishes
// behind it are not held up for minutes.
test('events.deliver: one run drains a backlog of more than one batch, events published by its subscribers included', async () => {
  const man = await person('积压男', 1990, 3, 4);
  const woman = await person('积压女', 1991, 5, 6);
  const N = 700;
  const now = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({ man_id: String(man.id), woman_id: String(woman.id) });
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
       INSERT INTO events (type, subject_id, division_code, payload, published_by, created_at)
       SELECT 'marriage.registered', ${man.id}, '440105', '${payload}', 'backlog-test-${run}', ${now} FROM n`);
  const ids = `SELECT id FROM events WHERE published_by = 'backlog-test-${run}'`;
  assert.equal(Number(sql(`SELECT COUNT(*) FROM (${ids}) x`).trim()), N);
  const job = await runJob('events.deliver');
  assert.equal(job.last_status, 'ok');
  // Whichever run reached them first (the scheduled one may have), after the
  // requested run none is waiting.
  const left = Number(sql(`SELECT COUNT(*) FROM events e WHERE e.id IN (${ids}) AND (e.fanned_out = 0 OR EXISTS
    (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.status <> 'done'))`).trim());
  assert.equal(left, 0, `${left} of ${N} backlog events still undelivered after one run: ${job.last_result}`);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_deliveries WHERE event_id IN (${ids}) AND status = 'done'`).trim()), N);
  assert.equal((await admin.get(`/api/v1/persons/${woman.id}`)).json.marital_status, 'married');
});

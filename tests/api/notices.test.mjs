// The bell (src/notices, /api/v1/inbox): notices stored per account,
// fed by the event outbox (a case handed over by another street, a decision
// taken by the district, a payment the bank returned) and by the daily
// reminder job (deadlines, each once); each account reads and marks only its
// own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix, setClock, runJob, DAY } from './lib.mjs';
import { makeId } from './world.mjs';

let admin, haizhu, tianhe, officer, community;

let seq = Number(uniqueSuffix()) % 900;
async function person(name, y, m, d) {
  seq = (seq + 7) % 997;
  const id_number = makeId('440105', y, m, d, seq);
  const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '通知测试登记' });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, id_number };
}

async function household(members) {
  const r = await admin.post('/api/v1/households', {
    division_code: community, address: '海珠区通知路1号', reason: '通知测试登记',
    members: members.map(([p, relation]) => ({ person_id: p.id, relation })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function must(client, id, action, extra = {}) {
  const c = await client.get(`/api/v1/cases/${id}`);
  const r = await client.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}

function month(offset) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, '0')}`;
}

// Every notice of a client (all pages).
async function notices(client, query = '') {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`/api/v1/inbox?page=${page}&page_size=100${query}`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (out.length >= r.json.total || !r.json.items.length) return out;
  }
}
const unread = async (client) => {
  const r = await client.get('/api/v1/inbox/unread');
  assert.equal(r.status, 200, r.text);
  return r.json.unread;
};
const ofCase = (list, kind, id) => list.filter((n) => n.kind === kind && n.params.case_id === id);

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  officer = await bearer('t_haizhu_officer');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  assert.equal(d.status, 200, d.text);
  community = d.json.items[0].code;
});

after(async () => { await setClock(0); });

test('a case accepted by another street (全城通办) is a notice for the responsible street only', async () => {
  const a = await person('通知甲', 1975, 2, 3);
  await household([[a, 'head']]);
  const r = await tianhe.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000001212', note: '书面申请' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  await runJob('events.deliver');

  const mine = ofCase(await notices(haizhu), 'case_transferred', id);
  assert.equal(mine.length, 1, 'the 海珠 caseworker is told once');
  assert.equal(mine[0].params.intake_street, '440106001');
  assert.equal(mine[0].link, `/assistance/cases/${id}`);
  assert.equal(mine[0].unread, true);
  assert.ok(mine[0].division_code.startsWith('440105001'));
  // Not the street that accepted it, nor a district officer (not a caseworker).
  assert.equal(ofCase(await notices(tianhe), 'case_transferred', id).length, 0);
  assert.equal(ofCase(await notices(officer), 'case_transferred', id).length, 0);
  // The notice opens the case, which the 海珠 caseworker may read.
  assert.equal((await haizhu.get(`/api/v1/cases/${id}`)).status, 200);
  // A redelivery adds nothing (one notice per account and key).
  sql(`UPDATE event_deliveries SET status = 'pending', next_attempt_at = 0, done_at = NULL WHERE subscriber = 'notices.case_transferred'`);
  await runJob('events.deliver');
  assert.equal(ofCase(await notices(haizhu), 'case_transferred', id).length, 1);
});

test('the district decides, the bank returns the payment: the street caseworker is told of both', async () => {
  const a = await person('通知乙', 1968, 4, 5);
  await household([[a, 'head']]);
  // A conflict of interest: the district decides (低保审核确认办法 第十一条).
  const k = await haizhu.post('/api/v1/staff-kin', { id_number: a.id_number, staff_name: '某经办人', staff_post: '街道民政经办人员', relation: '配偶' });
  assert.equal(k.status, 201, k.text);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000003434' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  await must(haizhu, id, 'start_verification');
  await must(haizhu, id, 'start_investigation');
  await must(haizhu, id, 'submit_investigation', { note: '入户调查完成，情况属实', detail: { investigators: ['王调查', '李调查'] } });
  assert.equal((await haizhu.post(`/api/v1/cases/${id}/evaluate`, {})).status, 200);
  await must(haizhu, id, 'post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
  const approved = await must(officer, id, 'approve', { note: '区级核查后批准' });
  assert.equal(approved.state, 'paying');
  await runJob('events.deliver');
  const decided = ofCase(await notices(haizhu), 'case_decided', id);
  assert.equal(decided.length, 1);
  assert.equal(decided[0].params.action, 'approve');
  assert.equal(ofCase(await notices(tianhe), 'case_decided', id).length, 0);
  assert.equal(ofCase(await notices(officer), 'case_decided', id).length, 0, 'not the officer who decided');

  // A month of its own, then the bank returns this household's line.
  const m = month(9);
  sql(`UPDATE enrollments SET start_month = '${m}' WHERE id = ${approved.enrollment_id}`);
  const run = await officer.post('/api/v1/payroll/runs', { month: m, district: '440105' });
  assert.equal(run.status, 201, run.text);
  if (run.json.status === 'draft') assert.equal((await admin.post(`/api/v1/payroll/runs/${run.json.id}/approve`)).status, 200);
  const bank = await admin.get(`/api/v1/payroll/runs/${run.json.id}/bank-file`);
  assert.equal(bank.status, 200, bank.text);
  const mineId = Number(sql(`SELECT id FROM payments WHERE run_id = ${run.json.id} AND enrollment_id = ${approved.enrollment_id}`).trim());
  assert.ok(mineId > 0);
  const ids = bank.text.trim().split('\r\n').slice(1).map((l) => Number(l.split(',')[0]));
  const csv = ids.map((p) => (p === mineId ? `${p},failed,,户名与账户不符` : `${p},paid,BANK${p}`)).join('\n');
  const rec = await admin.post(`/api/v1/payroll/runs/${run.json.id}/reconciliation`, { csv });
  assert.equal(rec.status, 200, rec.text);
  await runJob('events.deliver');
  const returned = (await notices(haizhu, '&kind=payment_returned')).filter((n) => n.params.payment_id === mineId);
  assert.equal(returned.length, 1);
  assert.equal(returned[0].params.run_id, run.json.id);
  assert.equal(returned[0].params.month, m);
  assert.equal(returned[0].params.reason, '户名与账户不符');
  assert.ok(returned[0].params.amount_fen > 0);
  assert.equal(returned[0].link, `/assistance/payroll/${run.json.id}`);
  assert.ok((await notices(haizhu, '&kind=payment_returned')).every((n) => n.kind === 'payment_returned'));
  assert.equal((await notices(tianhe, '&kind=payment_returned')).filter((n) => n.params.payment_id === mineId).length, 0);
});

test('the daily job reminds of a deadline once, and of an overdue one once more', async () => {
  const a = await person('通知丙', 1980, 6, 7);
  await household([[a, 'head']]);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000005656' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  // The investigation starts within 3 working days (Art. 15): inside the window.
  const task = r.json.tasks?.find((t) => t.kind === 'start_investigation')
    ?? (await haizhu.get(`/api/v1/cases/${id}`)).json.tasks.find((t) => t.kind === 'start_investigation');
  assert.ok(task, 'the case has its investigation deadline');

  await runJob('notices.remind');
  let mine = ofCase(await notices(haizhu), 'case_deadline', id);
  assert.equal(mine.length, 1, JSON.stringify(mine));
  assert.equal(mine[0].params.task, 'start_investigation');
  assert.equal(mine[0].params.due_on, task.due_on);
  assert.equal(ofCase(await notices(tianhe), 'case_deadline', id).length, 0, 'not another street');
  assert.equal(ofCase(await notices(officer), 'case_deadline', id).length, 0, 'not the district officer');

  // The job again the same day: nothing repeated.
  const before = await unread(haizhu);
  await runJob('notices.remind');
  assert.equal(ofCase(await notices(haizhu), 'case_deadline', id).length, 1);
  assert.equal(await unread(haizhu), before);

  // Ten days later the deadline has passed: one overdue reminder, once.
  await setClock(10 * DAY);
  const hz = await bearer('t_haizhu');
  await runJob('notices.remind');
  await runJob('notices.remind');
  mine = ofCase(await notices(hz), 'case_overdue', id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].params.due_on, task.due_on);
  assert.equal(ofCase(await notices(hz), 'case_deadline', id).length, 1);
  await setClock(0);
});

test('an account reads and marks only its own notices; unread first', async () => {
  const list = await notices(haizhu);
  assert.ok(list.length >= 3, 'the tests above left notices');
  const n0 = await unread(haizhu);
  assert.ok(n0 >= 1);
  // Unread first, newest first within each part.
  const firstRead = list.findIndex((n) => !n.unread);
  if (firstRead >= 0) assert.ok(list.slice(firstRead).every((n) => !n.unread));

  const target = list.find((n) => n.unread);
  const r = await haizhu.post(`/api/v1/inbox/${target.id}/read`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unread, n0 - 1);
  assert.equal(await unread(haizhu), n0 - 1);
  const again = await haizhu.post(`/api/v1/inbox/${target.id}/read`, {});
  assert.equal(again.json.unread, n0 - 1, 'reading twice counts once');
  const after1 = (await notices(haizhu)).find((n) => n.id === target.id);
  assert.equal(after1.unread, false);
  assert.ok(after1.read_at);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'notice.read' AND entity_id = '${target.id}'`).trim(), '2');

  // Another account's notice is not found, and stays unread for its owner.
  const other = list.find((n) => n.unread && n.id !== target.id);
  assertError(await tianhe.post(`/api/v1/inbox/${other.id}/read`, {}), 404, 'not_found');
  assertError(await admin.post(`/api/v1/inbox/${other.id}/read`, {}), 404, 'not_found');
  assert.equal((await notices(haizhu)).find((n) => n.id === other.id).unread, true);
  assert.ok((await notices(tianhe)).every((n) => !list.some((m) => m.id === n.id)), 'lists never share a notice');
  assertError(await haizhu.get('/api/v1/inbox?kind=nonsense'), 400, 'invalid_argument', 'kind');

  const unreadOnly = await notices(haizhu, '&unread=1');
  assert.equal(unreadOnly.length, n0 - 1);
  const all = await haizhu.post('/api/v1/inbox/read-all', {});
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.marked, n0 - 1);
  assert.equal(await unread(haizhu), 0);
});

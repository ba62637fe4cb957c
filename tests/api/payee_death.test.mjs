// A death and the payroll (issue 11, item 11): when the applicant of a
// household case - the payee, whose name and account the bank file carries -
// dies while others of the household live, nothing more is paid to the dead
// person's account: the case is held with a task to name a new payee, the
// payroll skips it, and naming a living member releases it with the held
// months still owed. A person program whose beneficiary dies ends.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';

let admin, haizhu, officer, community;
function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}
let seq = Number(uniqueSuffix()) % 900;
async function person(name, y) {
  seq = (seq + 13) % 997;
  const id_number = makeId('440105', y, 6, 7, seq);
  const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '死亡测试登记' });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, id_number };
}
async function household(members) {
  const r = await admin.post('/api/v1/households', { division_code: community, address: '海珠区身后路1号', reason: '死亡测试登记',
    members: members.map(([p, relation]) => ({ person_id: p.id, relation })) });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}
async function approved(program, applicant) {
  const r = await haizhu.post('/api/v1/cases', { program, applicant_id_number: applicant.id_number, bank_account: '6222020000005555' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  const ev = await haizhu.post(`/api/v1/cases/${id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.json.eval_eligible, true, JSON.stringify(ev.json.trace?.result));
  await act(id, 'post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
  const ap = await act(id, 'approve', { note: '符合条件' });
  assert.equal(ap.state, 'paying');
  return ap;
}
async function dies(p) {
  const cur = await admin.get(`/api/v1/persons/${p.id}`);
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const r = await admin.patch(`/api/v1/persons/${p.id}`, { death_date: today, reason: '死亡登记', version: cur.json.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await admin.post('/api/v1/jobs/events.deliver/run')).status, 202);
}
async function until(id, state) {
  for (let i = 0; i < 80; i++) {
    const c = await haizhu.get(`/api/v1/cases/${id}`);
    if (c.json.state === state) return c.json;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`case ${id} never reached ${state}`);
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

test('the payee of a household dies: the case is held, not paid to the dead, until a new payee is named', async () => {
  const a = await person('领款甲', 1960);
  const b = await person('配偶乙', 1962);
  await household([[a, 'head'], [b, 'spouse']]);
  const ap = await approved('dibao', a);
  const enr = ap.enrollment_id;
  await dies(a);
  const held = await until(ap.id, 'suspended');
  assert.ok(held.tasks.some((t) => t.kind === 'name_payee' && !t.done_at), JSON.stringify(held.tasks));
  const en = await haizhu.get(`/api/v1/enrollments/${enr}`);
  assert.equal(en.json.status, 'suspended');
  // The payroll of its first month pays nothing to the dead payee.
  const run = await officer.post('/api/v1/payroll/runs', { month: en.json.start_month, district: '440105' });
  assert.ok([200, 201].includes(run.status), run.text);
  assert.equal(sql(`SELECT COUNT(*) FROM payments WHERE enrollment_id = ${enr}`).trim(), '0');

  // Only a living member of the household can be named.
  assertError(await haizhu.post(`/api/v1/cases/${ap.id}/payee`, { person_id: a.id, bank_account: '6222020000006666', reason: '更换领款人' }), 400, 'invalid_argument', 'person_id');
  const named = await haizhu.post(`/api/v1/cases/${ap.id}/payee`, { person_id: b.id, bank_account: '6222020000006666', reason: '原领款人死亡，配偶为新领款人' });
  assert.equal(named.status, 200, named.text);
  assert.equal(named.json.state, 'paying');
  assert.equal(named.json.applicant_id, b.id);
  assert.ok(named.json.tasks.find((t) => t.kind === 'name_payee').done_at);
  const en2 = await haizhu.get(`/api/v1/enrollments/${enr}`);
  assert.equal(en2.json.status, 'active');
  assert.equal(en2.json.bank_account, '****6666');
  // The held months are still owed: nothing was marked paid while held.
  assert.equal(en2.json.paid_through ?? null, en.json.paid_through ?? null);
});

test('the beneficiary of a person program dies: the case ends', async () => {
  const c = await person('特困丙', 1940);
  await household([[c, 'head']]);
  const ap = await approved('tekun', c);
  await dies(c);
  const ended = await until(ap.id, 'ended');
  assert.ok(ended.events.some((e) => e.action === 'terminate' && /死亡/.test(e.note)));
});

function monthAhead(offset) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, '0')}`;
}

test('a payment the bank returned for a closed account waits for a new account, then goes to it', async () => {
  const a = await person('销户丁', 1958);
  await household([[a, 'head']]);
  const ap = await approved('dibao', a);
  const enr = ap.enrollment_id;
  // Months far ahead, so that this test's runs hold its own lines.
  const [m1, m2, m3] = [monthAhead(20), monthAhead(21), monthAhead(22)];
  sql(`UPDATE enrollments SET start_month = '${m1}' WHERE id = ${enr}`);
  const run1 = await officer.post('/api/v1/payroll/runs', { month: m1, district: '440105' });
  assert.equal(run1.status, 201, run1.text);
  assert.equal((await admin.post(`/api/v1/payroll/runs/${run1.json.id}/approve`)).status, 200);
  assert.equal((await admin.get(`/api/v1/payroll/runs/${run1.json.id}/bank-file`)).status, 200);
  const pay = Number(sql(`SELECT id FROM payments WHERE enrollment_id = ${enr} AND month = '${m1}'`).trim());
  const rec = await officer.post(`/api/v1/payroll/runs/${run1.json.id}/reconciliation`,
    { csv: `payment_id,status,bank_ref,reason\n${pay},failed,,账户已销户\n` });
  assert.equal(rec.status, 200, rec.text);
  assert.match(sql(`SELECT fail_reason FROM payments WHERE id = ${pay}`).trim(), /^account_closed: /);

  // The next run does not send it to the closed account again.
  const run2 = await officer.post('/api/v1/payroll/runs', { month: m2, district: '440105' });
  assert.equal(run2.status, 201, run2.text);
  assert.equal(sql(`SELECT status || '|' || run_id FROM payments WHERE id = ${pay}`).trim(), `failed|${run1.json.id}`);

  // A new account (the same payee) releases it to the following run.
  const named = await haizhu.post(`/api/v1/cases/${ap.id}/payee`, { person_id: a.id, bank_account: '6222020000007788', reason: '原账户已销户，更换银行账户' });
  assert.equal(named.status, 200, named.text);
  assert.equal((await admin.post(`/api/v1/payroll/runs/${run2.json.id}/approve`)).status, 200);
  const run3 = await officer.post('/api/v1/payroll/runs', { month: m3, district: '440105' });
  assert.equal(run3.status, 201, run3.text);
  assert.equal(sql(`SELECT status || '|' || run_id FROM payments WHERE id = ${pay}`).trim(), `pending|${run3.json.id}`);
});

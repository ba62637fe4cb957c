// 低保边缘家庭 as a case program (issue 11, item 12): the dibao procedure
// (verification, investigation, public notice), decided by the near_dibao
// rules; approval recognises the household — an enrollment without cash,
// which the payroll never pays.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

let admin, haizhu, officer, community;
function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}
async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  return haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

test('near-dibao: the dibao procedure, recognised without a payment', async () => {
  const progs = await haizhu.get('/api/v1/assistance/programs');
  const near = progs.json.items.find((p) => p.code === 'near_dibao');
  assert.ok(near, 'near_dibao is a case program');
  assert.equal(near.policy, 'near_dibao');
  assert.equal(near.notice_days, 7);

  const seq = Number(uniqueSuffix()) % 997;
  const id_number = makeId('440105', 1979, 8, 9, seq);
  const p = await admin.post('/api/v1/persons', { id_number, name: '边缘甲', division_code: community, reason: '边缘测试登记' });
  assert.equal(p.status, 201, p.text);
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区边缘路2号', reason: '边缘测试登记', members: [{ person_id: p.json.id, relation: 'head' }] });
  assert.equal(h.status, 201, h.text);
  // 1500.00 a month alone: above the dibao standard, below 1.5 x it.
  registrySql(`INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${p.json.id}, '${community}', 'wages', 150000)`, { persons: [p.json.id] });
  const r = await haizhu.post('/api/v1/cases', { program: 'near_dibao', applicant_id_number: id_number, bank_account: '6222020000009999' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  for (const a of ['start_verification', 'start_investigation']) assert.equal((await act(id, a)).status, 200);
  assert.equal((await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } })).status, 200);
  const ev = await haizhu.post(`/api/v1/cases/${id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.json.eval_eligible, true, JSON.stringify(ev.json.trace && ev.json.trace.result));
  assert.equal(ev.json.amount_fen, 0);
  // The public notice runs before the decision, as for dibao.
  assertError(await act(id, 'approve'), 409, 'invalid_state');
  assert.equal((await act(id, 'post_notice')).status, 200);
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
  const ap = await act(id, 'approve', { note: '符合低保边缘家庭条件' });
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.decision, 'approved');
  const en = await haizhu.get(`/api/v1/enrollments/${ap.json.enrollment_id}`);
  assert.equal(en.json.program, 'near_dibao');
  assert.equal(en.json.amount_fen, 0);

  // The payroll of its first month has no line for it.
  const month = en.json.start_month;
  const run = await officer.post('/api/v1/payroll/runs', { month, district: '440105' });
  assert.ok([200, 201].includes(run.status), run.text);
  assert.equal(sql(`SELECT COUNT(*) FROM payments WHERE enrollment_id = ${ap.json.enrollment_id}`).trim(), '0');
});

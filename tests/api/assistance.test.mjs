// Social assistance end to end: intake at any street, verification,
// investigation, the rules' decision with its trace, public notice and
// objections, approval, three monthly payments, a periodic review that ends
// the case; scope probes; payroll idempotence, four eyes, bank file and
// reconciliation; deaths; evidence files rejected row by row.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { bearer, assertError, cli, sql, uniqueSuffix } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

let admin, haizhu, tianhe, officer, community;

function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}

let seq = Number(uniqueSuffix()) % 900;
async function person(name, y, m, d, extra = {}) {
  seq = (seq + 7) % 997;
  const id_number = makeId('440105', y, m, d, seq);
  const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '救助测试登记', ...extra });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, id_number };
}

async function household(members) {
  const r = await admin.post('/api/v1/households', {
    division_code: community, address: '海珠区测试路1号', reason: '救助测试登记',
    members: members.map(([p, relation]) => ({ person_id: p.id, relation })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

function month(offset) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, '0')}`;
}

async function act(client, id, action, extra = {}) {
  const c = await client.get(`/api/v1/cases/${id}`);
  return client.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
}

async function must(client, id, action, extra) {
  const r = await act(client, id, action, extra);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}

// The notice runs 7 calendar days: tests move it into the past.
function endNotice(id) {
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
}

async function payMonths(enrollmentId, months) {
  sql(`UPDATE enrollments SET start_month = '${months[0]}' WHERE id = ${enrollmentId}`);
  for (const m of months) {
    const run = await officer.post('/api/v1/payroll/runs', { month: m, district: '440105' });
    assert.equal(run.status, 201, run.text);
    if (run.json.status === 'draft') {
      const ok = await admin.post(`/api/v1/payroll/runs/${run.json.id}/approve`);
      assert.equal(ok.status, 200, ok.text);
    }
  }
  return sql(`SELECT month || ':' || amount_fen || ':' || kind FROM payments WHERE enrollment_id = ${enrollmentId} ORDER BY month`).trim().split('\n');
}

async function toReview(client, id, program) {
  await must(client, id, 'start_verification');
  await must(client, id, 'start_investigation');
  await must(client, id, 'submit_investigation', { note: '入户调查完成，情况属实', detail: { investigators: ['王调查', '李调查'] } });
  const ev = await client.post(`/api/v1/cases/${id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.json.program, program);
  return ev.json;
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  officer = await bearer('t_haizhu_officer');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  assert.equal(d.status, 200, d.text);
  community = d.json.items[0].code;
});

test('dibao: intake anywhere, decision from the rules, notice, three payments, review ends it', async () => {
  const a = await person('救助甲', 1980, 3, 4);
  const b = await person('救助乙', 2012, 5, 6);
  await household([[a, 'head'], [b, 'child']]);

  // 全城通办: a 天河 street accepts a 海珠 household; 海珠 handles it.
  const r = await tianhe.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000001111', note: '书面申请' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.state, 'accepted');
  assert.equal(r.json.intake_street, '440106001');
  assert.equal(r.json.responsible_street, '440105001');
  assert.equal(r.json.can_act, false);
  // Issue 11, item 1: the accepting street gets a receipt, never the
  // registry data of another scope (no members, address, names, amount).
  assert.equal(r.json.receipt, true);
  assert.equal(r.json.program, 'dibao');
  for (const k of ['members', 'address', 'division_code', 'division_name', 'trace', 'amount_fen', 'events', 'tasks']) {
    assert.equal(r.json[k], undefined, `receipt carries no ${k}`);
  }
  assert.ok(!r.text.includes('救助甲') && !r.text.includes('救助乙'), r.text);
  // The out-of-scope acceptance is audited with its reason.
  assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'case.accept_elsewhere' AND entity_id = '${id}'`).trim(), '书面申请');
  // Later, it still sees only the receipt; its queue row is a receipt too.
  const later = await tianhe.get(`/api/v1/cases/${id}`);
  assert.equal(later.status, 200, later.text);
  assert.equal(later.json.receipt, true);
  assert.equal(later.json.members, undefined);
  const tq = await tianhe.get('/api/v1/cases?page_size=200');
  const receiptRow = tq.json.items.find((c) => c.id === id);
  assert.ok(receiptRow && receiptRow.receipt && receiptRow.applicant_name === undefined && receiptRow.amount_fen === undefined,
    JSON.stringify(receiptRow));
  // The responsible street sees the whole case.
  const full0 = await haizhu.get(`/api/v1/cases/${id}`);
  assert.equal(full0.json.members.length, 2);
  assert.match(full0.json.members[0].id_number, /^4401\*+/);
  assert.ok(full0.json.tasks.some((t) => t.kind === 'start_investigation' && t.due_on === full0.json.investigation_due));
  // A second open case for the same household is refused.
  assertError(await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000001111' }), 409, 'conflict');

  // The intake street cannot act: for it the case is out of scope.
  assertError(await tianhe.post(`/api/v1/cases/${id}/actions`, { action: 'start_verification', version: 1 }), 404, 'not_found');
  assertError(await tianhe.get(`/api/v1/cases/${id}/verification`), 404, 'not_found');
  // The queue: the responsible street sees it with its deadline.
  const q = await haizhu.get('/api/v1/cases?open=1&page_size=200');
  assert.ok(q.json.items.some((c) => c.id === id && c.next_due));

  // Order is enforced: no notice before investigation and evaluation.
  assertError(await act(haizhu, id, 'post_notice'), 409, 'invalid_state');
  await must(haizhu, id, 'start_verification');
  await must(haizhu, id, 'start_investigation');
  // Art. 16: two investigators.
  assertError(await act(haizhu, id, 'submit_investigation', { note: '入户', detail: { investigators: ['一人'] } }), 400, 'invalid_argument', 'detail.investigators');
  await must(haizhu, id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  assertError(await act(haizhu, id, 'post_notice'), 409, 'invalid_state');
  const ev = await haizhu.post(`/api/v1/cases/${id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.json.eval_eligible, true);
  // No income: (standard - 0) x 2 members, standard from the rules' trace.
  const std = ev.json.trace.program.params.find((p) => p.name === 'standard').value;
  assert.equal(ev.json.amount_fen, std * 2);
  assert.equal(ev.json.trace.result.amount_fen, ev.json.amount_fen);
  assert.ok(ev.json.trace.result.conditions.length > 0);

  // The caseworker cannot change the amount; an officer can, with reasons, only under review.
  assertError(await haizhu.post(`/api/v1/cases/${id}/override`, { amount: '100.00', reason: '测试调整金额理由充分' }), 403, 'forbidden');
  assertError(await officer.post(`/api/v1/cases/${id}/override`, { amount: '100.00', reason: '短' }), 400, 'invalid_argument', 'reason');

  const posted = await must(haizhu, id, 'post_notice');
  assert.equal(posted.state, 'notice');
  // The public notice: masked name and ID number, amount, period.
  const n = await haizhu.get(`/api/v1/notices?division=${community}`);
  assert.equal(n.status, 200, n.text);
  const row = n.json.items.find((x) => x.case_id === id);
  assert.equal(row.name, '救*甲');
  assert.match(row.id_number, /^4401\*{10}/);
  assert.equal(row.household_size, 2);
  const x = await haizhu.get(`/api/v1/notices.xlsx?division=${community}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);

  // Not before the notice is over; not with an open objection.
  assertError(await act(haizhu, id, 'approve'), 409, 'invalid_state');
  const o = await haizhu.post(`/api/v1/cases/${id}/objections`, { content: '群众反映其有经营收入' });
  assert.equal(o.status, 200, o.text);
  endNotice(id);
  assertError(await act(haizhu, id, 'approve'), 409, 'invalid_state');
  const oid = o.json.objections[0].id;
  const h = await haizhu.post(`/api/v1/cases/${id}/objections/${oid}`, { outcome: 'dismissed', handling: '经核实无经营收入，异议不成立' });
  assert.equal(h.status, 200, h.text);
  // 天河 cannot approve a 海珠 case; a stale version is refused.
  assertError(await tianhe.post(`/api/v1/cases/${id}/actions`, { action: 'approve', version: 1 }), 404, 'not_found');
  assertError(await haizhu.post(`/api/v1/cases/${id}/actions`, { action: 'approve', version: 1 }), 409, 'conflict');
  const ap = await must(haizhu, id, 'approve', { note: '符合条件，予以批准' });
  assert.equal(ap.state, 'paying');
  assert.equal(ap.decision, 'approved');
  assert.ok(ap.enrollment_id);
  const en = await haizhu.get(`/api/v1/enrollments/${ap.enrollment_id}`);
  assert.equal(en.json.start_month, month(1), 'paid from the month after approval');
  assert.equal(en.json.amount_fen, ap.amount_fen);
  assert.equal(en.json.bank_account, '****1111');

  // Three monthly payments, each month exactly once, whatever the reruns.
  const months = [month(-2), month(-1), month(0)];
  const lines = await payMonths(ap.enrollment_id, months);
  assert.deepEqual(lines, months.map((m) => `${m}:${ap.amount_fen}:regular`));
  await officer.post('/api/v1/payroll/runs', { month: months[2], district: '440105' });
  assert.equal(sql(`SELECT COUNT(*) FROM payments WHERE enrollment_id = ${ap.enrollment_id}`).trim(), '3');

  // Periodic review (Art. 31) that ends it: nothing from the next month.
  await must(haizhu, id, 'start_review');
  await haizhu.post(`/api/v1/cases/${id}/evaluate`, {});
  assertError(await act(haizhu, id, 'terminate'), 400, 'invalid_argument', 'note');
  const end = await must(haizhu, id, 'terminate', { note: '复核：已就业，收入超过标准' });
  assert.equal(end.state, 'ended');
  const en2 = await haizhu.get(`/api/v1/enrollments/${ap.enrollment_id}`);
  assert.equal(en2.json.status, 'ended');
  assert.equal(en2.json.end_month, month(0));
  const next = await officer.post('/api/v1/payroll/runs', { month: month(1), district: '440105' });
  assert.equal(next.status, 201);
  assert.equal(sql(`SELECT COUNT(*) FROM payments WHERE enrollment_id = ${ap.enrollment_id}`).trim(), '3');
  // The whole timeline is there, with who and when.
  const full = await haizhu.get(`/api/v1/cases/${id}`);
  const actions = full.json.events.map((e) => e.action);
  assert.deepEqual(actions, ['accept', 'start_verification', 'start_investigation', 'submit_investigation',
    'post_notice', 'approve', 'start_review', 'terminate']);
  assert.ok(full.json.events.every((e) => e.login && e.at && e.role));
});

test('out-of-scope probes answer 404 and never the record', async () => {
  const a = await person('越权丙', 1975, 1, 2);
  await household([[a, 'head']]);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000002222' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const probes = [
    ['get', `/api/v1/cases/${id}`],
    ['post', `/api/v1/cases/${id}/actions`, { action: 'start_verification' }],
    ['post', `/api/v1/cases/${id}/evaluate`, {}],
    ['post', `/api/v1/cases/${id}/objections`, { content: '越权登记异议' }],
    ['post', `/api/v1/cases/${id}/attachments`, { name: 'x.pdf' }],
    ['post', `/api/v1/cases/${id}/verification`],
    ['get', `/api/v1/cases/${id}/verification`],
  ];
  for (const [m, p, body] of probes) {
    const res = await tianhe[m](p, body);
    assertError(res, 404, 'not_found');
    assert.ok(!res.text.includes('越权丙'), `${p} leaked the name`);
  }
  const list = await tianhe.get('/api/v1/cases?page_size=200');
  assert.ok(!list.json.items.some((c) => c.id === id));
  assertError(await tianhe.get(`/api/v1/notices?division=${community}`), 404, 'not_found');
});

test('orphan: no public notice, paid from the next month, three payments, review ends it', async () => {
  const g = await person('祖父丁', 1950, 2, 3);
  const c = await person('孤儿戊', 2016, 8, 9);
  await household([[g, 'head'], [c, 'grandchild']]);
  const r = await haizhu.post('/api/v1/cases', {
    program: 'orphan', applicant_id_number: g.id_number, beneficiary_id_number: c.id_number,
    bank_account: '6222020000003333', members: [{ person_id: c.id, attrs: { father: 'dead', mother: 'dead' } }],
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const ev = await toReview(haizhu, id, 'orphan');
  assert.equal(ev.eval_eligible, true, JSON.stringify(ev.trace.result));
  assert.ok(ev.amount_fen > 0);
  assert.ok(!ev.actions.some((x) => x.action === 'post_notice'), 'children are not posted');
  const ap = await must(haizhu, id, 'approve', { note: '父母双亡，予以批准' });
  assert.equal(ap.state, 'paying');
  const lines = await payMonths(ap.enrollment_id, [month(-2), month(-1), month(0)]);
  assert.equal(lines.length, 3);
  await must(haizhu, id, 'start_review');
  const end = await must(haizhu, id, 'terminate', { note: '复核：已被收养' });
  assert.equal(end.state, 'ended');
});

test('tekun and disability care: person programs decided for the beneficiary', async () => {
  const old = await person('特困己', 1948, 4, 5);
  await household([[old, 'head']]);
  const r = await haizhu.post('/api/v1/cases', { program: 'tekun', applicant_id_number: old.id_number, bank_account: '6222020000004444' });
  assert.equal(r.status, 201, r.text);
  const ev = await toReview(haizhu, r.json.id, 'tekun');
  assert.equal(ev.eval_eligible, true, JSON.stringify(ev.trace.result.conditions ?? ev.trace.result));
  assert.equal(ev.trace.result.id, String(old.id));
  await must(haizhu, r.json.id, 'post_notice');
  endNotice(r.json.id);
  const ap = await must(haizhu, r.json.id, 'approve');
  const lines = await payMonths(ap.enrollment_id, [month(-2), month(-1), month(0)]);
  assert.equal(lines.length, 3);
  await must(haizhu, r.json.id, 'start_review');
  assert.equal((await must(haizhu, r.json.id, 'terminate', { note: '复核：已入住敬老院由机构供养' })).state, 'ended');

  const dis = await person('残疾庚', 1990, 6, 7, { disability_kind: 'physical', disability_grade: 1 });
  await household([[dis, 'head']]);
  const r2 = await haizhu.post('/api/v1/cases', {
    program: 'disability_care', applicant_id_number: dis.id_number, bank_account: '6222020000005555',
    members: [{ person_id: dis.id, attrs: { flags: ['needs_long_term_care'] } }],
  });
  assert.equal(r2.status, 201, r2.text);
  const ev2 = await toReview(haizhu, r2.json.id, 'disability_care');
  assert.equal(ev2.eval_eligible, true, JSON.stringify(ev2.trace.result));
  const ap2 = await must(haizhu, r2.json.id, 'approve');
  assert.equal((await payMonths(ap2.enrollment_id, [month(-2), month(-1), month(0)])).length, 3);
});

test('a refusal needs reasons, and the written notice closes its deadline', async () => {
  const a = await person('拒绝辛', 1985, 9, 10);
  await household([[a, 'head']]);
  registrySql(`INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${a.id}, '${community}', 'wages', 900000)`, { persons: [a.id] });
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000006666' });
  const ev = await toReview(haizhu, r.json.id, 'dibao');
  assert.equal(ev.eval_eligible, false);
  assertError(await act(haizhu, r.json.id, 'post_notice'), 409, 'invalid_state');
  assertError(await act(haizhu, r.json.id, 'refuse'), 400, 'invalid_argument', 'note');
  const ref = await must(haizhu, r.json.id, 'refuse', { note: '家庭人均收入高于低保标准' });
  assert.equal(ref.state, 'refused');
  const t = ref.tasks.find((x) => x.kind === 'notify_refusal');
  assert.ok(t && !t.done_at && t.due_on > ref.decided_on);
  const done = await must(haizhu, r.json.id, 'notify_refusal');
  assert.ok(done.tasks.find((x) => x.kind === 'notify_refusal').done_at);
});

test('conflict of interest: recorded at intake, decided only by the district', async () => {
  const a = await person('亲属壬', 1970, 11, 12);
  await household([[a, 'head']]);
  const k = await haizhu.post('/api/v1/staff-kin', { id_number: a.id_number, staff_name: '某经办人', staff_post: '街道民政经办人员', relation: '配偶' });
  assert.equal(k.status, 201, k.text);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000007777' });
  assert.equal(r.json.coi, true);
  assert.match(r.json.coi_detail, /某经办人/);
  await toReview(haizhu, r.json.id, 'dibao');
  await must(haizhu, r.json.id, 'post_notice');
  endNotice(r.json.id);
  assertError(await act(haizhu, r.json.id, 'approve'), 403, 'forbidden');
  assert.equal((await must(officer, r.json.id, 'approve', { note: '区级入户核查后批准' })).state, 'paying');
});

test('temporary aid, emergency: pay first within the street ceiling, check afterwards', async () => {
  const a = await person('急难癸', 1966, 12, 1);
  await household([[a, 'head']]);
  const r = await haizhu.post('/api/v1/cases', { program: 'temp_aid', variant: 'emergency', applicant_id_number: a.id_number, bank_account: '6222020000008888' });
  assert.equal(r.status, 201, r.text);
  assertError(await haizhu.post(`/api/v1/cases/${r.json.id}/evaluate`, { amount: '99999.00', reason: '火灾' }), 400, 'invalid_argument', 'amount');
  const ev = await haizhu.post(`/api/v1/cases/${r.json.id}/evaluate`, { amount: '2000.00', reason: '家中火灾，生活无着' });
  assert.equal(ev.status, 200, ev.text);
  const paid = await must(haizhu, r.json.id, 'pay_first', { note: '先行救助' });
  assert.equal(paid.state, 'aid_paid');
  const en = await haizhu.get(`/api/v1/enrollments/${paid.enrollment_id}`);
  assert.equal(en.json.start_month, month(0));
  assert.equal(en.json.end_month, month(0));
  await must(haizhu, r.json.id, 'start_verification');
});

test('payroll: idempotent, four eyes, bank file, reconciliation, retry, totals to the fen', async () => {
  const m = month(0);
  const run = await officer.post('/api/v1/payroll/runs', { month: m, district: '440105' });
  assert.equal(run.status, 201, run.text);
  const again = await officer.post('/api/v1/payroll/runs', { month: m, district: '440105' });
  assert.equal(again.json.id, run.json.id);
  assert.equal(again.json.line_count, run.json.line_count);
  assert.equal(sql(`SELECT COUNT(*) FROM (SELECT enrollment_id, month FROM payments GROUP BY enrollment_id, month HAVING COUNT(*) > 1) d`).trim(), '0');
  // The street may not run payroll; the district may not run another district's.
  assertError(await haizhu.post('/api/v1/payroll/runs', { month: m }), 403, 'forbidden');
  assertError(await officer.post('/api/v1/payroll/runs', { month: m, district: '440106' }), 400, 'invalid_argument', 'district');

  const fresh = await officer.post('/api/v1/payroll/runs', { month: month(3), district: '440105' });
  assert.equal(fresh.json.status, 'draft');
  assertError(await admin.get(`/api/v1/payroll/runs/${fresh.json.id}/bank-file`), 409, 'invalid_state');
  assertError(await officer.post(`/api/v1/payroll/runs/${fresh.json.id}/approve`), 403, 'forbidden');
  const ok = await admin.post(`/api/v1/payroll/runs/${fresh.json.id}/approve`);
  assert.equal(ok.status, 200, ok.text);
  const bank = await admin.get(`/api/v1/payroll/runs/${fresh.json.id}/bank-file`);
  assert.equal(bank.status, 200, bank.text);
  const rows = bank.text.trim().split('\r\n');
  assert.equal(rows[0], 'payment_id,month,kind,program,division_code,name,bank_account,amount');
  const body = rows.slice(1);
  assert.equal(body.length, ok.json.line_count);
  const sumFen = body.reduce((s, l) => s + Math.round(Number(l.split(',').at(-1)) * 100), 0);
  assert.equal(sumFen, ok.json.total_fen);
  if (body.length) {
    const [first, ...rest] = body.map((l) => l.split(',')[0]);
    // Bad rows are all reported; nothing is applied.
    assertError(await admin.post(`/api/v1/payroll/runs/${fresh.json.id}/reconciliation`, { csv: `${first},paid,R1\n999999999,paid,R2\n${first},lost,R3\n` }), 400, 'invalid_argument', 'file');
    // A failure the bank may clear (a closed account waits for a new one:
    // payee_death.test.mjs).
    const csv = [`${first},failed,,户名与账户不符`, ...rest.map((p) => `${p},paid,BANK${p}`)].join('\n');
    const rec = await admin.post(`/api/v1/payroll/runs/${fresh.json.id}/reconciliation`, { csv });
    assert.equal(rec.status, 200, rec.text);
    assert.equal(rec.json.failed, 1);
    // The failed line is retried in the next run, same key, one more attempt.
    const nextRun = await officer.post('/api/v1/payroll/runs', { month: month(4), district: '440105' });
    assert.equal(sql(`SELECT run_id || ':' || status || ':' || attempts FROM payments WHERE id = ${first}`).trim(), `${nextRun.json.id}:pending:2`);
  }
  const tot = await officer.get(`/api/v1/payroll/totals?month=${m}`);
  assert.equal(tot.status, 200);
  const expect = sql(`SELECT COALESCE(SUM(amount_fen),0) FROM payments WHERE month = '${m}' AND status <> 'cancelled' AND division_code LIKE '440105%'`).trim();
  assert.equal(String(tot.json.total_fen), expect);
});

test('a death ends the enrollment from the following month and flags overpayments', async () => {
  const a = await person('身故子', 1945, 7, 8);
  await household([[a, 'head']]);
  const r = await haizhu.post('/api/v1/cases', { program: 'tekun', applicant_id_number: a.id_number, bank_account: '6222020000009999' });
  await toReview(haizhu, r.json.id, 'tekun');
  await must(haizhu, r.json.id, 'post_notice');
  endNotice(r.json.id);
  const ap = await must(haizhu, r.json.id, 'approve');
  await payMonths(ap.enrollment_id, [month(-2), month(-1), month(0)]);
  sql(`UPDATE payments SET status = 'paid' WHERE enrollment_id = ${ap.enrollment_id}`);
  // Died last month: this month's payment is an overpayment.
  const died = `${month(-1)}-15`;
  const p = await admin.get(`/api/v1/persons/${a.id}`);
  const u = await admin.patch(`/api/v1/persons/${a.id}`, { death_date: died, reason: '死亡登记', version: p.json.version });
  assert.equal(u.status, 200, u.text);
  await officer.post('/api/v1/payroll/runs', { month: month(1), district: '440105' });
  const en = await haizhu.get(`/api/v1/enrollments/${ap.enrollment_id}`);
  assert.equal(en.json.status, 'ended');
  assert.equal(en.json.end_month, month(-1));
  assert.equal(sql(`SELECT month FROM payments WHERE enrollment_id = ${ap.enrollment_id} AND overpaid = 1`).trim(), month(0));
  assert.equal(sql(`SELECT COUNT(*) FROM payments WHERE enrollment_id = ${ap.enrollment_id} AND month > '${month(0)}'`).trim(), '0');
});

test('evidence: bad files rejected row by row; verification finds undeclared income', async () => {
  const a = await person('核对丑', 1979, 5, 5);
  await household([[a, 'head']]);
  const bad = `/tmp/evidence-bad-${uniqueSuffix()}.csv`;
  writeFileSync(bad, `id_number,kind,amount\n${a.id_number},wage,3000.00\n123,wage,1\n${a.id_number},salary,5\n${a.id_number},wage,1.234\n`);
  const r1 = cli(['import', 'evidence', '--category', 'income', '--source', '人社局', '--as-of', '2026-01-31', bad]);
  assert.equal(r1.status, 1, r1.stderr);
  assert.match(r1.stderr, /line 3: id_number/);
  assert.match(r1.stderr, /line 4: kind/);
  assert.match(r1.stderr, /line 5: amount/);
  assert.equal(sql(`SELECT COUNT(*) FROM evidence_records WHERE person_id = ${a.id}`).trim(), '0');
  const good = `/tmp/evidence-good-${uniqueSuffix()}.csv`;
  writeFileSync(good, `id_number,kind,amount\n${a.id_number},wage,3000.00\n`);
  const r2 = cli(['import', 'evidence', '--category', 'income', '--source', '人社局', '--as-of', '2026-01-31', good]);
  assert.equal(r2.status, 0, r2.stderr);
  const c = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000001212' });
  await must(haizhu, c.json.id, 'start_verification');
  const rep = await haizhu.post(`/api/v1/cases/${c.json.id}/verification`);
  assert.equal(rep.status, 200, rep.text);
  assert.equal(rep.json.discrepancies, 1);
  const line = rep.json.members[0].lines.find((l) => l.kind === 'wage');
  assert.equal(line.agency_fen, 300000);
  assert.equal(line.source, '人社局');
  // The rules count the verified income: 3000 > declared 0.
  await must(haizhu, c.json.id, 'start_investigation');
  await must(haizhu, c.json.id, 'submit_investigation', { note: '调查', detail: { investigators: ['甲调查', '乙调查'] } });
  const ev = await haizhu.post(`/api/v1/cases/${c.json.id}/evaluate`, {});
  assert.equal(ev.json.trace.input.members[0].incomes.wage, '3000.00');
  const ir = await haizhu.post('/api/v1/integrity', { person_id: a.id, case_id: c.json.id, kind: 'concealed_income', detail: '申请时未申报工资收入3000元/月' });
  assert.equal(ir.status, 201, ir.text);
  // The case lives with the household, the record with the person: no
  // foreign key between them, so the server checks the case itself.
  const noCase = await haizhu.post('/api/v1/integrity', { person_id: a.id, case_id: c.json.id + 1000000, kind: 'concealed_income', detail: '申请时未申报工资收入3000元/月' });
  assertError(noCase, 400, 'invalid_argument', 'case_id');
  const il = await haizhu.get(`/api/v1/integrity?person_id=${a.id}`);
  assert.equal(il.json.items.length, 1);
});

test('two intakes for one household at the same moment: exactly one case opens', async () => {
  const p = await person('并发申请', 1966, 3, 4);
  await household([[p, 'head']]);
  const body = { program: 'dibao', applicant_id_number: p.id_number, bank_account: '6222020000003333' };
  const results = await Promise.all([haizhu.post('/api/v1/cases', body), tianhe.post('/api/v1/cases', body),
    haizhu.post('/api/v1/cases', body)]);
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409], results.map((r) => r.text).join('\n'));
  const open = sql(`SELECT count(*) FROM cases c JOIN household_members m ON m.household_id = c.household_id
    WHERE m.person_id = ${p.id} AND c.program = 'dibao'`).trim();
  assert.equal(open, '1');
});

test('three approvals of one payroll run at the same moment: exactly one approves it', async () => {
  // A district with no one in it and a month long past: an empty run that
  // leaves the other tests' payroll alone.
  const n = Number(uniqueSuffix());
  const district = `44019${n % 10}`;
  const m = month(-(24 + (Math.floor(n / 10) % 100)));
  const run = await admin.post('/api/v1/payroll/runs', { month: m, district });
  assert.equal(run.status, 201, run.text);
  assert.equal(run.json.status, 'draft');
  const login = `appr${uniqueSuffix()}`;
  const add = cli(['user', 'add', '--login', login, '--name', '并发审批', '--role', 'city_admin', '--scope', '440100', '--password-stdin'], 'Right0password\n');
  assert.equal(add.status, 0, add.stderr);
  const approver = await bearer(login, 'Right0password');
  const results = await Promise.all([1, 2, 3].map(() => approver.post(`/api/v1/payroll/runs/${run.json.id}/approve`)));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409], results.map((r) => r.text).join('\n'));
  for (const r of results.filter((x) => x.status === 409)) assertError(r, 409, 'invalid_state', 'status');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'payroll.approve' AND entity = 'payroll_run' AND entity_id = '${run.json.id}'`).trim(), '1');
});

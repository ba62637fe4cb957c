// The periodic steps of social assistance (dynamic management), driven
// through the real binary as cron would: `minzheng assistance close-exits`
// ends the cases whose gradual exit (渐退期) ran out, and `minzheng
// assistance reverify` verifies every enrolled household again and puts a
// review task on each case where an agency reports undeclared income.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { bearer, cli, sql, uniqueSuffix } from './lib.mjs';

let admin, haizhu, community;

function makeId(y, m, d, seq) {
  const body = `440105${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}

let seq = (Number(uniqueSuffix()) + 431) % 900;
async function household(name) {
  seq = (seq + 13) % 997;
  const id_number = makeId(1972, 6, 18, seq);
  const p = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '定期管理测试登记' });
  assert.equal(p.status, 201, p.text);
  const h = await admin.post('/api/v1/households', {
    division_code: community, address: '海珠区测试路9号', reason: '定期管理测试登记',
    members: [{ person_id: p.json.id, relation: 'head' }],
  });
  assert.equal(h.status, 201, h.text);
  return { id: p.json.id, id_number };
}

function month(offset) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, '0')}`;
}

async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}

// A dibao case taken to payment. The 7-day notice is moved into the past in
// the database, as tests/api/assistance.test.mjs does.
async function paying(name) {
  const p = await household(name);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: p.id_number, bank_account: '6222020000004321' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['周调查', '吴调查'] } });
  assert.equal((await haizhu.post(`/api/v1/cases/${id}/evaluate`, {})).status, 200);
  await act(id, 'post_notice');
  sql(`UPDATE cases SET notice_from = '2000-01-01', notice_until = '2000-01-07' WHERE id = ${id}`);
  const ap = await act(id, 'approve', { note: '批准' });
  assert.equal(ap.state, 'paying');
  return { person: p, id, enrollment: ap.enrollment_id };
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  community = d.json.items[0].code;
});

test('close-exits: a case whose gradual exit ran out is ended, once; one still in its exit is not', async () => {
  const over = await paying('渐退甲');
  const still = await paying('渐退乙');
  for (const c of [over, still]) {
    await act(c.id, 'start_review');
    assert.equal((await haizhu.post(`/api/v1/cases/${c.id}/evaluate`, {})).status, 200);
    const po = await act(c.id, 'phase_out', { note: '复核：已就业，收入超过标准，进入渐退期', detail: { months: 2 } });
    assert.equal(po.state, 'paying', 'paid on during the gradual exit');
    const en = await haizhu.get(`/api/v1/enrollments/${c.enrollment}`);
    assert.equal(en.json.phase_out_until, month(2));
    assert.equal(en.json.end_month, month(2));
  }
  // Time passes for the first: its exit ended last month (moved in the database).
  sql(`UPDATE enrollments SET phase_out_until = '${month(-1)}', end_month = '${month(-1)}' WHERE id = ${over.enrollment}`);

  const r = cli(['assistance', 'close-exits']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /closed [1-9]\d* cases whose gradual exit ended before/);

  const ended = await haizhu.get(`/api/v1/cases/${over.id}`);
  assert.equal(ended.json.state, 'ended');
  const last = ended.json.events.at(-1);
  assert.equal(last.action, 'terminate');
  assert.equal(last.from, 'paying');
  assert.match(last.note, new RegExp(`渐退期满（${month(-1)}）`));
  assert.ok(ended.json.tasks.length > 0, 'the case had tasks');
  assert.ok(ended.json.tasks.every((t) => t.done_at), 'every task of the ended case is closed');
  const en = await haizhu.get(`/api/v1/enrollments/${over.enrollment}`);
  assert.equal(en.json.status, 'ended');
  assert.equal(en.json.end_month, month(-1), 'the exit month stays the last month paid');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'case.transition' AND entity_id = '${over.id}' AND reason LIKE '渐退期满%'`).trim(), '1');

  const kept = await haizhu.get(`/api/v1/cases/${still.id}`);
  assert.equal(kept.json.state, 'paying', 'a gradual exit still running is not closed');

  // Running again changes nothing for the ended case.
  const again = cli(['assistance', 'close-exits']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((await haizhu.get(`/api/v1/cases/${over.id}`)).json.events.length, ended.json.events.length);
  assert.equal(cli(['assistance', 'close-exits', '--month', '2026-13']).status, 1);
});

test('reverify: every enrolled household verified again; undeclared income opens one review task', async () => {
  const hidden = await paying('复核丙');
  const clean = await paying('复核丁');
  const file = `/tmp/evidence-reverify-${uniqueSuffix()}.csv`;
  writeFileSync(file, `id_number,kind,amount\n${hidden.person.id_number},wage,4200.00\n`);
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const imp = cli(['import', 'evidence', '--category', 'income', '--source', '市人社局', '--as-of', today, file]);
  assert.equal(imp.status, 0, imp.stderr);

  const r = cli(['assistance', 'reverify', '--district', '440105']);
  assert.equal(r.status, 0, r.stderr);
  const m = /verified (\d+) households: (\d+) with discrepancies/.exec(r.stdout);
  assert.ok(m && Number(m[1]) >= 2 && Number(m[2]) >= 1, r.stdout);

  const rep = await haizhu.get(`/api/v1/cases/${hidden.id}/verification`);
  assert.equal(rep.json.discrepancies, 1);
  assert.equal(rep.json.created_by, 'assistance');
  const line = rep.json.members[0].lines.find((l) => l.kind === 'wage');
  assert.equal(line.agency_fen, 420000);
  assert.equal(line.source, '市人社局');
  const tasks = (await haizhu.get(`/api/v1/cases/${hidden.id}`)).json.tasks.filter((t) => t.kind === 'reverify_discrepancy');
  assert.equal(tasks.length, 1);
  assert.ok(!tasks[0].done_at && tasks[0].due_on > today);
  // The queue shows the case with its new deadline.
  const q = await haizhu.get('/api/v1/cases?open=1&page_size=200');
  assert.ok(q.json.items.some((c) => c.id === hidden.id && c.next_due));

  const ok = await haizhu.get(`/api/v1/cases/${clean.id}/verification`);
  assert.equal(ok.json.discrepancies, 0);
  assert.ok(!(await haizhu.get(`/api/v1/cases/${clean.id}`)).json.tasks.some((t) => t.kind === 'reverify_discrepancy'));

  // Again: a newer report, still one open task.
  const before = Number(sql(`SELECT COUNT(*) FROM verification_reports WHERE case_id = ${hidden.id}`));
  assert.equal(cli(['assistance', 'reverify', '--district', '440105']).status, 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM verification_reports WHERE case_id = ${hidden.id}`)), before + 1);
  const t2 = (await haizhu.get(`/api/v1/cases/${hidden.id}`)).json.tasks.filter((t) => t.kind === 'reverify_discrepancy');
  assert.equal(t2.length, 1);
  // Outside the city: refused.
  assert.equal(cli(['assistance', 'reverify', '--district', '450100']).status, 1);
});

test('temporary aid: the street ceiling is the dated parameter of temp_aid.rules, to the fen', async () => {
  const p = await household('临时戊');
  const r = await haizhu.post('/api/v1/cases', { program: 'temp_aid', variant: 'emergency', applicant_id_number: p.id_number, bank_account: '6222020000005678' });
  assert.equal(r.status, 201, r.text);
  const first = await haizhu.post(`/api/v1/cases/${r.json.id}/evaluate`, { amount: '100.00', reason: '突发疾病，生活困难' });
  assert.equal(first.status, 200, first.text);
  const { ceiling_fen: ceiling, ceiling_source: source } = first.json.trace;
  assert.match(source, /temp_aid\.rules:\d+/, 'the ceiling names its rules lines');
  // Three months of the dibao standard in force for this household: the
  // rules' values, read here from a dibao evaluation of the same household.
  const d = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: p.id_number, bank_account: '6222020000005678' });
  assert.equal(d.status, 201, d.text);
  await act(d.json.id, 'start_verification');
  await act(d.json.id, 'start_investigation');
  await act(d.json.id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['郑调查', '王调查'] } });
  const ev = await haizhu.post(`/api/v1/cases/${d.json.id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ceiling, 3 * ev.json.trace.program.params.find((x) => x.name === 'standard').value);
  const yuan = (f) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
  const at = await haizhu.post(`/api/v1/cases/${r.json.id}/evaluate`, { amount: yuan(ceiling), reason: '突发疾病，生活困难' });
  assert.equal(at.status, 200, at.text);
  assert.equal(at.json.amount_fen, ceiling);
  const over = await haizhu.post(`/api/v1/cases/${r.json.id}/evaluate`, { amount: yuan(ceiling + 1), reason: '突发疾病，生活困难' });
  assert.equal(over.status, 400, over.text);
  assert.equal(over.json.error.field, 'amount');
  assert.ok(over.json.error.message_zh.includes(yuan(ceiling)), over.json.error.message_zh);
});

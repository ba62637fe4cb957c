// Written decisions as PDF (issue 14, item 1): the approval decision and the
// refusal notice of a dibao case, issued by the responsible street, each
// recorded with its number and audited; a second copy is a reprint with the
// same number; another street cannot print it; a month's decisions as one
// PDF; the pages render and are not blank.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

let admin, haizhu, tianhe, community;

function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}
let seq = Number(uniqueSuffix()) % 900;
async function household(name, birthYear) {
  seq = (seq + 11) % 997;
  const id_number = makeId('440105', birthYear, 4, 5, seq);
  const p = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '文书测试登记' });
  assert.equal(p.status, 201, p.text);
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区文书路8号', reason: '文书测试登记', members: [{ person_id: p.json.id, relation: 'head' }] });
  assert.equal(h.status, 201, h.text);
  return { id: p.json.id, id_number };
}
async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}
async function toReview(id) {
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  const ev = await haizhu.post(`/api/v1/cases/${id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  return ev.json;
}
// The PDF bytes of a GET, or the error response.
async function pdf(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  let json = null;
  try { json = JSON.parse(body.toString('utf8')); } catch { /* a PDF */ }
  return { status: res.status, body, json, text: body.toString('utf8', 0, 300), headers: res.headers };
}
const dir = mkdtempSync(join(tmpdir(), 'mz-doc-'));
function pdfText(buf) {
  const f = join(dir, `d${Math.random()}.pdf`);
  writeFileSync(f, buf);
  // Lines are joined: a phrase may wrap anywhere on the page.
  return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
// Renders page 1 in grey and returns the share of pixels that are not white.
function inkShare(buf) {
  const f = join(dir, `r${Math.random()}`);
  writeFileSync(`${f}.pdf`, buf);
  execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', '-singlefile', `${f}.pdf`, f]);
  const pgm = readFileSync(`${f}.pgm`);
  // P5\n<w> <h>\n255\n<pixels>
  const header = pgm.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  assert.ok(header, 'a PGM image');
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return ink / pixels.length;
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  community = d.json.items[0].code;
});

test('an approval decision: numbered, recorded, audited; a reprint keeps the number', async () => {
  const a = await household('文书甲', 1970);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000007777' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  // Nothing decided yet: nothing to print.
  assertError(await pdf(haizhu, `/api/v1/cases/${id}/documents/decision`), 409, 'invalid_state', 'kind');
  await toReview(id);
  await act(id, 'post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
  const ap = await act(id, 'approve', { note: '符合条件，予以批准' });
  assert.equal(ap.decision, 'approved');

  const first = await pdf(haizhu, `/api/v1/cases/${id}/documents/decision`);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers.get('content-type'), 'application/pdf');
  assert.equal(first.body.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(first.body);
  assert.match(text, /审核确认决定书/);
  assert.match(text, /文书甲/);
  const number = text.match(/决定书(\S{1,12}?民救决〔\d{4}〕\d+号)/);
  assert.ok(number, `a document number in:\n${text}`);
  assert.match(text, /广州市海珠区\S+街道办事处/);
  assert.ok(!text.includes(a.id_number), 'the full ID number is never printed');
  assert.ok(inkShare(first.body) > 0.01, 'page 1 is not blank');

  const again = await pdf(haizhu, `/api/v1/cases/${id}/documents/decision`);
  assert.equal(again.status, 200);
  const againText = pdfText(again.body);
  assert.ok(againText.includes(number[1]), 'a reprint keeps the first number');
  assert.match(againText, /补打/);

  const rows = sql(`SELECT number || '|' || COALESCE(reprint_of, 0) || '|' || created_by FROM documents WHERE subject_kind = 'case' AND subject_id = ${id} ORDER BY id`).trim().split('\n');
  assert.equal(rows.length, 2);
  const [n1, r1, by1] = rows[0].split('|');
  assert.equal(n1, number[1]);
  assert.equal(r1, '0');
  assert.equal(by1, 't_haizhu');
  assert.equal(rows[1].split('|')[0], number[1]);
  assert.notEqual(rows[1].split('|')[1], '0');
  const audit = sql(`SELECT action FROM audit_log WHERE entity = 'case' AND entity_id = '${id}' AND action LIKE 'document.%' ORDER BY seq`).trim().split('\n');
  assert.deepEqual(audit, ['document.issue', 'document.reprint']);

  // Another street cannot print it (as if it did not exist); nothing recorded.
  assertError(await pdf(tianhe, `/api/v1/cases/${id}/documents/decision`), 404, 'not_found');
  assertError(await pdf(haizhu, `/api/v1/cases/${id}/documents/summons`), 400, 'invalid_argument', 'kind');
  assert.equal(sql(`SELECT COUNT(*) FROM documents WHERE subject_id = ${id} AND subject_kind = 'case'`).trim(), '2');
});

test('a refusal notice states the reasons and the right to appeal', async () => {
  const a = await household('文书乙', 1975);
  registrySql(`INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${a.id}, '${community}', 'wages', 900000)`, { persons: [a.id] });
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000008888' });
  await toReview(r.json.id);
  await act(r.json.id, 'refuse', { note: '家庭人均收入高于当地低保标准' });
  assertError(await pdf(haizhu, `/api/v1/cases/${r.json.id}/documents/decision`), 409, 'invalid_state');
  const doc = await pdf(haizhu, `/api/v1/cases/${r.json.id}/documents/refusal`);
  assert.equal(doc.status, 200, doc.text);
  const text = pdfText(doc.body);
  assert.match(text, /不予批准通知书/);
  assert.match(text, /家庭人均收入高于当地低保标准/);
  assert.match(text, /六十日内向广州市海珠区人民政府申请行政复议/);
  assert.match(text, /民救不〔\d{4}〕\d+号/);
});

test("a month's refusals of a street as one PDF, each recorded", async () => {
  const today = sql(`SELECT decided_on FROM cases WHERE decision = 'refused' ORDER BY id DESC LIMIT 1`).trim();
  const month = today.slice(0, 7);
  const before = Number(sql(`SELECT COUNT(*) FROM documents WHERE kind = 'assist.refusal'`).trim());
  const b = await pdf(haizhu, `/api/v1/documents/batch?division=440105001&month=${month}&kind=refusal`);
  assert.equal(b.status, 200, b.text);
  const count = Number(b.headers.get('x-document-count'));
  assert.ok(count >= 1);
  const text = pdfText(b.body);
  assert.equal((text.match(/民救不〔\d{4}〕\d+号/g) || []).length, count);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM documents WHERE kind = 'assist.refusal'`).trim()), before + count);
  // Outside the caller's scope: refused, naming the field.
  assertError(await pdf(haizhu, `/api/v1/documents/batch?division=440106001&month=${month}&kind=refusal`), 400, 'invalid_argument', 'division');
  assertError(await pdf(haizhu, `/api/v1/documents/batch?division=440105001&month=2026-13&kind=refusal`), 400, 'invalid_argument', 'month');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
